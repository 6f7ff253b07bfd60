package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_B;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Low-stock thresholds per SKU and per store, and the SKUs under theirs. */
class LowStockApiTest extends ServiceTest {
    /** oms.low-stock-threshold in application.yml, which the test profile keeps. */
    private static final int CONFIGURED = 10;

    @Test
    void aSkuThresholdWinsOverTheStoreDefaultWhichWinsOverTheConfiguredOne() {
        String store = store(unique("S"), uniquePincode(), 0);
        String milk = sku(6500);
        String bread = sku(4000);
        Reply configured = api.get(ADMIN, "/stores/" + store + "/stock/thresholds/" + milk);
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
        assertThat((Integer) configured.json("$.threshold")).isEqualTo(CONFIGURED);
        assertThat((String) configured.json("$.source")).isEqualTo("CONFIGURED");

        Reply own = api.put(ADMIN, "/stores/" + store + "/stock/thresholds/" + milk, "{\"threshold\": 4}");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat((Integer) own.json("$.threshold")).isEqualTo(4);
        assertThat((String) own.json("$.source")).isEqualTo("SKU");

        Reply storeDefault = api.put(ADMIN, "/stores/" + store + "/stock/thresholds", "{\"storeDefault\": 7}");
        assertThat(storeDefault.status()).as(storeDefault.toString()).isEqualTo(200);
        assertThat((Integer) storeDefault.json("$.storeDefault")).isEqualTo(7);
        assertThat((Integer) storeDefault.json("$.configuredDefault")).isEqualTo(CONFIGURED);
        assertThat(storeDefault.<String>list("$.skus[*].sku")).containsExactly(milk);
        assertThat(storeDefault.<Integer>list("$.skus[*].threshold")).containsExactly(4);
        assertThat((String) api.get(ADMIN, "/stores/" + store + "/stock/thresholds/" + bread)
                        .json("$.source"))
                .isEqualTo("STORE_DEFAULT");

        Reply cleared = api.send(ADMIN, "DELETE", "/stores/" + store + "/stock/thresholds/" + milk, null, Map.of());
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat((Integer) cleared.json("$.threshold")).isEqualTo(7);
        assertThat((String) cleared.json("$.source")).isEqualTo("STORE_DEFAULT");
        assertThat(api.get(ADMIN, "/stores/" + store + "/stock/thresholds").body())
                .contains("\"skus\":[]");
    }

    @Test
    void theLowStockListHasTheSkusUnderTheirThresholdFewestFirst() {
        String store = store(unique("S"), uniquePincode(), 0);
        String milk = sku(6500);
        String bread = sku(4000);
        String eggs = sku(9000);
        String never = sku(2000);
        receive(store, milk, 3);
        receive(store, bread, 8);
        receive(store, eggs, 50);
        api.put(ADMIN, "/stores/" + store + "/stock/thresholds/" + never, "{\"threshold\": 1}");
        api.put(ADMIN, "/stores/" + store + "/stock/thresholds/" + bread, "{\"threshold\": 0}"); // alerts off

        Reply low = api.get(ADMIN, "/stores/" + store + "/stock/low");
        assertThat(low.status()).as(low.toString()).isEqualTo(200);
        // A SKU never stocked counts when it has a threshold of its own; bread is under 10 but silenced.
        assertThat(low.<String>list("$[*].sku")).containsExactly(never, milk);
        assertThat(low.<Integer>list("$[*].available")).containsExactly(0, 3);
        assertThat(low.<Integer>list("$[*].threshold")).containsExactly(1, CONFIGURED);
        assertThat(low.<String>list("$[*].store")).containsOnly(store);
    }

    @Test
    void aManagerSetsThresholdsOfTheirOwnStoreOnly() {
        String milk = sku(6500);
        receive(STORE_A, milk, 2);
        Reply set = api.put(MANAGER_A, "/stores/" + STORE_A + "/stock/thresholds/" + milk, "{\"threshold\": 3}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/low").<String>list("$[*].sku"))
                .contains(milk);

        assertThat(api.put(MANAGER_B, "/stores/" + STORE_A + "/stock/thresholds/" + milk, "{\"threshold\": 9}")
                        .status())
                .isEqualTo(403);
        assertThat(api.put(MANAGER_B, "/stores/" + STORE_A + "/stock/thresholds", "{\"storeDefault\": 9}")
                        .status())
                .isEqualTo(403);
        assertThat(api.get(MANAGER_B, "/stores/" + STORE_A + "/stock/low").status())
                .isEqualTo(403);
        assertThat(api.send(MANAGER_B, "DELETE", "/stores/" + STORE_A + "/stock/thresholds/" + milk, null, Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api.get(ASHA, "/stores/" + STORE_A + "/stock/thresholds").status())
                .isEqualTo(403);
        assertThat((Integer) api.get(ADMIN, "/stores/" + STORE_A + "/stock/thresholds/" + milk)
                        .json("$.threshold"))
                .isEqualTo(3);
    }

    @Test
    void aBadThresholdIsRefusedAndUnknownStoresAndSkusAreNotFound() {
        String milk = sku(6500);
        Reply negative = api.put(MANAGER_A, "/stores/" + STORE_A + "/stock/thresholds/" + milk, "{\"threshold\": -1}");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.code()).isEqualTo("INVALID_QUANTITY");
        assertThat(negative.<String>list("$.violations[*].field")).containsExactly("threshold");
        Reply missing = api.put(MANAGER_A, "/stores/" + STORE_A + "/stock/thresholds/" + milk, "{}");
        assertThat(missing.<String>list("$.violations[*].field")).containsExactly("threshold");
        Reply badDefault = api.put(MANAGER_A, "/stores/" + STORE_A + "/stock/thresholds", "{\"storeDefault\": -5}");
        assertThat(badDefault.status()).isEqualTo(400);
        assertThat(badDefault.<String>list("$.violations[*].field")).containsExactly("storeDefault");
        Reply text =
                api.put(MANAGER_A, "/stores/" + STORE_A + "/stock/thresholds/" + milk, "{\"threshold\": \"many\"}");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.code()).isEqualTo("MALFORMED_REQUEST");

        Reply unknownSku = api.put(MANAGER_A, "/stores/" + STORE_A + "/stock/thresholds/NOPE", "{\"threshold\": 1}");
        assertThat(unknownSku.status()).isEqualTo(404);
        assertThat(unknownSku.code()).isEqualTo("UNKNOWN_SKU");
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/thresholds/NOPE")
                        .code())
                .isEqualTo("UNKNOWN_SKU");
        Reply unknownStore = api.put(ADMIN, "/stores/NO-SUCH/stock/thresholds/" + milk, "{\"threshold\": 1}");
        assertThat(unknownStore.status()).isEqualTo(404);
        assertThat(unknownStore.code()).isEqualTo("UNKNOWN_STORE");
        assertThat(api.get(ADMIN, "/stores/NO-SUCH/stock/low").code()).isEqualTo("UNKNOWN_STORE");
        assertThat(api.put(ADMIN, "/stores/NO-SUCH/stock/thresholds", "{\"storeDefault\": 1}")
                        .code())
                .isEqualTo("UNKNOWN_STORE");
    }
}
