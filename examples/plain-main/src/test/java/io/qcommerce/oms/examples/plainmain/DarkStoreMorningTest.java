package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.examples.plainmain.Shoppers.Outcome;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.ForwardingInventoryLock;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.RecordingSubscriber;
import io.qcommerce.oms.testkit.invariants.Invariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DarkStoreMorningTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    static MorningResult morning(SimulationOptions options) {
        return new MorningSimulation(options, new City(), QUIET).run();
    }

    /** What every good morning shows: all checks pass, every part of the story happened, everything settled. */
    static void assertAGoodMorning(MorningResult r) {
        assertThat(r.checks()).as("%s", r.checks()).allMatch(MorningResult.Check::passed).hasSize(18);
        for (Outcome o : List.of(Outcome.PLACED, Outcome.PLACED_AT_FALLBACK, Outcome.PLACED_IN_SLOT,
                Outcome.IDEMPOTENT_REPEAT, Outcome.KEY_REUSE_REFUSED, Outcome.CART_REJECTED, Outcome.NOT_SERVICEABLE,
                Outcome.OUT_OF_STOCK, Outcome.PAYMENT_CONFIRMED, Outcome.PAYMENT_REFUSED, Outcome.PAYMENT_FAILED,
                Outcome.ABANDONED, Outcome.ORDERS_PICKED, Outcome.DELIVERED, Outcome.RECONCILER_CANCELLED,
                Outcome.MOVEMENTS_SHIPPED, Outcome.SHORT_PICKED, Outcome.LATE_CANCEL_REFUSED)) {
            assertThat(r.count(o)).as(o.name()).isPositive();
        }
        // The truck's three batches were each rescanned once and refused; the four stores' expired bread went.
        assertThat(r.count(Outcome.BATCH_RESCAN_REFUSED)).isEqualTo(3);
        assertThat(r.count(Outcome.UNITS_WRITTEN_OFF)).isEqualTo(40);
        assertThat(r.orders()).hasSize((int) r.count(Outcome.PLACED))
                .noneMatch(o -> o.status() == OrderStatus.AWAITING_PAYMENT);
        assertThat(r.count(Outcome.DELIVERED)).isEqualTo(r.orders().stream() // a failed delivery returns undelivered
                .filter(o -> o.history().stream().anyMatch(h -> h.to() == OrderStatus.DELIVERED)).count());
        assertThat(r.lowStock()).isNotEmpty();
        assertThat(r.loss().stores()).isNotEmpty();
        assertThat(r.loss().driftedAfterLoss()).as("the loss is visible before the rebuild").isPositive();
        assertThat(r.loss().driftedBeforeOrAfter()).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 7})
    void aSmallMorningKeepsEveryCheck(long seed) {
        MorningResult r = morning(new SimulationOptions(400, 4, seed));
        assertAGoodMorning(r);
        assertThat(r.loss().stores()).containsExactly(City.KORAMANGALA);
        assertThat(r.loss().what()).contains("in memory", "BLR-KOR-01");
    }

    @Test
    void oneThreadMakesTheMorningRepeatable() {
        MorningResult a = morning(new SimulationOptions(200, 1, 99));
        MorningResult b = morning(new SimulationOptions(200, 1, 99));
        assertThat(a.allPassed()).isTrue();
        for (Outcome o : Outcome.values()) {
            assertThat(a.count(o)).as(o.name()).isEqualTo(b.count(o));
        }
        assertThat(statuses(a)).isEqualTo(statuses(b));
        assertThat(a.loss()).isEqualTo(b.loss());
        assertThat(a.lowStock()).isEqualTo(b.lowStock());
    }

    @Test
    void aMorningWithoutTheLossHasNoRebuildAndKeepsEveryCheck() {
        MorningResult r = morning(new SimulationOptions(300, 4, 42, null, null, null));
        assertThat(r.loss()).isNull();
        assertThat(r.checks()).allMatch(MorningResult.Check::passed).hasSize(17)
                .noneMatch(c -> c.title().equals(Invariants.REBUILD));
    }

    /** At 09:00, mid-rush, holds live and movements not yet shipped to the ledger come back from the orders. */
    @Test
    void aLossInTheRushRestoresHoldsAndRecoversMovements() {
        MorningResult r = morning(new SimulationOptions(600, 1, 5, null, null, LocalTime.of(9, 0)));
        assertAGoodMorning(r);
        assertThat(r.loss().at()).isEqualTo(LocalTime.of(9, 0));
        assertThat(r.loss().holdsRestored()).isPositive();
        assertThat(r.loss().movementsRecovered()).isPositive();
    }

    @Test
    void theMainPrintsTheChecksAndASummary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DarkStoreMorning.run(new PrintStream(out, true, StandardCharsets.UTF_8), QUIET, Map.of(),
                "--customers", "150", "--threads=3", "--seed", "11");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(text).isZero();
        assertThat(text).contains("Backends:", "  inventory lock  in memory", "Summary: 07:00 to ",
                        "All 18 checks passed.")
                .containsPattern("(?m)^  10:00  the inventory lock lost the data of BLR-KOR-01; \\d+ counters off "
                        + "after the loss; rebuilt \\d+ counters, .*; drifted: 0$")
                .containsPattern("(?m)^  checkout +[\\d,]+ calls: [\\d,]+ orders placed")
                .containsPattern("(?m)^  low stock +BLR-KOR-01: ")
                .containsPattern("(?m)^  PASS  no oversell: ")
                .containsPattern("(?m)^  PASS  " + java.util.regex.Pattern.quote(Invariants.IDEMPOTENCY) + "$")
                .doesNotContainPattern("(?m)^  FAIL ");
    }

    @Test
    void badOptionsPrintTheUsageAndExitWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        for (String[] args : List.of(new String[] {"--customers", "lots"}, new String[] {"--shops", "3"},
                new String[] {"--threads"}, new String[] {"--threads", "0"}, new String[] {"--redis-uri", " "})) {
            assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), args)).isEqualTo(2);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: DarkStoreMorning", "needs a whole number",
                "unknown option '--shops'", "--threads needs a value", "--threads within 1..256",
                "--redis-uri needs a value");
        assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), "--help")).isZero();
    }

    @Test
    void optionsHaveDefaultsBothSpellingsAndTheEnvironment() {
        assertThat(SimulationOptions.parse(Map.of())).isEqualTo(new SimulationOptions(2000, 8, 42));
        assertThat(SimulationOptions.parse(Map.of(), "--seed=-3", "--customers", "10", "--threads=2"))
                .isEqualTo(new SimulationOptions(10, 2, -3));
        Map<String, String> env = Map.of(SimulationOptions.REDIS_URI_ENV, "redis://env:6379",
                SimulationOptions.MONGO_URI_ENV, " ");
        SimulationOptions fromEnv = SimulationOptions.parse(env);
        assertThat(fromEnv.redisUri()).isEqualTo("redis://env:6379");
        assertThat(fromEnv.mongoUri()).as("a blank variable counts as not set").isNull();
        SimulationOptions flagWins = SimulationOptions.parse(env, "--redis-uri", "redis://flag:6379",
                "--mongo-uri=mongodb://flag/db");
        assertThat(flagWins.redisUri()).isEqualTo("redis://flag:6379");
        assertThat(flagWins.mongoUri()).isEqualTo("mongodb://flag/db");
    }

    /** Five units that no movement accounts for: conservation, the ledger and the drift check must all see them. */
    @Test
    void theChecksAreNotVacuous() {
        City city = new City();
        MutableClock clock = opening();
        StoreId store = City.INDIRANAGAR;
        Resource eggs = Resource.sku(io.qcommerce.oms.catalog.SkuId.of("EGGS-WHITE-6"));
        InventoryLock lying = new ForwardingInventoryLock(new InMemoryInventoryLock(clock)) {
            @Override
            public Map<Resource, StockLevel> levels(StoreId s, Collection<Resource> resources) {
                return plusFive(super.levels(s, resources));
            }

            @Override
            public Map<Resource, StockLevel> allLevels(StoreId s) {
                return plusFive(super.allLevels(s));
            }

            private Map<Resource, StockLevel> plusFive(Map<Resource, StockLevel> levels) {
                Map<Resource, StockLevel> out = new LinkedHashMap<>(levels);
                out.replaceAll((r, l) -> l.store().equals(store) && r.equals(eggs)
                        ? new StockLevel(l.store(), r, l.onHand() + 5, l.reserved(), l.expired()) : l);
                return out;
            }
        };
        Oms oms = installed(city, clock, lying);
        Invariants invariants = new Invariants(oms, city);
        invariants.checkpoint();
        List<MorningResult.Check> checks = invariants.verdicts(new Shoppers(oms, clock.instant()), List.of(),
                RecordingSubscriber.recording());
        assertThat(checks).filteredOn(c -> !c.passed()).extracting(MorningResult.Check::title).containsExactly(
                Invariant.CONSERVATION.title(), Invariant.LEDGER_ADDS_UP.title(), Invariant.NO_DRIFT.title());
        assertThat(checks.get(2).detail()).contains("BLR-IND-01/EGGS-WHITE-6");
    }

    @Test
    void aSecondOrderOfOneCustomerFailsIdempotency() {
        City city = new City();
        MutableClock clock = opening();
        Oms oms = installed(city, clock, new InMemoryInventoryLock(clock));
        for (String key : List.of("checkout-1", "checkout-2")) {
            assertThat(oms.place(PlaceOrderRequest.of(CustomerId.of("cust-1"), IdempotencyKey.of(key),
                    Pincode.of("560038"), Cart.of(new CartLine(City.MILK, 1)))))
                    .isInstanceOf(PlacementResult.Placed.class);
        }
        List<Order> orders = oms.orders().byCustomer(CustomerId.of("cust-1"), 10);
        RecordingSubscriber refunds = RecordingSubscriber.recording();
        oms.events().read(0, 100).events().forEach(refunds::on); // every event delivered: only idempotency fails
        List<MorningResult.Check> checks = new Invariants(oms, city)
                .verdicts(new Shoppers(oms, clock.instant()), orders, refunds);
        assertThat(checks).filteredOn(c -> !c.passed()).singleElement().satisfies(c -> {
            assertThat(c.title()).isEqualTo(Invariants.IDEMPOTENCY);
            assertThat(c.detail()).contains("cust-1 has two orders");
        });
    }

    /**
     * Milk must outlast delivery (30 min) plus a day: the old batch (good until 09:00 tomorrow) sells until 08:30,
     * then holds take the fresh one.
     */
    @Test
    void aHoldTakesTheEarliestBatchStillFreshAtDelivery() {
        City city = new City();
        MutableClock clock = opening();
        Oms oms = installed(city, clock, new InMemoryInventoryLock(clock));
        assertThat(batchOf(oms, "early")).isEqualTo("KOR-AMUL-TAAZA-500ML-0601");
        clock.advance(Duration.ofMinutes(91));
        assertThat(batchOf(oms, "late")).isEqualTo("KOR-AMUL-TAAZA-500ML-0602");
    }

    /** In memory a loss takes one store, the others keep their data, and the rebuild brings it back. */
    @Test
    void theEmbeddedDefaultLosesOneStoreAndRebuildsIt() {
        City city = new City();
        MutableClock clock = opening();
        try (Storage storage = Storage.open(new SimulationOptions(10, 1, 1), clock)) {
            assertThat(storage.storesALossTakes(city.storeIds(), City.KORAMANGALA)).containsExactly(City.KORAMANGALA);
            Oms oms = storage.wire(Oms.builder().clock(clock)).build();
            city.install(oms);
            long milk = oms.inventory().available(City.KORAMANGALA, City.MILK);
            assertThat(storage.loseInventory(City.KORAMANGALA)).contains("in memory", "BLR-KOR-01");
            assertThat(oms.inventory().available(City.KORAMANGALA, City.MILK)).isZero();
            assertThat(oms.inventory().available(City.INDIRANAGAR, City.MILK)).isPositive();
            oms.recovery().rebuild(City.KORAMANGALA);
            assertThat(oms.inventory().available(City.KORAMANGALA, City.MILK)).isEqualTo(milk);
        }
    }

    private static String batchOf(Oms oms, String customer) {
        PlacementResult r = oms.place(PlaceOrderRequest.of(CustomerId.of(customer), IdempotencyKey.of(customer),
                Pincode.of("560095"), Cart.of(new CartLine(City.MILK, 1))));
        assertThat(r).isInstanceOf(PlacementResult.Placed.class);
        List<BatchTake> takes = ((PlacementResult.Placed) r).order().lines().get(0).batches();
        return takes.get(0).code().value();
    }

    private static Map<String, OrderStatus> statuses(MorningResult r) {
        return r.orders().stream().collect(Collectors.toMap(o -> o.id().value(), Order::status));
    }

    static MutableClock opening() {
        return MutableClock.at(MorningSimulation.DAY.atTime(MorningSimulation.OPENING)
                .atZone(MorningSimulation.BENGALURU).toInstant());
    }

    private static Oms installed(City city, MutableClock clock, InventoryLock lock) {
        Oms oms = Oms.builder().clock(clock).inventoryLock(lock).config(OmsConfig.builder()
                .deliveryAllowance(MorningSimulation.DELIVERY_ALLOWANCE).build()).inMemoryForRest().build();
        city.install(oms);
        return oms;
    }
}
