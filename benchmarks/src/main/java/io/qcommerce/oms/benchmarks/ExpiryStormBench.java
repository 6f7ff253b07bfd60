package io.qcommerce.oms.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.redis.LettuceSettings;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.redis.RedisInventoryLockConfig;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A reserve + confirm on one SKU while a large number of the store's holds, on other SKUs, expire at the same
 * instant: its latency before and after the instant, the server's {@code SLOWLOG} above 1 ms meanwhile, then
 * what the first call about each expiring SKU and the reaper ({@code expireDue}) cost. The lock runs on a
 * client clock that the benchmark moves, so "at once" is exact.
 *
 * <pre>
 * mvn -q -DskipTests -pl benchmarks -am package exec:java \
 *     -Dexec.mainClass=io.qcommerce.oms.benchmarks.ExpiryStormBench -Dexec.args="--holds 100000"
 * </pre>
 */
public final class ExpiryStormBench {
    private static final Duration TTL = Duration.ofMinutes(1);

    private ExpiryStormBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, List.of("redis-uri", "holds", "skus", "pairs", "callers"), List.of("help"));
        if (args.flag("help")) {
            System.out.println("ExpiryStormBench: --holds N (default 100000) expiring at once over --skus S (default"
                    + " 1000), --pairs P (default 3000) timed reserve + confirm before and after, --callers C"
                    + " (default 16) threads making the holds, --redis-uri URI");
            return;
        }
        int holds = args.integer("holds", 100_000);
        int skus = args.integer("skus", 1000);
        int pairs = args.integer("pairs", 3000);
        int callers = args.integer("callers", 16);
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (BenchRedis redis = BenchRedis.open(args.string("redis-uri", null))) {
            redis.flush();
            RedisInventoryLockConfig config = RedisInventoryLockConfig.builder()
                    .keyPrefix(AdapterContender.KEY_PREFIX)
                    .clock(clock)
                    .build();
            RedisClient client = RedisClient.create(redis.uri());
            client.setOptions(LettuceSettings.clientOptions(config.commandTimeout()));
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisCommands<String, String> admin = c.sync();
                RedisInventoryLock lock = new RedisInventoryLock(c, config);
                lock.start();
                StoreId store = StoreId.of("storm");
                Resource hot = Resource.sku(SkuId.of("hot"));
                receive(lock, store, hot, "hot");
                for (int k = 0; k < skus; k++) {
                    receive(lock, store, Resource.sku(SkuId.of(Scenario.skuId(k))), "s" + k);
                }
                long started = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(callers);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < callers; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        for (int i = first; i < holds; i += callers) {
                            SkuId sku = SkuId.of(Scenario.skuId(i % skus));
                            ReserveResult r = lock.reserve(new HoldRequest(
                                    ReservationId.of("storm-" + i), store, List.of(HoldLine.of(sku, 1)), TTL));
                            if (!(r instanceof ReserveResult.Reserved)) {
                                throw new IllegalStateException("refused: " + r);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
                System.out.printf(
                        Locale.ROOT,
                        "Redis %s: %,d live holds on %,d SKUs made in %.1f s, all expiring at %s%n",
                        redis.version(),
                        holds,
                        skus,
                        (System.nanoTime() - started) / 1e9,
                        now.get().plus(TTL));

                admin.configSet("slowlog-log-slower-than", "1000");
                admin.configSet("slowlog-max-len", "100000");
                admin.slowlogReset();
                LatencyHistogram before = pairs(lock, store, hot, pairs, "before");
                String slowBefore = slowlog(admin);
                now.set(now.get().plus(TTL).plusSeconds(1));
                LatencyHistogram after = pairs(lock, store, hot, pairs, "after");
                String slowAfter = slowlog(admin);
                report("reserve + confirm of another SKU, before the instant", before);
                System.out.println("  SLOWLOG above 1 ms: " + slowBefore);
                report("the same, once every storm hold is due", after);
                System.out.println("  SLOWLOG above 1 ms: " + slowAfter);

                LatencyHistogram firstCalls = new LatencyHistogram();
                for (int k = 0; k < skus; k++) {
                    Resource r = Resource.sku(SkuId.of(Scenario.skuId(k)));
                    long t0 = System.nanoTime();
                    lock.levels(store, List.of(r));
                    firstCalls.record(System.nanoTime() - t0);
                }
                report("first call about each storm SKU (expires its " + holds / skus + " due holds)", firstCalls);
                System.out.println("  SLOWLOG above 1 ms: " + slowlog(admin));
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            redis.flush();
        }
    }

    /** The SLOWLOG entries since the last call (count, longest, in µs of the server), then resets it. */
    private static String slowlog(RedisCommands<String, String> admin) {
        List<Object> entries = admin.slowlogGet(100_000);
        long longest = 0;
        for (Object e : entries) {
            longest = Math.max(longest, ((Number) ((List<?>) e).get(2)).longValue());
        }
        admin.slowlogReset();
        return String.format(Locale.ROOT, "%d entries, the longest %,d µs", entries.size(), longest);
    }

    private static void receive(RedisInventoryLock lock, StoreId store, Resource resource, String id) {
        lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, resource, 1_000_000_000L)
                .id(MovementId.of("seed-" + id))
                .reason("expiry storm benchmark")
                .build());
    }

    private static LatencyHistogram pairs(
            RedisInventoryLock lock, StoreId store, Resource sku, int pairs, String phase) {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < pairs; i++) {
            ReservationId id = ReservationId.of("pair-" + phase + "-" + i);
            long t0 = System.nanoTime();
            lock.reserve(new HoldRequest(id, store, List.of(new HoldLine(sku, 1)), TTL));
            lock.confirm(store, id);
            h.record(System.nanoTime() - t0);
        }
        return h;
    }

    private static void report(String what, LatencyHistogram h) {
        System.out.printf(
                Locale.ROOT,
                "%s: %,d calls, p50 %,d µs, p99 %,d µs, max %,d µs%n",
                what,
                h.count(),
                h.percentileNanos(0.50) / 1000,
                h.percentileNanos(0.99) / 1000,
                h.maxNanos() / 1000);
    }
}
