package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.InventoryInvariants;
import io.qcommerce.oms.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger stream as Redis holds it, beyond the contract: it stays within the retention window (trimmed on
 * append, and never read past), what a movement costs in memory, and a restore of a large store in one script
 * call. On a server of its own, so that command counts and memory figures are its own.
 */
class RedisLedgerTest {
    private static final Duration RETENTION = Duration.ofHours(1);

    private static OwnRedisServer own;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    private final String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final StoreId store = StoreId.of("s-" + suffix);
    private final Resource milk = Resource.sku(SkuId.of("milk"));
    private final MutableClock clock = new MutableClock();
    private RedisInventoryLock lock;
    private int sequence;

    @BeforeAll
    static void startServer() {
        own = OwnRedisServer.start("ledger");
        connection = own.connection;
        redis = connection.sync();
    }

    @AfterAll
    static void stopServer() {
        if (own != null) {
            own.close();
        }
    }

    @BeforeEach
    void newLock() {
        lock = new RedisInventoryLock(
                connection,
                RedisInventoryLockConfig.builder()
                        .keyPrefix("l")
                        .clock(clock)
                        .retention(RETENTION)
                        .commandTimeout(TestRedis.TIMEOUT)
                        .build());
    }

    private String ledgerKey() {
        return "l:{" + store.value() + "}:ledger";
    }

