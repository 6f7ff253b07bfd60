package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.event.StockAlert;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link StockAlertLog} adapter must pass: an alert is recorded once per (store, SKU,
 * sequence), positions run 1, 2, 3… with no gap and no duplicate under concurrent appends, the latest alert is
 * the one with the highest sequence, reads follow positions (per store too), and how far a store was scanned
 * reads back as remembered. Each test starts from an empty log.
 */
public abstract class StockAlertLogContract {
    private static final Instant AT = Instant.parse("2026-12-08T06:00:00Z");

    protected StockAlertLog log;
    private StoreId store;
    private StoreId other;
    private SkuId milk;
    private SkuId bread;

    /** A log with no alert in it. */
    protected abstract StockAlertLog createLog();

    @BeforeEach
    protected final void setUpStockAlertLogContract() {
        log = createLog();
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        store = StoreId.of("a-" + suffix);
        other = StoreId.of("b-" + suffix);
        milk = SkuId.of("milk-" + suffix);
        bread = SkuId.of("bread-" + suffix);
    }

    private static StockAlert alert(StoreId store, SkuId sku, long sequence) {
        StockAlert.Type type = sequence % 2 == 1 ? StockAlert.Type.LOW : StockAlert.Type.RECOVERED;
        return new StockAlert(store, sku, sequence, type, sequence % 2 == 1 ? 2 : 9, 5, AT.plusSeconds(sequence), 0);
    }

    @Test
    void alertsGetPositionsInTheOrderRecordedAndTheLatestIsTheHighestSequence() {
        assertThat(log.lastPosition()).isZero();
        assertThat(log.latest(store, milk)).isEmpty();

        StockAlert first = log.append(alert(store, milk, 1)).orElseThrow();
        StockAlert second = log.append(alert(store, bread, 1)).orElseThrow();
        StockAlert third = log.append(alert(store, milk, 2)).orElseThrow();

        assertThat(List.of(first.position(), second.position(), third.position()))
                .containsExactly(1L, 2L, 3L);
        assertThat(first).isEqualTo(alert(store, milk, 1).at(1));
        assertThat(log.latest(store, milk)).contains(third);
        assertThat(log.latest(store, bread)).contains(second);
        assertThat(log.latest(other, milk)).isEmpty();
        assertThat(log.lastPosition()).isEqualTo(3);
    }

    @Test
    void aSequenceRecordedAlreadyWritesNothing() {
        log.append(alert(store, milk, 1));

        Optional<StockAlert> again = log.append(alert(store, milk, 1));

        assertThat(again).isEmpty();
        assertThat(log.read(0, null, 10)).hasSize(1);
        assertThat(log.lastPosition()).isEqualTo(1);
    }

    @Test
    void readsFollowPositionsFromACursorForAllStoresOrOne() {
        log.append(alert(store, milk, 1));
        log.append(alert(other, milk, 1));
        log.append(alert(store, milk, 2));
        log.append(alert(other, bread, 1));

        assertThat(log.read(0, null, 10)).extracting(StockAlert::position).containsExactly(1L, 2L, 3L, 4L);
        assertThat(log.read(1, null, 2)).extracting(StockAlert::position).containsExactly(2L, 3L);
        assertThat(log.read(0, other, 10))
                .extracting(StockAlert::id)
                .containsExactly(other.value() + "/" + milk.value() + "#1", other.value() + "/" + bread.value() + "#1");
        assertThat(log.read(2, store, 10)).extracting(StockAlert::position).containsExactly(3L);
        assertThat(log.read(4, null, 10)).isEmpty();
    }

    @Test
    void concurrentAppendsGiveEveryAlertOnePositionWithNoGap() {
        int writers = 4;
        int perWriter = 25;
        List<SkuId> skus = new ArrayList<>();
        for (int i = 0; i < perWriter; i++) {
            skus.add(SkuId.of("sku" + i + "-" + milk.value()));
        }
        // Every writer tries every (sku, 1): each is recorded once, by whichever writer comes first.
        Race.run(writers, w -> {
            int recorded = 0;
            for (SkuId sku : skus) {
                recorded += log.append(alert(store, sku, 1)).isPresent() ? 1 : 0;
            }
            return recorded;
        });

        List<StockAlert> all = log.read(0, null, 1000);
        assertThat(all)
                .extracting(StockAlert::position)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, perWriter).boxed().toList());
        Set<String> ids = new HashSet<>();
        all.forEach(a -> ids.add(a.id()));
        assertThat(ids).hasSize(perWriter);
        assertThat(log.lastPosition()).isEqualTo(perWriter);
    }

    @Test
    void howFarAStoreWasScannedReadsBackAndCanBeForgotten() {
        assertThat(log.scanned(store)).isEmpty();
        log.markScanned(store, "17-0");
        log.markScanned(other, "3");
        log.markScanned(store, "18-2");

        assertThat(log.scanned(store)).contains("18-2");
        assertThat(log.scanned(other)).contains("3");

        log.markScanned(store, null);
        assertThat(log.scanned(store)).isEmpty();
        assertThat(log.scanned(other)).contains("3");
    }
}
