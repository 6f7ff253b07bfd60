package io.qcommerce.oms.benchmarks;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reserve + confirm of a one-line cart on {@link InMemoryInventoryLock}, hot SKU (every call the same store
 * and SKU, so every call takes the same store monitor), with one and with two threads.
 *
 * <p>The lock runs on the system clock with production settings for holds (a 10 min TTL) and a retention of
 * 24 h capped at {@value #RETAINED} finished holds, applied movements and ledger entries: a confirmed hold
 * leaves the expiry queue, so the lock's memory is its live holds (none here, each is confirmed at once) plus
 * what the retention keeps, however long the run. Stock is topped up before every iteration, so no call is
 * refused.
 *
 * <pre>
 * mvn -q -DskipTests -pl benchmarks -am package exec:exec@jmh -Djmh.args="InMemoryLockBenchmark -wi 2 -i 3 -f 1"
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class InMemoryLockBenchmark {
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration RETENTION = Duration.ofHours(24);
    static final int RETAINED = 100_000;

    private final StoreId store = StoreId.of("store-1");
    private final SkuId sku = SkuId.of(Scenario.skuId(0));
    private final List<HoldLine> cart = List.of(HoldLine.of(sku, 1));
    private final AtomicInteger threads = new AtomicInteger();
    private InMemoryInventoryLock lock;
    private int restocks;

    @Setup(Level.Trial)
    public void open() {
        lock = new InMemoryInventoryLock(Clock.systemUTC(), RETENTION, RETAINED);
        restock();
    }

    /** Brings the hot SKU back to the most units a counter may hold. */
    @Setup(Level.Iteration)
    public void restock() {
        StockLevel level = lock.levels(store, Set.of(Resource.sku(sku)))
                .values()
                .iterator()
                .next();
        long missing = Limits.MAX_UNITS - level.onHand();
        if (missing > 0) {
            lock.apply(StockChange.of(StockChange.Kind.RECEIVE, store, Resource.sku(sku), missing)
                    .id(MovementId.of("restock-" + (restocks++)))
                    .reason("benchmark")
                    .build());
        }
    }

    /** A caller's id sequence; ids are unique per thread and per trial. */
    @State(Scope.Thread)
    public static class Caller {
        String prefix;
        long seq;

        @Setup(Level.Trial)
        public void name(InMemoryLockBenchmark bench) {
            prefix = "r-t" + bench.threads.incrementAndGet() + "-";
        }
    }

    private ConfirmResult reserveAndConfirm(Caller caller) {
        ReservationId id = ReservationId.of(caller.prefix + (caller.seq++));
        ReserveResult r = lock.reserve(new HoldRequest(id, store, cart, TTL));
        if (!(r instanceof ReserveResult.Reserved)) {
            throw new IllegalStateException("refused: " + r);
        }
        return lock.confirm(store, id);
    }

    @Benchmark
    @Threads(1)
    public ConfirmResult reserveConfirmOneThread(Caller caller) {
        return reserveAndConfirm(caller);
    }

    @Benchmark
    @Threads(2)
    public ConfirmResult reserveConfirmTwoThreads(Caller caller) {
        return reserveAndConfirm(caller);
    }
}