    private void receive(Resource resource, long units) {
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, resource, units)
                .id(MovementId.of("m-" + ++sequence))
                .reason("delivery")
                .build());
    }

    private List<StockMovement> all() {
        return InventoryInvariants.movements(lock, store);
    }

    @Test
    void theStreamIsTrimmedToTheRetentionOnAppendAndNeverReadPastIt() {
        for (int i = 0; i < 600; i++) {
            receive(milk, 1);
            clock.advance(Duration.ofMillis(3));
        }
        assertThat(redis.xlen(ledgerKey())).isEqualTo(600);
        clock.advance(RETENTION.minusSeconds(5));
        receive(milk, 7);
        assertThat(redis.xlen(ledgerKey())).as("nothing past the retention yet").isEqualTo(601);

        clock.advance(Duration.ofSeconds(7));
        assertThat(all())
                .as("read: only what the retention keeps, though the stream still has the rest")
                .extracting(StockMovement::quantity)
                .containsExactly(7L);
        assertThat(redis.xlen(ledgerKey())).isEqualTo(601);
        receive(milk, 8);
        assertThat(redis.xlen(ledgerKey()))
                .as("the first append past the retention trims whole nodes")
                .isLessThan(150);
        assertThat(all()).extracting(StockMovement::quantity).containsExactly(7L, 8L);
        assertThat(lock.levels(store, List.of(milk)).get(milk).onHand()).isEqualTo(615);
    }

    @Test
    void onTheServersClockRedisNumbersTheEntriesAndTheyReadBackInOrder() {
        RedisInventoryLock onServerTime = new RedisInventoryLock(
                connection,
                RedisInventoryLockConfig.builder()
                        .keyPrefix("l")
                        .retention(RETENTION)
                        .commandTimeout(TestRedis.TIMEOUT)
                        .build());
        long before = Long.parseLong(redis.time().get(0)) * 1000;
        for (int i = 1; i <= 30; i++) {
            onServerTime.apply(StockChange.of(StockChange.Kind.RECEIVE, store, milk, i)
                    .id(MovementId.of("m-" + i))
                    .reason("")
                    .build());
        }
        ReservationId id = ReservationId.of("r-1");
        onServerTime.reserve(new HoldRequest(id, store, List.of(new HoldLine(milk, 4)), Duration.ofMinutes(5)));
        onServerTime.release(store, id);

        List<String> ids = new ArrayList<>();
        redis.xrange(ledgerKey(), io.lettuce.core.Range.create("-", "+")).forEach(m -> ids.add(m.getId()));
        // Stream ids order by their ms, then their sequence, as numbers ("5-10" comes after "5-9").
        assertThat(ids)
                .hasSize(32)
                .doesNotHaveDuplicates()
                .isSortedAccordingTo(java.util.Comparator.<String>comparingLong(i -> Long.parseLong(i.split("-")[0]))
                        .thenComparingLong(i -> Long.parseLong(i.split("-")[1])));
        assertThat(Long.parseLong(ids.get(0).split("-")[0]))
                .as("ms of the server's clock")
                .isGreaterThanOrEqualTo(before);
        List<StockMovement> read = new ArrayList<>();
        String position = null;
        for (LedgerPage page = onServerTime.movements(store, null, 7);
                !page.movements().isEmpty();
                page = onServerTime.movements(store, position, 7)) {
            read.addAll(page.movements());
            position = page.position();
        }
        assertThat(position).isEqualTo(ids.get(31));
        assertThat(read).extracting(StockMovement::type).endsWith(MovementType.HELD, MovementType.RELEASED);
        assertThat(read.subList(0, 30))
                .extracting(StockMovement::quantity)
                .isEqualTo(
                        java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
    }

    @Test
    void aHeldThenSoldHoldAddsTwoMovementsToTheStream() {
        int holds = 2000;
        List<Resource> skus = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            skus.add(Resource.sku(SkuId.of("sku-" + i)));
            receive(skus.get(i), 100_000);
        }
        long before = redis.memoryUsage(ledgerKey());
        long entriesBefore = redis.xlen(ledgerKey());
        for (int i = 0; i < holds; i++) {
            ReservationId id = ReservationId.of("order-" + suffix + "-" + i);
            lock.reserve(new HoldRequest(
                    id, store, List.of(new HoldLine(skus.get(i % 20), 1 + i % 3)), Duration.ofMinutes(10)));
            lock.confirm(store, id);
            clock.advance(Duration.ofMillis(7));
        }
        long entries = redis.xlen(ledgerKey()) - entriesBefore;
        long bytes = redis.memoryUsage(ledgerKey()) - before;
        double perMovement = (double) bytes / entries;
        System.out.printf(
                "[oms-redis] ledger: %d movements (HELD and SOLD, one line each) take %d bytes of the"
                        + " stream: %.1f bytes a movement%n",
                entries, bytes, perMovement);
        // Memory is measured by HoldMemoryBench in benchmarks; here only what the stream holds is checked.
        assertThat(entries).isEqualTo(2L * holds);
    }

    @Test
    void aThreeLineHoldIsOneEntryWhoseMovementsArePagedOneByOne() {
        Resource bread = Resource.sku(SkuId.of("bread"));
        Resource eggs = Resource.sku(SkuId.of("eggs"));
        receive(milk, 5);
        receive(bread, 5);
        receive(eggs, 5);
        long entriesBefore = redis.xlen(ledgerKey());
        ReservationId id = ReservationId.of("cart-" + suffix);
        lock.reserve(new HoldRequest(
                id,
                store,
                List.of(new HoldLine(bread, 1), new HoldLine(eggs, 2), new HoldLine(milk, 3)),
                Duration.ofMinutes(5)));
        lock.confirm(store, id);

        assertThat(redis.xlen(ledgerKey()) - entriesBefore)
                .as("one entry for the reserve, one for the sale")
                .isEqualTo(2);
        List<StockMovement> oneByOne = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        String position = null;
        for (LedgerPage page = lock.movements(store, null, 1);
                !page.movements().isEmpty();
                page = lock.movements(store, position, 1)) {
            assertThat(page.movements()).hasSize(1);
            oneByOne.addAll(page.movements());
            position = page.position();
            positions.add(position);
        }
        assertThat(positions).doesNotHaveDuplicates();
        assertThat(oneByOne).isEqualTo(all());
        assertThat(oneByOne)
                .extracting(m -> m.type() + " " + m.resource().key() + " " + m.quantity())
                .endsWith(
                        "HELD " + bread.key() + " 1",
                        "HELD " + eggs.key() + " 2",
                        "HELD " + milk.key() + " 3",
                        "SOLD " + bread.key() + " 1",
                        "SOLD " + eggs.key() + " 2",
                        "SOLD " + milk.key() + " 3");
        assertThat(lock.movements(store, positions.get(4), 2).movements())
                .as("from inside the reserve's entry")
                .extracting(m -> m.type() + " " + m.resource().key())
                .containsExactly("HELD " + milk.key(), "SOLD " + bread.key());
    }

    @Test
    void aLargeStoreIsRestoredInOneScriptCall() {
        int skus = 3000;
        int holdCount = 1000;
        Instant now = clock.instant();
        Batch batch = Batch.of("B1", now.plus(Duration.ofDays(3)));
        List<StoreState.Counter> counters = new ArrayList<>();
        for (int i = 0; i < skus; i++) {
            Resource sku = Resource.sku(SkuId.of("sku-" + i));
            counters.add(new StoreState.Counter(sku, 50, i % 2 == 0 ? Map.of(batch, 20L) : Map.of()));
        }
        List<Reservation> holds = new ArrayList<>();
        for (int i = 0; i < holdCount; i++) {
            Resource a = Resource.sku(SkuId.of("sku-" + (2 * i % skus)));
            Resource b = Resource.sku(SkuId.of("sku-" + ((2 * i + 1) % skus)));
            holds.add(new Reservation(
                    ReservationId.of("r-" + i),
                    store,
                    List.of(new HoldLine(a, 2), new HoldLine(b, 1)),
                    now.minusSeconds(30),
                    now.plus(Duration.ofMinutes(i % 10 + 1)),
                    ReservationStatus.HELD,
                    null,
                    Map.of(a, List.of(new BatchTake(batch, 2)))));
        }
        receive(milk, 5);
        lock.start();
        redis.configResetstat();

        long started = System.nanoTime();
        lock.restore(new StoreState(store, counters, holds));
        long millis = (System.nanoTime() - started) / 1_000_000;

        String stats = redis.info("commandstats");
        String call = stats.contains("cmdstat_fcall:") ? "fcall" : "evalsha";
        String evalsha = stats.substring(stats.indexOf("cmdstat_" + call + ":"));
        long serverMicros =
                Long.parseLong(evalsha.substring(evalsha.indexOf("usec=") + 5, evalsha.indexOf(",usec_per")));
        System.out.printf(
                "[oms-redis] restore of %d SKUs and %d holds: one script call, %d ms (%d ms in Redis)%n",
                skus, holdCount, millis, serverMicros / 1000);
        assertThat(redis.info("commandstats"))
                .contains("cmdstat_" + call + ":calls=1,")
                .doesNotContain("cmdstat_eval:");
        Map<Resource, StockLevel> levels = lock.allLevels(store);
        assertThat(levels).hasSize(skus).doesNotContainKey(milk);
        assertThat(levels.values().stream().mapToLong(StockLevel::reserved).sum())
                .isEqualTo(3L * holdCount);
        long indexed = 0;
        for (String key : redis.keys("l:{" + store.value() + "}:due:*")) {
            indexed += redis.zcard(key);
        }
        assertThat(indexed)
                .as("every restored hold in the due index of both its lines")
                .isEqualTo(2L * holdCount);
        assertThat(lock.confirm(store, ReservationId.of("r-7"))).isInstanceOf(ConfirmResult.Confirmed.class);
        Map<MovementType, Long> after = new HashMap<>();
        for (StockMovement m : all()) {
            after.merge(m.type(), m.quantity(), Long::sum);
        }
        assertThat(after)
                .as("the receipt before, then only the sale after the restore")
                .containsExactlyInAnyOrderEntriesOf(Map.of(MovementType.RECEIVED, 5L, MovementType.SOLD, 3L));
    }
}
