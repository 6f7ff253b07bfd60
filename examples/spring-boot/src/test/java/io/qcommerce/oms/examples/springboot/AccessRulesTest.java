package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_B;
import static io.qcommerce.oms.examples.springboot.support.Api.RAVI;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who sees and changes what: customers their own orders, managers their own store, admins everything. */
class AccessRulesTest extends ServiceTest {

    @Test
    void aCustomerAskingForAnotherCustomersOrderGetsNothingOfIt() {
        String milk = sku(unique("SECRET-MILK"), 6500, 6);
        receive(STORE_A, milk, 5);
        String ashas = placed(ASHA, PINCODE_A, milk, 2);

        Reply probe = api.get(RAVI, "/orders/" + ashas);
        Reply nothing = api.get(RAVI, "/orders/o-00000000000000000000000000000000");
        assertThat(probe.status()).isEqualTo(404);
        assertThat(probe.code()).isEqualTo(nothing.code()).isEqualTo("UNKNOWN_ORDER");
        assertThat(probe.body()).doesNotContain("asha", milk, STORE_A, PINCODE_A, "AWAITING_PAYMENT");
        // Same shape as an order that does not exist, but for the id the caller sent.
        assertThat(probe.body().replace(ashas, "ID"))
                .isEqualTo(nothing.body().replace("o-00000000000000000000000000000000", "ID"));

        for (String action : List.of("payment-failed", "cancel")) {
            Reply r = api.post(RAVI, "/orders/" + ashas + "/" + action, null);
            assertThat(r.status()).as(action).isEqualTo(404);
            assertThat(r.body()).doesNotContain("asha");
        }
        assertThat((String) api.get(ASHA, "/orders/" + ashas).json("$.status")).isEqualTo("AWAITING_PAYMENT");
        assertThat(api.get(ADMIN, "/orders/" + ashas).status()).isEqualTo(200);
    }

    @Test
    void aCustomerListsOnlyTheirOwnOrders() {
        String milk = sku(6500);
        receive(STORE_A, milk, 5);
        clock.advance(java.time.Duration.ofSeconds(1)); // newer than every order of the tests before
        String ashas = placed(ASHA, PINCODE_A, milk, 1);
        String ravis = placed(RAVI, PINCODE_A, milk, 1);

        Reply mine = api.get(ASHA, "/orders");
        assertThat(mine.status()).isEqualTo(200);
        List<String> ids = mine.json("$[*].id");
        assertThat(ids).contains(ashas).doesNotContain(ravis);
        assertThat(mine.<String>list("$[*].customer")).containsOnly("asha");
        assertThat(ids.get(0)).isEqualTo(ashas); // newest first

        Reply others = api.get(ASHA, "/orders?customer=ravi");
        assertThat(others.status()).isEqualTo(403);
        assertThat(others.body()).doesNotContain(ravis);
        assertThat(api.get(ASHA, "/orders?store=" + STORE_A + "&status=AWAITING_PAYMENT")
                        .status())
                .isEqualTo(403);

        assertThat(api.get(ADMIN, "/orders?customer=ravi").<String>list("$[*].id"))
                .contains(ravis);
        assertThat(api.get(ADMIN, "/orders").status()).isEqualTo(400);
        assertThat(api.get(MANAGER_A, "/orders?customer=ravi").status()).isEqualTo(403);
        assertThat(api.get(ASHA, "/orders?limit=9999").status()).isEqualTo(400);
    }

    @Test
    void aManagerSeesAndMovesOnlyTheirStoresOrders() {
        String milk = sku(6500);
        receive(STORE_A, milk, 5);
        receive(STORE_B, milk, 5);
        String inA = confirmed(ASHA, PINCODE_A, milk, 1);
        String inB = confirmed(ASHA, PINCODE_B, milk, 1);

        assertThat(api.get(MANAGER_A, "/orders/" + inA).status()).isEqualTo(200);
        Reply other = api.get(MANAGER_A, "/orders/" + inB);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body()).doesNotContain(STORE_B);
        assertThat(api.post(MANAGER_A, "/orders/" + inB + "/status", "{\"status\": \"PICKING\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.post(MANAGER_A, "/orders/" + inB + "/cancel", null).status())
                .isEqualTo(404);
        assertThat(api.post(MANAGER_B, "/orders/" + inB + "/status", "{\"status\": \"PICKING\"}")
                        .status())
                .isEqualTo(200);

        Reply queue = api.get(MANAGER_A, "/orders?store=" + STORE_A + "&status=CONFIRMED&limit=500");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.<String>list("$[*].id")).contains(inA);
        assertThat(queue.<String>list("$[*].store")).containsOnly(STORE_A);
        assertThat(api.get(MANAGER_A, "/orders?store=" + STORE_B + "&status=CONFIRMED")
                        .status())
                .isEqualTo(403);
        assertThat(api.get(MANAGER_A, "/orders?store=" + STORE_A).status()).isEqualTo(400);
        assertThat(api.get(ADMIN, "/orders?store=" + STORE_B + "&status=PICKING")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aCustomerNeitherConfirmsPaymentsNorMovesOrders() {
        String milk = sku(6500);
        receive(STORE_A, milk, 5);
        String id = placed(ASHA, PINCODE_A, milk, 1);
        assertThat(api.post(ASHA, "/orders/" + id + "/payment-confirmed", null).status())
                .isEqualTo(403);
        assertThat(api.post(MANAGER_A, "/orders/" + id + "/payment-confirmed", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.post(ASHA, "/orders/" + id + "/status", "{\"status\": \"PICKING\"}")
                        .status())
                .isEqualTo(403);
        assertThat((String) api.get(ASHA, "/orders/" + id).json("$.status")).isEqualTo("AWAITING_PAYMENT");
    }

    @Test
    void aManagerReceivesStockIntoTheirStoreOnlyAndAnAdminIntoAny() {
        String milk = sku(6500);
        String body = "{\"sku\": \"" + milk + "\", \"units\": 5}";
        assertThat(api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", body)
                        .status())
                .isEqualTo(200);
        Reply refused = api.post(MANAGER_A, "/stores/" + STORE_B + "/stock/receipts", body);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("FORBIDDEN");
        assertThat(available(STORE_B, milk)).isZero();
        assertThat(api.post(ASHA, "/stores/" + STORE_A + "/stock/receipts", body)
                        .status())
                .isEqualTo(403);
        assertThat(api.post(ADMIN, "/stores/" + STORE_B + "/stock/receipts", body)
                        .status())
                .isEqualTo(200);
        assertThat(available(STORE_B, milk)).isEqualTo(5);
    }
}
