package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderLifecycleTest extends ServiceTest {

    @Test
    void anOrderGoesFromPaymentToDeliveryWithItsAuditTrail() {
        String milk = sku(6500);
        receive(STORE_A, milk, 10);
        String id = placed(ASHA, PINCODE_A, milk, 3);

        Reply paid = api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null);
        assertThat(paid.status()).isEqualTo(200);
        assertThat((String) paid.json("$.status")).isEqualTo("CONFIRMED");
        Reply again = api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null);
        assertThat(again.status()).isEqualTo(200);
        assertThat((Integer) again.json("$.version")).isEqualTo(1);

        for (String step : List.of("PICKING", "PACKED", "OUT_FOR_DELIVERY", "DELIVERED")) {
            Reply moved = api.post(MANAGER_A, "/orders/" + id + "/status", "{\"status\": \"" + step + "\"}");
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            assertThat((String) moved.json("$.status")).isEqualTo(step);
        }
        Reply order = api.get(ASHA, "/orders/" + id);
        assertThat(order.<String>list("$.history[*].to"))
                .containsExactly("AWAITING_PAYMENT", "CONFIRMED", "PICKING", "PACKED", "OUT_FOR_DELIVERY", "DELIVERED");
        assertThat(order.<String>list("$.history[*].actor.type"))
                .containsExactly("CUSTOMER", "ADMIN", "STORE_STAFF", "STORE_STAFF", "STORE_STAFF", "STORE_STAFF");
        Reply stock = api.get(MANAGER_A, "/stores/" + STORE_A + "/stock?sku=" + milk);
        assertThat((Integer) stock.json("$[0].onHand")).isEqualTo(7);
        assertThat((Integer) stock.json("$[0].reserved")).isEqualTo(0);
    }

    @Test
    void aMoveOffTheFulfilmentPathIsAConflict() {
        String milk = sku(6500);
        receive(STORE_A, milk, 10);
        String id = placed(ASHA, PINCODE_A, milk, 1);

        Reply early = api.post(MANAGER_A, "/orders/" + id + "/status", "{\"status\": \"PACKED\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("ILLEGAL_TRANSITION");
        assertThat((String) early.json("$.details.status")).isEqualTo("AWAITING_PAYMENT");

        Reply viaAdvance = api.post(MANAGER_A, "/orders/" + id + "/status", "{\"status\": \"CONFIRMED\"}");
        assertThat(viaAdvance.status()).isEqualTo(400);
        Reply unknownStatus = api.post(MANAGER_A, "/orders/" + id + "/status", "{\"status\": \"LOST\"}");
        assertThat(unknownStatus.status()).isEqualTo(400);
        assertThat(unknownStatus.<String>list("$.violations[*].field")).containsExactly("status");

        api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null);
        for (String step : List.of("PICKING", "PACKED", "OUT_FOR_DELIVERY", "DELIVERED")) {
            api.post(MANAGER_A, "/orders/" + id + "/status", "{\"status\": \"" + step + "\"}");
        }
        Reply cancelDelivered = api.post(ADMIN, "/orders/" + id + "/cancel", "{\"reason\": \"STORE\"}");
        assertThat(cancelDelivered.status()).isEqualTo(409);
        assertThat(cancelDelivered.code()).isEqualTo("ILLEGAL_TRANSITION");
    }

    @Test
    void aPaymentAfterTheHoldLapsedIsRefusedAndTheStockIsBack() {
        String milk = sku(6500);
        receive(STORE_A, milk, 5);
        String id = placed(ASHA, PINCODE_A, milk, 2);
        assertThat(available(STORE_A, milk)).isEqualTo(3);

        clock.advance(Duration.ofMinutes(10)); // the hold expires exactly now
        Reply late = api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("PAYMENT_REFUSED");
        assertThat((String) late.json("$.reason")).isEqualTo("RESERVATION_EXPIRED");
        assertThat((String) late.json("$.order.status")).isEqualTo("CANCELLED");
        assertThat(available(STORE_A, milk)).isEqualTo(5);
    }

    @Test
    void aFailedPaymentReleasesTheHold() {
        String milk = sku(6500);
        receive(STORE_A, milk, 5);
        String id = placed(ASHA, PINCODE_A, milk, 2);

        Reply failed = api.post(ASHA, "/orders/" + id + "/payment-failed", null);
        assertThat(failed.status()).isEqualTo(200);
        assertThat((String) failed.json("$.status")).isEqualTo("CANCELLED");
        assertThat((String) failed.json("$.cancelReason")).isEqualTo("PAYMENT_FAILED");
        assertThat(available(STORE_A, milk)).isEqualTo(5);

        String paid = confirmed(ASHA, PINCODE_A, milk, 1);
        Reply tooLate = api.post(ADMIN, "/orders/" + paid + "/payment-failed", null);
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.code()).isEqualTo("ILLEGAL_TRANSITION");
        assertThat(api.post(MANAGER_A, "/orders/" + paid + "/payment-failed", null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void cancellingGivesHeldUnitsBackAndRestocksSoldOnes() {
        String milk = sku(6500);
        receive(STORE_A, milk, 10);
        String unpaid = placed(ASHA, PINCODE_A, milk, 2);
        Reply byCustomer = api.post(ASHA, "/orders/" + unpaid + "/cancel", null);
        assertThat(byCustomer.status()).isEqualTo(200);
        assertThat((String) byCustomer.json("$.cancelReason")).isEqualTo("CUSTOMER");
        assertThat(available(STORE_A, milk)).isEqualTo(10);

        String paid = confirmed(ASHA, PINCODE_A, milk, 3);
        assertThat(available(STORE_A, milk)).isEqualTo(7);
        Reply byStore = api.post(MANAGER_A, "/orders/" + paid + "/cancel", "{\"reason\": \"DELIVERY_FAILED\"}");
        assertThat(byStore.status()).isEqualTo(200);
        assertThat((String) byStore.json("$.cancelReason")).isEqualTo("DELIVERY_FAILED");
        assertThat(available(STORE_A, milk)).isEqualTo(10);
        assertThat(api.post(MANAGER_A, "/orders/" + paid + "/cancel", null).status())
                .isEqualTo(200);
        assertThat(available(STORE_A, milk)).isEqualTo(10);

        String another = placed(ASHA, PINCODE_A, milk, 1);
        assertThat(api.post(ASHA, "/orders/" + another + "/cancel", "{\"reason\": \"STORE\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post(MANAGER_A, "/orders/" + another + "/cancel", "{\"reason\": \"PAYMENT_FAILED\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post(ADMIN, "/orders/" + another + "/cancel", "{\"reason\": \"SOMETIME\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anUnknownOrderIsNotFoundForEveryAction() {
        for (String action : List.of("payment-confirmed", "payment-failed", "cancel")) {
            Reply r = api.post(ADMIN, "/orders/o-unknown/" + action, null);
            assertThat(r.status()).as(action).isEqualTo(404);
            assertThat(r.code()).isEqualTo("UNKNOWN_ORDER");
        }
        assertThat(api.post(ADMIN, "/orders/o-unknown/status", "{\"status\": \"PICKING\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.get(ADMIN, "/orders/o-unknown").status()).isEqualTo(404);
    }

    @Test
    void theReconcilerCancelsOrdersWhoseHoldLapsedUnpaid() {
        String milk = sku(6500);
        receive(STORE_A, milk, 5);
        String id = placed(ASHA, PINCODE_A, milk, 2);
        assertThat(api.post(ASHA, "/admin/reconcile", null).status()).isEqualTo(403);

        clock.advance(Duration.ofMinutes(11));
        Reply run = api.post(ADMIN, "/admin/reconcile", null);
        assertThat(run.status()).isEqualTo(200);
        assertThat((Integer) run.json("$.ordersCancelled")).isGreaterThanOrEqualTo(1);
        Reply order = api.get(ASHA, "/orders/" + id);
        assertThat((String) order.json("$.status")).isEqualTo("CANCELLED");
        assertThat((String) order.json("$.cancelReason")).isEqualTo("RESERVATION_EXPIRED");
        assertThat((String) order.json("$.history[1].actor.id")).isEqualTo("reconciler");
        assertThat(available(STORE_A, milk)).isEqualTo(5);
    }
}
