package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_B;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Starting to pick an order off the picking list, and delivered orders coming back. */
class PickingAndReturnsApiTest extends ServiceTest {

    @Test
    void startingToPickTakesTheOrderOffThePickingList() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        Reply lot = api.post(ADMIN, "/stores/" + store + "/stock/receipts", """
                {"sku": "%s", "units": 10, "batch": "%s", "expiresAt": "%s"}""".formatted(
                milk, unique("LOT"), clock.instant().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(lot.status()).as(lot.toString()).isEqualTo(200);
        String first = confirmed(ASHA, pin, milk, 3);
        clock.advance(Duration.ofMillis(1)); // placed later, so picked later (same instant: by order id)
        String second = confirmed(ASHA, pin, milk, 2);

        Reply list = api.get(ADMIN, "/stores/" + store + "/picking-list");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.<String>list("$.orders")).containsExactly(first, second);
        assertThat((String) list.json("$.at")).isNotBlank();
        assertThat(list.<Integer>list("$.lines[*].units")).containsExactly(5);
        assertThat(list.<Integer>list("$.lines[0].batches[*].units")).containsExactly(5);

        Reply started = api.post(ADMIN, "/stores/" + store + "/picking-list/" + first + "/start", null);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        assertThat((String) started.json("$.status")).isEqualTo("PICKING");
        assertThat((String) started.json("$.history[-1].actor.id")).isEqualTo(ADMIN);
        assertThat(api.get(ADMIN, "/stores/" + store + "/picking-list").<String>list("$.orders"))
                .containsExactly(second);
        Reply again = api.post(ADMIN, "/stores/" + store + "/picking-list/" + first + "/start", null);
        assertThat(again.status()).isEqualTo(200);
        assertThat((Integer) again.json("$.version")).isEqualTo((Integer) started.json("$.version"));
    }

    @Test
    void onlyAConfirmedOrderOfTheStoreIsStartedAndOnlyByItsStaff() {
        String milk = sku(6500);
        receive(STORE_A, milk, 10);
        receive(STORE_B, milk, 10);
        String unpaid = placed(ASHA, PINCODE_A, milk, 1);
        String inA = confirmed(ASHA, PINCODE_A, milk, 1);
        String inB = confirmed(ASHA, PINCODE_B, milk, 1);

        Reply early = api.post(MANAGER_A, "/stores/" + STORE_A + "/picking-list/" + unpaid + "/start", null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("ILLEGAL_TRANSITION");
        assertThat((String) early.json("$.details.status")).isEqualTo("AWAITING_PAYMENT");

        Reply otherStores = api.post(MANAGER_A, "/stores/" + STORE_A + "/picking-list/" + inB + "/start", null);
        assertThat(otherStores.status()).isEqualTo(404);
        assertThat(otherStores.code()).isEqualTo("UNKNOWN_ORDER");
        assertThat(otherStores.body()).doesNotContain(STORE_B);
        assertThat(api.post(MANAGER_B, "/stores/" + STORE_A + "/picking-list/" + inA + "/start", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.post(ASHA, "/stores/" + STORE_A + "/picking-list/" + inA + "/start", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.post(
                                MANAGER_A,
                                "/stores/" + STORE_A + "/picking-list/o-00000000000000000000000000000000/start",
                                null)
                        .code())
                .isEqualTo("UNKNOWN_ORDER");
        assertThat((String) api.get(ADMIN, "/orders/" + inA).json("$.status")).isEqualTo("CONFIRMED");
        assertThat((String) api.post(MANAGER_A, "/stores/" + STORE_A + "/picking-list/" + inA + "/start", null)
                        .json("$.status"))
                .isEqualTo("PICKING");
    }

    @Test
    void aResellableReturnPutsTheUnitsBackAndOneThatIsNotDoesNot() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 10);
        String kept = confirmed(ASHA, pin, milk, 3);
        String spoilt = confirmed(ASHA, pin, milk, 2);
        deliver(ADMIN, kept);
        deliver(ADMIN, spoilt);
        assertThat(available(store, milk)).isEqualTo(5);

        Reply back = api.post(ADMIN, "/orders/" + kept + "/return", "{\"resellable\": true}");
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat((String) back.json("$.status")).isEqualTo("RETURNED");
        assertThat((String) back.json("$.history[-1].reason")).isEqualTo("RESELLABLE");
        assertThat(available(store, milk)).isEqualTo(8);
        Reply repeat = api.post(ADMIN, "/orders/" + kept + "/return", "{\"resellable\": false}");
        assertThat(repeat.status()).isEqualTo(200);
        assertThat((String) repeat.json("$.history[-1].reason")).isEqualTo("RESELLABLE");
        assertThat(available(store, milk)).isEqualTo(8);

        Reply writtenOff = api.post(ADMIN, "/orders/" + spoilt + "/return", "{\"resellable\": false}");
        assertThat((String) writtenOff.json("$.history[-1].reason")).isEqualTo("NOT_RESELLABLE");
        assertThat(available(store, milk)).isEqualTo(8);

        Reply cancel = api.post(ADMIN, "/orders/" + kept + "/cancel", "{\"reason\": \"STORE\"}");
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.code()).isEqualTo("ILLEGAL_TRANSITION");
        assertThat(api.get(ADMIN, "/orders?store=" + store + "&status=RETURNED").<String>list("$[*].id"))
                .containsExactlyInAnyOrder(kept, spoilt);
    }

