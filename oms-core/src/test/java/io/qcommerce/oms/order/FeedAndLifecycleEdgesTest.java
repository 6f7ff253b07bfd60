package io.qcommerce.oms.order;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.ASHA;
import static io.qcommerce.oms.Fixture.HOME;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.TestClock;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.spi.StockLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Edges of the event feed and the late lifecycle: races at insert, large partial returns, repeats and retries. */
class FeedAndLifecycleEdgesTest {
    private static final Actor PICKER = Actor.staff("picker-7");
    private static final Actor PAYMENTS = Actor.system("payments");

    @Test
    void anOrderChangedTheMomentItIsStoredStillHasItsEventsInSequence() throws Exception {
        InMemoryOrderRepository repository = new InMemoryOrderRepository();
        Fixture world = new Fixture(Oms.builder().orderRepository(repository)).stock(A, MILK, 100_000);
        ConcurrentLinkedQueue<OrderId> placed = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread payer = new Thread(() -> {
            while (!done.get() || !placed.isEmpty()) {
                OrderId id = placed.poll();
                if (id != null && world.oms.orders().find(id).isEmpty()) {
                    placed.add(id); // not stored yet: look again
                } else if (id != null) {
                    world.oms.orders().confirmPayment(id, PAYMENTS);
                }
            }
        });
        Thread reader = new Thread(
                () -> { // readers of the feed contend for it, as a dispatcher does
                    while (!done.get()) {
                        world.oms.events().read(0, 1);
                    }
                });
        payer.start();
        reader.start();
        List<OrderId> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            CustomerId customer = CustomerId.of("c" + i);
            PlaceOrderRequest request =
                    PlaceOrderRequest.of(customer, IdempotencyKey.of("k"), HOME, Cart.of(new CartLine(MILK, 1)));
            OrderId id = OrderId.derive(customer, request.idempotencyKey());
            placed.add(id); // the payer may find it as soon as it is stored
            world.oms.place(request);
            ids.add(id);
        }
        done.set(true);
        payer.join();
        reader.join();

