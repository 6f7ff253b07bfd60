package io.qcommerce.oms.slot;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.ASHA;
import static io.qcommerce.oms.Fixture.B;
import static io.qcommerce.oms.Fixture.BREAD;
import static io.qcommerce.oms.Fixture.C;
import static io.qcommerce.oms.Fixture.FAR;
import static io.qcommerce.oms.Fixture.HOME;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Delivery slots from the host's side (create, change, list) and the customer's (book with an order). */
class SlotFlowTest {
    private final Fixture world =
            new Fixture().stock(A, MILK, 50).stock(B, MILK, 50).stock(A, BREAD, 50);
    private final SlotService slots = world.oms.slots();
    private final Instant noon = world.clock.instant().plus(Duration.ofHours(5));
    private final Cart cart = Cart.builder().add("MILK-1L", 1).build();
    private int sequence;

    @Test
    void aCreatedSlotIsListedWithItsWholeCapacityFree() {
        DeliverySlot slot = slots.create(slot(A, noon, 3));
        assertThat(slots.list(A, today(), today())).singleElement().satisfies(a -> {
            assertThat(a.slot()).isEqualTo(slot);
            assertThat(a.remaining()).isEqualTo(3);
            assertThat(a.booked()).isZero();
        });
        assertThat(slots.create(slot)).as("a repeated create").isEqualTo(slot);
        assertThat(slots.list(A, today(), today()).get(0).remaining()).isEqualTo(3);
    }

    @Test
    void badDefinitionsAreRefusedWithEveryProblemAndNothingIsCreated() {
        Throwable thrown = catchThrowable(() -> new DeliverySlot(
                SlotId.of("bad"),
                A,
                today(),
                noon,
                noon.minusSeconds(1),
                SlotType.NORMAL,
                -1,
                noon.plusSeconds(60),
                true,
                0));
        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(((OmsException) thrown).violations())
                .extracting(v -> v.field())
                .containsExactlyInAnyOrder("end", "cutoff", "capacity");
        assertRefused(ErrorCode.UNKNOWN_STORE, () -> slots.create(slot(StoreId.of("nowhere"), noon, 3)));
        assertThat(slots.list(A, today(), today())).isEmpty();
    }

    @Test
    void anIdTakenByAnotherSlotIsADuplicate() {
        DeliverySlot slot = slots.create(slot(A, noon, 3));
        assertRefused(ErrorCode.DUPLICATE, () -> slots.create(slot.withCapacity(4)));
        assertThat(slots.list(A, today(), today()).get(0).remaining()).isEqualTo(3);
    }

