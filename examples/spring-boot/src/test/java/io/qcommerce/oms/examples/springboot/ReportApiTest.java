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
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A store's performance over a period, and a SKU's stock across the stores. */
class ReportApiTest extends ServiceTest {

    @Test
    void aStoresPerformanceCountsItsOrdersByOutcome() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 20);
        Instant start = clock.instant();
        String kept = confirmed(ASHA, pin, milk, 2);
        deliver(ADMIN, kept);
        String returned = confirmed(ASHA, pin, milk, 1);
        deliver(ADMIN, returned);
        api.post(ADMIN, "/orders/" + returned + "/return", "{\"resellable\": true}");
        String dropped = placed(ASHA, pin, milk, 1);
        api.post(ASHA, "/orders/" + dropped + "/cancel", null);
        String paidThenCancelled = confirmed(ASHA, pin, milk, 1);
        api.post(ADMIN, "/orders/" + paidThenCancelled + "/cancel", "{\"reason\": \"STORE\"}");
        placed(ASHA, pin, milk, 1);
        clock.advance(Duration.ofSeconds(1)); // "to" is exclusive and defaults to now

        Reply r = api.get(ADMIN, "/stores/" + store + "/performance?from=" + start);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat((String) r.json("$.store")).isEqualTo(store);
        assertThat((Integer) r.json("$.placed")).isEqualTo(5);
        assertThat((Integer) r.json("$.paid")).isEqualTo(3);
        assertThat((Integer) r.json("$.delivered")).isEqualTo(1);
        assertThat((Integer) r.json("$.returned")).isEqualTo(1);
        assertThat((Integer) r.json("$.cancelled")).isEqualTo(2);
        assertThat((Integer) r.json("$.cancelledByReason.CUSTOMER")).isEqualTo(1);
        assertThat((Integer) r.json("$.cancelledByReason.STORE")).isEqualTo(1);
        assertThat((Integer) r.json("$.inProgress")).isEqualTo(1);
        assertThat((Integer) r.json("$.revenue.minor")).isEqualTo(2 * 6500);
        assertThat((String) r.json("$.revenue.currency")).isEqualTo("INR");
        assertThat((Double) r.json("$.successRate")).isEqualTo(0.25);

        Reply before = api.get(
                ADMIN, "/stores/" + store + "/performance?from=" + start.minus(Duration.ofDays(1)) + "&to=" + start);
        assertThat((Integer) before.json("$.placed")).isZero();
        assertThat((Double) before.json("$.successRate")).isEqualTo(0.0);
        assertThat(before.body()).contains("\"cancelledByReason\":{}");
    }

    @Test
    void aPerformanceReportNeedsAPeriodOfAtMostAYearAndTheStoresStaff() {
        Instant now = clock.instant();
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/performance?from=" + now.minus(Duration.ofDays(7)))
                        .status())
                .isEqualTo(200);
        Reply none = api.get(MANAGER_A, "/stores/" + STORE_A + "/performance");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.<String>list("$.violations[*].field")).containsExactly("from");
        Reply bad = api.get(MANAGER_A, "/stores/" + STORE_A + "/performance?from=monday&to=friday");
        assertThat(bad.<String>list("$.violations[*].field")).containsExactly("from", "to");
        Reply backwards = api.get(
                MANAGER_A, "/stores/" + STORE_A + "/performance?from=" + now + "&to=" + now.minus(Duration.ofDays(1)));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.<String>list("$.violations[*].field")).containsExactly("to");
        Reply tooLong =
                api.get(MANAGER_A, "/stores/" + STORE_A + "/performance?from=" + now.minus(Duration.ofDays(400)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.<String>list("$.violations[*].field")).containsExactly("to");

        String week = "?from=" + now.minus(Duration.ofDays(7));
        assertThat(api.get(MANAGER_B, "/stores/" + STORE_A + "/performance" + week)
                        .status())
                .isEqualTo(403);
        assertThat(api.get(ASHA, "/stores/" + STORE_A + "/performance" + week).status())
                .isEqualTo(403);
        Reply unknown = api.get(ADMIN, "/stores/NO-SUCH/performance" + week);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_STORE");
    }

    @Test
    void anyManagerSeesASkusStockInEveryStore() {
        String milk = sku(6500);
        receive(STORE_A, milk, 7);
        receive(STORE_B, milk, 3);
        placed(ASHA, PINCODE_B, milk, 1);

        Reply r = api.get(MANAGER_A, "/skus/" + milk + "/stock");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.<String>list("$[*].store")).contains(STORE_A, STORE_B);
        assertThat(r.<String>list("$[*].sku")).containsOnly(milk);
        assertThat(r.<Integer>list("$[?(@.store == '" + STORE_A + "')].available")
                        .get(0))
                .isEqualTo(7);
        assertThat(r.<Integer>list("$[?(@.store == '" + STORE_B + "')].reserved")
                        .get(0))
                .isEqualTo(1);
        assertThat(r.<Integer>list("$[?(@.store == '" + STORE_B + "')].available")
                        .get(0))
                .isEqualTo(2);
        assertThat(api.get(MANAGER_B, "/skus/" + milk + "/stock").status()).isEqualTo(200);
        assertThat(api.get(ADMIN, "/skus/" + milk + "/stock").status()).isEqualTo(200);

        assertThat(api.get(ASHA, "/skus/" + milk + "/stock").status()).isEqualTo(403);
        Reply unknown = api.get(ADMIN, "/skus/NOPE/stock");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_SKU");
        Reply bad = api.get(ADMIN, "/skus/a:b/stock");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.<String>list("$.violations[*].field")).containsExactly("id");
    }
}
