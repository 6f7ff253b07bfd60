package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health, metrics, who-am-i, and the answers to requests the API does not have. */
class OperationsTest extends ServiceTest {

    @Test
    void healthIsPublicAndItsDetailsAreForAdmins() {
        Reply anonymous = api.get(null, "/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat((String) anonymous.json("$.status")).isEqualTo("UP");
        assertThat(anonymous.body()).doesNotContain("components");
        Reply admin = api.get(ADMIN, "/actuator/health");
        assertThat((String) admin.json("$.components.ping.status")).isEqualTo("UP");
    }

    @Test
    void metricsCountPlacementsHoldsConfirmationsAndAreForAdmins() {
        String milk = sku(6500);
        receive(STORE_A, milk, 5);
        double placedBefore = count("oms.placements", "outcome:placed");
        double heldBefore = count("oms.holds", "outcome:held");
        double confirmedBefore = count("oms.confirmations", "outcome:confirmed");
        double rejectedBefore = count("oms.placements", "outcome:cart_rejected");
        confirmed(ASHA, PINCODE_A, milk, 1);
        place(ASHA, unique("k"), PINCODE_A, "NOPE", 1);

        assertThat(count("oms.placements", "outcome:placed")).isEqualTo(placedBefore + 1);
        assertThat(count("oms.holds", "outcome:held")).isEqualTo(heldBefore + 1);
        assertThat(count("oms.confirmations", "outcome:confirmed")).isEqualTo(confirmedBefore + 1);
        assertThat(count("oms.placements", "outcome:cart_rejected")).isEqualTo(rejectedBefore + 1);

        assertThat(api.get(ASHA, "/actuator/metrics").status()).isEqualTo(403);
        assertThat(api.get(null, "/actuator/metrics").status()).isEqualTo(401);
    }

    @Test
    void meTellsTheCallerWhoTheyAre() {
        Reply manager = api.get(MANAGER_A, "/me");
        assertThat((String) manager.json("$.role")).isEqualTo("STORE_MANAGER");
        assertThat((String) manager.json("$.store")).isEqualTo(STORE_A);
        Reply customer = api.get(ASHA, "/me");
        assertThat((String) customer.json("$.customer")).isEqualTo("asha");
    }

    @Test
    void requestsOutsideTheApiAreProblemsToo() {
        Reply route = api.get(ASHA, "/no/such/thing");
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.code()).isEqualTo("NO_SUCH_ENDPOINT");
        Reply method = api.send(ADMIN, "DELETE", "/stores/" + STORE_A, null, Map.of());
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.code()).isEqualTo("METHOD_NOT_ALLOWED");
        Reply media = api.send(ADMIN, "POST", "/carts/validate", "lines=1", Map.of("Content-Type", "text/plain"));
        assertThat(media.status()).isEqualTo(415);
        assertThat(media.header("Content-Type")).startsWith("application/problem+json");
        Reply malformed = api.post(ASHA, "/carts/validate", "{\"lines\": [");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("MALFORMED_REQUEST");
        assertNoInternals(malformed);
    }

    private double count(String name, String tag) {
        Reply r = api.get(ADMIN, "/actuator/metrics/" + name + "?tag=" + tag);
        if (r.status() == 404) {
            return 0;
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return ((Number) r.json("$.measurements[0].value")).doubleValue();
    }
}
