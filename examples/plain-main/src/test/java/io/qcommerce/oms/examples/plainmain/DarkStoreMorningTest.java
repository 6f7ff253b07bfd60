package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.cart.CartLine;
import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.cart.CartValidation;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Pincode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DarkStoreMorningTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static MorningResult morning(int customers, int threads, long seed) {
        return new MorningSimulation(new SimulationOptions(customers, threads, seed), SampleData.bengaluru(), QUIET).run();
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
        Oms oms = Oms.builder().build();
        data.install(oms);
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
        Oms oms = Oms.builder().build();
        data.install(oms);
        Invariants invariants = new Invariants(oms, data, List.of(), 1);
        invariants.checkpoint(oms.clock().instant());
        assertThat(invariants.verdicts(new Journal(), new EventCounter().snapshot())).allMatch(Check::passed);

        // Five units arrive that nobody told the checker about: conservation must notice, and only it.
        var store = data.stores().get(0).id();
        var sku = data.skuIds().get(0);
        oms.inventory().receive(store, sku, 5, MovementId.of("unrecorded-drop"));
        invariants.checkpoint(oms.clock().instant());
        List<Check> checks = invariants.verdicts(new Journal(), new EventCounter().snapshot());
        assertThat(checks).filteredOn(c -> !c.passed()).extracting(Check::id).containsExactly("3");
        assertThat(checks.stream().filter(c -> c.id().equals("3")).findFirst().orElseThrow().detail())
                .contains(store + "/" + sku);
    }

    @Test
    void aSecondOrderOfOneCustomerIsSeenThroughThePortAndFailsIdempotency() {
        SampleData data = SampleData.bengaluru();
        Oms oms = Oms.builder().build();
        data.install(oms);
        CustomerId asha = CustomerId.of("cust-00001");
        Cart cart = Cart.of(new CartLine(SkuId.of("AMUL-TAAZA-500ML"), 1));
        for (String key : List.of("checkout-a", "checkout-b")) {
            assertThat(oms.place(PlaceOrderRequest.of(asha, IdempotencyKey.of(key), Pincode.of("560034"), cart)))
                    .isInstanceOf(PlacementResult.Placed.class);
        }

        RunOrders.Snapshot read = new RunOrders(oms.orderRepository(), List.of(asha, CustomerId.of("cust-00002")), 2)
                .read();
        assertThat(read.orders()).hasSize(2).allMatch(o -> o.customer().equals(asha));
        assertThat(read.duplicates()).singleElement().asString().contains("cust-00001 has 2 orders");

        Invariants invariants = new Invariants(oms, data, List.of(asha), 1);
        invariants.checkpoint(oms.clock().instant());
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
        for (String id : new String[] {"1", "2", "3", "4", "5", "6", "7"}) {
            assertThat(text).containsPattern("(?m)^  PASS  " + id + "  ");
        }
        assertThat(text).doesNotContainPattern("(?m)^  FAIL ").contains("All 9 checks passed.");
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
        assertThat(SimulationOptions.parse("--seed=-3", "--customers", "10", "--threads=2"))
                .isEqualTo(new SimulationOptions(10, 2, -3));
        assertThatThrownBy(() -> SimulationOptions.parse("--customers", "0"))
                .isInstanceOf(SimulationOptions.UsageException.class);
    }

    @Test
    void theClockMovesOnlyWhenToldAndItsZoneViewsMoveWithIt() {
        SimulationClock clock = new SimulationClock(Instant.parse("2025-06-02T01:30:00Z"), ZoneId.of("Asia/Kolkata"));
        java.time.Clock utc = clock.withZone(ZoneOffset.UTC);
        assertThat(clock.localTime()).hasToString("07:00");
        clock.advance(Duration.ofMinutes(10));
        assertThat(utc.instant()).isEqualTo(Instant.parse("2025-06-02T01:40:00Z"));
        assertThat(clock.withZone(clock.getZone())).isEqualTo(clock);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
