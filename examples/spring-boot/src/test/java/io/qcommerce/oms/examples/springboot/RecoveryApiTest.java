package io.qcommerce.oms.examples.springboot;

import static io.qcommerce.oms.examples.springboot.support.Api.ADMIN;
import static io.qcommerce.oms.examples.springboot.support.Api.ASHA;
import static io.qcommerce.oms.examples.springboot.support.Api.MANAGER_A;
import static io.qcommerce.oms.examples.springboot.support.Api.STORE_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.examples.springboot.support.Reply;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The drift check and the rebuild of a store's counters, the reconciler copying movements to the ledger, and
 * the drift check on demand (the scheduled one: {@link DriftCheckTest}). A loss of the inventory lock's data is simulated by writing an empty state into it.
 */
class RecoveryApiTest extends ServiceTest {
    @Autowired
    Oms oms;

    @Autowired
    InventoryLock lock;

    @Test
    void afterTheLockLostAStoreARebuildPutsBackItsUnitsAndHolds() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 10);
        String sold = confirmed(ASHA, pin, milk, 3);
        String held = placed(ASHA, pin, milk, 2);
        Reply clean = api.get(ADMIN, "/stores/" + store + "/stock/drift");
        assertThat(clean.status()).as(clean.toString()).isEqualTo(200);
        assertThat((Boolean) clean.json("$.clean")).isTrue();
        assertThat(clean.<Object>list("$.drifts")).isEmpty();

        lose(store);
        assertThat(available(store, milk)).isZero();
        Reply drift = api.get(ADMIN, "/stores/" + store + "/stock/drift");
        assertThat((Boolean) drift.json("$.clean")).isFalse();
        assertThat(drift.<String>list("$.drifts[*].sku")).containsOnly(milk);
        assertThat(drift.<String>list("$.drifts[*].counter")).containsExactlyInAnyOrder("onHand", "reserved");
        // Recorded: 10 received less 3 sold on hand, 2 held by the unpaid order; the lock has nothing.
        assertThat(drift.<Integer>list("$.drifts[?(@.counter == 'onHand')].recorded"))
                .containsExactly(7);
        assertThat(drift.<Integer>list("$.drifts[?(@.counter == 'reserved')].recorded"))
                .containsExactly(2);
        assertThat(drift.<Integer>list("$.drifts[*].actual")).containsOnly(0);

        Reply open = api.post(ADMIN, "/stores/" + store + "/stock/rebuild", null);
        assertThat(open.status()).isEqualTo(409);
        assertThat(open.code()).isEqualTo("STORE_ACTIVE");
        assertThat(available(store, milk)).isZero();

        api.post(ADMIN, "/stores/" + store + "/deactivate", null);
        Reply rebuilt = api.post(ADMIN, "/stores/" + store + "/stock/rebuild", null);
        assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
        assertThat((Integer) rebuilt.json("$.resources")).isEqualTo(1);
        assertThat(rebuilt.<String>list("$.holdsRestored")).containsExactly("r-" + held);
        assertThat(rebuilt.<String>list("$.holdsDropped")).isEmpty();
        assertThat(rebuilt.<String>list("$.problems")).isEmpty();
        assertThat((Integer) rebuilt.json("$.movementsRecovered"))
                .as("the drift check before the loss copied every movement to the ledger")
                .isZero();
        api.post(ADMIN, "/stores/" + store + "/activate", null);

        Reply level = api.get(ADMIN, "/stores/" + store + "/stock?sku=" + milk);
        assertThat((Integer) level.json("$[0].onHand")).isEqualTo(7);
        assertThat((Integer) level.json("$[0].reserved")).isEqualTo(2);
        assertThat((Boolean) api.get(ADMIN, "/stores/" + store + "/stock/drift").json("$.clean"))
                .isTrue();
        // The restored hold is the order's own: its payment goes through as if nothing had happened.
        Reply paid = api.post(ADMIN, "/orders/" + held + "/payment-confirmed", null);
        assertThat((String) paid.json("$.status")).as(paid.toString()).isEqualTo("CONFIRMED");
        assertThat(available(store, milk)).isEqualTo(5);
        assertThat((String) api.get(ADMIN, "/orders/" + sold).json("$.status")).isEqualTo("CONFIRMED");
    }

    @Test
    void theDriftCheckNamesEachCounterThatDiffers() {
        String store = store(unique("S"), uniquePincode(), 0);
        String milk = sku(6500);
        receive(store, milk, 6);
        lose(store);
        Reply drift = api.get(ADMIN, "/stores/" + store + "/stock/drift");
        assertThat(drift.status()).as(drift.toString()).isEqualTo(200);
        assertThat((String) drift.json("$.store")).isEqualTo(store);
        assertThat((String) drift.json("$.at")).isNotBlank();
        assertThat(drift.<String>list("$.drifts[*].counter")).containsExactly("onHand");
        assertThat((Integer) drift.json("$.drifts[0].recorded")).isEqualTo(6);
        assertThat((Integer) drift.json("$.drifts[0].actual")).isZero();
        assertThat((Integer) drift.json("$.drifts[0].difference")).isEqualTo(-6);
        rebuild(store);
    }

    @Test
    void driftAndRebuildAreForAdminsOnly() {
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/stock/drift").status())
                .isEqualTo(403);
        assertThat(api.post(MANAGER_A, "/stores/" + STORE_A + "/stock/rebuild", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.get(ASHA, "/stores/" + STORE_A + "/stock/drift").code()).isEqualTo("FORBIDDEN");
        assertThat(api.post(ASHA, "/stores/" + STORE_A + "/stock/rebuild", null).status())
                .isEqualTo(403);
        Reply unknown = api.get(ADMIN, "/stores/NO-SUCH/stock/drift");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_STORE");
        assertThat(api.post(ADMIN, "/stores/NO-SUCH/stock/rebuild", null).code())
                .isEqualTo("UNKNOWN_STORE");
    }

    @Test
    void theReconcilerCopiesTheLocksMovementsToTheLedgerAndCountsThem() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 5);
        confirmed(ASHA, pin, milk, 1); // a hold and a sale: recorded by the lock only
        double before = count("oms.ledger.shipped", "by:reconciler");

        Reply pass = api.post(ADMIN, "/admin/reconcile", null);
        assertThat(pass.status()).as(pass.toString()).isEqualTo(200);
        int shipped = pass.json("$.movementsShipped");
        assertThat(shipped).isGreaterThanOrEqualTo(3); // the receipt again, the hold, the sale
        assertThat(count("oms.ledger.shipped", "by:reconciler")).isEqualTo(before + shipped);
        // Copied: the ledger has nothing new to copy when read now.
        double byQuery = count("oms.ledger.shipped", "by:ledger_query");
        Reply ledger = api.get(ADMIN, "/stores/" + store + "/stock/ledger?type=HELD,SOLD");
        assertThat(ledger.<String>list("$.movements[*].type")).containsExactly("HELD", "SOLD");
        assertThat(count("oms.ledger.shipped", "by:ledger_query")).isEqualTo(byQuery);
        assertThat(api.post(MANAGER_A, "/admin/reconcile", null).status()).isEqualTo(403);
    }

    /** What a Redis restart without persistence does to a store: every counter and hold gone. */
    private void lose(String store) {
        lock.restore(new StoreState(StoreId.of(store), List.of(), List.of()));
    }

    private void rebuild(String store) {
        api.post(ADMIN, "/stores/" + store + "/deactivate", null);
        assertThat(api.post(ADMIN, "/stores/" + store + "/stock/rebuild", null).status())
                .isEqualTo(200);
        api.post(ADMIN, "/stores/" + store + "/activate", null);
    }

    private double count(String name, String tag) {
        Reply r = api.get(ADMIN, "/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag));
        if (r.status() == 404) {
            return 0;
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return ((Number) r.json("$.measurements[0].value")).doubleValue();
    }
}
