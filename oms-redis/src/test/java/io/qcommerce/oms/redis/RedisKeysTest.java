package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
    private final RedisKeys keys = new RedisKeys("oms");

    @Test
    void everyKeyOfAStoreIsInTheSlotOfItsHashTag() {
        StoreId store = StoreId.of("BLR-1");
        List<String> all = List.of(
                keys.stock(store),
                keys.due(store),
                keys.batches(store),
                keys.ledger(store),
                keys.hold(store, ReservationId.of("r-1")),
                keys.movement(store, MovementId.of("grn_42")),
                keys.holdBase(store) + "any");

        int slot = SlotHash.getSlot("BLR-1");
        assertThat(all).allSatisfy(k -> assertThat(SlotHash.getSlot(k)).as(k).isEqualTo(slot));
        assertThat(keys.stock(store)).isEqualTo("oms:{BLR-1}:stock");
        assertThat(keys.batches(store)).isEqualTo("oms:{BLR-1}:batch");
        assertThat(keys.ledger(store)).isEqualTo("oms:{BLR-1}:ledger");
        assertThat(keys.hold(store, ReservationId.of("r-1"))).isEqualTo("oms:{BLR-1}:hold:r-1");
        assertThat(keys.movement(store, MovementId.of("grn_42"))).isEqualTo("oms:{BLR-1}:move:grn_42");
    }

    @Test
    void storesSpreadOverTheSlots() {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            slots.add(SlotHash.getSlot(keys.stock(StoreId.of("store-" + i))));
        }
        assertThat(slots).hasSizeGreaterThan(90);
    }

    @Test
    void linesAndInstantsSurviveTheirStoredForm() {
        List<HoldLine> lines = List.of(
                new HoldLine(Resource.sku(SkuId.of("a-1")), 3),
                new HoldLine(Resource.sku(SkuId.of("B_2")), 1_000_000_000L));

        String encoded = RedisInventoryLock.encodeLines(lines);

        assertThat(encoded).isEqualTo("sku:a-1 3 sku:B_2 1000000000");
        assertThat(RedisInventoryLock.decodeLines(encoded)).isEqualTo(lines);
        Instant t = Instant.parse("2025-01-15T10:00:00.123456Z");
        assertThat(RedisInventoryLock.instant(RedisInventoryLock.micros(t))).isEqualTo(t);
        assertThat(RedisInventoryLock.micros(t)).as("exact in a Lua double").isLessThan(1L << 53);
        Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertThat(RedisInventoryLock.instant(RedisInventoryLock.micros(beforeEpoch)))
                .isEqualTo(beforeEpoch);
    }

    @Test
    void callerInstantsAreKeptAsExactNanosecondTextAtAnySize() {
        for (Instant t : List.of(
                Instant.EPOCH,
                Instant.parse("2025-01-15T10:00:00.000000001Z"),
                Instant.MAX,
                Instant.MIN,
                Instant.ofEpochSecond(-1, 1),
                Instant.ofEpochSecond(0, -1000))) {
            assertThat(RedisInventoryLock.instantOfNanos(RedisInventoryLock.nanos(t)))
                    .as("%s", t)
                    .isEqualTo(t);
        }
        assertThat(RedisInventoryLock.nanos(Instant.EPOCH)).isEqualTo("0");
        assertThat(RedisInventoryLock.nanos(Instant.ofEpochSecond(0, -1000)))
                .as("what the scripts make of -1 µs")
                .isEqualTo("-1000");
        assertThat(RedisInventoryLock.nanos(Instant.parse("2025-01-15T10:00:00.123456Z")))
                .as("what the scripts make of a µs instant: the digits and 000")
                .isEqualTo(RedisInventoryLock.micros(Instant.parse("2025-01-15T10:00:00.123456Z")) + "000");
    }

    @Test
    void freshnessAndTakesSurviveTheirStoredForm() {
        Resource a = Resource.sku(SkuId.of("a"));
        Resource slot = Resource.slot("s-1");
        Instant t = Instant.parse("2025-01-15T10:00:00.000000007Z");
        List<HoldLine> lines = List.of(new HoldLine(a, 2, t), new HoldLine(slot, 1));

        String fresh = RedisInventoryLock.encodeFreshness(lines);

        assertThat(fresh).isEqualTo("sku:a 1736935200000000007");
        List<HoldLine> stored = RedisInventoryLock.decodeLines(RedisInventoryLock.encodeLines(lines));
        assertThat(RedisInventoryLock.withFreshness(stored, fresh)).isEqualTo(lines);
        assertThat(RedisInventoryLock.decodeTakes("sku:a X-1 1736935200000000007 2 sku:a Y 1736935200000000008 1"))
                .containsExactly(Map.entry(
                        a,
                        List.of(
                                new BatchTake(new Batch(BatchCode.of("X-1"), t), 2),
                                new BatchTake(new Batch(BatchCode.of("Y"), t.plusNanos(1)), 1))));
        assertThat(RedisInventoryLock.decodeTakes("")).isEmpty();
    }

    @Test
    void aLedgerPositionIsAStreamIdAndReadingGoesOnAtTheNextOne() {
        assertThat(RedisInventoryLock.firstAfter("1736935200000-0")).containsExactly("1736935200000", "1");
        assertThat(RedisInventoryLock.firstAfter("0-0")).containsExactly("0", "1");
        assertThat(RedisInventoryLock.firstAfter("7-18446744073709551615"))
                .as("the sequence carries into the ms")
                .containsExactly("8", "0");
        assertThat(RedisInventoryLock.firstAfter("18446744073709551615-18446744073709551615"))
                .isNull();
        assertThat(RedisInventoryLock.firstAfter("0007-01"))
                .as("as Redis reads it")
                .containsExactly("7", "2");
    }

    @Test
    void aStoreStateTravelsAsCountersBatchListsAndSixArgumentsAHold() {
        StoreId store = StoreId.of("BLR-1");
        Resource milk = Resource.sku(SkuId.of("milk"));
        Resource slot = Resource.slot("noon");
        Instant t = Instant.parse("2025-01-15T10:00:00Z");
        Batch late = Batch.of("L", t.plus(java.time.Duration.ofDays(2)));
        Batch early = Batch.of("E", t.plus(java.time.Duration.ofDays(1)));
        io.qcommerce.oms.inventory.Reservation hold = new io.qcommerce.oms.inventory.Reservation(
                ReservationId.of("r-1"),
                store,
                List.of(new HoldLine(slot, 1), new HoldLine(milk, 4, t.plusNanos(5))),
                t.plusNanos(1500),
                t.plusSeconds(600).plusNanos(1),
                io.qcommerce.oms.inventory.ReservationStatus.HELD,
                null,
                Map.of(milk, List.of(new BatchTake(early, 3))));
        io.qcommerce.oms.spi.StoreState state = new io.qcommerce.oms.spi.StoreState(
                store,
                List.of(
                        new io.qcommerce.oms.spi.StoreState.Counter(milk, 9, Map.of(late, 2L, early, 5L)),
                        new io.qcommerce.oms.spi.StoreState.Counter(slot, 3, Map.of())),
                List.of(hold));

        List<String> args = RedisInventoryLock.encodeState(state);

        long micros = RedisInventoryLock.micros(t);
        assertThat(args)
                .containsExactly(
                        "sku:milk 9 4 slot:noon 3 1",
                        "1",
                        "sku:milk",
                        "E " + RedisInventoryLock.nanos(early.expiresAt()) + " 5 3 L "
                                + RedisInventoryLock.nanos(late.expiresAt()) + " 2 0",
                        "r-1",
                        Long.toString(micros + 1),
                        Long.toString(micros + 600_000_001L),
                        "sku:milk 4 slot:noon 1",
                        "sku:milk E " + RedisInventoryLock.nanos(early.expiresAt()) + " 3",
                        "sku:milk " + RedisInventoryLock.nanos(t.plusNanos(5)));
    }
}
