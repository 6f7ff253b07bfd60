package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Api;
import io.qcommerce.oms.examples.springboot.support.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CartApiTest extends ServiceTest {

    @Test
    void aValidCartIsPricedWithDuplicateLinesMerged() {
        String milk = sku(unique("MILK"), 6500, 6);
        String bread = sku(unique("BREAD"), 4000, 6);
        Reply r = api.post(ASHA, "/carts/validate", """
                {"lines": [{"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 1}]}""".formatted(milk, bread, milk));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat((Boolean) r.json("$.valid")).isTrue();
        assertThat(r.<String>list("$.lines[*].sku")).containsExactly(milk, bread);
        assertThat(r.<Integer>list("$.lines[*].quantity")).containsExactly(2, 2);
        assertThat((Integer) r.json("$.totals.total.minor")).isEqualTo(2 * 6500 + 2 * 4000);
        assertThat((Integer) r.json("$.totals.itemCount")).isEqualTo(4);
    }

    @Test
    void aCartWithProblemsIsUnprocessableWithEveryProblemListed() {
        String small = sku(unique("SMALL"), 100, 2);
        String off = sku(100);
        api.post(Api.ADMIN, "/skus/" + off + "/deactivate", null);
        Reply r = api.post(ASHA, "/carts/validate", """
                {"lines": [{"sku": "%s", "quantity": 3}, {"sku": "%s", "quantity": 1}, {"sku": "NOPE", "quantity": 1},
                           {"sku": "%s", "quantity": -1}]}""".formatted(small, off, sku(100)));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("CART_REJECTED");
        assertThat(r.<String>list("$.problems[*].code"))
                .containsExactlyInAnyOrder("ABOVE_MAX_PER_ORDER", "INACTIVE_SKU", "UNKNOWN_SKU", "INVALID_QUANTITY");

        Reply empty = api.post(ASHA, "/carts/validate", """
                {"lines": []}""");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.<String>list("$.problems[*].code")).containsExactly("EMPTY_CART");
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        String huge = "{\"lines\": [" + "{\"sku\": \"X\", \"quantity\": 1},".repeat(40_000) + "]}";
        Reply r = api.post(ASHA, "/carts/validate", huge);
        assertThat(r.status()).as(r.toString()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("REQUEST_TOO_LARGE");
    }

    @Test
    void aCartWithoutLinesOrWithBrokenLinesIsBadInput() {
        Reply missing = api.post(ASHA, "/carts/validate", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.<String>list("$.violations[*].field")).containsExactly("lines");
        Reply broken = api.post(ASHA, "/carts/validate", """
                {"lines": [{"sku": "a b", "quantity": 1}, {"sku": "X"}]}""");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.<String>list("$.violations[*].field")).containsExactly("lines[0].sku", "lines[1].quantity");
        Reply wrongType = api.post(ASHA, "/carts/validate", """
                {"lines": [{"sku": "X", "quantity": "two"}]}""");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(wrongType.<String>list("$.violations[*].field")).containsExactly("lines[0].quantity");
        Reply fraction = api.post(ASHA, "/carts/validate", """
                {"lines": [{"sku": "X", "quantity": 1.9}]}""");
        assertThat(fraction.status()).as(fraction.toString()).isEqualTo(400);
        assertThat(fraction.code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(fraction.<String>list("$.violations[*].field")).containsExactly("lines[0].quantity");
    }

    @Test
    void assigningAStorePicksOneThatCanServeTheWholeCart() {
        String pin = uniquePincode();
        String near = store(unique("NEAR"), pin, 1);
        String far = store(unique("FAR"), pin, 0);
        api.put(Api.ADMIN, "/stores/" + near, """
                {"name": "near", "pincodes": ["%s"], "priority": 1, "location": {"latitude": 12.9716, "longitude": 77.5946}}""".formatted(pin));
        api.put(Api.ADMIN, "/stores/" + far, """
                {"name": "far", "pincodes": ["%s"], "priority": 0, "location": {"latitude": 13.2, "longitude": 77.7}}""".formatted(pin));
        String milk = sku(6500);
        receive(near, milk, 3);
        receive(far, milk, 3);

        String cart = """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 2}]%s}""";
        Reply byPriority = api.post(ASHA, "/carts/assign-store", cart.formatted(pin, milk, ""));
        assertThat(byPriority.status()).as(byPriority.toString()).isEqualTo(200);
        assertThat((String) byPriority.json("$.store.id")).isEqualTo(far);
        assertThat((Integer) byPriority.json("$.totals.total.minor")).isEqualTo(13000);

        Reply byDistance = api.post(
                ASHA,
                "/carts/assign-store",
                cart.formatted(pin, milk, ", \"location\": {\"latitude\": 12.972, \"longitude\": 77.595}"));
        assertThat((String) byDistance.json("$.store.id")).isEqualTo(near);

        Reply tooMuch = api.post(ASHA, "/carts/assign-store", """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 4}]}""".formatted(pin, milk));
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.code()).isEqualTo("OUT_OF_STOCK");

        Reply nowhere = api.post(ASHA, "/carts/assign-store", cart.formatted(uniquePincode(), milk, ""));
        assertThat(nowhere.status()).isEqualTo(422);
        assertThat(nowhere.code()).isEqualTo("NOT_SERVICEABLE");

        Reply invalid = api.post(ASHA, "/carts/assign-store", """
                {"pincode": "%s", "lines": [{"sku": "NOPE", "quantity": 1}]}""".formatted(pin));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.code()).isEqualTo("CART_REJECTED");

        Reply noPincode = api.post(MANAGER_A, "/carts/assign-store", """
                {"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(milk));
        assertThat(noPincode.status()).isEqualTo(400);
    }

    @Test
    void callersWithoutValidCredentialsAreUnauthorized() {
        Reply anonymous = api.send(null, "POST", "/carts/validate", "{\"lines\": []}", Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(anonymous.code()).isEqualTo("UNAUTHENTICATED");

        Reply wrongPassword = api.send(null, "GET", "/me", null, Map.of("Authorization", Api.basic("asha", "guess")));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.header("Content-Type")).startsWith("application/problem+json");
        assertNoInternals(wrongPassword);
    }
}