        Map<OrderId, Long> placedAt = new HashMap<>();
        for (OrderEvent e : world.oms.events().read(0, 10_000).events()) {
            if (e.type() == OrderEvent.Type.PLACED) {
                placedAt.put(e.orderId(), e.position());
            } else {
                assertThat(placedAt).as("%s came before its placement", e.id()).containsKey(e.orderId());
            }
        }
        assertThat(placedAt).hasSize(ids.size());
    }

    @Test
    void aLargeOrderCanComeBackPartlyResellable() {
        Fixture world = new Fixture();
        Map<SkuId, Integer> lines = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            SkuId sku = SkuId.of("GROCERY-ITEM-WITH-A-LONG-NAME-" + i);
            world.oms
                    .catalog()
                    .save(Sku.builder(sku, "Item " + i)
                            .mrp(Money.inr(1000))
                            .sellingPrice(Money.inr(900))
                            .maxPerOrder(5)
                            .build());
            world.stock(A, sku, 10);
            lines.put(sku, 2);
        }
        Cart.Builder cart = Cart.builder();
        lines.forEach((sku, n) -> cart.add(sku.value(), n));
        Order order = world.placeOk(cart.build()).order();
        world.oms.orders().confirmPayment(order.id(), PAYMENTS);
        for (OrderStatus step : List.of(OrderStatus.PICKING, OrderStatus.PACKED, OrderStatus.OUT_FOR_DELIVERY)) {
            world.oms.orders().advance(order.id(), step, PICKER);
        }
        Map<SkuId, Integer> resellable = new LinkedHashMap<>();
        lines.keySet().stream().limit(25).forEach(sku -> resellable.put(sku, 1));

        Order back = world.oms.orders().recordReturn(order.id(), resellable, Actor.staff("rider-3"));

        assertThat(back.status()).isEqualTo(OrderStatus.RETURNED);
        assertThat(back.resellableReturned()).isEqualTo(resellable);
        assertThat(back.history()).last().satisfies(h -> assertThat(h.reason())
                .isEqualTo(OrderService.PARTLY_RESELLABLE));
        assertThat(world.oms.reconciler().checkDrift(A).isClean()).isTrue();
    }

    @Test
    void aRetriedPlacementOfAShortPickedOrderIsARepeat() {
        Fixture world = new Fixture().stock(A, MILK, 10);
        PlaceOrderRequest request =
                PlaceOrderRequest.of(ASHA, IdempotencyKey.of("k-rep"), HOME, Cart.of(new CartLine(MILK, 3)));
        Order order = ((PlacementResult.Placed) world.oms.place(request)).order();
        world.oms.orders().confirmPayment(order.id(), PAYMENTS);
        world.oms.orders().advance(order.id(), OrderStatus.PICKING, PICKER);
        world.oms.orders().shortPick(order.id(), MILK, 1, ShortPick.Cause.MISSING, PICKER);

        PlacementResult again = world.oms.place(request);

        assertThat(again).isInstanceOfSatisfying(PlacementResult.Repeated.class, r -> assertThat(
                        r.order().line(MILK).orElseThrow().quantity())
                .isEqualTo(1));
    }

    @Test
    void theLastShortPickGivesTheSlotBackEvenWhenItsWriteOffFailedOnce() {
        TestClock clock = TestClock.atMorning();
        FailsOnce ledger = new FailsOnce(new InMemoryStockLedger());
        Fixture world = new Fixture(Oms.builder(), clock, new InMemoryInventoryLock(clock), ledger).stock(A, MILK, 10);
        Instant start = clock.instant().plus(Duration.ofHours(5));
        DeliverySlot slot = world.createSlot("noon", A, start, 2, Duration.ofMinutes(30));
        PlacementResult placed = world.oms.place(
                PlaceOrderRequest.of(ASHA, IdempotencyKey.of("k-slot"), HOME, Cart.of(new CartLine(MILK, 1)))
                        .inSlot(slot.id()));
        Order order = ((PlacementResult.Placed) placed).order();
        world.oms.orders().confirmPayment(order.id(), PAYMENTS);
        world.oms.orders().advance(order.id(), OrderStatus.PICKING, PICKER);
        ledger.failing = true;

        Throwable first = catchThrowable(
                () -> world.oms.orders().shortPick(order.id(), MILK, 0, ShortPick.Cause.DAMAGED, PICKER));
        Order retried = world.oms.orders().shortPick(order.id(), MILK, 0, ShortPick.Cause.DAMAGED, PICKER);

        assertThat(first).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE));
        assertThat(retried.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(world.oms.slots().availability(slot.id()).level().available())
                .as("both places free again")
                .isEqualTo(2);
        assertThat(world.oms.recovery().movements(LedgerQuery.of(A, 100)))
                .filteredOn(m -> m.type() == io.qcommerce.oms.inventory.MovementType.WRITTEN_OFF)
                .singleElement()
                .extracting(StockMovement::quantity)
                .isEqualTo(1L);
    }

    /** A durable ledger whose next write of a write-off fails once, as an unreachable MongoDB does. */
    private static final class FailsOnce implements StockLedger {
        private final StockLedger delegate;
        volatile boolean failing;

        FailsOnce(StockLedger delegate) {
            this.delegate = delegate;
        }

        @Override
        public void record(List<StockMovement> movements) {
            if (failing
                    && movements.stream()
                            .anyMatch(m -> m.type() == io.qcommerce.oms.inventory.MovementType.WRITTEN_OFF)) {
                failing = false;
                throw new OmsException(ErrorCode.BACKEND_UNAVAILABLE, "ledger down", List.of(), Map.of(), null);
            }
            delegate.record(movements);
        }

        @Override
        public Optional<StockMovement> find(io.qcommerce.oms.store.StoreId store, String key) {
            return delegate.find(store, key);
        }

        @Override
        public List<StockMovement> query(LedgerQuery query) {
            return delegate.query(query);
        }

        @Override
        public Optional<String> shippedPosition(io.qcommerce.oms.store.StoreId store) {
            return delegate.shippedPosition(store);
        }

        @Override
        public void markShipped(io.qcommerce.oms.store.StoreId store, String position) {
            delegate.markShipped(store, position);
        }
    }
}
