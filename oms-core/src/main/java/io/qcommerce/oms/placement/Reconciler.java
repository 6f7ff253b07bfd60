package io.qcommerce.oms.placement;

import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.StockRecovery;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import java.util.List;

/**
 * Finishes flows cut off by a crash, and returns the units of quiet stores' expired holds.
 * <ul>
 *   <li>An order awaiting payment whose hold has expired: if the hold was confirmed (the process died
 *       between confirming the hold and the order), the order is confirmed; otherwise it is cancelled with
 *       reason RESERVATION_EXPIRED and its units are available again.</li>
 *   <li>Every store's due holds are expired ({@link InventoryLock#expireDue}).</li>
 *   <li>Every store's new stock movements are copied from the lock to the durable ledger
 *       (see {@link io.qcommerce.oms.ledger.StockRecovery#ship}).</li>
 * </ul>
 * It also runs the drift check of a store on demand ({@link #checkDrift}).
 * One pass looks at each lapsed order once, whatever the clocks say: it pages past the orders it leaves
 * alone, so the lock calls of a pass are bounded by a few per order. Each store has a time budget per pass, and a
 * store whose backend fails is left at its first failure: one slow or unreachable store does not stall the
 * others, and is taken up again by the next pass ({@link Report#storesDeferred()}).
 * Idempotent, and safe to run concurrently with live traffic and with other reconcilers: every repair is
 * an atomic step on the hold followed by a compare-and-set on the order. A host runs {@link #run()} on a
 * schedule (every minute, say).
 */
public interface Reconciler {
    /**
     * What one pass did.
     *
     * @param ordersCancelled  orders awaiting payment whose hold had lapsed, cancelled by this pass
     * @param ordersConfirmed  orders whose hold had been confirmed, completed by this pass
     * @param holdsExpired     holds of quiet stores returned to available
     * @param failures         steps that failed (an outage, say); the next pass retries them
     * @param movementsShipped stock movements copied to the durable ledger
     * @param ordersLeftAlone  orders past their hold's expiry by the host's clock that the lock still counts as
     *                         held (its clock is behind the host's): left for the customer to pay, each looked at
     *                         once in this pass, and settled by a later pass once the lock lets the hold go
     * @param storesDeferred   stores this pass left before it was done with them, because their backend failed or
     *                         they used up their time budget ({@code OmsConfig.reconcileStoreBudget}); the next pass
     *                         takes them up again. Sorted
     */
    public record Report(
            int ordersCancelled,
            int ordersConfirmed,
            int holdsExpired,
            int failures,
            int movementsShipped,
            int ordersLeftAlone,
            List<StoreId> storesDeferred) {
        public Report {
            storesDeferred = List.copyOf(new java.util.TreeSet<>(storesDeferred));
        }

        /** A pass that deferred no store. */
        public Report(
                int ordersCancelled,
                int ordersConfirmed,
                int holdsExpired,
                int failures,
                int movementsShipped,
                int ordersLeftAlone) {
            this(
                    ordersCancelled,
                    ordersConfirmed,
                    holdsExpired,
                    failures,
                    movementsShipped,
                    ordersLeftAlone,
                    List.of());
        }
    }

    /**
     * Compares the store's counters in the lock with the durable record (ledger and orders); see
     * {@link StockRecovery#checkDrift}. Ships the store's movements first, so the record is current.
     */
    DriftReport checkDrift(StoreId store);

    Report run();
}
