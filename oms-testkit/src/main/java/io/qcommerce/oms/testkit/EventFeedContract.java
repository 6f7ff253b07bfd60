package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.DispatchReport;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.FeedPage;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.event.SubscriberStatus;
import io.qcommerce.oms.memory.InMemoryCatalog;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemorySlotDirectory;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.memory.InMemoryStockThresholds;
import io.qcommerce.oms.memory.InMemoryStoreDirectory;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter of the order repository and the checkpoint port must do for the durable event feed, shown
 * through the library a host calls: every change yields one event with a stable id; the dispatcher hands every
 * event to every subscriber at least once, in order per order, after a crash between the change and its delivery
 * and after a crash between a delivery and its checkpoint; a failing subscriber is retried after its back-off and
 * blocks no other.
 *
 * <p>An adapter's test extends it and opens the adapter over the test's storage. A "restart" opens new
 * instances over the same storage; the inventory lock, catalog and stores stay in memory.
 */
@NullUnmarked
public abstract class EventFeedContract {
    private static final SkuId MILK = SkuId.of("MILK-1L");
    private static final SkuId BREAD = SkuId.of("BREAD-400G");
    private static final StoreId NORTH = StoreId.of("FEED-N");
    private static final StoreId SOUTH = StoreId.of("FEED-S");
    private static final Pincode NORTH_PIN = Pincode.of("560001");
    private static final Pincode SOUTH_PIN = Pincode.of("560099");
    private static final Actor STAFF = Actor.staff("picker-1");
    private static final Duration BACKOFF = Duration.ofSeconds(2);

    /** An order repository over this test's storage; every call a new instance over the same data. */
    protected abstract OrderRepository openOrders();

    /** An event checkpoint store over this test's storage; every call a new instance over the same data. */
    protected abstract EventCheckpoints openCheckpoints();

    private MutableClock clock;
    private InMemoryInventoryLock lock;
    private InMemoryCatalog catalog;
    private InMemoryStoreDirectory stores;
    private InMemoryStockLedger ledger;
    private int keys;

    @BeforeEach
    void world() {
        clock = new MutableClock();
        lock = new InMemoryInventoryLock(clock);
        catalog = new InMemoryCatalog();
        stores = new InMemoryStoreDirectory();
        ledger = new InMemoryStockLedger();
        Oms setup = start(Map.of());
        setup.catalog().save(SampleSkus.milk(MILK));
        setup.catalog().save(SampleSkus.bread(BREAD));
        setup.stores().create(Store.of(NORTH, "North", 1, NORTH_PIN));
        setup.stores().create(Store.of(SOUTH, "South", 1, SOUTH_PIN));
        for (StoreId store : List.of(NORTH, SOUTH)) {
            setup.inventory().receive(store, MILK, 500);
            setup.inventory().receive(store, BREAD, 500);
        }
    }

    /** One process of the host: the library over the test's storage, with these subscribers. */
    private Oms start(Map<String, EventSubscriber> subscribers) {
        return start(subscribers, openOrders(), openCheckpoints());
    }

    private Oms start(Map<String, EventSubscriber> subscribers, OrderRepository orders, EventCheckpoints checkpoints) {
        Oms.Builder builder = Oms.builder()
                .clock(clock)
                .config(OmsConfig.builder()
                        .eventBatchSize(7)
                        .eventRetryBackoff(BACKOFF, Duration.ofSeconds(30))
                        .build())
                .inventoryLock(lock)
                .catalog(catalog)
                .storeDirectory(stores)
                .stockLedger(ledger)
                .slotDirectory(new InMemorySlotDirectory())
                .stockThresholds(new InMemoryStockThresholds())
                .orderRepository(orders)
                .eventCheckpoints(checkpoints)
                .stockAlertLog(new io.qcommerce.oms.memory.InMemoryStockAlertLog());
        subscribers.forEach(builder::subscribe);
        return builder.build();
    }

    private Order place(Oms oms, Pincode pincode, int milk) {
        PlacementResult result = oms.place(PlaceOrderRequest.of(
                CustomerId.of("c-" + (keys % 5)),
                IdempotencyKey.of("feed-" + (++keys)),
                pincode,
                Cart.of(new CartLine(MILK, milk), new CartLine(BREAD, 1))));
        assertThat(result).as("placement").isInstanceOf(PlacementResult.Placed.class);
        return ((PlacementResult.Placed) result).order();
    }

