package io.qcommerce.oms.internal;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.StockRecovery;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderService;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes flows cut off by a crash, and returns the units of quiet stores' expired holds.
 * <ul>
 *   <li>An order awaiting payment whose hold has expired: if the hold was confirmed (the process died
 *       between confirming the hold and the order), the order is confirmed; otherwise it is cancelled with
 *       reason RESERVATION_EXPIRED and its units are available again.</li>
 *   <li>Every store's due holds are expired ({@link InventoryLock#expireDue}).</li>
 *   <li>Every store's new stock movements are copied from the lock to the durable ledger
 *       ({@link LedgerShipper}).</li>
 * </ul>
 * It also runs the drift check of a store on demand ({@link #checkDrift}).
 * One pass pages through the lapsed orders with a cursor, so it looks at each once, whatever the skew
 * between the host's clock and the lock's: at most the lock calls of one {@code settleLapsed} per order.
 * Idempotent, and safe to run concurrently with live traffic and with other reconcilers: every repair is
 * an atomic step on the hold followed by a compare-and-set on the order. A host runs {@link #run()} on a
 * schedule (every minute, say).
 */
final class DefaultReconciler implements Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int MAX_BATCHES = 1000;

    private final OrderRepository orders;
    private final OrderService service;
    private final InventoryLock inventory;
    private final StoreDirectory stores;
    private final Clock clock;
    private final int batchSize;
    private final int reapBatchSize;
    private final LedgerShipper shipper;
    private final StockRecovery recovery;
    private final Duration storeBudget;

    DefaultReconciler(
            OrderRepository orders,
            OrderService service,
            InventoryLock inventory,
            StoreDirectory stores,
            LedgerShipper shipper,
            StockRecovery recovery,
            Clock clock,
            int batchSize,
            int reapBatchSize,
            Duration storeBudget) {
        this.storeBudget = Checks.notNull(storeBudget, "storeBudget");
        this.shipper = Checks.notNull(shipper, "shipper");
        this.recovery = Checks.notNull(recovery, "recovery");
        this.orders = Checks.notNull(orders, "orders");
        this.service = Checks.notNull(service, "service");
        this.inventory = Checks.notNull(inventory, "inventory");
        this.stores = Checks.notNull(stores, "stores");
        this.clock = Checks.notNull(clock, "clock");
        this.batchSize = Checks.positive(batchSize, "batchSize");
        this.reapBatchSize = Checks.positive(reapBatchSize, "reapBatchSize");
    }

    /**
     * Compares the store's counters in the lock with the durable record (ledger and orders); see
     * {@link StockRecovery#checkDrift}. Ships the store's movements first, so the record is current.
     */
    public DriftReport checkDrift(StoreId store) {
        shipper.ship(store, MAX_BATCHES);
        return recovery.checkDrift(store);
    }

    /**
     * One pass's account of the stores: the time spent on each (by the host's clock, in milliseconds), and the
     * stores it leaves for the next pass, at the first backend failure or once their budget is spent.
     */
    private final class Pass {
        private final Map<StoreId, Long> spent = new HashMap<>();
        private final Set<StoreId> deferred = new HashSet<>();

        boolean open(StoreId store) {
            return !deferred.contains(store);
        }

        /** Runs one step of the store's work, counting its time; a backend failure defers the store. */
        <T> T step(StoreId store, Supplier<T> work) {
            long start = clock.millis();
            try {
                return work.get();
            } catch (OmsException e) {
                if (e.code().category() == ErrorCode.Category.BACKEND && e.code() != ErrorCode.DATA_CORRUPTED) {
                    deferred.add(store);
                }
                throw e;
            } finally {
                long total = spent.merge(store, Math.max(0, clock.millis() - start), Long::sum);
                if (total >= storeBudget.toMillis()) {
                    deferred.add(store);
                }
            }
        }
    }

    public Reconciler.Report run() {
        Pass pass = new Pass();
        Instant now = clock.instant();
        int cancelled = 0;
        int confirmed = 0;
        int leftAlone = 0;
        int failures = 0;
        // Each order is looked at once per pass: the next batch starts after the last order of this one. An
        // order left alone (its hold still live by the lock's clock, when the host's clock runs ahead) stays
        // awaiting payment, and without the cursor would be listed, and asked about, batch after batch.
        Order after = null;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<Order> lapsed;
            try {
                lapsed = orders.findAwaitingPaymentExpiredBy(now, after, batchSize);
            } catch (OmsException e) {
                // A scheduled job must not die of an outage: count it, the next pass retries.
                failures++;
                LOG.warn("could not list lapsed orders; next pass will retry", e);
                break;
            }
            for (Order order : lapsed) {
                if (!pass.open(order.store())) {
                    continue; // its store is left for the next pass, which lists the order again
                }
                try {
                    Order settled = pass.step(order.store(), () -> service.settleLapsed(order.id()));
                    if (settled.status() == OrderStatus.AWAITING_PAYMENT) {
                        leftAlone++;
                        continue;
                    }
                    boolean byUs = settled.history()
                            .get(settled.history().size() - 1)
                            .actor()
                            .equals(OrderService.RECONCILER);
                    if (!byUs) {
                        continue;
                    }
                    if (settled.status() == OrderStatus.CONFIRMED) {
                        confirmed++;
                    } else if (settled.status() == OrderStatus.CANCELLED) {
                        cancelled++;
                    }
                } catch (OmsException e) {
                    failures++;
                    LOG.warn("could not settle order {}; next pass will retry", order.id(), e);
                }
            }
            if (lapsed.size() < batchSize) {
                break;
            }
            after = lapsed.get(lapsed.size() - 1);
        }
        int expired = 0;
        List<Store> all;
        try {
            all = stores.all();
        } catch (OmsException e) {
            failures++;
            LOG.warn("could not list stores to expire their holds; next pass will retry", e);
            all = List.of();
        }
        int shipped = 0;
        for (Store store : all) {
            StoreId id = store.id();
            if (pass.open(id)) {
                try {
                    expired += pass.step(id, () -> inventory.expireDue(id, reapBatchSize));
                } catch (OmsException e) {
                    failures++;
                    LOG.warn("could not expire holds of store {}", id, e);
                }
            }
            if (pass.open(id)) {
                try {
                    shipped += pass.step(id, () -> shipper.ship(id, MAX_BATCHES));
                } catch (OmsException e) {
                    failures++;
                    LOG.warn("could not copy the stock movements of store {}", id, e);
                }
            }
        }
        if (!pass.deferred.isEmpty()) {
            LOG.warn(
                    "reconciler left stores {} for the next pass (a backend failure or their time budget)",
                    pass.deferred);
        }
        return new Reconciler.Report(
                cancelled, confirmed, expired, failures, shipped, leftAlone, new ArrayList<>(pass.deferred));
    }
}