    @Test
    void anOrderBooksItsSlotWithItsUnitsAndPaymentMakesTheBookingFinal() {
        DeliverySlot slot = slots.create(slot(A, noon, 2));
        Order order = placeOk(slot);
        assertThat(order.slot()).isEqualTo(SlotBooking.of(slot));
        assertThat(order.store()).isEqualTo(A);
        assertThat(availability(slot))
                .extracting(SlotAvailability::held, SlotAvailability::booked, SlotAvailability::remaining)
                .containsExactly(1L, 0L, 1L);

        assertThat(world.oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                .isInstanceOf(PaymentResult.Confirmed.class);
        assertThat(availability(slot))
                .extracting(SlotAvailability::held, SlotAvailability::booked, SlotAvailability::remaining)
                .containsExactly(0L, 1L, 1L);
        assertThat(world.oms.orders().get(order.id()).slot()).isEqualTo(SlotBooking.of(slot));
    }

    @Test
    void aFullSlotIsAnsweredAsSuchAndHoldsNothing() {
        DeliverySlot slot = slots.create(slot(A, noon, 1));
        placeOk(slot);
        PlacementResult second = place(slot);
        assertThat(second)
                .isEqualTo(new PlacementResult.SlotUnavailable(slot.id(), PlacementResult.SlotUnavailable.Why.FULL));
        assertThat(world.available(A, MILK))
                .as("only the first order's unit is held")
                .isEqualTo(49);
    }

    @Test
    void aSlotIsBookableUntilItsCutoffOnly() {
        DeliverySlot slot = slots.create(slot(A, noon, 5));
        world.clock.advance(Duration.between(world.clock.instant(), slot.cutoff()));
        assertThat(place(slot))
                .isEqualTo(new PlacementResult.SlotUnavailable(slot.id(), PlacementResult.SlotUnavailable.Why.CUT_OFF));
        assertThat(world.available(A, MILK)).isEqualTo(50);
        assertThat(slots.bookable(HOME, today(), today())).isEmpty();
    }

    @Test
    void unknownAndInactiveSlotsAreTypedErrorsAndHoldNothing() {
        assertRefused(ErrorCode.UNKNOWN_SLOT, () -> place(slot(A, noon, 1)));
        DeliverySlot slot = slots.create(slot(A, noon, 5));
        slots.deactivate(slot.id());
        assertRefused(ErrorCode.SLOT_INACTIVE, () -> place(slot));
        slots.activate(slot.id());
        assertThat(place(slot)).isInstanceOf(PlacementResult.Placed.class);
    }

    @Test
    void aSlotOfAStoreThatDoesNotServeThePincodeIsNotServiceable() {
        DeliverySlot far = slots.create(slot(C, noon, 5));
        assertThat(place(far)).isInstanceOf(PlacementResult.NotServiceable.class);
        assertThat(availability(far).remaining()).isEqualTo(5);
    }

    @Test
    void theSlotTiesTheOrderToItsStoreWithoutFallback() {
        DeliverySlot atB = slots.create(slot(B, noon, 5));
        Order order = placeOk(atB);
        assertThat(order.store()).isEqualTo(B);
        DeliverySlot atA = slots.create(slot(A, noon, 5));
        PlacementResult tooMuch = world.oms.place(PlaceOrderRequest.of(
                        ASHA,
                        world.newKey(),
                        HOME,
                        Cart.builder().add("BREAD-400G", 4).build())
                .inSlot(atB.id()));
        assertThat(tooMuch).as("B has no bread; A is not tried").isInstanceOf(PlacementResult.OutOfStock.class);
        assertThat(availability(atB).remaining()).isEqualTo(4);
        assertThat(availability(atA).remaining()).isEqualTo(5);
    }

    @Test
    void aRetryWithTheSameKeyIsTheSameBookingAndAnotherSlotIsAConflict() {
        DeliverySlot slot = slots.create(slot(A, noon, 5));
        DeliverySlot other = slots.create(slot(A, noon.plusSeconds(7200), 5));
        IdempotencyKey key = world.newKey();
        PlaceOrderRequest request = PlaceOrderRequest.of(ASHA, key, HOME, cart).inSlot(slot.id());
        Order first = ((PlacementResult.Placed) world.oms.place(request)).order();
        PlacementResult again = world.oms.place(request);
        assertThat(again).isEqualTo(new PlacementResult.Repeated(first));
        assertThat(availability(slot).held()).isEqualTo(1);
        assertRefused(
                ErrorCode.IDEMPOTENCY_CONFLICT,
                () -> world.oms.place(
                        PlaceOrderRequest.of(ASHA, key, HOME, cart).inSlot(other.id())));
        assertThat(availability(other).held()).isZero();
    }

    @Test
    void aFailedPaymentOrAnExpiredHoldGivesTheSlotBack() {
        DeliverySlot slot = slots.create(slot(A, noon, 1));
        Order failed = placeOk(slot);
        world.oms.orders().paymentFailed(failed.id(), Actor.system("pg"));
        assertThat(availability(slot).remaining()).isEqualTo(1);

        Order lapsed = placeOk(slot);
        world.clock.advance(world.oms.config().holdTtl());
        assertThat(availability(slot).remaining()).isEqualTo(1);
        assertThat(world.oms.orders().confirmPayment(lapsed.id(), Actor.system("pg")))
                .isInstanceOf(PaymentResult.Refused.class);
        assertThat(availability(slot).booked()).isZero();
    }

    @Test
    void cancellingAPaidOrderBeforeTheSlotStartsGivesTheCapacityBackButNotAfter() {
        DeliverySlot slot = slots.create(slot(A, noon, 2));
        Order early = paid(slot);
        Order late = paid(slot);
        assertThat(availability(slot).remaining()).isZero();

        world.oms.orders().cancel(early.id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
        assertThat(availability(slot))
                .extracting(SlotAvailability::booked, SlotAvailability::remaining)
                .containsExactly(1L, 1L);
        world.oms.orders().cancel(early.id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
        assertThat(availability(slot).remaining())
                .as("a repeated cancel gives nothing more")
                .isEqualTo(1);

        world.clock.advance(Duration.between(world.clock.instant(), slot.start()));
        world.oms.orders().cancel(late.id(), CancelReason.STORE, Actor.system("ops"));
        assertThat(availability(slot).remaining()).as("the slot has started").isEqualTo(1);
        assertThat(world.available(A, MILK))
                .as("units are restocked either way")
                .isEqualTo(50);
    }

    @Test
    void capacityCanBeRaisedOrLoweredButNotBelowTheBookings() {
        DeliverySlot slot = slots.create(slot(A, noon, 3));
        paid(slot);
        placeOk(slot);
        DeliverySlot raised = slots.update(slot.withCapacity(5));
        assertThat(raised.version()).isEqualTo(1);
        assertThat(availability(raised).remaining()).isEqualTo(3);

        assertRefused(ErrorCode.SLOT_OVERBOOKED, () -> slots.update(raised.withCapacity(1)));
        assertThat(slots.require(slot.id())).isEqualTo(raised);
        assertThat(availability(raised).remaining()).isEqualTo(3);

        DeliverySlot lowered = slots.update(raised.withCapacity(2));
        assertThat(availability(lowered))
                .extracting(SlotAvailability::booked, SlotAvailability::held, SlotAvailability::remaining)
                .containsExactly(1L, 1L, 0L);
    }

    @Test
    void aRetriedChangeWhoseAnswerWasLostReturnsTheStoredSlotAndAppliesNothingMore() {
        DeliverySlot slot = slots.create(slot(A, noon, 3));
        io.qcommerce.oms.inventory.MovementId change = MovementId.of("cap-1");
        DeliverySlot stored = slots.update(slot.withCapacity(6), change);
        assertThat(slots.update(slot.withCapacity(6), change)).isEqualTo(stored);
        assertThat(availability(stored).remaining()).isEqualTo(6);
    }

    @Test
    void aChangeFromAStaleVersionIsRefusedAndChangesNothing() {
        DeliverySlot slot = slots.create(slot(A, noon, 3));
        slots.update(slot.withCutoff(slot.cutoff().minusSeconds(600)));
        assertRefused(ErrorCode.CONCURRENT_MODIFICATION, () -> slots.update(slot.withCapacity(9)));
        assertThat(availability(slots.require(slot.id())).remaining()).isEqualTo(3);
    }

    @Test
    void aCustomerSeesOnlyOpenSlotsWithRoomAtStoresServingThePincode() {
        DeliverySlot open = slots.create(slot(A, noon, 2));
        DeliverySlot full = slots.create(slot(A, noon.plusSeconds(3600), 1));
        DeliverySlot closed = slots.create(slot(B, world.clock.instant().plusSeconds(60), 5));
        DeliverySlot inactive = slots.create(slot(B, noon, 5));
        DeliverySlot elsewhere = slots.create(slot(C, noon, 5));
        DeliverySlot tomorrow = slots.create(slot(A, noon.plus(Duration.ofDays(1)), 5));
        slots.deactivate(inactive.id());
        placeOk(full);
        world.clock.advance(Duration.ofSeconds(1));

        assertThat(slots.bookable(HOME, today(), today()))
                .extracting(a -> a.slot().id())
                .containsExactly(open.id());
        assertThat(slots.bookable(HOME, today(), today().plusDays(1)))
                .extracting(a -> a.slot().id())
                .containsExactly(open.id(), tomorrow.id());
        assertThat(slots.bookable(FAR, today(), today()))
                .extracting(a -> a.slot().id())
                .containsExactly(elsewhere.id());
        assertThat(closed.isOpenAt(world.clock.instant())).isFalse();
    }

    @Test
    void manyCustomersRacingForTheLastPlacesNeverOverbookTheSlot() throws Exception {
        DeliverySlot slot = slots.create(slot(A, noon, 3));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<PlacementResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                IdempotencyKey key = IdempotencyKey.of("race-" + i);
                tasks.add(() -> world.oms.place(
                        PlaceOrderRequest.of(ASHA, key, HOME, cart).inSlot(slot.id())));
            }
            int placed = 0;
            for (Future<PlacementResult> f : pool.invokeAll(tasks)) {
                PlacementResult r = f.get();
                if (r instanceof PlacementResult.Placed) {
                    placed++;
                    world.oms
                            .orders()
                            .confirmPayment(((PlacementResult.Placed) r).order().id(), Actor.system("pg"));
                } else {
                    assertThat(r)
                            .isEqualTo(new PlacementResult.SlotUnavailable(
                                    slot.id(), PlacementResult.SlotUnavailable.Why.FULL));
                }
            }
            assertThat(placed).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(availability(slot))
                .extracting(SlotAvailability::booked, SlotAvailability::remaining)
                .containsExactly(3L, 0L);
        assertThat(world.available(A, MILK)).isEqualTo(47);
    }

    private DeliverySlot slot(StoreId store, Instant start, int capacity) {
        return DeliverySlot.of(
                SlotId.of("slot-" + (++sequence)),
                store,
                LocalDate.ofInstant(start, ZoneOffset.UTC),
                start,
                start.plus(Duration.ofHours(1)),
                SlotType.NORMAL,
                capacity,
                start.minus(Duration.ofMinutes(30)));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(world.clock.instant(), ZoneOffset.UTC);
    }

    private PlacementResult place(DeliverySlot slot) {
        return world.oms.place(
                PlaceOrderRequest.of(ASHA, world.newKey(), HOME, cart).inSlot(slot.id()));
    }

    private Order placeOk(DeliverySlot slot) {
        PlacementResult r = place(slot);
        assertThat(r).isInstanceOf(PlacementResult.Placed.class);
        return ((PlacementResult.Placed) r).order();
    }

    private Order paid(DeliverySlot slot) {
        Order order = placeOk(slot);
        assertThat(world.oms.orders().confirmPayment(order.id(), Actor.system("pg")))
                .isInstanceOf(PaymentResult.Confirmed.class);
        assertThat(world.oms
                        .inventory()
                        .reservation(order.store(), order.reservationId())
                        .orElseThrow()
                        .status())
                .isEqualTo(ReservationStatus.CONFIRMED);
        return world.oms.orders().get(order.id());
    }

    private SlotAvailability availability(DeliverySlot slot) {
        return world.oms.slots().list(slot.store(), slot.date(), slot.date()).stream()
                .filter(a -> a.slot().id().equals(slot.id()))
                .findFirst()
                .orElseThrow();
    }

    private static void assertRefused(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code()).as("%s", thrown).isEqualTo(code);
    }
}