    @Test
    void onlyADeliveredOrderIsReturnedAndOnlyByItsStoresStaff() {
        String milk = sku(6500);
        receive(STORE_A, milk, 10);
        String confirmed = confirmed(ASHA, PINCODE_A, milk, 1);
        Reply early = api.post(MANAGER_A, "/orders/" + confirmed + "/return", "{\"resellable\": true}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("ILLEGAL_TRANSITION");
        assertThat((String) early.json("$.details.status")).isEqualTo("CONFIRMED");
        assertThat((String) early.json("$.details.to")).isEqualTo("RETURNED");

        deliver(MANAGER_A, confirmed);
        Reply noFlag = api.post(MANAGER_A, "/orders/" + confirmed + "/return", "{}");
        assertThat(noFlag.status()).isEqualTo(400);
        assertThat(noFlag.<String>list("$.violations[*].field")).containsExactly("resellable");
        assertThat(api.post(MANAGER_A, "/orders/" + confirmed + "/return", null).status())
                .isEqualTo(400);
        Reply viaStatus = api.post(MANAGER_A, "/orders/" + confirmed + "/status", "{\"status\": \"RETURNED\"}");
        assertThat(viaStatus.status()).isEqualTo(400);
        assertThat(viaStatus.<String>list("$.violations[*].field")).containsExactly("status");
        assertThat(viaStatus.body()).contains("/return");

        assertThat(api.post(ASHA, "/orders/" + confirmed + "/return", "{\"resellable\": true}")
                        .status())
                .isEqualTo(403);
        Reply otherStore = api.post(MANAGER_B, "/orders/" + confirmed + "/return", "{\"resellable\": true}");
        assertThat(otherStore.status()).isEqualTo(404);
        assertThat(otherStore.code()).isEqualTo("UNKNOWN_ORDER");
        assertThat(api.post(ADMIN, "/orders/o-00000000000000000000000000000000/return", "{\"resellable\": true}")
                        .code())
                .isEqualTo("UNKNOWN_ORDER");
        assertThat((String) api.get(ADMIN, "/orders/" + confirmed).json("$.status"))
                .isEqualTo("DELIVERED");
        Reply returned = api.post(MANAGER_A, "/orders/" + confirmed + "/return", "{\"resellable\": true}");
        assertThat(returned.status()).isEqualTo(200);
        assertThat((String) returned.json("$.history[-1].actor.type")).isEqualTo("STORE_STAFF");
    }
}
