package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_B;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.examples.springboot.support.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stock ledger: who changed what, a page at a time, and who may read it. */
class LedgerApiTest extends ServiceTest {

    @Test
    void aReceivedSoldAndReturnedUnitShowsInTheLedgerWithWhoMovedIt() {
        String milk = sku(6500);
        Reply received =
                api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/receipts", """
                {"sku": "%s", "units": 10, "movementId": "%s"}""".formatted(milk, unique("GRN")));
        assertThat(received.status()).as(received.toString()).isEqualTo(200);
        // The ledger is in time order (then by key): let each step happen at its own instant, as it would.
        clock.advance(Duration.ofSeconds(1));
        String order = confirmed(ASHA, PINCODE_A, milk, 2);
        clock.advance(Duration.ofSeconds(1));
        deliver(MANAGER_A, order);
        clock.advance(Duration.ofSeconds(1));
        Reply returned = api.post(MANAGER_A, "/orders/" + order + "/return", "{\"resellable\": true}");
        assertThat(returned.status()).as(returned.toString()).isEqualTo(200);
        assertThat((String) returned.json("$.status")).isEqualTo("RETURNED");

        Reply ledger =
                api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/ledger?sku=" + milk + "&type=RECEIVED,SOLD,RETURNED");
        assertThat(ledger.status()).as(ledger.toString()).isEqualTo(200);
        assertThat((Boolean) ledger.json("$.upToDate")).isTrue();
        assertThat(ledger.<String>list("$.movements[*].type")).containsExactly("RECEIVED", "SOLD", "RETURNED");
        assertThat(ledger.<String>list("$.movements[*].sku")).containsOnly(milk);
        assertThat(ledger.<Integer>list("$.movements[*].quantity")).containsExactly(10, 2, 2);
        assertThat(ledger.<Integer>list("$.movements[*].onHand")).containsExactly(10, -2, 2);
        // The lock records a sale without knowing who paid: "system". Receipts and returns name the caller.
        assertThat(ledger.<String>list("$.movements[*].actor"))
                .containsExactly("store_staff:" + MANAGER_A, "system", "store_staff:" + MANAGER_A);
        assertThat((String) ledger.json("$.movements[1].reference")).isEqualTo("r-" + order);
        assertThat((String) ledger.json("$.movements[2].note")).contains(order);
        assertThat(ledger.body()).doesNotContain("\"next\"");

        // Without a type filter the hold shows too, and the counters add up.
        Reply all = api.get(ADMIN, "/stores/" + STORE_A + "/stock/ledger?sku=" + milk);
        assertThat(all.<String>list("$.movements[*].type")).containsExactly("RECEIVED", "HELD", "SOLD", "RETURNED");
        assertThat(all.<Integer>list("$.movements[*].onHand").stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(10);
        assertThat(all.<Integer>list("$.movements[*].reserved").stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isZero();
        assertThat(available(STORE_A, milk)).isEqualTo(10);
    }

    @Test
    void adjustmentsAreRecordedWithTheirReasonAndWhoMadeThem() {
        String store = store(unique("S"), uniquePincode(), 0);
        String milk = sku(6500);
        receive(store, milk, 5);
        Reply adjusted = api.post(ADMIN, "/stores/" + store + "/stock/adjustments", """
                {"sku": "%s", "delta": -2, "reason": "2 packs damaged"}""".formatted(milk));
        assertThat(adjusted.status()).as(adjusted.toString()).isEqualTo(200);

        Reply ledger = api.get(ADMIN, "/stores/" + store + "/stock/ledger?type=adjusted");
        assertThat(ledger.<String>list("$.movements[*].type")).containsExactly("ADJUSTED");
        assertThat((Integer) ledger.json("$.movements[0].quantity")).isEqualTo(-2);
        assertThat((String) ledger.json("$.movements[0].note")).isEqualTo("2 packs damaged");
        assertThat((String) ledger.json("$.movements[0].actor")).isEqualTo("admin:" + ADMIN);
        assertThat((String) ledger.json("$.movements[0].reference")).startsWith("api-");
    }

    @Test
    void theLedgerIsReadAPageAtATimeWithTheCursorOfThePageBefore() {
        String store = store(unique("S"), uniquePincode(), 0);
        String milk = sku(6500);
        for (int i = 0; i < 5; i++) {
            receive(store, milk, i + 1); // some in the same millisecond: the key orders those
            if (i % 2 == 1) {
                clock.advance(Duration.ofMillis(1));
            }
        }
        List<String> whole =
                api.get(ADMIN, "/stores/" + store + "/stock/ledger").list("$.movements[*].key");
        assertThat(whole).hasSize(5);

        List<String> seen = new ArrayList<>();
        String path = "/stores/" + store + "/stock/ledger?limit=2";
        Reply page = api.get(ADMIN, path);
        int pages = 1;
        seen.addAll(page.list("$.movements[*].key"));
        while (page.body().contains("\"next\"")) {
            assertThat(page.<Object>list("$.movements")).hasSize(2);
            page = api.get(ADMIN, path + "&after=" + page.json("$.next"));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            seen.addAll(page.list("$.movements[*].key"));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(whole);

        Reply exact = api.get(ADMIN, "/stores/" + store + "/stock/ledger?limit=5");
        assertThat(exact.<Object>list("$.movements")).hasSize(5);
        assertThat(exact.body()).doesNotContain("\"next\"");
    }

    @Test
    void theLedgerIsFilteredByTime() {
        String store = store(unique("S"), uniquePincode(), 0);
        String milk = sku(6500);
        receive(store, milk, 1);
        Instant between = clock.advance(Duration.ofMinutes(1));
        receive(store, milk, 2);
        clock.advance(Duration.ofMinutes(1));
        receive(store, milk, 3);

        Reply window = api.get(
                ADMIN,
                "/stores/" + store + "/stock/ledger?from=" + between + "&to=" + between.plus(Duration.ofSeconds(30)));
        assertThat(window.<Integer>list("$.movements[*].quantity")).containsExactly(2);
        Reply since = api.get(
                ADMIN,
                "/stores/" + store + "/stock/ledger?from="
                        + URLEncoder.encode(
                                between.atOffset(java.time.ZoneOffset.ofHoursMinutes(5, 30))
                                        .toString(),
                                StandardCharsets.UTF_8));
        assertThat(since.<Integer>list("$.movements[*].quantity")).containsExactly(2, 3);
    }

    @Test
    void aBadLedgerQueryIsRefusedWithEveryProblem() {
        Reply bad = api.get(
                MANAGER_A,
                "/stores/" + STORE_A + "/stock/ledger?sku=a%20b&type=SOLD,STOLEN&from=yesterday"
                        + "&limit=0&after=not-a-cursor");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.<String>list("$.violations[*].field"))
                .containsExactlyInAnyOrder("sku", "type", "from", "limit", "after");
        assertNoInternals(bad);

        Instant now = clock.instant();
        Reply backwards =
                api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/ledger?from=" + now + "&to=" + now.minusSeconds(1));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.<String>list("$.violations[*].field")).containsExactly("to");
    }

    @Test
    void theLedgerIsForTheStoresManagerAndAdmins() {
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/ledger").status())
                .isEqualTo(200);
        Reply other = api.get(MANAGER_B, "/stores/" + STORE_A + "/stock/ledger");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.code()).isEqualTo("FORBIDDEN");
        assertThat(api.get(ASHA, "/stores/" + STORE_A + "/stock/ledger").status())
                .isEqualTo(403);
        assertThat(api.get(null, "/stores/" + STORE_A + "/stock/ledger").status())
                .isEqualTo(401);
        Reply unknown = api.get(ADMIN, "/stores/NO-SUCH/stock/ledger");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_STORE");
    }
}
