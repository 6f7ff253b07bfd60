package io.qcommerce.oms.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.redis.LettuceSettings;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.redis.RedisInventoryLockConfig;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of Redis memory per live hold line: {@code used_memory} (INFO memory) on a fresh database with the
 * stock seeded and the scripts loaded, then again after N holds made through {@link RedisInventoryLock#reserve}
 * with a one-day TTL, so that all of them are live. Once with one-line holds, once with five-line holds (the
 * same number of lines in total). Reservation ids have the shape placement gives them ({@code r-o-} and 32 hex
 * digits), SKUs are spread over a catalogue in a few stores.
 *
 * <pre>
 * mvn -q -DskipTests -pl benchmarks -am package exec:java \
 *     -Dexec.mainClass=io.qcommerce.oms.benchmarks.HoldMemoryBench -Dexec.args="--holds 1000000"
 * </pre>
 */
public final class HoldMemoryBench {
    private static final List<String> OPTIONS =
            List.of("redis-uri", "holds", "skus", "stores", "callers", "multi-lines");
    private static final Duration TTL = HoldRequest.MAX_TTL;

    private HoldMemoryBench() {}

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = Args.parse(argv, OPTIONS, List.of("help"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (args.flag("help")) {
            System.out.println(String.join(
                    "\n",
                    "HoldMemoryBench: Redis bytes per live hold line.",
                    "  --redis-uri URI    a scratch loopback server (emptied); default $" + BenchRedis.ENV_URI
                            + ", else redis-server from the PATH",
                    "  --holds N          hold lines to make in each pass (default 1000000)",
                    "  --multi-lines L    lines per hold of the second pass (default 5; 0 skips it)",
                    "  --skus N           SKUs per store (default 1000)",
                    "  --stores N         stores (default 4)",
                    "  --callers N        threads making holds (default 32)"));
            return;
        }
        long lines = args.longValue("holds", 1_000_000);
        int multi = args.integer("multi-lines", 5);
        int skus = args.integer("skus", 1000);
        int stores = args.integer("stores", 4);
        int callers = args.integer("callers", 32);
        try (BenchRedis redis = BenchRedis.open(args.string("redis-uri", null))) {
            System.out.printf(
                    Locale.ROOT,
                    "Redis %s, %d cores, %d stores x %d SKUs, TTL %s, ids like %s%n%n",
                    redis.version(),
                    Runtime.getRuntime().availableProcessors(),
                    stores,
                    skus,
                    TTL,
                    id(0));
            List<String> report = new ArrayList<>();
            report.add(pass(redis, 1, lines, skus, stores, callers));
            if (multi > 1) {
                report.add(pass(redis, multi, lines / multi, skus, stores, callers));
            }
            System.out.println();
            System.out.println("| hold shape | holds | lines | used_memory before | after | bytes per hold |"
                    + " bytes per line |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            report.forEach(System.out::println);
            redis.flush();
        }
    }

    private static String pass(BenchRedis redis, int linesPerHold, long holds, int skus, int stores, int callers)
            throws Exception {
        redis.flush();
        RedisInventoryLockConfig config = AdapterContender.config();
        RedisClient client = RedisClient.create(redis.uri());
        client.setOptions(LettuceSettings.clientOptions(config.commandTimeout()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisInventoryLock lock = new RedisInventoryLock(c, config);
            lock.start();
            List<StoreId> storeIds = new ArrayList<>();
            HoldLine[] lineOf = new HoldLine[skus];
            for (int s = 0; s < stores; s++) {
                StoreId store = StoreId.of("store-" + (s + 1));
                storeIds.add(store);
                for (int k = 0; k < skus; k++) {
                    SkuId sku = SkuId.of(Scenario.skuId(k));
                    lineOf[k] = HoldLine.of(sku, 1);
                    StockChangeResult r = lock.apply(
                            StockChange.of(StockChange.Kind.RECEIVE, store, Resource.sku(sku), 1_000_000_000L)
                                    .id(MovementId.of("seed-" + s + "-" + k))
                                    .reason("memory benchmark")
                                    .build());
                    if (!(r instanceof StockChangeResult.Applied)) {
                        throw new IllegalStateException("seeding failed: " + r);
                    }
                }
            }
            // One hold per store and SKU first, so the held:* fields of the stock hashes exist before "before".
            Scenario shape = new Scenario(1, linesPerHold, false, skus, 1_000_000_000L, false);
            long warm = 0;
            for (StoreId store : storeIds) {
                for (int k = 0; k + linesPerHold <= skus; k += linesPerHold) {
                    List<HoldLine> l = new ArrayList<>();
                    for (int j = 0; j < linesPerHold; j++) {
                        l.add(lineOf[k + j]);
                    }
                    lock.reserve(new HoldRequest(ReservationId.of("warm-" + (warm++)), store, l, TTL));
                }
            }
            long keysBefore = redis.keyCount();
            long before = settledUsedMemory(redis);
            long start = System.nanoTime();
            AtomicLong next = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (long i = next.getAndIncrement(); i < holds; i = next.getAndIncrement()) {
                        int[] cart = shape.nextCart(random);
                        List<HoldLine> l = new ArrayList<>(cart.length);
                        for (int k : cart) {
                            l.add(lineOf[k]);
                        }
                        StoreId store = storeIds.get((int) (i % storeIds.size()));
                        ReserveResult r = lock.reserve(new HoldRequest(ReservationId.of(id(i)), store, l, TTL));
                        if (!(r instanceof ReserveResult.Reserved)) {
                            refused.incrementAndGet();
                        }
                        if (i > 0 && i % 200_000 == 0) {
                            System.out.printf(Locale.ROOT, "  %,d holds of %,d lines...%n", i, linesPerHold);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = settledUsedMemory(redis);
            long keysAfter = redis.keyCount();
            if (refused.get() > 0) {
                throw new IllegalStateException(refused.get() + " holds were refused; the figures would be wrong");
            }
            long delta = after - before;
            double perHold = (double) delta / holds;
            double perLine = perHold / linesPerHold;
            String sample = storeIds.get(0).value();
            String holdKey = "bench:{" + sample + "}:hold:" + id(0);
            Long holdBytes = redis.admin().sync().memoryUsage(holdKey);
            Long dueBytes = redis.admin().sync().memoryUsage("bench:{" + sample + "}:due");
            // The store's ledger stream: one HELD movement per line of every hold (and the seeding receipts).
            String ledgerKey = "bench:{" + sample + "}:ledger";
            Long ledgerBytes = redis.admin().sync().memoryUsage(ledgerKey);
            Long ledgerEntries = redis.admin().sync().xlen(ledgerKey);
            System.out.printf(
                    Locale.ROOT,
                    "%d-line holds: %,d holds in %.1f s (%,.0f/s), %,d new keys;"
                            + " used_memory %,d -> %,d bytes: %,.1f bytes per hold, %,.1f per line%n"
                            + "  MEMORY USAGE of one hold hash: %s bytes; of one store's due index: %s bytes"
                            + " (%,.1f per entry); of one store's ledger stream: %s bytes for %,d movements"
                            + " (%,.1f per movement)%n",
                    linesPerHold,
                    holds,
                    seconds,
                    holds / seconds,
                    keysAfter - keysBefore,
                    before,
                    after,
                    perHold,
                    perLine,
                    holdBytes,
                    dueBytes,
                    dueBytes == null ? 0.0 : (double) dueBytes / (holds / (double) stores + warm / (double) stores),
                    ledgerBytes,
                    ledgerEntries == null ? 0L : ledgerEntries,
                    ledgerBytes == null || ledgerEntries == null || ledgerEntries == 0
                            ? 0.0
                            : (double) ledgerBytes / ledgerEntries);
            return String.format(
                    Locale.ROOT,
                    "| %d line%s | %,d | %,d | %,d | %,d | %,.0f | %,.0f |",
                    linesPerHold,
                    linesPerHold == 1 ? "" : "s",
                    holds,
                    holds * linesPerHold,
                    before,
                    after,
                    perHold,
                    perLine);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** An id shaped like the ones placement derives: {@code r-o-} and 32 hex digits. */
    static String id(long i) {
        SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 17);
        return String.format(Locale.ROOT, "r-o-%016x%016x", r.nextLong(), r.nextLong());
    }

    private static long settledUsedMemory(BenchRedis redis) throws InterruptedException {
        Thread.sleep(200);
        return redis.usedMemory();
    }
}
