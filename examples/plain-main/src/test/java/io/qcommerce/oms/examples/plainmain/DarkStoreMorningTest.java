package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.cart.CartValidation;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.examples.plainmain.Tally.Outcome;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.PaymentResult;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.ForwardingInventoryLock;
import io.qcommerce.oms.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DarkStoreMorningTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static final SkuId MILK = SkuId.of("AMUL-TAAZA-500ML");
    private static final StoreId KORAMANGALA = StoreId.of("BLR-KOR-01");
    private static final Pincode KORAMANGALA_PIN = Pincode.of("560034");

    private static MorningResult morning(int customers, int threads, long seed) {
        return new MorningSimulation(new SimulationOptions(customers, threads, seed), SampleData.bengaluru(), QUIET).run();
    }

    /** The library on the data at 07:00 of the simulated day, with a clock the test moves. */
    private static Oms installed(SampleData data, MutableClock clock) {
        return installed(data, clock, new InMemoryInventoryLock(clock));
    }

    private static Oms installed(SampleData data, MutableClock clock, InventoryLock lock) {
        Oms oms = Oms.builder().clock(clock).inventoryLock(lock).config(io.qcommerce.oms.config.OmsConfig.builder()
                .deliveryAllowance(MorningSimulation.DELIVERY_ALLOWANCE).build()).inMemoryForRest().build();
        data.install(oms);
        return oms;
    }

    private static MutableClock opening() {
        return MutableClock.at(MorningSimulation.DAY.atTime(MorningSimulation.OPENING)
                .atZone(MorningSimulation.BENGALURU).toInstant());
    }

    private static PlaceOrderRequest milk(String customer, int units) {
        return PlaceOrderRequest.of(CustomerId.of(customer), IdempotencyKey.of("checkout-" + customer), KORAMANGALA_PIN,
                Cart.of(new CartLine(MILK, units)));
    }

    private static Order placed(PlacementResult result) {
        assertThat(result).isInstanceOf(PlacementResult.Placed.class);
        return ((PlacementResult.Placed) result).order();
    }

    private static List<BatchCode> batchesOf(Order order) {
        return order.lines().get(0).batches().stream().map(BatchTake::code).toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 7, 20250602})
    void aSmallMorningKeepsEveryInvariant(long seed) {
        MorningResult r = morning(300, 4, seed);
        MorningAssertions.assertAGoodMorning(r);
    }

    @Test
    void oneThreadMakesTheMorningRepeatable() {
        MorningResult a = morning(200, 1, 99);
        MorningResult b = morning(200, 1, 99);
        assertThat(a.allPassed()).isTrue();
        assertThat(a.outcomes()).isEqualTo(b.outcomes());
        assertThat(a.orders()).isEqualTo(b.orders());
        assertThat(a.stock()).isEqualTo(b.stock());
        assertThat(a.slots()).isEqualTo(b.slots());
        assertThat(a.soldByBatch()).isEqualTo(b.soldByBatch());
        assertThat(a.expiringSoon()).isEqualTo(b.expiringSoon());
        assertThat(a.lowStock()).isEqualTo(b.lowStock());
        assertThat(a.picking()).isEqualTo(b.picking());
        assertThat(a.performance()).isEqualTo(b.performance());
        assertThat(a.acrossStores()).isEqualTo(b.acrossStores());
        assertThat(a.loss()).isEqualTo(b.loss());
        assertThat(a.ledger()).isEqualTo(b.ledger());
    }

    /** The loss is an option: without it the morning is the same shoppers, with no rebuild, and every check passes. */
    @Test
    void aMorningWithoutTheLossKeepsEveryInvariantToo() {
        SimulationOptions options = new SimulationOptions(300, 4, 42).withLossAt(null);
        MorningResult r = new MorningSimulation(options, SampleData.bengaluru(), QUIET).run();
        MorningAssertions.assertAGoodMorning(r);
        assertThat(r.loss()).isNull();
        assertThat(r.check("H").detail()).isEqualTo("4 stores clean at the close");
    }

    /**
     * A loss at 09:00, on one thread, just before the truck's drop: the rebuilt store takes the drop, new orders and
     * the payments of holds it restored (some are never paid), and the ledger, the drift checks and every other
     * check agree at the close.
     */
    @Test
    void aLossBeforeTheTrucksDropIsRebuiltAndTheMorningStillAddsUp() {
        SimulationOptions options = new SimulationOptions(600, 1, 5).withLossAt(java.time.LocalTime.of(9, 0));
        MorningResult r = new MorningSimulation(options, SampleData.bengaluru(), QUIET).run();
        MorningAssertions.assertAGoodMorning(r);
        assertThat(r.loss().stores()).containsExactly(MorningSimulation.LOST_STORE);
        assertThat(r.loss().holdsRestored()).isPositive();
        assertThat(r.loss().restoredPaid()).as("restored holds paid after the rebuild").isPositive();
        assertThat(r.loss().restoredUnpaid()).as("restored holds never paid").isPositive();
        assertThat(r.loss().what()).contains("in memory", "BLR-KOR-01");
        assertThat(r.check("H").detail()).contains("4 stores clean before the loss at 09:00",
                "rebuild of BLR-KOR-01", "4 stores clean after the rebuild", "4 stores clean at the close");
    }

    /**
     * A busier morning on one thread (so the same every time): slots fill up under shoppers who picked them a few
     * minutes earlier, they pick another or take delivery now, places given back by cancellations are booked again,
     * and no slot ever holds more paid orders than its capacity.
     */
    @Test
    void aBusierMorningFillsSlotsAndSendsShoppersBackToTheList() {
        MorningResult r = morning(600, 1, 2);
        assertThat(r.allPassed()).as("%s", r.checks()).isTrue();
        assertThat(r.outcome(Outcome.SLOT_FULL)).as("slot full at checkout").isPositive();
        assertThat(r.outcome(Outcome.SLOT_CUT_OFF)).as("cut-off passed at checkout").isPositive();
        assertThat(r.outcome(Outcome.SLOT_REPICKED)).as("picked another slot").isPositive();
        assertThat(r.outcome(Outcome.SLOT_GAVE_UP)).as("gave up on slots after a refusal").isPositive();
        assertThat(r.outcome(Outcome.SLOT_NONE_OFFERED)).as("came when no slot was left").isPositive();
        assertThat(r.slots()).filteredOn(MorningResult.SlotFill::full).hasSizeGreaterThan(2);
        assertThat(r.slots()).allSatisfy(f -> assertThat(f.booked()).isLessThanOrEqualTo(f.capacity()));
        // A place given back before the slot started was sold again: more orders paid for it than it holds.
        assertThat(r.slots()).anySatisfy(f -> {
            assertThat(f.givenBack()).isPositive();
            assertThat(f.paidOrders()).isGreaterThan(f.capacity());
        });
        MorningAssertions.assertBatches(r);
    }

    @Test
    void installPutsTheBatchesAndSlotsOfTheDataInPlace() {
        SampleData data = SampleData.bengaluru();
        Oms oms = installed(data, opening());
        List<BatchLevel> milk = oms.inventory().batches(KORAMANGALA, MILK);
        assertThat(milk).extracting(b -> b.batch().code().value())
                .as("first expiry first").containsExactly("K-TAAZA-0531", "K-TAAZA-0601", "K-TAAZA-0602");
        assertThat(milk).extracting(BatchLevel::onHand).containsExactly(12L, 20L, 75L);
        assertThat(oms.inventory().available(KORAMANGALA, MILK)).isEqualTo(107);
        assertThat(oms.catalog().find(MILK).orElseThrow().minShelfLife()).isEqualTo(Duration.ofHours(24));
        assertThat(oms.slots().list(KORAMANGALA, MorningSimulation.DAY, MorningSimulation.DAY))
                .extracting(a -> a.slot().id().value())
                .containsExactly("KOR-0800", "KOR-0900", "KOR-0930-X", "KOR-1000", "KOR-1100");
        // Bookable at 07:00 from 560034: Koramangala's and HSR Layout's slots, not the closed store's.
        assertThat(oms.slots().bookable(KORAMANGALA_PIN, MorningSimulation.DAY, MorningSimulation.DAY))
                .extracting(a -> a.slot().store().value()).containsOnly("BLR-KOR-01", "BLR-HSR-01");
        assertThat(data.batchedSkus()).containsExactly(MILK, SkuId.of("AMUL-GOLD-1L"), SkuId.of("NANDINI-CURD-500G"),
                SkuId.of("MODERN-BREAD-400G"), SkuId.of("AMUL-PANEER-200G"));
        assertThat(data.openingStock(KORAMANGALA, MILK)).isEqualTo(107);
    }

    /**
     * What the simulation relies on, shown on single orders: a hold takes the earliest batch that is still good at
     * delivery plus the minimum shelf life (24 h for milk), delivery being the slot's end for an order in a slot.
     */
    @Test
    void aHoldTakesTheEarliestBatchStillFreshAtDelivery() {
        MutableClock clock = opening();
        Oms oms = installed(SampleData.bengaluru(), clock);

        // 07:00, delivery now (by 07:30): K-TAAZA-0531 expires tonight, inside the 24 h; K-TAAZA-0601 (tomorrow
        // 08:00) is next.
        assertThat(batchesOf(placed(oms.place(milk("cust-a", 2))))).containsExactly(BatchCode.of("K-TAAZA-0601"));
        // 07:00 for the 08:00-09:00 slot: delivered by 09:00, when 0601 would have less than a day left.
        Order inSlot = placed(oms.place(milk("cust-b", 2).inSlot(SlotId.of("KOR-0800"))));
        assertThat(batchesOf(inSlot)).containsExactly(BatchCode.of("K-TAAZA-0602"));
        assertThat(inSlot.slot().id()).isEqualTo(SlotId.of("KOR-0800"));
        // The order keeps the batch with its expiry, for the picker.
        Order more = placed(oms.place(milk("cust-c", 6)));
        assertThat(more.lines().get(0).batches()).containsExactly(
                new BatchTake(Batch.of("K-TAAZA-0601", at("2025-06-03T08:00")), 6));

        // At 08:00 the 0601 batch is no longer fresh enough for anyone, and the 08:00 slot is past its cut-off.
        clock.advance(Duration.ofHours(1));
        assertThat(batchesOf(placed(oms.place(milk("cust-d", 1))))).containsExactly(BatchCode.of("K-TAAZA-0602"));
        assertThat(oms.place(milk("cust-e", 1).inSlot(SlotId.of("KOR-0800"))))
                .isEqualTo(new PlacementResult.SlotUnavailable(SlotId.of("KOR-0800"),
                        PlacementResult.SlotUnavailable.Why.CUT_OFF));
        // The 07:00 holds expired at 07:10. The level still counts 0531 and 0601 as available (they have not
        // expired), though no hold with milk's shelf life can take them any more.
        assertThat(oms.inventory().available(KORAMANGALA, MILK)).isEqualTo(107 - 1);
    }

    /** The two-place express slot: a third booking is refused; a paid order cancelled before the start frees a place. */
    @Test
    void aSlotTakesNoMoreThanItsCapacityAndACancellationGivesAPlaceBack() {
        MutableClock clock = opening();
        Oms oms = installed(SampleData.bengaluru(), clock);
        SlotId express = SlotId.of("KOR-0930-X");
        Order first = placed(oms.place(milk("cust-a", 1).inSlot(express)));
        placed(oms.place(milk("cust-b", 1).inSlot(express)));
        assertThat(oms.place(milk("cust-c", 1).inSlot(express)))
                .isEqualTo(new PlacementResult.SlotUnavailable(express, PlacementResult.SlotUnavailable.Why.FULL));
        assertThat(oms.slots().bookable(KORAMANGALA_PIN, MorningSimulation.DAY, MorningSimulation.DAY))
                .extracting(a -> a.slot().id()).doesNotContain(express);

        assertThat(oms.orders().confirmPayment(first.id(), Actor.customer("cust-a")))
                .isInstanceOf(PaymentResult.Confirmed.class);
        SlotAvailability paid = slot(oms, express);
        assertThat(List.of(paid.booked(), paid.held(), paid.remaining())).containsExactly(1L, 1L, 0L);
        oms.orders().cancel(first.id(), CancelReason.CUSTOMER, Actor.customer("cust-a"));
        SlotAvailability back = slot(oms, express);
        assertThat(List.of(back.booked(), back.held(), back.remaining())).containsExactly(0L, 1L, 1L);
        placed(oms.place(milk("cust-c", 1).inSlot(express)));
    }

    private static SlotAvailability slot(Oms oms, SlotId id) {
        return oms.slots().list(KORAMANGALA, MorningSimulation.DAY, MorningSimulation.DAY).stream()
                .filter(a -> a.slot().id().equals(id)).findFirst().orElseThrow();
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(MorningSimulation.BENGALURU).toInstant();
    }

    @Test
    void theSameSeedDrawsTheSameShoppers() {
        SampleData data = SampleData.bengaluru();
        assertThat(ShopperPlan.draw(data, 500, 5)).isEqualTo(ShopperPlan.draw(data, 500, 5));
        assertThat(ShopperPlan.draw(data, 500, 5)).isNotEqualTo(ShopperPlan.draw(data, 500, 6));
    }

    @Test
    void brokenCartsAreRejectedWithEveryPlantedProblemAtOnce() {
        SampleData data = SampleData.bengaluru();
        Oms oms = installed(data, opening());
        int broken = 0;
        for (ShopperPlan plan : ShopperPlan.draw(data, 2000, 42)) {
            CartValidation v = oms.validate(plan.cart());
            if (plan.brokenBy().isEmpty()) {
                assertThat(v).as("cart of %s", plan.customer()).isInstanceOf(CartValidation.Valid.class);
                continue;
            }
            broken++;
            assertThat(v).isInstanceOf(CartValidation.Invalid.class);
            assertThat(((CartValidation.Invalid) v).problems().stream().map(CartProblem::code).collect(Collectors.toSet()))
                    .as("problems of %s", plan.cart())
                    .isEqualTo(new HashSet<>(plan.brokenBy()));
        }
        assertThat(broken).isGreaterThan(50);
        assertThat(ShopperPlan.draw(data, 2000, 42)).anyMatch(p -> p.brokenBy().size() == 2);
    }

    @Test
    void theChecksAreNotVacuous() {
        SampleData data = SampleData.bengaluru();
        MutableClock clock = opening();
        Showing lock = new Showing(clock);
        Oms oms = installed(data, clock, lock);
        Invariants invariants = new Invariants(oms, data, List.of());
        invariants.checkpoint();
        assertThat(invariants.verdicts(new Journal(), new EventCounter().snapshot())).allMatch(Check::passed);

        // Five units appear in the lock's counters that no receipt and no movement accounts for: conservation must
        // notice, and so must the ledger and drift checks, which compare the same counters with the record.
        var store = data.stores().get(0).id();
        // A SKU kept without batches: loose units of a batched one would fail conservation per batch (F) too.
        var sku = data.skuIds().stream().filter(id -> !data.batchedSkus().contains(id)).findFirst().orElseThrow();
        lock.levels = l -> l.store().equals(store) && l.resource().equals(Resource.sku(sku))
                ? new StockLevel(l.store(), l.resource(), l.onHand() + 5, l.reserved(), l.expired()) : l;
        Invariants again = new Invariants(oms, data, List.of());
        again.checkpoint();
        List<Check> checks = again.verdicts(new Journal(), new EventCounter().snapshot());
        assertThat(checks).filteredOn(c -> !c.passed()).extracting(Check::id).containsExactly("3", "G", "H");
        assertThat(checks.stream().filter(c -> c.id().equals("3")).findFirst().orElseThrow().detail())
                .contains(store + "/" + sku);
    }

    @Test
    void aPlaceBookedOutsideAnyOrderFailsTheSlotCheck() {
        SampleData data = SampleData.bengaluru();
        Oms oms = installed(data, opening());
        Invariants invariants = new Invariants(oms, data, List.of());
        // One place of the 09:00 slot taken in the lock by hand: no paid order explains it.
        SlotId slot = SlotId.of("KOR-0900");
        oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.of(StockChange.Kind.ADJUST, KORAMANGALA, slot.resource(), -1).id(MovementId.of("by-hand")).reason("booked by hand").build());
        // The lock recorded the change; copied to the durable ledger as the reconciler would, it is no gap there.
        oms.recovery().ship(KORAMANGALA, 10);
        invariants.checkpoint();
        List<Check> checks = invariants.verdicts(new Journal(), new EventCounter().snapshot());
        assertThat(checks).filteredOn(c -> !c.passed()).extracting(Check::id).containsExactly("C");
        assertThat(checks).filteredOn(c -> c.id().equals("C")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("slot KOR-0900 counts 1 booked but 0 paid orders"));
    }

    @Test
    void aBatchShortOfItsRecordFailsConservationPerBatch() {
        SampleData data = SampleData.bengaluru();
        MutableClock clock = opening();
        Showing lock = new Showing(clock);
        Oms oms = installed(data, clock, lock);
        Invariants invariants = new Invariants(oms, data, List.of());
        // The lock shows one unit fewer in each of Koramangala's milk batches than they were received with.
        lock.batches = b -> b.store().equals(KORAMANGALA) && b.sku().equals(MILK)
                ? new BatchLevel(b.store(), b.sku(), b.batch(), b.onHand() - 1, b.reserved()) : b;
        invariants.checkpoint();
        List<Check> checks = invariants.verdicts(new Journal(), new EventCounter().snapshot());
        assertThat(checks).filteredOn(c -> !c.passed()).extracting(Check::id).contains("F");
        assertThat(checks).filteredOn(c -> c.id().equals("F")).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("BLR-KOR-01/AMUL-TAAZA-500ML/K-TAAZA-", " received "));
    }

    /** A lock whose counters and batches are shown through a function a test sets: counters gone wrong. */
    private static final class Showing extends ForwardingInventoryLock {
        volatile UnaryOperator<StockLevel> levels = l -> l;
        volatile UnaryOperator<BatchLevel> batches = b -> b;

        Showing(Clock clock) {
            super(new InMemoryInventoryLock(clock));
        }

        @Override
        public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
            Map<Resource, StockLevel> out = new LinkedHashMap<>();
            super.levels(store, resources).forEach((r, l) -> out.put(r, levels.apply(l)));
            return out;
        }

        @Override
        public Map<Resource, StockLevel> allLevels(StoreId store) {
            Map<Resource, StockLevel> out = new LinkedHashMap<>();
            super.allLevels(store).forEach((r, l) -> out.put(r, levels.apply(l)));
            return out;
        }

        @Override
        public List<BatchLevel> batches(StoreId store, SkuId sku) {
            return super.batches(store, sku).stream().map(batches).toList();
        }
    }

    /** A checker that expects two days of shelf life on milk flags what the library sold with one. */
    @Test
    void milkSoldWithLessShelfLifeThanTheCheckerExpectsFailsTheFreshnessCheck() {
        SampleData data = SampleData.bengaluru();
        Oms oms = installed(data, opening());
        Order order = placed(oms.place(milk("cust-00001", 2)));
        oms.orders().confirmPayment(order.id(), Actor.customer("cust-00001"));

        // The catalog now asks two days of shelf life at delivery for milk, more than the sale kept.
        Sku milk = oms.catalog().find(MILK).orElseThrow();
        oms.catalog().save(new Sku(MILK, milk.name(), milk.mrp(), milk.sellingPrice(), true, milk.maxPerOrder(),
                Duration.ofHours(48)));
        Invariants strict = new Invariants(oms, data, List.of(CustomerId.of("cust-00001")));
        strict.checkpoint();
        assertThat(strict.verdicts(new Journal(), new EventCounter().snapshot()))
                .filteredOn(c -> c.id().equals("D")).singleElement()
                .satisfies(c -> assertThat(c.passed()).isFalse())
                .satisfies(c -> assertThat(c.detail()).contains("of batch K-TAAZA-0601", "within 48 h of delivery"));

        oms.catalog().save(milk);
        Invariants fair = new Invariants(oms, data, List.of(CustomerId.of("cust-00001")));
        fair.checkpoint();
        assertThat(fair.verdicts(new Journal(), new EventCounter().snapshot()))
                .filteredOn(c -> c.id().matches("[CDEF]")).allMatch(Check::passed);
    }

    @Test
    void aSecondOrderOfOneCustomerIsSeenThroughThePortAndFailsIdempotency() {
        SampleData data = SampleData.bengaluru();
        Oms oms = installed(data, opening());
        CustomerId asha = CustomerId.of("cust-00001");
        Cart cart = Cart.of(new CartLine(SkuId.of("AMUL-TAAZA-500ML"), 1));
        for (String key : List.of("checkout-a", "checkout-b")) {
            assertThat(oms.place(PlaceOrderRequest.of(asha, IdempotencyKey.of(key), Pincode.of("560034"), cart)))
                    .isInstanceOf(PlacementResult.Placed.class);
        }

        Invariants.Orders read = new Invariants(oms, data, List.of(asha, CustomerId.of("cust-00002"))).read();
        assertThat(read.orders()).hasSize(2).allMatch(o -> o.customer().equals(asha));
        assertThat(read.duplicates()).singleElement().asString().contains("cust-00001 has 2 orders");

        Invariants invariants = new Invariants(oms, data, List.of(asha));
        invariants.checkpoint();
        List<Check> checks = invariants.verdicts(new Journal(), new EventCounter().snapshot());
        assertThat(checks).filteredOn(c -> c.id().equals("5")).singleElement()
                .satisfies(c -> assertThat(c.passed()).isFalse())
                .satisfies(c -> assertThat(c.detail()).contains("cust-00001 has 2 orders"));
    }

    @Test
    void theMainPrintsASummaryWithEveryInvariant() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DarkStoreMorning.run(new PrintStream(out, true, StandardCharsets.UTF_8), QUIET, Map.of(),
                "--customers", "150", "--threads=3", "--seed", "11");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        for (String id : new String[] {"1", "2", "3", "4", "5", "6", "7", "A", "B", "C", "D", "E", "F", "G", "H"}) {
            assertThat(text).containsPattern("(?m)^  PASS  " + id + "  ");
        }
        assertThat(text).doesNotContainPattern("(?m)^  FAIL ").contains("All 15 checks passed.");
        // The loss at 10:00 in the progress lines and its own section: clean drift before and after the rebuild.
        assertThat(text).containsPattern("(?m)^  10:00  the inventory lock lost the data of BLR-KOR-01; counters drifted: "
                        + "0 before, \\d+ after the loss; rebuilt: \\d+ counters, \\d+ holds restored, 0 dropped, 0 problems, "
                        + "\\d+ movements recovered; drifted after: 0$")
                .contains("Loss of the inventory lock's data at 10:00")
                .containsPattern("(?m)^  drift check before the loss +clean in 4 stores$")
                .containsPattern("(?m)^  drift check after the loss +\\d+ counters differ in 1 of 1 stores, e\\.g\\. BLR-KOR-01/")
                .containsPattern("(?m)^  rebuilt BLR-KOR-01 +\\d+ counters written, \\d+ holds restored, 0 dropped, [1-9]\\d* unshipped movements recovered, no problems$")
                .containsPattern("(?m)^  drift check after rebuild +clean in 4 stores$");
        // The ledger's totals per movement type, read back from the durable copy, and the identity of check G.
        assertThat(text).contains("Stock ledger at the close, read back from the durable copy")
                .containsPattern("(?m)^  type +movements +SKU units +BLR-KOR-01 +BLR-IND-01 +BLR-HSR-01 +BLR-WHF-01 +slot mvts +slot places$")
                .containsPattern("(?m)^  RECEIVED +[\\d,]+ +5,541 ")
                .containsPattern("(?m)^  ADJUSTED +3 +-52 +")
                .containsPattern("(?m)^  RETURNED +\\d+ +\\d+ ")
                .containsPattern("(?m)^  SKU units on hand by the ledger alone: 5,541 received - 52 adjusted \\+ [\\d,]+ restocked "
                        + "\\+ [\\d,]+ returned - [\\d,]+ sold = [\\d,]+; reserved: [\\d,]+ held - [\\d,]+ released - [\\d,]+ "
                        + "expired - [\\d,]+ sold = 0$");
        // Low stock with the managers' thresholds, picking, the reports.
        assertThat(text).contains("Low stock at the close")
                .containsPattern("(?m)^  BLR-KOR-01  default 10, 2 of its own +\\d+ low: ")
                .containsPattern("(?m)^  BLR-WHF-01  catalog +1 low: NANDINI-CURD-500G 0<8$")
                .containsPattern("(?m)^  orders started from a list +[\\d,]+$")
                .containsPattern("(?m)^  busiest round +\\d+   orders started at BLR-")
                .contains("AMUL-TAAZA-500ML (Amul Taaza Toned Milk 500 ml) across the stores")
                .containsPattern("(?m)^  BLR-WHF-01 +30 +0 +0 +30$")
                .contains("Store performance, 07:00 to ")
                .containsPattern("(?m)^  BLR-WHF-01 +0 +0 +0 +0 +0 +0 +0\\.0%  INR 0\\.00$")
                .containsPattern("(?m)^  returned, resellable +\\d+ ")
                .containsPattern("(?m)^  units returned +\\d+   counted as sold above; \\d+ back on the shelf");
        // The slots, one row each with capacity, booked, held and remaining; the express slot has two places.
        assertThat(text).contains("Delivery slots at the close")
                .containsPattern("(?m)^  KOR-0930-X BLR-KOR-01 09:30-10:00 09:15   EXPRESS +2 +\\d+ +\\d+ +\\d+ ")
                .containsPattern("(?m)^  WHF-0900 +BLR-WHF-01 .* store closed$");
        // Units sold by batch, per SKU and store, earliest expiry first; what is left to sell or write off.
        assertThat(text).contains("Units sold by batch")
                .containsPattern("(?m)^  AMUL-TAAZA-500ML +BLR-IND-01 +\\d+ = I-TAAZA-0601 \\d+ \\(exp 03 Jun 09:30\\)")
                .contains("Batches expiring within 24 h of the close")
                .containsPattern("(?m)^  BLR-KOR-01 AMUL-TAAZA-500ML +K-TAAZA-0531 +exp 02 Jun 22:00 +12 on hand$")
                .containsPattern("(?m)^  units written off +52 +at 10:30, from 3 expired batches$");
    }

    @Test
    void aBadOptionPrintsUsageAndExitsWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), "--customers", "lots")).isEqualTo(2);
        assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), "--shops", "3")).isEqualTo(2);
        assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), "--threads")).isEqualTo(2);
        assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), "--threads", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: DarkStoreMorning", "needs a whole number",
                "unknown option '--shops'", "--threads needs a value", "--threads must be within");
        assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), "--help")).isZero();
    }

    @Test
    void optionsHaveDefaultsAndBothSpellings() {
        assertThat(SimulationOptions.parse()).isEqualTo(new SimulationOptions(2000, 8, 42));
        assertThat(SimulationOptions.parse().loseStockAt()).isEqualTo(java.time.LocalTime.of(10, 0));
        assertThat(SimulationOptions.parse("--seed=-3", "--customers", "10", "--threads=2"))
                .isEqualTo(new SimulationOptions(10, 2, -3));
        assertThatThrownBy(() -> SimulationOptions.parse("--customers", "0"))
                .isInstanceOf(SimulationOptions.UsageException.class);
    }
}
