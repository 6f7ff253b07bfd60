package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreApiTest extends ServiceTest {

    @Test
    void anAdminCreatesAStoreOnceAndAnyoneReadsIt() {
        String id = unique("BLR");
        Reply created = api.post(ADMIN, "/stores", """
                {"id": "%s", "name": "Indiranagar", "pincodes": ["560038", "560008"], "priority": 2,
                 "location": {"latitude": 12.97, "longitude": 77.64}, "deliveryRadiusMeters": 3000}""".formatted(id));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/stores/" + id);
        assertThat(created.<String>list("$.pincodes")).containsExactly("560008", "560038");

        Reply read = api.get(ASHA, "/stores/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat((Integer) read.json("$.deliveryRadiusMeters")).isEqualTo(3000);
        assertThat((Double) read.json("$.location.latitude")).isEqualTo(12.97);

        Reply again = api.post(ADMIN, "/stores", """
                {"id": "%s", "name": "Other", "pincodes": ["560038"]}""".formatted(id));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("DUPLICATE");
    }

    @Test
    void aStoreWithSeveralProblemsIsRefusedWithEveryOneListed() {
        Reply r = api.post(ADMIN, "/stores", """
                {"id": "bad id", "name": "x", "pincodes": ["012345", "56003"],
                 "location": {"latitude": 123.0, "longitude": 77.0}}""");
        assertThat(r.status()).isEqualTo(400);
        List<String> fields = r.json("$.violations[*].field");
        assertThat(fields).containsExactlyInAnyOrder("id", "pincodes[0]", "pincodes[1]", "location");

        Reply invariants = api.post(ADMIN, "/stores", """
                {"id": "%s", "name": "", "pincodes": ["560038"], "priority": -1, "deliveryRadiusMeters": 100}""".formatted(unique("S")));
        assertThat(invariants.status()).isEqualTo(400);
        assertThat(invariants.<String>list("$.violations[*].field"))
                .containsExactlyInAnyOrder("name", "priority", "deliveryRadiusMeters");
        assertNoInternals(invariants);
    }

    @Test
    void onlyAnAdminCreatesOrUpdatesStores() {
        String body = """
                {"id": "%s", "name": "x", "pincodes": ["560038"]}""".formatted(unique("S"));
        assertThat(api.post(ASHA, "/stores", body).status()).isEqualTo(403);
        assertThat(api.post(MANAGER_A, "/stores", body).status()).isEqualTo(403);
        assertThat(api.put(MANAGER_A, "/stores/" + STORE_A, """
                {"name": "Mine", "pincodes": ["110011"]}""").status()).isEqualTo(403);
    }

    @Test
    void anUpdateReplacesTheStoreButKeepsItsActiveFlag() {
        String id = store(unique("S"), uniquePincode(), 0);
        api.post(ADMIN, "/stores/" + id + "/deactivate", null);
        String newPin = uniquePincode();
        Reply updated = api.put(ADMIN, "/stores/" + id, """
                {"name": "Renamed", "pincodes": ["%s"], "priority": 5}""".formatted(newPin));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat((String) updated.json("$.name")).isEqualTo("Renamed");
        assertThat(updated.<String>list("$.pincodes")).containsExactly(newPin);
        assertThat((Boolean) updated.json("$.active")).isFalse();

        Reply mismatch = api.put(ADMIN, "/stores/" + id, """
                {"id": "OTHER", "name": "x", "pincodes": ["%s"]}""".formatted(newPin));
        assertThat(mismatch.status()).isEqualTo(400);
        Reply unknown = api.put(ADMIN, "/stores/NO-SUCH-STORE", """
                {"name": "x", "pincodes": ["%s"]}""".formatted(newPin));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_STORE");
    }

    @Test
    void findingByPincodeListsActiveStoresInAllocationOrder() {
        String pin = uniquePincode();
        String second = store(unique("S"), pin, 5);
        String first = store(unique("S"), pin, 1);
        String closed = store(unique("S"), pin, 0);
        api.post(ADMIN, "/stores/" + closed + "/deactivate", null);

        Reply found = api.get(ASHA, "/stores?pincode=" + pin);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.<String>list("$[*].id")).containsExactly(first, second);

        assertThat(api.get(ASHA, "/stores?pincode=" + uniquePincode()).body()).isEqualTo("[]");
        Reply bad = api.get(ASHA, "/stores?pincode=12");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("INVALID_PINCODE");
    }

    @Test
    void listingEveryStoreIsForAdmins() {
        assertThat(api.get(ASHA, "/stores").status()).isEqualTo(403);
        Reply all = api.get(ADMIN, "/stores");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.<String>list("$[*].id")).contains(STORE_A, STORE_B);
    }

    @Test
    void aManagerOpensAndClosesTheirOwnStoreOnly() {
        Reply closed = api.post(MANAGER_A, "/stores/" + STORE_A + "/deactivate", null);
        assertThat(closed.status()).isEqualTo(200);
        assertThat((Boolean) closed.json("$.active")).isFalse();
        assertThat(api.get(ASHA, "/stores?pincode=" + PINCODE_A).body()).isEqualTo("[]");
        Reply opened = api.post(MANAGER_A, "/stores/" + STORE_A + "/activate", null);
        assertThat((Boolean) opened.json("$.active")).isTrue();

        Reply other = api.post(MANAGER_A, "/stores/" + STORE_B + "/deactivate", null);
        assertThat(other.status()).isEqualTo(403);
        assertThat(api.post(ASHA, "/stores/" + STORE_B + "/deactivate", null).status())
                .isEqualTo(403);
        assertThat((Boolean) api.get(ADMIN, "/stores/" + STORE_B).json("$.active"))
                .isTrue();
        assertThat(api.post(ADMIN, "/stores/NO-SUCH/activate", null).status()).isEqualTo(404);
    }

    @Test
    void allocationPicksTheFirstStoreThatHasEveryLine() {
        String pin = uniquePincode();
        String preferred = store(unique("S"), pin, 0);
        String fallback = store(unique("S"), pin, 1);
        String a = sku(100);
        String b = sku(200);
        receive(preferred, a, 5);
        receive(fallback, a, 5);
        receive(fallback, b, 5);

        Reply r = api.post(ASHA, "/stores/allocate", """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 1},
                                             {"sku": "%s", "quantity": 1}]}""".formatted(pin, a, b, a));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat((String) r.json("$.id")).isEqualTo(fallback);

        Reply none = api.post(ASHA, "/stores/allocate", """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 9}]}""".formatted(pin, a));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.code()).isEqualTo("OUT_OF_STOCK");
        assertThat(none.<String>list("$.shortfalls[*].store")).containsExactly(preferred, fallback);
        assertThat((Integer) none.json("$.shortfalls[0].lines[0].missing")).isEqualTo(4);

        Reply nowhere = api.post(ASHA, "/stores/allocate", """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(uniquePincode(), a));
        assertThat(nowhere.status()).isEqualTo(422);
        assertThat(nowhere.code()).isEqualTo("NOT_SERVICEABLE");

        Reply bad = api.post(ASHA, "/stores/allocate", """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 0}, {"quantity": 1}]}""".formatted(pin, a));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.<String>list("$.violations[*].field"))
                .containsExactlyInAnyOrder("lines[0].quantity", "lines[1].sku");
    }

    @Test
    void thePickingListSumsTheConfirmedOrdersBySkuOldestFirst() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(unique("MILK"), 6500, 10);
        String bread = sku(unique("BREAD"), 4000, 10);
        receive(store, milk, 20);
        receive(store, bread, 20);
        String first = confirmed(ASHA, pin, bread, 1);
        clock.advance(java.time.Duration.ofMillis(1)); // placed later, so picked later (same instant: by order id)
        String second = api.post(
                        ASHA,
                        "/orders",
                        """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 2}, {"sku": "%s", "quantity": 3}]}""".formatted(pin, milk, bread),
                        java.util.Map.of("Idempotency-Key", unique("k")))
                .json("$.id");
        api.post(ADMIN, "/orders/" + second + "/payment-confirmed", null);
        placed(ASHA, pin, milk, 5); // awaiting payment: not to pick yet

        Reply list = api.get(ADMIN, "/stores/" + store + "/picking-list");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.<String>list("$.orders")).containsExactly(first, second);
        assertThat(list.<String>list("$.lines[*].sku")).containsExactly(bread, milk);
        assertThat(list.<Integer>list("$.lines[*].units")).containsExactly(4, 2);
        assertThat(list.<Integer>list("$.lines[*].orders")).containsExactly(2, 1);

        assertThat(api.get(ADMIN, "/stores/" + store + "/picking-list?limit=1").<String>list("$.orders"))
                .containsExactly(first);
        assertThat(api.get(ADMIN, "/stores/" + store + "/picking-list?limit=0").status())
                .isEqualTo(400);
        assertThat(api.get(MANAGER_A, "/stores/" + store + "/picking-list").status())
                .isEqualTo(403);
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/picking-list").status())
                .isEqualTo(200);
        assertThat(api.get(ADMIN, "/stores/NO-SUCH/picking-list").status()).isEqualTo(404);
    }
}
