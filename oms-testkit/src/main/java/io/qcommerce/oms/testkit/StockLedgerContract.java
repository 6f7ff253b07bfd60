package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link StockLedger} adapter must pass. Extend it and return a ledger from
 * {@link #createLedger()}.
 *
 * <p>What a passing adapter guarantees: a movement reads back equal to what was recorded, every field
 * included; recording is idempotent on (store, key), first write wins, also under concurrency; queries
 * return exactly the store's movements that match, oldest first by (time, key), page after page without
 * loss or repeat; the shipped position reads back as last marked, per store.
 */
public abstract class StockLedgerContract {
    private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");

    protected StockLedger ledger;
    protected StoreId store;
    protected Resource milk;
    protected Resource bread;
    private String suffix;
    private final AtomicInteger sequence = new AtomicInteger();

    /** A ledger to test (called once per test); it may hold movements of earlier tests. */
    protected abstract StockLedger createLedger();

    @BeforeEach
    protected final void setUpStockLedgerContract() {
        ledger = createLedger();
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        store = StoreId.of("ledger-" + suffix);
        milk = Resource.sku(SkuId.of("milk-" + suffix));
        bread = Resource.sku(SkuId.of("bread-" + suffix));
    }

    @Test
    void aMovementReadsBackEqualWithEveryField() {
        StockMovement received = new StockMovement(
                "mv:grn-" + suffix,
                store,
                milk,
                MovementType.RECEIVED,
                40,
                Batch.of("B-7", T.plus(Duration.ofDays(3)).plusMillis(123)),
                "store_staff:ravi",
                T.plusMillis(456),
                "grn-" + suffix,
                "morning delivery");
        StockMovement adjusted = movement(milk, MovementType.ADJUSTED, -3, T.plusSeconds(1));
        StockMovement slot = new StockMovement(
                "held:r-1:slot:s1:-",
                store,
                Resource.slot("s1-" + suffix),
                MovementType.HELD,
                1,
                null,
                "system",
                T.plusSeconds(2),
                "r-1",
                "");
        ledger.record(List.of(received, adjusted, slot));
        assertThat(ledger.query(LedgerQuery.of(store, 10))).containsExactly(received, adjusted, slot);
    }

    @Test
    void recordingIsIdempotentOnTheKeyAndTheFirstWriteWins() {
        StockMovement first = movement(milk, MovementType.RECEIVED, 5, T);
        ledger.record(List.of(first));
        StockMovement sameKey = new StockMovement(
                first.key(),
                store,
                milk,
                MovementType.RECEIVED,
                5,
                null,
                "system",
                T.plusSeconds(9),
                first.reference(),
                "a later copy");
        ledger.record(List.of(sameKey, first));
        assertThat(ledger.query(LedgerQuery.of(store, 10))).containsExactly(first);
    }

    @Test
    void aMovementIsFoundByItsKeyInItsStoreOnly() {
        StockMovement m = movement(milk, MovementType.RECEIVED, 5, T);
        ledger.record(List.of(m));
        assertThat(ledger.find(store, m.key())).contains(m);
        assertThat(ledger.find(store, "mv:none")).isEmpty();
        assertThat(ledger.find(StoreId.of("other-" + suffix), m.key())).isEmpty();
    }

    @Test
    void theSameKeyInAnotherStoreIsAnotherMovement() {
        StockMovement here = movement(milk, MovementType.RECEIVED, 5, T);
        StoreId other = StoreId.of("other-" + suffix);
        StockMovement there = new StockMovement(
                here.key(), other, milk, MovementType.RECEIVED, 6, null, "system", T, here.reference(), "");
        ledger.record(List.of(here, there));
        assertThat(ledger.query(LedgerQuery.of(store, 10))).containsExactly(here);
        assertThat(ledger.query(LedgerQuery.of(other, 10))).containsExactly(there);
    }

    @Test
    void queriesFilterByResourceTypeAndTimeOldestFirst() {
        StockMovement m1 = movement(milk, MovementType.RECEIVED, 10, T);
        StockMovement b1 = movement(bread, MovementType.RECEIVED, 10, T.plusSeconds(1));
        StockMovement m2 = movement(milk, MovementType.HELD, 2, T.plusSeconds(2));
        StockMovement m3 = movement(milk, MovementType.SOLD, 2, T.plusSeconds(3));
        StockMovement m4 = movement(milk, MovementType.ADJUSTED, -1, T.plusSeconds(4));
        ledger.record(List.of(m4, m3, b1, m2, m1));

        assertThat(ledger.query(LedgerQuery.of(store, 10).resource(milk))).containsExactly(m1, m2, m3, m4);
        assertThat(ledger.query(
                        LedgerQuery.of(store, 10).types(EnumSet.of(MovementType.RECEIVED, MovementType.ADJUSTED))))
                .containsExactly(m1, b1, m4);
        assertThat(ledger.query(LedgerQuery.of(store, 10).between(T.plusSeconds(1), T.plusSeconds(3))))
                .containsExactly(b1, m2);
        assertThat(ledger.query(LedgerQuery.of(store, 10)
                        .resource(milk)
                        .types(Set.of(MovementType.SOLD))
                        .between(T, T.plusSeconds(60))))
                .containsExactly(m3);
        assertThat(ledger.query(LedgerQuery.of(StoreId.of("none-" + suffix), 10)))
                .isEmpty();
    }

    @Test
    void pagesFollowEachOtherWithoutLossOrRepeatEvenAtOneInstant() {
        List<StockMovement> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            all.add(movement(milk, MovementType.RECEIVED, 1 + i, T.plusSeconds(i / 5)));
        }
        ledger.record(all);
        all.sort(LedgerQuery.ORDER);
        List<StockMovement> read = new ArrayList<>();
        StockMovement last = null;
        while (true) {
            LedgerQuery q = LedgerQuery.of(store, 4);
            List<StockMovement> page = ledger.query(last == null ? q : q.after(last));
            read.addAll(page);
            if (page.size() < 4) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        assertThat(read).containsExactlyElementsOf(all);
    }

    @Test
    void concurrentCopiesOfTheSameMovementsKeepOneEach() {
        List<StockMovement> movements = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            movements.add(movement(milk, MovementType.RECEIVED, 1, T.plusMillis(i)));
        }
        Race.run(6, t -> {
            ledger.record(movements);
            return null;
        });
        assertThat(ledger.query(LedgerQuery.of(store, 100))).hasSize(20);
    }

    @Test
    void theShippedPositionReadsBackAsLastMarkedPerStore() {
        assertThat(ledger.shippedPosition(store)).isEmpty();
        ledger.markShipped(store, "1700000000000-0");
        ledger.markShipped(store, "1700000000001-3");
        assertThat(ledger.shippedPosition(store)).contains("1700000000001-3");
        assertThat(ledger.shippedPosition(StoreId.of("none-" + suffix))).isEmpty();
    }

    protected StockMovement movement(Resource resource, MovementType type, long quantity, Instant at) {
        String ref = "m-" + suffix + "-" + sequence.incrementAndGet();
        return new StockMovement(
                StockMovement.changeKey(ref), store, resource, type, quantity, null, "system", at, ref, "");
    }
}
