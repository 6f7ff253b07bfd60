package io.qcommerce.oms.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.DoubleSupplier;

/**
 * Runs one contender on one scenario with one thread per caller.
 *
 * <p>Throughput scenarios: every caller loops reserve + confirm for the warm-up, then for the measured window;
 * only calls that start and end inside the window are recorded (latency of the pair, from before reserve to
 * after confirm). Oversell scenarios: every caller buys until it is refused, or until the time limit.
 * Units sold are counted per SKU in every phase, and compared with the stock to find oversold units.
 */
final class LoadRun {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private volatile int phase;

    /** The figures of one run. */
    record Result(
            String contender,
            Scenario scenario,
            long sold,
            long shortCount,
            long failed,
            double seconds,
            LatencyHistogram latency,
            long soldUnits,
            long oversoldUnits,
            double serverCpuSeconds,
            String notes) {
        /** Share of one core the Redis server used during the measured window (NaN when not sampled). */
        double serverCpuShare() {
            return seconds <= 0 ? Double.NaN : serverCpuSeconds / seconds;
        }

        /** Redis CPU time per sold cart, in µs (NaN when not sampled or nothing sold). */
        double serverMicrosPerOp() {
            return sold == 0 ? Double.NaN : serverCpuSeconds * 1e6 / sold;
        }

        double opsPerSecond() {
            return seconds <= 0 ? 0 : sold / seconds;
        }

        double p50Micros() {
            return latency.percentileNanos(0.50) / 1000.0;
        }

        double p99Micros() {
            return latency.percentileNanos(0.99) / 1000.0;
        }
    }

    static Result run(Contender contender, Scenario scenario, Duration warmup, Duration measure, long seed) {
        return run(contender, scenario, warmup, measure, seed, () -> Double.NaN);
    }

    /**
     * As {@link #run(Contender, Scenario, Duration, Duration, long)}, reading {@code serverCpu} (the Redis
     * server's CPU seconds so far) at the start and the end of the measured window.
     */
    static Result run(
            Contender contender,
            Scenario scenario,
            Duration warmup,
            Duration measure,
            long seed,
            DoubleSupplier serverCpu) {
        return new LoadRun().execute(contender, scenario, warmup, measure, seed, serverCpu);
    }

    private Result execute(
            Contender contender,
            Scenario scenario,
            Duration warmup,
            Duration measure,
            long seed,
            DoubleSupplier serverCpu) {
        int n = scenario.callers();
        AtomicLongArray soldPerSku = new AtomicLongArray(scenario.skuCount());
        List<Contender.Caller> callers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            callers.add(contender.caller(i));
        }
        LatencyHistogram[] histograms = new LatencyHistogram[n];
        long[][] tallies = new long[n][3];
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        phase = scenario.oversell() ? MEASURE : WARMUP;
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "caller");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> done = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int index = i;
            SplittableRandom random = root.split();
            histograms[i] = new LatencyHistogram();
            done.add(pool.submit(() -> {
                Contender.Caller caller = callers.get(index);
                LatencyHistogram h = histograms[index];
                long[] tally = tallies[index];
                ready.countDown();
                await(go);
                while (true) {
                    int p = phase;
                    if (p == STOP) {
                        break;
                    }
                    int[] cart = scenario.nextCart(random);
                    long start = System.nanoTime();
                    Contender.Outcome outcome = caller.reserveAndConfirm(cart);
                    long end = System.nanoTime();
                    if (outcome == Contender.Outcome.SOLD) {
                        for (int sku : cart) {
                            soldPerSku.incrementAndGet(sku);
                        }
                    }
                    if (p == MEASURE && phase == MEASURE) {
                        h.record(end - start);
                        tally[outcome.ordinal()]++;
                    }
                    if (scenario.oversell() && outcome == Contender.Outcome.SHORT) {
                        break;
                    }
                }
            }));
        }
        await(ready);
        long measureStart;
        long measureEnd;
        go.countDown();
        double cpuStart;
        double cpuEnd;
        if (scenario.oversell()) {
            cpuStart = serverCpu.getAsDouble();
            measureStart = System.nanoTime();
            long deadline = measureStart + measure.toNanos();
            for (Future<?> f : done) {
                waitFor(f, Math.max(1, deadline - System.nanoTime()));
            }
            phase = STOP;
            measureEnd = System.nanoTime();
            cpuEnd = serverCpu.getAsDouble();
        } else {
            sleep(warmup);
            cpuStart = serverCpu.getAsDouble();
            phase = MEASURE;
            measureStart = System.nanoTime();
            sleep(measure);
            phase = STOP;
            measureEnd = System.nanoTime();
            cpuEnd = serverCpu.getAsDouble();
        }
        for (Future<?> f : done) {
            waitFor(f, TimeUnit.SECONDS.toNanos(60));
        }
        pool.shutdownNow();
        for (Contender.Caller c : callers) {
            c.close();
        }
        LatencyHistogram all = new LatencyHistogram();
        long sold = 0;
        long shortCount = 0;
        long failed = 0;
        for (int i = 0; i < n; i++) {
            all.add(histograms[i]);
            sold += tallies[i][Contender.Outcome.SOLD.ordinal()];
            shortCount += tallies[i][Contender.Outcome.SHORT.ordinal()];
            failed += tallies[i][Contender.Outcome.FAILED.ordinal()];
        }
        long soldUnits = 0;
        long oversold = 0;
        for (int s = 0; s < scenario.skuCount(); s++) {
            long units = soldPerSku.get(s);
            soldUnits += units;
            oversold += Math.max(0, units - scenario.stockPerSku());
        }
        double seconds = (measureEnd - measureStart) / 1e9;
        return new Result(
                contender.name(),
                scenario,
                sold,
                shortCount,
                failed,
                seconds,
                all,
                soldUnits,
                oversold,
                cpuEnd - cpuStart,
                contender.notes(scenario));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Future<?> f, long nanos) {
        try {
            f.get(nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // the caller goes on: the phase flag stops it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a caller failed", e.getCause());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