    /** Orders in every kind of state: awaiting payment, paid, cancelled after payment, picking, delivered. */
    private List<OrderId> trade(Oms oms) {
        List<OrderId> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Order order = place(oms, i % 2 == 0 ? NORTH_PIN : SOUTH_PIN, 1 + i % 3);
            ids.add(order.id());
            if (i % 5 == 0) {
                continue;
            }
            oms.orders().confirmPayment(order.id(), Actor.system("payments"));
            if (i % 5 == 1) {
                oms.orders().cancel(order.id(), CancelReason.STORE, STAFF);
            } else if (i % 5 >= 3) {
                oms.orders().advance(order.id(), OrderStatus.PICKING, STAFF);
            }
            if (i % 5 == 4) {
                oms.orders().advance(order.id(), OrderStatus.PACKED, STAFF);
                oms.orders().advance(order.id(), OrderStatus.OUT_FOR_DELIVERY, STAFF);
                oms.orders().advance(order.id(), OrderStatus.DELIVERED, STAFF);
            }
        }
        return ids;
    }

    /** Runs passes until one delivers nothing (moving the clock past any back-off). */
    private static void drain(Oms oms, MutableClock clock) {
        for (int pass = 0; pass < 200; pass++) {
            DispatchReport report = oms.events().dispatch();
            boolean waiting = oms.events().subscribers().stream().anyMatch(s -> s.nextAttempt() != null);
            if (report.deliveredTotal() == 0 && report.positioned() == 0 && !waiting) {
                return;
            }
            clock.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("the dispatcher never caught up");
    }

    /** Every change of these orders, by its event id. */
    private static Set<String> changesOf(Oms oms, List<OrderId> ids) {
        Set<String> out = new HashSet<>();
        for (OrderId id : ids) {
            Order order = oms.orders().get(id);
            for (int n = 1; n <= order.history().size(); n++) {
                out.add(id.value() + "#" + n);
            }
        }
        return out;
    }

    /** Each order's events were handed over in the order of their sequence (repeats allowed). */
    private static void assertInOrderPerOrder(List<OrderEvent> delivered) {
        Map<OrderId, Integer> highest = new HashMap<>();
        for (OrderEvent event : delivered) {
            int seen = highest.getOrDefault(event.orderId(), 0);
            assertThat(event.id().sequence())
                    .as("%s after %s#%d", event.id(), event.orderId(), seen)
                    .isLessThanOrEqualTo(seen + 1);
            highest.put(event.orderId(), Math.max(seen, event.id().sequence()));
        }
    }

    private static Set<String> ids(List<OrderEvent> events) {
        Set<String> out = new HashSet<>();
        events.forEach(e -> out.add(e.id().value()));
        return out;
    }

    @Test
    void everyChangeIsDeliveredByTheNextProcessWhenTheFirstDiedBeforeDispatching() {
        Oms first = start(Map.of());
        List<OrderId> orders = trade(first);
        Set<String> changes = changesOf(first, orders);
        // The first process dies here: its changes are stored, nothing was dispatched.

        List<OrderEvent> got = new CopyOnWriteArrayList<>();
        Oms second = start(Map.of("refunds", got::add));
        drain(second, clock);

        assertThat(ids(got)).isEqualTo(changes);
        assertThat(got).hasSize(changes.size());
        assertInOrderPerOrder(got);
        assertThat(second.events().subscribers()).singleElement().satisfies(s -> assertThat(s.lag())
                .isZero());
    }

    @Test
    void eventsHandedOverBeforeACrashThatLostTheCheckpointAreHandedOverAgainNotLost() {
        List<OrderEvent> got = new CopyOnWriteArrayList<>();
        Oms first = start(Map.of("refunds", got::add), openOrders(), new CheckpointsThatDie(openCheckpoints()));
        List<OrderId> orders = trade(first);
        Set<String> changes = changesOf(first, orders);
        DispatchReport dying = first.events().dispatch();
        assertThat(dying.errors()).as("the checkpoint write died").isPositive();
        int beforeCrash = got.size();
        assertThat(beforeCrash).isPositive();

        Oms second = start(Map.of("refunds", got::add));
        drain(second, clock);

        assertThat(ids(got)).isEqualTo(changes);
        assertThat(got.size()).isGreaterThan(changes.size()); // the batch of the crash came twice
        assertInOrderPerOrder(got);
    }

    @Test
    void aFailingSubscriberGetsEveryEventLaterInOrderAndBlocksNoOther() {
        List<OrderEvent> steady = new CopyOnWriteArrayList<>();
        List<OrderEvent> flaky = new CopyOnWriteArrayList<>();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        EventSubscriber failsOnEveryThird = event -> {
            if (flaky.size() % 3 == 2 && failedOnce.add(event.id().value())) {
                throw new IllegalStateException("refund service down for " + event.id());
            }
            flaky.add(event);
        };
        Oms oms = start(Map.of("steady", steady::add, "flaky", failsOnEveryThird));
        List<OrderId> orders = trade(oms);
        Set<String> changes = changesOf(oms, orders);

        DispatchReport first = oms.events().dispatch();
        assertThat(first.failed()).containsExactly("flaky");
        assertThat(first.delivered()).containsEntry("flaky", 2).containsEntry("steady", 7);
        SubscriberStatus waiting = status(oms, "flaky");
        assertThat(waiting.failuresInRow()).isEqualTo(1);
        assertThat(waiting.nextAttempt()).isEqualTo(clock.instant().plus(BACKOFF));
        assertThat(waiting.lastError()).contains("refund service down");

        DispatchReport early = oms.events().dispatch();
        assertThat(early.delivered()).doesNotContainKey("flaky").containsEntry("steady", 7);

        drain(oms, clock);
        assertThat(ids(steady)).isEqualTo(changes);
        assertThat(ids(flaky)).isEqualTo(changes);
        assertThat(flaky).hasSize(changes.size());
        assertInOrderPerOrder(flaky);
        assertThat(status(oms, "flaky").failuresInRow()).isZero();
    }

    private static SubscriberStatus status(Oms oms, String name) {
        return oms.events().subscribers().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void overlappingCancelsPaysAndLostRepliesYieldOneEventPerChange() throws Exception {
        LosesReplies orders = new LosesReplies(openOrders());
        Oms oms = start(Map.of(), orders, openCheckpoints());
        List<OrderId> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(place(oms, NORTH_PIN, 1).id());
        }
        orders.losing = true;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (OrderId id : ids) {
                calls.add(pool.submit(() -> retried(() -> oms.orders().confirmPayment(id, Actor.system("pay")))));
                calls.add(pool.submit(() -> retried(() -> oms.orders().cancel(id, CancelReason.STORE, STAFF))));
                calls.add(pool.submit(() -> retried(() -> oms.orders().cancel(id, CancelReason.STORE, STAFF))));
                calls.add(pool.submit(() -> retried(() -> oms.orders().paymentFailed(id, Actor.system("pay")))));
            }
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        orders.losing = false;
        assertThat(orders.lost).as("replies lost on purpose").isPositive();

        List<OrderEvent> got = new CopyOnWriteArrayList<>();
        Oms after = start(Map.of("refunds", got::add));
        drain(after, clock);
        Set<String> changes = changesOf(after, ids);
        assertThat(ids(got)).isEqualTo(changes);
        assertInOrderPerOrder(got);
        for (OrderId id : ids) {
            Order order = after.orders().get(id);
            List<OrderEvent> ofOrder =
                    got.stream().filter(e -> e.orderId().equals(id)).toList();
            assertThat(ofOrder)
                    .as("%s: one event per change", id)
                    .hasSize(order.history().size());
            long cancels = ofOrder.stream()
                    .filter(e -> e.type() == OrderEvent.Type.CANCELLED)
                    .count();
            assertThat(cancels).as("%s cancelled at most once", id).isLessThanOrEqualTo(1);
            assertThat(cancels == 1).isEqualTo(order.status() == OrderStatus.CANCELLED);
        }
    }

    /** Runs a call the way a host retries it: again after an unknown outcome or a lost race. */
    private static void retried(Runnable call) {
        for (int attempt = 0; ; attempt++) {
            try {
                call.run();
                return;
            } catch (OmsException e) {
                if (e.code() == ErrorCode.ILLEGAL_TRANSITION) {
                    return; // the order went another way: a paid order cannot fail its payment
                }
                if (attempt > 20
                        || (e.code() != ErrorCode.OUTCOME_UNKNOWN && e.code() != ErrorCode.CONCURRENT_MODIFICATION)) {
                    throw e;
                }
            }
        }
    }

    @Test
    void theFeedReadsInPositionOrderAsAWholeAndPerStore() {
        Oms oms = start(Map.of());
        trade(oms);
        oms.events().dispatch(); // positions whatever the adapter positions after the write

        List<OrderEvent> all = readAll(oms, null);
        assertThat(all).isNotEmpty();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).position()).isGreaterThan(all.get(i - 1).position());
        }
        assertThat(ids(all)).hasSize(all.size());
        assertInOrderPerOrder(all);
        List<OrderEvent> north = readAll(oms, NORTH);
        List<OrderEvent> south = readAll(oms, SOUTH);
        assertThat(north).allMatch(e -> e.store().equals(NORTH)).isNotEmpty();
        assertThat(south).allMatch(e -> e.store().equals(SOUTH)).isNotEmpty();
        assertThat(north.size() + south.size()).isEqualTo(all.size());
        assertThat(oms.events().read(all.get(all.size() - 1).position(), 10).events())
                .isEmpty();
    }

    private static List<OrderEvent> readAll(Oms oms, @Nullable StoreId store) {
        List<OrderEvent> out = new ArrayList<>();
        long position = 0;
        while (true) {
            FeedPage page = store == null
                    ? oms.events().read(position, 4)
                    : oms.events().read(store, position, 4);
            if (page.events().isEmpty()) {
                return out;
            }
            out.addAll(page.events());
            position = page.position();
        }
    }

    @Test
    void aRefundDueIsInTheEventOfAPaidCancellation() {
        List<OrderEvent> got = new CopyOnWriteArrayList<>();
        Oms oms = start(Map.of("refunds", got::add));
        Order order = place(oms, NORTH_PIN, 2);
        oms.orders().confirmPayment(order.id(), Actor.system("payments"));
        Order cancelled = oms.orders().cancel(order.id(), CancelReason.CUSTOMER, Actor.customer("c-1"));
        drain(oms, clock);

        OrderEvent cancel = got.stream()
                .filter(e -> e.type() == OrderEvent.Type.CANCELLED)
                .findFirst()
                .orElseThrow();
        assertThat(cancel.refund()).isEqualTo(cancelled.totals().total());
        assertThat(cancel.actor()).isEqualTo(Actor.customer("c-1"));
        assertThat(cancel.id().value()).isEqualTo(order.id().value() + "#3");
    }

    /** Checkpoints whose writes die, as a process does between handing events over and saving how far. */
    private static final class CheckpointsThatDie implements EventCheckpoints {
        private final EventCheckpoints delegate;

        CheckpointsThatDie(EventCheckpoints delegate) {
            this.delegate = delegate;
        }

        @Override
        public long position(String subscriber) {
            return delegate.position(subscriber);
        }

        @Override
        public void advance(String subscriber, long position) {
            throw new OmsException(
                    ErrorCode.BACKEND_UNAVAILABLE, "the process died before saving", List.of(), Map.of(), null);
        }
    }

    /**
     * An order repository that applies every other status change and then loses its reply, as a timed-out call to
     * a real server does: the caller sees OUTCOME_UNKNOWN although the change (with its event) is stored.
     */
    private static final class LosesReplies extends ForwardingOrderRepository {
        volatile boolean losing;
        volatile int lost;
        private int calls;

        LosesReplies(OrderRepository delegate) {
            super(delegate);
        }

        @Override
        public TransitionResult transition(OrderId id, long expectedVersion, StatusChange change) {
            TransitionResult result = super.transition(id, expectedVersion, change);
            boolean lose;
            synchronized (this) {
                lose = losing && result instanceof TransitionResult.Applied && (calls++ % 2 == 0);
                if (lose) {
                    lost++;
                }
            }
            if (lose) {
                throw new OmsException(
                        ErrorCode.OUTCOME_UNKNOWN, "reply lost after the write", List.of(), Map.of(), null);
            }
            return result;
        }
    }
}
