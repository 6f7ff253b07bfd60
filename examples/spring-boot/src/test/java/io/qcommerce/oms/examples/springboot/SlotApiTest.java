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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Delivery slots: managed by a store's staff, listed and booked by customers with their order. */
class SlotApiTest extends ServiceTest {
    /** Each test lists its slots under days of its own, far from the clock, so listings do not mix. */
    private static final AtomicInteger DAYS = new AtomicInteger();

    private static final LocalDate FIRST_DAY = LocalDate.of(2031, 1, 1);

    @Test
    void aManagerCreatesListsChangesAndClosesTheirStoresSlots() {
        LocalDate day = uniqueDay();
        String id = unique("SL");
        String body = slot(id, day, 10, 12, 2, null);

        Reply created = api.post(MANAGER_A, "/stores/" + STORE_A + "/slots", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/stores/" + STORE_A + "/slots/" + id);
        assertThat((String) created.json("$.store")).isEqualTo(STORE_A);
        assertThat((String) created.json("$.date")).isEqualTo(day.toString());
        assertThat((String) created.json("$.type")).isEqualTo("NORMAL");
        assertThat((String) created.json("$.cutoff")).isEqualTo(created.<String>json("$.start"));
        assertThat((Boolean) created.json("$.active")).isTrue();
        assertThat((Integer) created.json("$.version")).isZero();
        assertThat((Integer) created.json("$.capacity")).isEqualTo(2);
        assertThat((Integer) created.json("$.booked")).isZero();
        assertThat((Integer) created.json("$.held")).isZero();
        assertThat((Integer) created.json("$.remaining")).isEqualTo(2);

        Reply again = api.post(MANAGER_A, "/stores/" + STORE_A + "/slots", body);
        assertThat(again.status()).as("a retried create").isEqualTo(200);
        Reply taken = api.post(ADMIN, "/stores/" + STORE_A + "/slots", slot(id, day, 14, 16, 2, null));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("DUPLICATE");

        String later = unique("SL");
        api.post(ADMIN, "/stores/" + STORE_A + "/slots", slot(later, day.plusDays(1), 8, 9, 1, 7));
        Reply listed = api.get(MANAGER_A, "/stores/" + STORE_A + "/slots?from=" + day + "&to=" + day.plusDays(1));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.<String>list("$[*].id")).containsExactly(id, later);
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/slots?from=" + day)
                        .<String>list("$[*].id"))
                .containsExactly(id);

        Reply changed = api.put(MANAGER_A, "/stores/" + STORE_A + "/slots/" + id, """
                {"version": 0, "date": "%s", "start": "%s", "end": "%s", "type": "express", "capacity": 5,
                 "cutoff": "%s"}""".formatted(
                        day, at(day, 10), at(day, 11), at(day, 9)));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat((Integer) changed.json("$.version")).isEqualTo(1);
        assertThat((Integer) changed.json("$.capacity")).isEqualTo(5);
        assertThat((Integer) changed.json("$.remaining")).isEqualTo(5);
        assertThat((String) changed.json("$.type")).isEqualTo("EXPRESS");
        assertThat((String) changed.json("$.end")).isEqualTo(at(day, 11).toString());

        Reply stale =
                api.put(MANAGER_A, "/stores/" + STORE_A + "/slots/" + id, """
                {"version": 0, "date": "%s", "start": "%s", "end": "%s", "capacity": 1}""".formatted(day, at(day, 10), at(day, 11)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.code()).isEqualTo("CONCURRENT_MODIFICATION");
        assertThat((Integer)
                        api.get(ADMIN, "/stores/" + STORE_A + "/slots/" + id).json("$.capacity"))
                .isEqualTo(5);

        Reply closed = api.post(MANAGER_A, "/stores/" + STORE_A + "/slots/" + id + "/deactivate", null);
        assertThat(closed.status()).isEqualTo(200);
        assertThat((Boolean) closed.json("$.active")).isFalse();
        assertThat((Integer) closed.json("$.version")).isEqualTo(2);
        Reply keptClosed =
                api.put(MANAGER_A, "/stores/" + STORE_A + "/slots/" + id, """
                {"version": 2, "date": "%s", "start": "%s", "end": "%s", "capacity": 4}""".formatted(day, at(day, 10), at(day, 11)));
        assertThat((Boolean) keptClosed.json("$.active"))
                .as("active is kept unless given")
                .isFalse();
        assertThat(api.get(ASHA, "/slots?pincode=" + PINCODE_A + "&from=" + day).<String>list("$[*].id"))
                .doesNotContain(id);
        Reply reopened = api.post(ADMIN, "/stores/" + STORE_A + "/slots/" + id + "/activate", null);
        assertThat((Boolean) reopened.json("$.active")).isTrue();
        assertThat(api.get(ASHA, "/slots?pincode=" + PINCODE_A + "&from=" + day).<String>list("$[*].id"))
                .containsExactly(id);
    }

