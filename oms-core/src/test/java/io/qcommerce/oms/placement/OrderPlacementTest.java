package io.qcommerce.oms.placement;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.ASHA;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.HOME;
import static io.qcommerce.oms.Fixture.MILK;
import static io.qcommerce.oms.Fixture.NOWHERE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OrderPlacementTest {
    private final Fixture world = new Fixture()
            .stock(A, MILK, 10)
            .stock(A, BREAD, 3)
            .stock(B, MILK, 10)
            .stock(B, BREAD, 20);
    private final Cart cart =
            Cart.builder().add("MILK-1L", 2).add("BREAD-400G", 3).build();

    @Test
    void placedOrderHoldsTheCartAtTheFirstStoreAndSnapshotsPrices() {
        PlacementResult.Placed placed = world.placeOk(cart);
        Order order = placed.order();

        assertThat(order.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(order.store()).isEqualTo(A);
        assertThat(order.totals().total()).isEqualTo(Money.inr(2 * 6500 + 3 * 4500));
        assertThat(order.totals().savings()).isEqualTo(Money.inr(2 * 300 + 3 * 500));
        assertThat(order.holdExpiresAt()).isEqualTo(world.clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(order.history()).singleElement().satisfies(h -> {
            assertThat(h.from()).isNull();
            assertThat(h.to()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
            assertThat(h.actor().id()).isEqualTo(ASHA.value());
        });
        assertThat(world.available(A, MILK)).isEqualTo(8);
        assertThat(world.available(A, BREAD)).isZero();
        assertThat(world.available(B, MILK)).isEqualTo(10);
        assertThat(world.oms.orders().get(order.id())).isEqualTo(order);
        assertThat(world.events(OmsEvent.OrderPlaced.class))
                .extracting(e -> e.order().id())
                .containsExactly(order.id());
    }

    @Test
    void laterPriceChangesDoNotChangeAPlacedOrder() {
        Order order = world.placeOk(cart).order();
        world.oms.catalog().save(world.oms.catalog().find(MILK).orElseThrow().withSellingPrice(Money.inr(1)));
        assertThat(world.oms.orders().get(order.id()).lines().get(0).unitPrice())
                .isEqualTo(Money.inr(6500));
    }

    @Test
    void fallsBackToTheNextStoreWhenTheFirstCannotFillTheWholeCart() {
        Order order = world.placeOk(
                        Cart.builder().add("MILK-1L", 2).add("BREAD-400G", 4).build())
                .order();

        assertThat(order.store()).isEqualTo(B);
        assertThat(world.available(A, MILK))
                .as("nothing held at the store that could not fill it")
                .isEqualTo(10);
        assertThat(world.available(A, BREAD)).isEqualTo(3);
        assertThat(world.available(B, BREAD)).isEqualTo(16);
    }

    @Test
    void outOfStockListsTheShortfallOfEveryStoreAndHoldsNothing() {
        world.oms
                .inventory()
                .apply(StockChange.adjust(B, BREAD, -17)
                        .reason("damaged in transit")
                        .id(MovementId.random())
                        .build());
        PlacementResult r = world.place(
                Cart.builder().add("MILK-1L", 2).add("BREAD-400G", 4).build());

        assertThat(r).isInstanceOfSatisfying(PlacementResult.OutOfStock.class, oos -> {
            assertThat(oos.shortfalls()).containsOnlyKeys(A, B);
            assertThat(oos.shortfalls().get(A)).containsExactly(new Shortfall(Resource.sku(BREAD), 4, 3));
            assertThat(oos.shortfalls().get(B)).containsExactly(new Shortfall(Resource.sku(BREAD), 4, 3));
        });
        assertThat(world.available(A, MILK)).isEqualTo(10);
        assertThat(world.available(B, MILK)).isEqualTo(10);
    }

    @Test
    void pincodeWithoutAnActiveStoreIsNotServiceable() {
        assertThat(world.oms.place(PlaceOrderRequest.of(ASHA, world.newKey(), NOWHERE, cart)))
                .isEqualTo(new PlacementResult.NotServiceable(NOWHERE));
        world.oms.stores().deactivate(A);
        world.oms.stores().deactivate(B);
        assertThat(world.place(cart)).isEqualTo(new PlacementResult.NotServiceable(HOME));
    }

    @Test
    void invalidCartIsRejectedWithEveryProblemAndNothingHeld() {
        PlacementResult r =
                world.place(Cart.builder().add("MILK-1L", 0).add("NOPE", 1).build());
        assertThat(r).isInstanceOfSatisfying(PlacementResult.CartRejected.class, rej -> assertThat(rej.problems())
                .extracting(CartProblem::code)
                .containsExactly(CartProblem.Code.INVALID_QUANTITY, CartProblem.Code.UNKNOWN_SKU));
        assertThat(world.available(A, MILK)).isEqualTo(10);
    }

    @Test
    void retryWithTheSameKeyReturnsTheSameOrderAndHoldsNothingMore() {
        IdempotencyKey key = world.newKey();
        PlaceOrderRequest request = PlaceOrderRequest.of(ASHA, key, HOME, cart);
        PlacementResult.Placed first = (PlacementResult.Placed) world.oms.place(request);
        PlacementResult again = world.oms.place(request);

        assertThat(again).isEqualTo(new PlacementResult.Repeated(first.order()));
        assertThat(world.available(A, MILK)).isEqualTo(8);
        assertThat(world.events(OmsEvent.OrderPlaced.class)).hasSize(1);
    }

    @Test
    void sameKeyForAnotherCartIsAnIdempotencyConflict() {
        IdempotencyKey key = world.newKey();
        world.oms.place(PlaceOrderRequest.of(ASHA, key, HOME, cart));
        assertThatThrownBy(() -> world.oms.place(PlaceOrderRequest.of(
                        ASHA, key, HOME, Cart.builder().add("MILK-1L", 1).build())))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_CONFLICT));
        assertThat(world.available(A, MILK)).isEqualTo(8);
    }

    @Test
    void retryAfterACrashBetweenHoldAndInsertLandsOnTheSameHold() {
        OrderRepository failing = spy(new InMemoryOrderRepository());
        Fixture w = new Fixture(Oms.builder().orderRepository(failing)).stock(A, MILK, 10);
        doThrow(new OmsException(ErrorCode.OUTCOME_UNKNOWN, "timed out"))
                .doCallRealMethod()
                .when(failing)
                .insert(any());
        IdempotencyKey key = w.newKey();
        PlaceOrderRequest request = PlaceOrderRequest.of(
                ASHA, key, HOME, Cart.builder().add("MILK-1L", 3).build());

        assertThatThrownBy(() -> w.oms.place(request)).hasFieldOrPropertyWithValue("code", ErrorCode.OUTCOME_UNKNOWN);
        assertThat(w.available(A, MILK))
                .as("an unknown outcome keeps the hold for the retry")
                .isEqualTo(7);

        PlacementResult.Placed retried = (PlacementResult.Placed) w.oms.place(request);
        assertThat(retried.order().reservationId())
                .isEqualTo(OrderId.derive(ASHA, key).reservationId());
        assertThat(w.available(A, MILK)).as("the retry reuses the first hold").isEqualTo(7);
    }

    @Test
    void aRetryAfterADefiniteInsertFailurePlacesTheOrderOnTheFirstHold() {
        OrderRepository failing = spy(new InMemoryOrderRepository());
        Fixture w = new Fixture(Oms.builder().orderRepository(failing)).stock(A, MILK, 10);
        doThrow(new OmsException(ErrorCode.BACKEND_UNAVAILABLE, "down"))
                .doCallRealMethod()
                .when(failing)
                .insert(any());
        IdempotencyKey key = w.newKey();
        PlaceOrderRequest request = PlaceOrderRequest.of(
                ASHA, key, HOME, Cart.builder().add("MILK-1L", 3).build());

        assertThatThrownBy(() -> w.oms.place(request)).isInstanceOfSatisfying(OmsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
            assertThat(e.isRetryable()).isTrue();
        });
        assertThat(w.available(A, MILK)).as("the hold is kept for the retry").isEqualTo(7);

        PlacementResult retried = w.oms.place(request);

        assertThat(retried).isInstanceOfSatisfying(PlacementResult.Placed.class, p -> {
            assertThat(p.order().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
            assertThat(p.order().reservationId())
                    .isEqualTo(OrderId.derive(ASHA, key).reservationId());
        });
        assertThat(w.available(A, MILK)).as("held once, not twice").isEqualTo(7);
        assertThat(w.oms.inventory()
                        .levels(A)
                        .get(io.qcommerce.oms.inventory.Resource.sku(MILK))
                        .reserved())
                .isEqualTo(3);
    }

    @Test
    void aHoldKeptAfterAFailedInsertExpiresByItselfWhenNoRetryComes() {
        OrderRepository failing = spy(new InMemoryOrderRepository());
        Fixture w = new Fixture(Oms.builder().orderRepository(failing)).stock(A, MILK, 10);
        doThrow(new OmsException(ErrorCode.BACKEND_UNAVAILABLE, "down"))
                .when(failing)
                .insert(any());

        assertThatThrownBy(() -> w.oms.place(PlaceOrderRequest.of(
                        ASHA, w.newKey(), HOME, Cart.builder().add("MILK-1L", 3).build())))
                .hasFieldOrPropertyWithValue("code", ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(w.available(A, MILK)).isEqualTo(7);

        w.clock.advance(Duration.ofMinutes(11));
        assertThat(w.available(A, MILK)).as("no stock is lost").isEqualTo(10);
    }

    @Test
    void anOrderPlacedByAnAdminForACustomerRecordsTheAdmin() {
        Actor admin = Actor.admin("ops-priya");
        PlaceOrderRequest request =
                PlaceOrderRequest.of(ASHA, world.newKey(), HOME, cart).placedBy(admin);

        PlacementResult.Placed placed = (PlacementResult.Placed) world.oms.place(request);

        assertThat(placed.order().customer()).isEqualTo(ASHA);
        assertThat(placed.order().history()).extracting(StatusChange::actor).containsExactly(admin);
    }

    @Test
    void anOrderPlacedWithoutAnActorRecordsTheCustomer() {
        PlacementResult.Placed placed = world.placeOk(cart);
        assertThat(placed.order().history())
                .extracting(StatusChange::actor)
                .containsExactly(Actor.customer(ASHA.value()));
    }

    @Test
    void aCustomerCannotPlaceAnOrderForAnotherCustomer() {
        assertThatThrownBy(() ->
                        PlaceOrderRequest.of(ASHA, world.newKey(), HOME, cart).placedBy(Actor.customer("ravi")))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void aRepeatedKeyAnswersRepeatedWithTheOrderAsItIsNow() {
        PlaceOrderRequest request = PlaceOrderRequest.of(ASHA, world.newKey(), HOME, cart);
        Order placed = ((PlacementResult.Placed) world.oms.place(request)).order();
        world.oms
                .orders()
                .cancel(placed.id(), io.qcommerce.oms.order.CancelReason.CUSTOMER, Actor.customer(ASHA.value()));

        PlacementResult again = world.oms.place(request);

        assertThat(again).isInstanceOfSatisfying(PlacementResult.Repeated.class, r -> {
            assertThat(r.order().id()).isEqualTo(placed.id());
            assertThat(r.order().status()).isEqualTo(OrderStatus.CANCELLED);
        });
        assertThat(world.available(A, MILK)).as("nothing held again").isEqualTo(10);
    }

    @Test
    void retryAfterTheFirstAttemptsHoldLapsedSaysSoInsteadOfSellingAgain() {
        OrderRepository failing = spy(new InMemoryOrderRepository());
        Fixture w = new Fixture(Oms.builder().orderRepository(failing)).stock(A, MILK, 10);
        doThrow(new OmsException(ErrorCode.OUTCOME_UNKNOWN, "timed out"))
                .doCallRealMethod()
                .when(failing)
                .insert(any());
        PlaceOrderRequest request = PlaceOrderRequest.of(
                ASHA, w.newKey(), HOME, Cart.builder().add("MILK-1L", 3).build());
        assertThatThrownBy(() -> w.oms.place(request)).isInstanceOf(OmsException.class);

        w.clock.advance(Duration.ofMinutes(11));
        assertThat(w.oms.place(request)).isInstanceOf(PlacementResult.HoldLapsed.class);
        assertThat(w.available(A, MILK)).isEqualTo(10);
    }

    @Test
    void chosenStoreMustExistBeActiveAndServeThePincode() {
        Cart one = Cart.builder().add("MILK-1L", 1).build();
        assertThatThrownBy(() -> world.oms.place(
                        new PlaceOrderRequest(ASHA, world.newKey(), HOME, one, StoreId.of("NOPE"), null)))
                .hasFieldOrPropertyWithValue("code", ErrorCode.UNKNOWN_STORE);
        world.oms.stores().deactivate(B);
        assertThatThrownBy(() -> world.oms.place(new PlaceOrderRequest(ASHA, world.newKey(), HOME, one, B, null)))
                .hasFieldOrPropertyWithValue("code", ErrorCode.STORE_INACTIVE);
        assertThat(world.oms.place(new PlaceOrderRequest(ASHA, world.newKey(), HOME, one, Fixture.C, null)))
                .isInstanceOf(PlacementResult.NotServiceable.class);
        assertThat(world.available(B, MILK)).isEqualTo(10);
        world.oms.stores().activate(B);
        PlacementResult r = world.oms.place(new PlaceOrderRequest(ASHA, world.newKey(), HOME, one, B, null));
        assertThat(r).isInstanceOfSatisfying(PlacementResult.Placed.class, p -> assertThat(
                        p.order().store())
                .isEqualTo(B));
    }

    @Test
    void customerLocationPutsTheNearestReachableStoreFirst() {
        world.oms.stores().update(world.oms.stores().get(A).withLocation(new GeoPoint(12.9784, 77.6408), 3000));
        world.oms.stores().update(world.oms.stores().get(B).withLocation(new GeoPoint(12.9610, 77.6387), 3000));
        GeoPoint nearDomlur = new GeoPoint(12.9600, 77.6390);
        PlacementResult r = world.oms.place(new PlaceOrderRequest(
                ASHA, world.newKey(), HOME, Cart.builder().add("MILK-1L", 1).build(), null, nearDomlur));
        assertThat(r).isInstanceOfSatisfying(PlacementResult.Placed.class, p -> assertThat(
                        p.order().store())
                .isEqualTo(B));
        assertThat(world.oms.stores().candidates(HOME, new GeoPoint(13.10, 77.60)))
                .isEmpty();
    }

    @Test
    void concurrentPlacementsWithOneKeyMakeOneOrderAndOneHold() throws Exception {
        IdempotencyKey key = world.newKey();
        PlaceOrderRequest request = PlaceOrderRequest.of(
                ASHA, key, HOME, Cart.builder().add("MILK-1L", 2).build());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<PlacementResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return world.oms.place(request);
                }));
            }
            start.countDown();
            Set<OrderId> ids = new HashSet<>();
            int fresh = 0;
            for (Future<PlacementResult> f : results) {
                PlacementResult p = f.get(10, TimeUnit.SECONDS);
                if (p instanceof PlacementResult.Placed placed) {
                    ids.add(placed.order().id());
                    fresh++;
                } else {
                    ids.add(((PlacementResult.Repeated) p).order().id());
                }
            }
            assertThat(ids).hasSize(1);
            assertThat(fresh).isEqualTo(1);
            assertThat(world.available(A, MILK)).isEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lastUnitsGoToExactlyAsManyCustomersAsTheyServe() throws Exception {
        Fixture w = new Fixture().stock(A, MILK, 7);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ConcurrentHashMap<String, PlacementResult> results = new ConcurrentHashMap<>();
        try {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                fs.add(pool.submit(() -> results.put(
                        "c" + n,
                        w.oms.place(PlaceOrderRequest.of(
                                io.qcommerce.oms.order.CustomerId.of("c" + n),
                                IdempotencyKey.of("k"),
                                HOME,
                                Cart.builder().add("MILK-1L", 1).build())))));
            }
            for (Future<?> f : fs) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long placed = results.values().stream()
                .filter(r -> r instanceof PlacementResult.Placed)
                .count();
        assertThat(placed).isEqualTo(7);
        assertThat(results.values().stream()
                        .filter(r -> r instanceof PlacementResult.OutOfStock)
                        .count())
                .isEqualTo(33);
        assertThat(w.available(A, MILK)).isZero();
    }

    @Test
    void storesAreTriedInPriorityThenIdOrder() {
        world.oms.stores().create(Store.of(StoreId.of("BLR-0"), "Koramangala", 2, HOME));
        assertThat(world.oms.stores().servingPincode(HOME))
                .extracting(Store::id)
                .containsExactly(A, StoreId.of("BLR-0"), B);
    }

    @Test
    void placementAcceptsNoNulls() {
        assertThatThrownBy(() -> world.oms.place(null)).hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> PlaceOrderRequest.of(ASHA, null, HOME, cart))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);
        assertThat(((InsertResult) new InsertResult.Inserted(world.placeOk(cart).order())).order())
                .isNotNull();
    }

    @Test
    void assignStoreAnswersCartProblemsAndNeedsTheSumOfDuplicateLines() {
        assertThat(world.oms.assignStore(Cart.builder().add("NOPE", 1).build(), HOME, null))
                .isInstanceOfSatisfying(
                        io.qcommerce.oms.placement.AssignmentResult.CartRejected.class, r -> assertThat(r.problems())
                                .extracting(CartProblem::code)
                                .containsExactly(CartProblem.Code.UNKNOWN_SKU));
        // A has 3 bread, B has 20: two lines of 2 need 4, so A cannot serve them.
        assertThat(world.oms.assignStore(
                        Cart.builder().add("BREAD-400G", 2).add("BREAD-400G", 2).build(), HOME, null))
                .isEqualTo(new io.qcommerce.oms.placement.AssignmentResult.Assigned(
                        world.oms.stores().get(B)));
        assertThat(world.oms.assignStore(Cart.builder().add("BREAD-400G", 2).build(), HOME, null))
                .isEqualTo(new io.qcommerce.oms.placement.AssignmentResult.Assigned(
                        world.oms.stores().get(A)));
        assertThatThrownBy(() -> world.oms.inventory().availability(StoreId.of("NOPE"), List.of(MILK)))
                .hasFieldOrPropertyWithValue("code", ErrorCode.UNKNOWN_STORE);
    }

    @Test
    void aPlacementReadsTheCatalogOnceTheValidationsEntriesServeTheShelfLives() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        io.qcommerce.oms.memory.InMemoryCatalog inner = new io.qcommerce.oms.memory.InMemoryCatalog();
        io.qcommerce.oms.spi.Catalog counting = new io.qcommerce.oms.spi.Catalog() {
            @Override
            public Map<io.qcommerce.oms.catalog.SkuId, io.qcommerce.oms.catalog.Sku> findAll(
                    java.util.Collection<io.qcommerce.oms.catalog.SkuId> ids) {
                reads.incrementAndGet();
                return inner.findAll(ids);
            }

            @Override
            public void save(io.qcommerce.oms.catalog.Sku sku) {
                inner.save(sku);
            }
        };
        Fixture counted = new Fixture(io.qcommerce.oms.Oms.builder().catalog(counting)).stock(A, MILK, 10);
        counted.oms
                .catalog()
                .save(counted.oms.catalog().find(MILK).orElseThrow().withMinShelfLife(java.time.Duration.ofDays(2)));
        reads.set(0);

        PlacementResult result =
                counted.place(Cart.builder().add(MILK.value(), 2).build());

        assertThat(result).isInstanceOf(PlacementResult.Placed.class);
        assertThat(reads).as("catalog reads for one placement").hasValue(1);
    }
}
