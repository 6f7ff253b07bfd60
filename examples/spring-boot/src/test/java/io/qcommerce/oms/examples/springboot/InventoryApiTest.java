package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_B;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import org.junit.jupiter.api.Test;

class InventoryApiTest extends ServiceTest {

    @Test
    void aReceiptWithAMovementIdCountsOnceHoweverOftenItIsSent() {
        String milk = sku(6500);
        String grn = unique("GRN");
        String body = "{\"sku\": \"" + milk + "\", \"units\": 12, \"movementId\": \"" + grn + "\"}";
        Reply first = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat((Integer) first.json("$.onHand")).isEqualTo(12);
        assertThat((Integer) first.json("$.available")).isEqualTo(12);
        Reply retry = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", body);
        assertThat((Integer) retry.json("$.onHand")).isEqualTo(12);
        receive(STORE_A, milk, 3);
        assertThat(available(STORE_A, milk)).isEqualTo(15);
    }

    @Test
    void aBadReceiptIsRefusedWithEveryProblemOrNotFound() {
        Reply empty = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", "{\"movementId\": \"a b\"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.<String>list("$.violations[*].field")).containsExactlyInAnyOrder("sku", "units", "movementId");

        String milk = sku(6500);
        Reply zero = api.post(
                MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", "{\"sku\": \"" + milk + "\", \"units\": 0}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.code()).isEqualTo("INVALID_QUANTITY");

        Reply unknownSku =
                api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", "{\"sku\": \"NOPE\", \"units\": 1}");
        assertThat(unknownSku.status()).isEqualTo(404);
        assertThat(unknownSku.code()).isEqualTo("UNKNOWN_SKU");
        Reply unknownStore =
                api.post(ADMIN, "/stores/NO-SUCH/stock/receipts", "{\"sku\": \"" + milk + "\", \"units\": 1}");
        assertThat(unknownStore.status()).isEqualTo(404);
        assertThat(unknownStore.code()).isEqualTo("UNKNOWN_STORE");
    }

    @Test
    void anAdjustmentCorrectsStockButNeverBelowWhatIsHeld() {
        String milk = sku(6500);
        receive(STORE_A, milk, 10);
        Reply damaged =
                api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/adjustments", """
                {"sku": "%s", "delta": -2, "reason": "2 packs damaged", "movementId": "%s"}""".formatted(milk, unique("cnt")));
        assertThat(damaged.status()).isEqualTo(200);
        assertThat((Integer) damaged.json("$.level.onHand")).isEqualTo(8);
        assertThat((Boolean) damaged.json("$.repeated")).isFalse();

        placed(ASHA, PINCODE_A, milk, 6);
        Reply tooMuch = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/adjustments", """
                {"sku": "%s", "delta": -3, "reason": "count"}""".formatted(milk));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.code()).isEqualTo("STOCK_CHANGE_REJECTED");
        assertThat((Integer) tooMuch.json("$.level.reserved")).isEqualTo(6);
        assertThat(available(STORE_A, milk)).isEqualTo(2);

        Reply noReason = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/adjustments", """
                {"sku": "%s", "delta": 0}""".formatted(milk));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.<String>list("$.violations[*].field")).containsExactly("reason");
        Reply zero = api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/adjustments", """
                {"sku": "%s", "delta": 0, "reason": "nothing"}""".formatted(milk));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.code()).isEqualTo("INVALID_QUANTITY");
        assertThat(api.post(MANAGER_B, "/stores/" + STORE_A + "/stock/adjustments", """
                {"sku": "%s", "delta": 1, "reason": "x"}""".formatted(milk))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void availabilityListsEverySkuAskedFor() {
        String milk = sku(6500);
        String bread = sku(4000);
        receive(STORE_A, milk, 4);
        placed(ASHA, PINCODE_A, milk, 1);

        Reply r = api.get(MANAGER_A, "/stores/" + STORE_A + "/stock?sku=" + milk + "&sku=" + bread);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.<String>list("$[*].sku")).containsExactly(milk, bread);
        assertThat(r.<Integer>list("$[*].onHand")).containsExactly(4, 0);
        assertThat(r.<Integer>list("$[*].reserved")).containsExactly(1, 0);
        assertThat(r.<Integer>list("$[*].available")).containsExactly(3, 0);
        assertThat(api.get(ADMIN, "/stores/" + STORE_A + "/stock?sku=" + milk + "," + bread)
                        .<String>list("$[*].sku"))
                .containsExactly(milk, bread);

        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock").status()).isEqualTo(400);
        assertThat(api.get(ADMIN, "/stores/NO-SUCH/stock?sku=" + milk).status()).isEqualTo(404);
        assertThat(api.get(MANAGER_B, "/stores/" + STORE_A + "/stock?sku=" + milk)
                        .status())
                .isEqualTo(403);
        assertThat(api.get(ASHA, "/stores/" + STORE_A + "/stock?sku=" + milk).status())
                .isEqualTo(403);
    }
}