    @Test
    void slotsAreForTheirStoresStaffOnly() {
        LocalDate day = uniqueDay();
        String id = unique("SL");
        String body = slot(id, day, 10, 12, 2, null);
        assertThat(api.post(MANAGER_B, "/stores/" + STORE_A + "/slots", body).status())
                .isEqualTo(403);
        assertThat(api.post(ASHA, "/stores/" + STORE_A + "/slots", body).status())
                .isEqualTo(403);
        assertThat(api.post(MANAGER_A, "/stores/" + STORE_A + "/slots", body).status())
                .isEqualTo(201);

        assertThat(api.get(MANAGER_B, "/stores/" + STORE_A + "/slots?from=" + day)
                        .status())
                .isEqualTo(403);
        assertThat(api.get(ASHA, "/stores/" + STORE_A + "/slots?from=" + day).status())
                .isEqualTo(403);
        assertThat(api.post(MANAGER_B, "/stores/" + STORE_A + "/slots/" + id + "/deactivate", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.put(ASHA, "/stores/" + STORE_A + "/slots/" + id, body).status())
                .isEqualTo(403);

        // Named under another store's path, the slot does not exist there, for whoever asks.
        Reply elsewhere = api.get(MANAGER_B, "/stores/" + STORE_B + "/slots/" + id);
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.code()).isEqualTo("UNKNOWN_SLOT");
        assertThat(api.post(ADMIN, "/stores/" + STORE_B + "/slots/" + id + "/deactivate", null)
                        .code())
                .isEqualTo("UNKNOWN_SLOT");
        assertThat((Boolean)
                        api.get(ADMIN, "/stores/" + STORE_A + "/slots/" + id).json("$.active"))
                .isTrue();
    }

    @Test
    void aBadSlotIsRefusedWithEveryProblemListed() {
        LocalDate day = uniqueDay();
        Reply unparsable = api.post(MANAGER_A, "/stores/" + STORE_A + "/slots", """
                {"id": "bad id", "date": "tomorrow", "start": "10 am", "type": "FAST"}""");
        assertThat(unparsable.status()).isEqualTo(400);
        assertThat(unparsable.<String>list("$.violations[*].field"))
                .containsExactlyInAnyOrder("id", "date", "start", "end", "type", "capacity");
        assertNoInternals(unparsable);

        Reply invariants = api.post(MANAGER_A, "/stores/" + STORE_A + "/slots", """
                {"id": "%s", "date": "%s", "start": "%s", "end": "%s", "cutoff": "%s", "capacity": -1}""".formatted(
                        unique("SL"), day, at(day, 10), at(day, 9), at(day, 11)));
        assertThat(invariants.status()).isEqualTo(400);
        assertThat(invariants.code()).isEqualTo("INVALID_ARGUMENT");
        assertThat(invariants.<String>list("$.violations[*].field"))
                .containsExactlyInAnyOrder("end", "cutoff", "capacity");

        Reply noStore = api.post(ADMIN, "/stores/NO-SUCH/slots", slot(unique("SL"), day, 10, 11, 1, null));
        assertThat(noStore.status()).isEqualTo(404);
        assertThat(noStore.code()).isEqualTo("UNKNOWN_STORE");

        String id = unique("SL");
        api.post(MANAGER_A, "/stores/" + STORE_A + "/slots", slot(id, day, 10, 11, 1, null));
        Reply noVersion =
                api.put(MANAGER_A, "/stores/" + STORE_A + "/slots/" + id, """
                {"id": "OTHER", "date": "%s", "start": "%s", "end": "%s", "capacity": 1}""".formatted(day, at(day, 10), at(day, 11)));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.<String>list("$.violations[*].field")).containsExactlyInAnyOrder("id", "version");
        Reply unknown = api.put(MANAGER_A, "/stores/" + STORE_A + "/slots/" + unique("SL"), """
                {"version": 0, "date": "%s", "start": "%s", "end": "%s", "capacity": 1}""".formatted(
                        day, at(day, 10), at(day, 11)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_SLOT");
        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/slots/bad%20id").code())
                .isEqualTo("INVALID_ID");

        assertThat(api.get(MANAGER_A, "/stores/" + STORE_A + "/slots").<String>list("$.violations[*].field"))
                .containsExactly("from");
        Reply backwards = api.get(MANAGER_A, "/stores/" + STORE_A + "/slots?from=" + day + "&to=" + day.minusDays(1));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.<String>list("$.violations[*].field")).containsExactly("to");
        assertThat(api.get(ADMIN, "/stores/NO-SUCH/slots?from=" + day).code()).isEqualTo("UNKNOWN_STORE");
    }

