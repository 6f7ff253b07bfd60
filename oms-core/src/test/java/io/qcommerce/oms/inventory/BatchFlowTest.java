package io.qcommerce.oms.inventory;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.ASHA;
import static io.qcommerce.oms.Fixture.HOME;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Batches with expiry through the use cases: receipts, FEFO sales with a shelf-life margin, restocks. */
class BatchFlowTest {
    private final Fixture world = new Fixture();
    private final InventoryService inventory = world.oms.inventory();
    private final Instant now = world.clock.instant();
    private final Batch oneDay = Batch.of("M1", now.plus(Duration.ofDays(1)));
    private final Batch threeDays = Batch.of("M3", now.plus(Duration.ofDays(3)));
    private final Batch fiveDays = Batch.of("M5", now.plus(Duration.ofDays(5)));
    private int movements;

    BatchFlowTest() {
        world.oms.catalog().save(world.oms.catalog().find(MILK).orElseThrow().withMinShelfLife(Duration.ofDays(2)));
        receive(oneDay, 10);
        receive(fiveDays, 10);
        receive(threeDays, 4);
    }

    @Test
    void anOrderTakesTheEarliestBatchThatStaysGoodForTheShelfLifeAndRecordsIt() {
        Order order = placeOk(PlaceOrderRequest.of(ASHA, world.newKey(), HOME, milk(6)));
        OrderLine line = order.lines().get(0);
        assertThat(line.batches())
                .as("M1 expires inside the two-day margin")
                .containsExactly(new BatchTake(threeDays, 4), new BatchTake(fiveDays, 2));
        assertThat(world.oms.orders().get(order.id()).lines().get(0).batches()).isEqualTo(line.batches());

        world.oms.orders().confirmPayment(order.id(), Actor.system("pg"));
        assertThat(inventory.batches(A, MILK))
                .extracting(BatchLevel::batch, BatchLevel::onHand)
                .containsExactly(tuple(oneDay, 10L), tuple(threeDays, 0L), tuple(fiveDays, 8L));
    }

    @Test
    void theMarginCountsFromTheDeliverySlot() {
        Instant start = now.plus(Duration.ofHours(26));
        DeliverySlot slot = world.oms
                .slots()
                .create(DeliverySlot.of(
                        SlotId.of("tomorrow"),
                        A,
                        LocalDate.ofInstant(start, ZoneOffset.UTC),
                        start,
                        start.plus(Duration.ofHours(2)),
                        SlotType.NORMAL,
                        10,
                        start.minus(Duration.ofHours(12))));
        Order order = placeOk(
                PlaceOrderRequest.of(ASHA, world.newKey(), HOME, milk(3)).inSlot(slot.id()));
        assertThat(order.lines().get(0).batches())
                .as("M3 is inside the margin at delivery tomorrow")
                .containsExactly(new BatchTake(fiveDays, 3));
    }

