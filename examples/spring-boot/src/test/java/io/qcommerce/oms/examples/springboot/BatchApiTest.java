package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_B;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stock in batches with an expiry: received, corrected, listed, sold first expiry first. */
class BatchApiTest extends ServiceTest {

    @Test
    void aManagerReceivesBatchesAndListsThemFirstExpiryFirst() {
        String milk = sku(6500);
        String late = unique("LOT");
        String soon = unique("LOT");
        String grn = unique("GRN");
        String receipt = """
                {"sku": "%s", "units": 10, "batch": "%s", "expiresAt": "%s", "movementId": "%s"}""".formatted(milk, late, in(Duration.ofDays(5)), grn);
        Reply first = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", receipt);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat((Integer) first.json("$.onHand")).isEqualTo(10);
        assertThat((Integer) first.json("$.expired")).isZero();
        Reply retry = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", receipt);
        assertThat(retry.status()).as("a retry with the same movement id").isEqualTo(200);
        assertThat((Integer) retry.json("$.onHand")).isEqualTo(10);
        Reply offset = api.post(ADMIN, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "%s", "units": 4, "batch": "%s", "expiresAt": "%s"}""".formatted(
                        milk, soon, in(Duration.ofDays(1)).atOffset(ZoneOffset.ofHoursMinutes(5, 30))));
        assertThat(offset.status()).as(offset.toString()).isEqualTo(200);
        receive(STORE_A, milk, 3);

        Reply batches = api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/batches?sku=" + milk);
        assertThat(batches.status()).isEqualTo(200);
        assertThat(batches.<String>list("$[*].batch")).containsExactly(soon, late);
        assertThat(batches.<Integer>list("$[*].onHand")).containsExactly(4, 10);
        assertThat(batches.<Integer>list("$[*].available")).containsExactly(4, 10);
        assertThat(batches.<Boolean>list("$[*].expired")).containsExactly(false, false);
        assertThat((String) batches.json("$[1].expiresAt"))
                .isEqualTo(in(Duration.ofDays(5)).toString());
        assertThat(available(STORE_A, milk)).isEqualTo(17);

        Reply duplicate = api.post(
                MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "%s", "units": 1, "batch": "%s", "expiresAt": "%s"}""".formatted(milk, late, in(Duration.ofDays(9))));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.code()).isEqualTo("DUPLICATE_BATCH");
        assertThat(available(STORE_A, milk)).isEqualTo(17);
    }

    @Test
    void aBadBatchReceiptIsRefusedWithItsReason() {
        String milk = sku(6500);
        Reply expired = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "%s", "units": 5, "batch": "%s", "expiresAt": "%s"}""".formatted(
                        milk, unique("LOT"), clock.instant().minus(Duration.ofHours(1))));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.code()).isEqualTo("BATCH_EXPIRED");
        assertThat(expired.<String>list("$.violations[*].field")).containsExactly("expiresAt");

        Reply halves =
                api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "%s", "units": 5, "batch": "%s"}""".formatted(milk, unique("LOT")));
        assertThat(halves.status()).isEqualTo(400);
        assertThat(halves.<String>list("$.violations[*].field")).containsExactly("expiresAt");
        Reply broken = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "%s", "units": 5, "batch": "lot 7", "expiresAt": "next week"}""".formatted(milk));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.<String>list("$.violations[*].field")).containsExactlyInAnyOrder("batch", "expiresAt");
        Reply noCode = api.post(
                MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "%s", "units": 5, "expiresAt": "%s"}""".formatted(milk, in(Duration.ofDays(2))));
        assertThat(noCode.<String>list("$.violations[*].field")).containsExactly("batch");

        String batch = """
                {"sku": "%s", "units": 5, "batch": "%s", "expiresAt": "%s"}""";
        Reply unknownSku = api.post(
                ADMIN,
                "/stores/" + STORE_A + "/stock/receipts",
                batch.formatted("NOPE", unique("LOT"), in(Duration.ofDays(2))));
        assertThat(unknownSku.status()).isEqualTo(404);
        assertThat(unknownSku.code()).isEqualTo("UNKNOWN_SKU");
        Reply unknownStore = api.post(
                ADMIN, "/stores/NO-SUCH/stock/receipts", batch.formatted(milk, unique("LOT"), in(Duration.ofDays(2))));
        assertThat(unknownStore.code()).isEqualTo("UNKNOWN_STORE");
        assertThat(api.post(
                                MANAGER_B,
                                "/stores/" + STORE_A + "/stock/receipts",
                                batch.formatted(milk, unique("LOT"), in(Duration.ofDays(2))))
                        .status())
                .isEqualTo(403);
        assertThat(available(STORE_A, milk)).isZero();
    }

    @Test
    void aBatchIsCorrectedButNeverBelowWhatOrdersTookFromIt() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        String lot = unique("LOT");
        receiveBatch(store, milk, lot, 10, Duration.ofDays(3));

        Reply damaged = api.post(ADMIN, "/stores/" + store + "/stock/adjustments", """
                {"sku": "%s", "batch": "%s", "delta": -2, "reason": "2 packs damaged"}""".formatted(milk, lot));
        assertThat(damaged.status()).as(damaged.toString()).isEqualTo(200);
        assertThat((Integer) damaged.json("$.level.onHand")).isEqualTo(8);
        assertThat((Integer) api.get(ADMIN, "/stores/" + store + "/stock/batches?sku=" + milk)
                        .json("$[0].onHand"))
                .isEqualTo(8);

        placed(ASHA, pin, milk, 6);
        Reply tooMuch = api.post(ADMIN, "/stores/" + store + "/stock/adjustments", """
                {"sku": "%s", "batch": "%s", "delta": -3, "reason": "count"}""".formatted(milk, lot));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.code()).isEqualTo("STOCK_CHANGE_REJECTED");
        assertThat((String) tooMuch.json("$.cause")).isEqualTo("INSUFFICIENT_UNITS");
        assertThat((Integer) tooMuch.json("$.level.reserved")).isEqualTo(6);

        Reply unknown = api.post(ADMIN, "/stores/" + store + "/stock/adjustments", """
                {"sku": "%s", "batch": "%s", "delta": -1, "reason": "count"}""".formatted(milk, unique("LOT")));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_BATCH");
        Reply brokenCode = api.post(ADMIN, "/stores/" + store + "/stock/adjustments", """
                {"sku": "%s", "batch": "a:b", "delta": -1, "reason": "count"}""".formatted(milk));
        assertThat(brokenCode.status()).isEqualTo(400);
        assertThat(brokenCode.<String>list("$.violations[*].field")).containsExactly("batch");
        assertThat(available(store, milk)).isEqualTo(2);
    }

    @Test
    void theBatchesExpiringSoonAreListedAndExpiredUnitsAreNotForSale() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        String bread = sku(4000);
        String milkToday = unique("LOT");
        String breadTomorrow = unique("LOT");
        String milkNextWeek = unique("LOT");
        receiveBatch(store, milk, milkToday, 4, Duration.ofHours(1));
        receiveBatch(store, bread, breadTomorrow, 6, Duration.ofHours(30));
        receiveBatch(store, milk, milkNextWeek, 5, Duration.ofDays(7));

        Reply soon = api.get(ADMIN, "/stores/" + store + "/stock/expiring?days=2");
        assertThat(soon.status()).as(soon.toString()).isEqualTo(200);
        assertThat(soon.<String>list("$[*].batch")).containsExactly(milkToday, breadTomorrow);
        assertThat(soon.<String>list("$[*].sku")).containsExactly(milk, bread);
        assertThat(api.get(ADMIN, "/stores/" + store + "/stock/expiring?days=6").<String>list("$[*].batch"))
                .containsExactly(milkToday, breadTomorrow);
        assertThat(api.get(ADMIN, "/stores/" + store + "/stock/expiring?days=8").<String>list("$[*].batch"))
                .containsExactly(milkToday, breadTomorrow, milkNextWeek);

        clock.advance(Duration.ofHours(2));
        Reply level = api.get(ADMIN, "/stores/" + store + "/stock?sku=" + milk);
        assertThat((Integer) level.json("$[0].onHand")).isEqualTo(9);
        assertThat((Integer) level.json("$[0].expired")).isEqualTo(4);
        assertThat((Integer) level.json("$[0].available")).isEqualTo(5);
        Reply now = api.get(ADMIN, "/stores/" + store + "/stock/expiring?days=0");
        assertThat(now.<String>list("$[*].batch")).containsExactly(milkToday);
        assertThat(now.<Boolean>list("$[*].expired")).containsExactly(true);
        assertThat(now.<Integer>list("$[*].available")).containsExactly(0);

        Reply writtenOff = api.post(ADMIN, "/stores/" + store + "/stock/adjustments", """
                {"sku": "%s", "batch": "%s", "delta": -4, "reason": "expired"}""".formatted(milk, milkToday));
        assertThat(writtenOff.status()).as(writtenOff.toString()).isEqualTo(200);
        assertThat((Integer) writtenOff.json("$.level.expired")).isZero();
        assertThat(api.get(ADMIN, "/stores/" + store + "/stock/expiring?days=0").body())
                .isEqualTo("[]");
    }

    @Test
    void batchListingsNeedTheirParametersAndTheStoresStaff() {
        String milk = sku(6500);
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/batches").<String>list("$.violations[*].field"))
                .containsExactly("sku");
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/batches?sku=" + milk)
                        .body())
                .isEqualTo("[]");
        assertThat(api.get(MANAGER_B, "/stores/" + STORE_A + "/stock/batches?sku=" + milk)
                        .status())
                .isEqualTo(403);
        assertThat(api.get(ASHA, "/stores/" + STORE_A + "/stock/expiring?days=1")
                        .status())
                .isEqualTo(403);
        Reply unknown = api.get(ADMIN, "/stores/NO-SUCH/stock/batches?sku=" + milk);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_STORE");
        assertThat(api.get(ADMIN, "/stores/NO-SUCH/stock/expiring?days=1").code())
                .isEqualTo("UNKNOWN_STORE");
        for (String days : new String[] {"", "-1", "367", "soon"}) {
            String query = days.isEmpty() ? "" : "?days=" + days;
            Reply bad = api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/expiring" + query);
            assertThat(bad.status()).as(days).isEqualTo(400);
            assertThat(bad.<String>list("$.violations[*].field")).containsExactly("days");
        }
    }

    @Test
    void anOrderTakesTheBatchesThatOutlastTheSkusShelfLifeAndShowsThem() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = unique("MILK");
        Reply saved = api.put(ADMIN, "/skus/" + milk, """
                {"name": "Milk", "mrp": 7000, "sellingPrice": 6500, "maxPerOrder": 10, "minShelfLife": "P2D"}""");
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        assertThat((String) saved.json("$.minShelfLife")).isEqualTo("PT48H");
        String curd = sku(3000);
        String tooSoon = unique("LOT");
        String fresh = unique("LOT");
        String fresher = unique("LOT");
        receiveBatch(store, milk, tooSoon, 5, Duration.ofDays(1));
        receiveBatch(store, milk, fresh, 2, Duration.ofDays(4));
        receiveBatch(store, milk, fresher, 5, Duration.ofDays(6));
        receiveBatch(store, curd, tooSoon, 5, Duration.ofDays(1));
        receive(store, curd, 5);

        Reply order = api.post(ASHA, "/orders", """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 3}, {"sku": "%s", "quantity": 7}]}""".formatted(pin, milk, curd), Map.of("Idempotency-Key", unique("k")));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.<String>list("$.lines[0].batches[*].batch")).containsExactly(fresh, fresher);
        assertThat(order.<Integer>list("$.lines[0].batches[*].quantity")).containsExactly(2, 1);
        assertThat((String) order.json("$.lines[0].batches[0].expiresAt"))
                .isEqualTo(in(Duration.ofDays(4)).toString());
        // Curd has no minimum shelf life: its soonest batch first, the rest from units kept without a batch.
        assertThat(order.<String>list("$.lines[1].batches[*].batch")).containsExactly(tooSoon);
        assertThat(order.<Integer>list("$.lines[1].batches[*].quantity")).containsExactly(5);
        String id = order.json("$.id");
        assertThat(api.get(ASHA, "/orders/" + id).<String>list("$.lines[0].batches[*].batch"))
                .containsExactly(fresh, fresher);
        api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null);
        Reply picking = api.get(ADMIN, "/stores/" + store + "/picking-list");
        assertThat(picking.<String>list("$.lines[*].sku")).containsExactly(milk, curd);
        assertThat(picking.<String>list("$.lines[0].batches[*].batch")).containsExactly(fresh, fresher);
        assertThat(picking.<Integer>list("$.lines[0].batches[*].units")).containsExactly(2, 1);
        assertThat(picking.<Integer>list("$.lines[1].batches[*].units")).containsExactly(5);
        assertThat((Integer) picking.json("$.lines[1].units")).isEqualTo(7);

        Reply tooMuch = place(ASHA, unique("k"), pin, milk, 5);
        assertThat(tooMuch.status()).as("only 4 fresh enough units are left").isEqualTo(422);
        assertThat(tooMuch.code()).isEqualTo("OUT_OF_STOCK");
        assertThat((Integer) tooMuch.json("$.shortfalls[0].lines[0].available")).isEqualTo(4);

        Reply cart = api.post(ASHA, "/carts/validate", """
                {"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(milk));
        assertThat(cart.body()).as("a cart holds nothing, so has no batches").doesNotContain("batches");
    }

    @Test
    void theMinimumShelfLifeIsSetWhereTheSkuIsEditedAndKeptUnlessGiven() {
        String id = unique("CURD");
        String body = """
                {"name": "Curd", "mrp": 5000, "sellingPrice": 4500, "maxPerOrder": 4%s}""";
        assertThat((String) api.put(ADMIN, "/skus/" + id, body.formatted("")).json("$.minShelfLife"))
                .isEqualTo("PT0S");
        assertThat((String) api.put(ADMIN, "/skus/" + id, body.formatted(", \"minShelfLife\": \"PT36H\""))
                        .json("$.minShelfLife"))
                .isEqualTo("PT36H");
        Reply repriced = api.put(ADMIN, "/skus/" + id, body.formatted(""));
        assertThat(repriced.status()).isEqualTo(200);
        assertThat((String) repriced.json("$.minShelfLife")).isEqualTo("PT36H");
        assertThat((String) api.get(ASHA, "/skus/" + id).json("$.minShelfLife")).isEqualTo("PT36H");
        assertThat((String) api.put(ADMIN, "/skus/" + id, body.formatted(", \"minShelfLife\": \"PT0S\""))
                        .json("$.minShelfLife"))
                .isEqualTo("PT0S");

        for (String bad : new String[] {"two days", "-P1D", "P400D"}) {
            Reply r = api.put(ADMIN, "/skus/" + id, body.formatted(", \"minShelfLife\": \"" + bad + "\""));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.<String>list("$.violations[*].field")).as(bad).containsExactly("minShelfLife");
        }
        assertThat(api.put(MANAGER_A, "/skus/" + id, body.formatted(", \"minShelfLife\": \"P1D\""))
                        .status())
                .isEqualTo(403);
    }

    /** An instant this far from the test clock, in whole seconds. */
    private Instant in(Duration d) {
        return clock.instant().plus(d).truncatedTo(ChronoUnit.SECONDS);
    }

    private void receiveBatch(String store, String sku, String batch, long units, Duration expiresIn) {
        Reply r = api.post(
                ADMIN, "/stores/" + store + "/stock/receipts", """
                {"sku": "%s", "units": %d, "batch": "%s", "expiresAt": "%s"}""".formatted(sku, units, batch, in(expiresIn)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
