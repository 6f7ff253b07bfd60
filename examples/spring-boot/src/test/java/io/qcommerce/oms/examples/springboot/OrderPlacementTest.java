package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.RAVI;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.examples.springboot.support.Reply;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class OrderPlacementTest extends ServiceTest {
    @Autowired
    Oms oms;

    @Autowired
    InventoryLock lock;

    @Test
    void aNewOrderIsCreatedAndARetryWithTheSameKeyReturnsIt() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 10);
        String key = unique("checkout");

        Reply first = place(ASHA, key, pin, milk, 2);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat((String) first.json("$.history[0].actor.type")).isEqualTo("CUSTOMER");
        String id = first.json("$.id");
        assertThat(first.header("Location")).isEqualTo("/orders/" + id);
        assertThat((String) first.json("$.status")).isEqualTo("AWAITING_PAYMENT");
        assertThat((String) first.json("$.customer")).isEqualTo("asha");
        assertThat((String) first.json("$.store")).isEqualTo(store);
        assertThat((Integer) first.json("$.totals.total.minor")).isEqualTo(13000);
        assertThat((String) first.json("$.holdExpiresAt"))
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(10)).toString());
        assertThat(available(store, milk)).isEqualTo(8);

        Reply retry = place(ASHA, key, pin, milk, 2);
        assertThat(retry.status()).isEqualTo(200);
        assertThat((String) retry.json("$.id")).isEqualTo(id);
        assertThat(available(store, milk)).isEqualTo(8);

        Reply otherCustomerSameKey = place(RAVI, key, pin, milk, 2);
        assertThat(otherCustomerSameKey.status()).isEqualTo(201);
        assertThat((String) otherCustomerSameKey.json("$.id")).isNotEqualTo(id);
    }

    @Test
    void theSameKeyForAnotherCartIsAConflict() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 10);
        String key = unique("checkout");
        assertThat(place(ASHA, key, pin, milk, 2).status()).isEqualTo(201);
        Reply reused = place(ASHA, key, pin, milk, 3);
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(available(store, milk)).isEqualTo(8);
    }

    @Test
    void theIdempotencyKeyHeaderIsRequired() {
        Reply r = api.post(ASHA, "/orders", """
                {"pincode": "560038", "lines": [{"sku": "X", "quantity": 1}]}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.<String>list("$.violations[*].field")).containsExactly("Idempotency-Key");
        Reply bad = place(ASHA, "not a key!", "560038", "X", 1);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("INVALID_ID");
        // Bytes outside ASCII in the header: a problem document, never a server error.
        Reply accented = place(ASHA, "cl\u00e9-1", "560038", "X", 1);
        assertThat(accented.status()).as(accented.toString()).isEqualTo(400);
        assertThat(accented.code()).isEqualTo("INVALID_ID");
    }

    @Test
    void aCartThatCannotBeHadIsUnprocessable() {
        String pin = uniquePincode();
        String first = store(unique("S"), pin, 0);
        String second = store(unique("S"), pin, 1);
        String milk = sku(6500);
        receive(first, milk, 1);
        receive(second, milk, 2);

        Reply out = place(ASHA, unique("k"), pin, milk, 3);
        assertThat(out.status()).isEqualTo(422);
        assertThat(out.code()).isEqualTo("OUT_OF_STOCK");
        assertThat(out.<String>list("$.shortfalls[*].store")).containsExactly(first, second);
        assertThat(out.<Integer>list("$.shortfalls[*].lines[0].available")).containsExactly(1, 2);
        assertThat(available(first, milk)).isEqualTo(1);

        Reply nowhere = place(ASHA, unique("k"), uniquePincode(), milk, 1);
        assertThat(nowhere.status()).isEqualTo(422);
        assertThat(nowhere.code()).isEqualTo("NOT_SERVICEABLE");

        Reply rejected = place(ASHA, unique("k"), pin, milk, 11);
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.code()).isEqualTo("CART_REJECTED");
        assertThat(rejected.<String>list("$.problems[*].code")).containsExactly("ABOVE_MAX_PER_ORDER");
    }

    @Test
    void aKeyWhoseEarlierAttemptLeftALapsedHoldIsSpent() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 5);
        String key = unique("k");
        // An earlier attempt with this key held the stock and died before storing the order; the hold lapsed.
        OrderId id = OrderId.derive(CustomerId.of("asha"), IdempotencyKey.of(key));
        lock.reserve(new HoldRequest(
                id.reservationId(), StoreId.of(store), List.of(HoldLine.of(SkuId.of(milk), 1)), Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(2));

        Reply r = place(ASHA, key, pin, milk, 1);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.code()).isEqualTo("HOLD_LAPSED");
        assertThat((String) r.json("$.orderId")).isEqualTo(id.value());
        assertThat(place(ASHA, unique("k"), pin, milk, 1).status()).isEqualTo(201);
    }

    @Test
    void anAdminPlacesForANamedCustomerAndAManagerPlacesNothing() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 5);
        String body = """
                {"pincode": "%s", "lines": [{"sku": "%s", "quantity": 1}]%s}""";

        Reply forRavi = api.post(
                ADMIN,
                "/orders",
                body.formatted(pin, milk, ", \"customer\": \"ravi\""),
                Map.of("Idempotency-Key", unique("k")));
        assertThat(forRavi.status()).isEqualTo(201);
        assertThat((String) forRavi.json("$.customer")).isEqualTo("ravi");
        assertThat((String) forRavi.json("$.history[0].actor.type"))
                .as("the admin who placed it, not the customer")
                .isEqualTo("ADMIN");
        assertThat(api.get(RAVI, "/orders/" + forRavi.json("$.id")).status()).isEqualTo(200);

        Reply nobody =
                api.post(ADMIN, "/orders", body.formatted(pin, milk, ""), Map.of("Idempotency-Key", unique("k")));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.<String>list("$.violations[*].field")).containsExactly("customer");

        Reply manager =
                api.post(MANAGER_A, "/orders", body.formatted(pin, milk, ""), Map.of("Idempotency-Key", unique("k")));
        assertThat(manager.status()).isEqualTo(403);

        Reply impersonation = api.post(
                ASHA,
                "/orders",
                body.formatted(pin, milk, ", \"customer\": \"ravi\""),
                Map.of("Idempotency-Key", unique("k")));
        assertThat(impersonation.status()).isEqualTo(403);
        assertThat(available(store, milk)).isEqualTo(4);
    }

    @Test
    void anOrderTiedToAStoreNeedsThatStoreOpenAndServingThePincode() {
        String pin = uniquePincode();
        String preferred = store(unique("S"), pin, 0);
        String chosen = store(unique("S"), pin, 1);
        String milk = sku(6500);
        receive(preferred, milk, 5);
        receive(chosen, milk, 5);
        String body = """
                {"pincode": "%s", "store": "%s", "lines": [{"sku": "%s", "quantity": 1}]}""";

        Reply tied =
                api.post(ASHA, "/orders", body.formatted(pin, chosen, milk), Map.of("Idempotency-Key", unique("k")));
        assertThat(tied.status()).isEqualTo(201);
        assertThat((String) tied.json("$.store")).isEqualTo(chosen);

        api.post(ADMIN, "/stores/" + chosen + "/deactivate", null);
        Reply closed =
                api.post(ASHA, "/orders", body.formatted(pin, chosen, milk), Map.of("Idempotency-Key", unique("k")));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.code()).isEqualTo("STORE_INACTIVE");

        Reply unknown =
                api.post(ASHA, "/orders", body.formatted(pin, "NO-SUCH", milk), Map.of("Idempotency-Key", unique("k")));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_STORE");
    }
}