    @Test
    void unitsInsideTheMarginDoNotCountAsSellableForTheCart() {
        inventory.apply(StockChange.adjust(A, MILK, -7)
                .batch(fiveDays.code())
                .reason("damaged")
                .id(MovementId.of("d-1"))
                .build());
        PlacementResult r = world.oms.place(PlaceOrderRequest.of(ASHA, world.newKey(), HOME, milk(6))
                .inSlot(world.oms
                        .slots()
                        .create(DeliverySlot.of(
                                SlotId.of("late"),
                                A,
                                LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1),
                                now.plus(Duration.ofHours(30)),
                                now.plus(Duration.ofHours(31)),
                                SlotType.SAME_DAY,
                                5,
                                now.plus(Duration.ofHours(20))))
                        .id()));
        assertThat(r).isInstanceOfSatisfying(PlacementResult.OutOfStock.class, oos -> assertThat(
                        oos.shortfalls().get(A))
                .containsExactly(new Shortfall(Resource.sku(MILK), 6, 3)));
        assertThat(inventory.available(A, MILK)).as("no unit held").isEqualTo(17);
    }

    @Test
    void anExpiredBatchStopsBeingAvailableWithNoSweepAndIsListedForWriteOff() {
        assertThat(inventory.availability(A, List.of(MILK)).get(MILK).available())
                .isEqualTo(24);
        assertThat(inventory.expiringWithin(A, Duration.ofDays(2)))
                .extracting(BatchLevel::batch)
                .containsExactly(oneDay);
        world.clock.advance(Duration.ofDays(1));
        StockLevel level = inventory.availability(A, List.of(MILK)).get(MILK);
        assertThat(level).extracting(StockLevel::onHand, StockLevel::expired).containsExactly(24L, 10L);
        assertThat(level.available()).isEqualTo(14);
        inventory.apply(StockChange.adjust(A, MILK, -10)
                .batch(oneDay.code())
                .reason("expired, written off")
                .id(MovementId.of("w-1"))
                .build());
        assertThat(inventory.availability(A, List.of(MILK)).get(MILK))
                .extracting(StockLevel::onHand, StockLevel::expired)
                .containsExactly(14L, 0L);
    }

    @Test
    void cancellingAPaidOrderPutsItsUnitsBackIntoTheirBatches() {
        Order order = placeOk(PlaceOrderRequest.of(ASHA, world.newKey(), HOME, milk(6)));
        world.oms.orders().confirmPayment(order.id(), Actor.system("pg"));
        world.oms.orders().cancel(order.id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
        assertThat(inventory.batches(A, MILK)).extracting(BatchLevel::onHand).containsExactly(10L, 4L, 10L);
        world.oms.orders().cancel(order.id(), CancelReason.CUSTOMER, Actor.customer(ASHA.value()));
        assertThat(inventory.batches(A, MILK)).extracting(BatchLevel::onHand).containsExactly(10L, 4L, 10L);
    }

    @Test
    void badBatchReceiptsAreTypedErrorsAndChangeNothing() {
        List<BatchLevel> before = inventory.batches(A, MILK);
        assertRefused(ErrorCode.DUPLICATE_BATCH, () -> receive(Batch.of("M3", now.plus(Duration.ofDays(9))), 1));
        assertRefused(ErrorCode.BATCH_EXPIRED, () -> receive(Batch.of("OLD", now), 1));
        assertRefused(
                ErrorCode.UNKNOWN_BATCH,
                () -> inventory.apply(StockChange.adjust(A, MILK, -1)
                        .batch(BatchCode.of("NOPE"))
                        .reason("")
                        .id(MovementId.of("x-1"))
                        .build()));
        assertRefused(ErrorCode.UNKNOWN_SKU, () -> inventory
                .apply(StockChange.receive(A, io.qcommerce.oms.catalog.SkuId.of("NOPE"), 1)
                        .batch(Batch.of("N1", now.plusSeconds(60)))
                        .id(MovementId.of("x-2"))
                        .build())
                .level());
        assertThat(inventory.batches(A, MILK)).isEqualTo(before);
    }

    @Test
    void aRetriedReceiptIsNotADuplicate() {
        MovementId grn = MovementId.of("grn-77");
        Batch fresh = Batch.of("M7", now.plus(Duration.ofDays(7)));
        inventory.apply(StockChange.receive(A, MILK, 5).batch(fresh).id(grn).build());
        inventory.apply(StockChange.receive(A, MILK, 5).batch(fresh).id(grn).build());
        assertThat(inventory.batches(A, MILK))
                .filteredOn(b -> b.batch().equals(fresh))
                .extracting(BatchLevel::onHand)
                .containsExactly(5L);
    }

    private void receive(Batch batch, long units) {
        inventory.apply(StockChange.receive(A, MILK, units)
                .batch(batch)
                .id(MovementId.of("grn-" + (++movements)))
                .build());
    }

    private static Cart milk(int units) {
        return Cart.builder().add(MILK.value(), units).build();
    }

    private Order placeOk(PlaceOrderRequest request) {
        PlacementResult r = world.oms.place(request);
        assertThat(r).isInstanceOf(PlacementResult.Placed.class);
        return ((PlacementResult.Placed) r).order();
    }

    private static void assertRefused(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(OmsException.class);
        assertThat(((OmsException) thrown).code()).as("%s", thrown).isEqualTo(code);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
