package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogApiTest extends ServiceTest {

    @Test
    void adminCreatesASkuThenReplacesIt() {
        String id = unique("MILK");
        Reply created = api.put(ADMIN, "/skus/" + id, """
                {"name": "Milk 1 L", "mrp": 6800, "sellingPrice": 6500, "maxPerOrder": 6}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/skus/" + id);
        assertThat((Integer) created.json("$.sellingPrice.minor")).isEqualTo(6500);
        assertThat((String) created.json("$.sellingPrice.currency")).isEqualTo("INR");
        assertThat((Boolean) created.json("$.active")).isTrue();

        Reply replaced = api.put(ADMIN, "/skus/" + id, """
                {"name": "Milk 1 L", "mrp": 6800, "sellingPrice": 6200, "maxPerOrder": 4}""");
        assertThat(replaced.status()).isEqualTo(200);

        Reply read = api.get(ASHA, "/skus/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat((Integer) read.json("$.sellingPrice.minor")).isEqualTo(6200);
        assertThat((Integer) read.json("$.maxPerOrder")).isEqualTo(4);
    }

    @Test
    void aSkuWithSeveralProblemsIsRefusedWithEveryOneListed() {
        Reply r = api.put(ADMIN, "/skus/" + unique("BAD"), """
                {"name": " ", "mrp": 1000, "sellingPrice": 1200, "maxPerOrder": 0}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.code()).isEqualTo("INVALID_ARGUMENT");
        List<String> fields = r.json("$.violations[*].field");
        assertThat(fields).containsExactlyInAnyOrder("name", "sellingPrice", "maxPerOrder");
        assertNoInternals(r);

        Reply missing = api.put(ADMIN, "/skus/bad%20id", """
                {"name": "x", "currency": "RUPEES"}""");
        assertThat(missing.status()).isEqualTo(400);
        List<String> missingFields = missing.json("$.violations[*].field");
        assertThat(missingFields).containsExactlyInAnyOrder("id", "currency", "mrp", "sellingPrice", "maxPerOrder");
    }

    @Test
    void onlyAnAdminChangesTheCatalog() {
        String id = sku(1000);
        String body = """
                {"name": "x", "mrp": 100, "sellingPrice": 100, "maxPerOrder": 1}""";
        assertThat(api.put(ASHA, "/skus/" + id, body).status()).isEqualTo(403);
        Reply manager = api.put(MANAGER_A, "/skus/" + id, body);
        assertThat(manager.status()).isEqualTo(403);
        assertThat(manager.code()).isEqualTo("FORBIDDEN");
        assertThat(api.post(MANAGER_A, "/skus/" + id + "/deactivate", null).status())
                .isEqualTo(403);
        assertThat((Integer) api.get(ADMIN, "/skus/" + id).json("$.mrp.minor")).isEqualTo(1100);
    }

    @Test
    void anUnknownSkuIsNotFoundAndABrokenIdIsBadInput() {
        Reply unknown = api.get(ASHA, "/skus/NO-SUCH-SKU");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_SKU");
        assertThat(api.post(ADMIN, "/skus/NO-SUCH-SKU/activate", null).status()).isEqualTo(404);

        Reply broken = api.get(ASHA, "/skus/a$b");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.code()).isEqualTo("INVALID_ID");
    }

    @Test
    void aDeactivatedSkuCannotBeSoldUntilActivatedAgain() {
        String id = sku(500);
        Reply off = api.post(ADMIN, "/skus/" + id + "/deactivate", null);
        assertThat((Boolean) off.json("$.active")).isFalse();
        Reply cart = api.post(ASHA, "/carts/validate", """
                {"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(id));
        assertThat(cart.status()).isEqualTo(422);
        assertThat(cart.<String>list("$.problems[*].code")).containsExactly("INACTIVE_SKU");

        assertThat((Boolean) api.post(ADMIN, "/skus/" + id + "/activate", null).json("$.active"))
                .isTrue();
        assertThat(api.post(ASHA, "/carts/validate", """
                {"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(id)).status())
                .isEqualTo(200);
    }
}