    @Test
    void aCustomerSeesTheBookableSlotsOfTheirPincodeAndBooksOneWithTheOrder() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 10);
        LocalDate day = uniqueDay();
        String morning = createdSlot(store, slot(unique("SL"), day, 8, 10, 1, null));
        String evening = createdSlot(store, slot(unique("SL"), day, 18, 20, 3, null));
        String closed = createdSlot(store, slot(unique("SL"), day, 12, 14, 3, null));
        api.post(ADMIN, "/stores/" + store + "/slots/" + closed + "/deactivate", null);
        String nextDay = createdSlot(store, slot(unique("SL"), day.plusDays(1), 8, 10, 3, null));

        Reply bookable = api.get(ASHA, "/slots?pincode=" + pin + "&from=" + day);
        assertThat(bookable.status()).as(bookable.toString()).isEqualTo(200);
        assertThat(bookable.<String>list("$[*].id")).containsExactly(morning, evening);
        assertThat(bookable.<Integer>list("$[*].remaining")).containsExactly(1, 3);
        assertThat(bookable.<String>list("$[*].store")).containsOnly(store);
        assertThat(bookable.body()).doesNotContain("\"booked\"", "\"capacity\"");
        assertThat(api.get(ASHA, "/slots?pincode=" + pin + "&from=" + day + "&to=" + day.plusDays(1))
                        .<String>list("$[*].id"))
                .containsExactly(morning, evening, nextDay);

        String key = unique("checkout");
        Reply placed = placeInSlot(ASHA, key, pin, milk, 2, morning);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat((String) placed.json("$.slot.id")).isEqualTo(morning);
        assertThat((String) placed.json("$.slot.type")).isEqualTo("NORMAL");
        assertThat((String) placed.json("$.slot.start")).isEqualTo(at(day, 8).toString());
        assertThat((String) placed.json("$.slot.end")).isEqualTo(at(day, 10).toString());
        assertThat((String) placed.json("$.store")).isEqualTo(store);
        String id = placed.json("$.id");
        assertThat((String) api.get(ASHA, "/orders/" + id).json("$.slot.id")).isEqualTo(morning);
        assertThat(placeInSlot(ASHA, key, pin, milk, 2, morning).status())
                .as("a retry")
                .isEqualTo(200);
        Reply otherSlotSameKey = placeInSlot(ASHA, key, pin, milk, 2, evening);
        assertThat(otherSlotSameKey.status()).isEqualTo(409);
        assertThat(otherSlotSameKey.code()).isEqualTo("IDEMPOTENCY_CONFLICT");

        Reply staffView = api.get(ADMIN, "/stores/" + store + "/slots/" + morning);
        assertThat((Integer) staffView.json("$.held")).isEqualTo(1);
        assertThat((Integer) staffView.json("$.remaining")).isZero();
        assertThat(api.get(ASHA, "/slots?pincode=" + pin + "&from=" + day).<String>list("$[*].id"))
                .as("a full slot is not bookable")
                .containsExactly(evening);

        api.post(ADMIN, "/orders/" + id + "/payment-confirmed", null);
        Reply paid = api.get(ADMIN, "/stores/" + store + "/slots/" + morning);
        assertThat((Integer) paid.json("$.booked")).isEqualTo(1);
        assertThat((Integer) paid.json("$.held")).isZero();

        // An order without a slot still has none in its view.
        Reply asap = place(ASHA, unique("k"), pin, milk, 1);
        assertThat(asap.status()).isEqualTo(201);
        assertThat(asap.body()).doesNotContain("\"slot\"");
    }

    @Test
    void aFullSlotIsAnsweredAsFullAndFreedByACancellation() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 10);
        LocalDate day = uniqueDay();
        String slot = createdSlot(store, slot(unique("SL"), day, 8, 10, 1, null));
        String first = placeInSlot(ASHA, unique("k"), pin, milk, 1, slot).json("$.id");
        double refusedBefore = slotUnavailableCount();

        Reply full = placeInSlot(ASHA, unique("k"), pin, milk, 1, slot);
        assertThat(full.status()).isEqualTo(422);
        assertThat(full.code()).isEqualTo("SLOT_UNAVAILABLE");
        assertThat((String) full.json("$.reason")).isEqualTo("FULL");
        assertThat((String) full.json("$.slotId")).isEqualTo(slot);
        assertThat(available(store, milk))
                .as("nothing held for the refused order")
                .isEqualTo(9);
        assertThat(slotUnavailableCount()).isEqualTo(refusedBefore + 1);

        assertThat(api.post(ASHA, "/orders/" + first + "/cancel", null).status())
                .isEqualTo(200);
        assertThat(placeInSlot(ASHA, unique("k"), pin, milk, 1, slot).status()).isEqualTo(201);
    }

    @Test
    void aSlotPastItsCutOffCannotBeBooked() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 10);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        String slot = unique("SL");
        createdSlot(store, """
                {"id": "%s", "date": "%s", "start": "%s", "end": "%s", "cutoff": "%s", "capacity": 5}""".formatted(
                        slot,
                        day,
                        now.plus(Duration.ofHours(2)),
                        now.plus(Duration.ofHours(3)),
                        now.plus(Duration.ofMinutes(1))));
        assertThat(api.get(ASHA, "/slots?pincode=" + pin + "&from=" + day + "&to=" + day.plusDays(1))
                        .<String>list("$[*].id"))
                .containsExactly(slot);

        clock.advance(Duration.ofMinutes(2));
        Reply late = placeInSlot(ASHA, unique("k"), pin, milk, 1, slot);
        assertThat(late.status()).isEqualTo(422);
        assertThat(late.code()).isEqualTo("SLOT_UNAVAILABLE");
        assertThat((String) late.json("$.reason")).isEqualTo("CUT_OFF");
        assertThat(available(store, milk)).isEqualTo(10);
        assertThat(api.get(ASHA, "/slots?pincode=" + pin + "&from=" + day + "&to=" + day.plusDays(1))
                        .body())
                .isEqualTo("[]");
    }

    @Test
    void aSlotThatCannotServeTheOrderIsRefusedWithItsReason() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String other = store(unique("S"), pin, 1);
        String milk = sku(6500);
        receive(store, milk, 10);
        LocalDate day = uniqueDay();
        String slot = createdSlot(store, slot(unique("SL"), day, 8, 10, 5, null));

        Reply unknown = placeInSlot(ASHA, unique("k"), pin, milk, 1, "NO-SUCH-SLOT");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_SLOT");

        Reply broken = placeInSlot(ASHA, unique("k"), pin, milk, 1, "a b");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.code()).isEqualTo("INVALID_ID");
        assertThat(broken.<String>list("$.violations[*].field")).containsExactly("slotId");

        Reply wrongStore = api.post(
                ASHA, "/orders", """
                {"pincode": "%s", "store": "%s", "slotId": "%s", "lines": [{"sku": "%s", "quantity": 1}]}""".formatted(pin, other, slot, milk), Map.of("Idempotency-Key", unique("k")));
        assertThat(wrongStore.status()).isEqualTo(409);
        assertThat(wrongStore.code()).isEqualTo("SLOT_INACTIVE");

        Reply elsewhere = placeInSlot(ASHA, unique("k"), uniquePincode(), milk, 1, slot);
        assertThat(elsewhere.status()).isEqualTo(422);
        assertThat(elsewhere.code()).isEqualTo("NOT_SERVICEABLE");

        api.post(ADMIN, "/stores/" + store + "/slots/" + slot + "/deactivate", null);
        Reply inactive = placeInSlot(ASHA, unique("k"), pin, milk, 1, slot);
        assertThat(inactive.status()).isEqualTo(409);
        assertThat(inactive.code()).isEqualTo("SLOT_INACTIVE");
        assertThat((String) inactive.json("$.details.slotId")).isEqualTo(slot);
        assertThat(available(store, milk)).isEqualTo(10);
    }

    @Test
    void aSlotsCapacityCannotGoBelowItsBookings() {
        String pin = uniquePincode();
        String store = store(unique("S"), pin, 0);
        String milk = sku(6500);
        receive(store, milk, 10);
        LocalDate day = uniqueDay();
        String slot = createdSlot(store, slot(unique("SL"), day, 8, 10, 3, null));
        String paid = placeInSlot(ASHA, unique("k"), pin, milk, 1, slot).json("$.id");
        api.post(ADMIN, "/orders/" + paid + "/payment-confirmed", null);
        placeInSlot(ASHA, unique("k"), pin, milk, 1, slot);

        String change = """
                {"version": 0, "date": "%s", "start": "%s", "end": "%s", "capacity": %d, "movementId": "%s"}""";
        Reply overbooked = api.put(
                ADMIN,
                "/stores/" + store + "/slots/" + slot,
                change.formatted(day, at(day, 8), at(day, 10), 1, unique("cap")));
        assertThat(overbooked.status()).isEqualTo(409);
        assertThat(overbooked.code()).isEqualTo("SLOT_OVERBOOKED");
        assertThat((String) overbooked.json("$.details.booked")).isEqualTo("1");
        assertThat((String) overbooked.json("$.details.held")).isEqualTo("1");
        Reply unchanged = api.get(ADMIN, "/stores/" + store + "/slots/" + slot);
        assertThat((Integer) unchanged.json("$.capacity")).isEqualTo(3);
        assertThat((Integer) unchanged.json("$.version")).isZero();

        Reply exact = api.put(
                ADMIN,
                "/stores/" + store + "/slots/" + slot,
                change.formatted(day, at(day, 8), at(day, 10), 2, unique("cap")));
        assertThat(exact.status()).as(exact.toString()).isEqualTo(200);
        assertThat((Integer) exact.json("$.remaining")).isZero();
    }

    @Test
    void bookableSlotsNeedAValidPincodeAndDates() {
        Reply missing = api.get(ASHA, "/slots");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.<String>list("$.violations[*].field")).containsExactlyInAnyOrder("pincode", "from");
        Reply bad = api.get(ASHA, "/slots?pincode=12&from=2031-02-30");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.<String>list("$.violations[*].field")).containsExactlyInAnyOrder("pincode", "from");
        Reply tooLong = api.get(ASHA, "/slots?pincode=" + PINCODE_A + "&from=2031-01-01&to=2033-01-01");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.<String>list("$.violations[*].field")).containsExactly("to");
        assertThat(api.get(ASHA, "/slots?pincode=" + uniquePincode() + "&from=2031-01-01")
                        .body())
                .isEqualTo("[]");
    }

    private double slotUnavailableCount() {
        Reply r = api.get(ADMIN, "/actuator/metrics/oms.placements?tag=outcome:slot_unavailable");
        return r.status() == 404 ? 0 : ((Number) r.json("$.measurements[0].value")).doubleValue();
    }

    private static LocalDate uniqueDay() {
        return FIRST_DAY.plusDays(3L * DAYS.incrementAndGet());
    }

    /** {@code hour}:00 UTC on the day. */
    private static Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    /** A slot's JSON from {@code from}:00 to {@code to}:00 UTC on the day; cut-off at {@code cutoff}:00 if given. */
    private static String slot(String id, LocalDate day, int from, int to, int capacity, Integer cutoff) {
        return """
                {"id": "%s", "date": "%s", "start": "%s", "end": "%s", "capacity": %d%s}""".formatted(
                        id,
                        day,
                        at(day, from),
                        at(day, to),
                        capacity,
                        cutoff == null ? "" : ", \"cutoff\": \"" + at(day, cutoff) + "\"");
    }

    private String createdSlot(String store, String json) {
        Reply r = api.post(ADMIN, "/stores/" + store + "/slots", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json("$.id");
    }

    private Reply placeInSlot(String user, String key, String pincode, String sku, int quantity, String slot) {
        return api.post(user, "/orders", """
                {"pincode": "%s", "slotId": "%s", "lines": [{"sku": "%s", "quantity": %d}]}""".formatted(pincode, slot, sku, quantity), Map.of("Idempotency-Key", key));
    }
}
