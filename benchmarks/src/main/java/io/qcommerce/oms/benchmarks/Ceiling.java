package io.qcommerce.oms.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: what the server does with the adapter's own scripts when the client costs next to nothing.
 * {@code redis-benchmark} sends the adapter's reserve call (FCALL or EVALSHA) (recorded from a real call, see
 * {@link ScriptCall}) with a fresh reservation id per call; then its confirm call on live holds made
 * beforehand by the same reserve script. A reserve + confirm pair costs one of each, so the pair's ceiling
 * is {@code 1 / (1/reserve + 1/confirm)} per second, and its latency the sum of the two (p99: an upper bound).
 *
 * <p>{@code __rand_int__} draws a number below {@code -r} anew at every place it appears, with replacement:
 * reserve ids are four draws side by side (10^12 ids for 1,000 SKUs, so repeats are negligible), and a
 * confirm key is one draw among the preloaded holds, {@code poolFactor} times as many as confirm calls, so a
 * few calls hit a hold confirmed already (a cheaper path); the share is measured and reported.
 */
final class Ceiling implements AutoCloseable {
    private static final String ID_TOKENS = "__rand_int____rand_int____rand_int____rand_int__";
    private static final int MIN_RANGE_FOR_IDS = 100;

    private final RedisBenchmarkTool tool;
    private final BenchRedis redis;
    private final AdapterContender seeder;
    private final Duration seconds;
    private final int poolFactor;
    private final RedisClient client;

    /** The figures of one scenario. */
    record Result(
            RedisBenchmarkTool.Figures reserve,
            RedisBenchmarkTool.Figures confirm,
            long preloaded,
            double confirmRepeatShare,
            double reserveCpuSeconds,
            double confirmCpuSeconds) {
        /** Share of one core the Redis server used while redis-benchmark ran. */
        double serverCpuShare() {
            double seconds = reserve.requests() / reserve.opsPerSecond() + confirm.requests() / confirm.opsPerSecond();
            return (reserveCpuSeconds + confirmCpuSeconds) / seconds;
        }

        /** Redis CPU time of one reserve plus one confirm, in µs. */
        double serverMicrosPerOp() {
            return 1e6 * (reserveCpuSeconds / reserve.requests() + confirmCpuSeconds / confirm.requests());
        }

        double opsPerSecond() {
            return 1.0 / (1.0 / reserve.opsPerSecond() + 1.0 / confirm.opsPerSecond());
        }

        double p50Micros() {
            return reserve.p50Micros() + confirm.p50Micros();
        }

        double p99Micros() {
            return reserve.p99Micros() + confirm.p99Micros();
        }
    }

    Ceiling(RedisBenchmarkTool tool, BenchRedis redis, AdapterContender seeder, Duration seconds, int poolFactor) {
        this.tool = tool;
        this.redis = redis;
        this.seeder = seeder;
        this.seconds = seconds;
        this.poolFactor = poolFactor;
        this.client = RedisClient.create(redis.uri());
    }

    /** The ceiling at the scenario's number of callers: {@code -c callers}, one call in flight on each. */
    Result measure(Scenario s) {
        return measure(s, s.callers(), 1);
    }

    /**
     * What the server itself can do with the scripts, whatever the client: {@code clients} connections with
     * {@code pipeline} calls in flight on each, so that the server reads and answers many calls per system
     * call, as it does for a Lettuce connection shared by many threads. Latencies of such a run are those of
     * whole batches and are not compared with anything.
     */
    Result capacity(Scenario s, int clients, int pipeline) {
        return measure(s, clients, pipeline);
    }

    private Result measure(Scenario s, int clients, int pipeline) {
        int range = s.hot() ? 1000 : s.skuCount();
        if (range < MIN_RANGE_FOR_IDS) {
            throw new IllegalArgumentException("the ceiling needs at least " + MIN_RANGE_FOR_IDS + " spread SKUs");
        }
        int[] recordedSkus = new int[s.lines()];
        for (int j = 0; j < s.lines(); j++) {
            recordedSkus[j] = j;
        }
        redis.flush();
        seeder.prepare(s);
        ScriptCall.Pair template = ScriptCall.record(redis.uri(), recordedSkus, AdapterContender.HOLD_TTL);

        // reserve: a fresh id per call; spread carts draw their SKUs too
        ScriptCall reserve = template.reserve().with(a -> {
            String out = a.replace(ScriptCall.ID_MARKER, "b" + ID_TOKENS);
            return s.hot() ? out : replaceSkus(out, s.lines(), j -> "p__rand_int__");
        });
        redis.flush();
        seeder.prepare(s);
        RedisBenchmarkTool.Figures probe =
                tool.evalsha(redis.host(), redis.port(), clients, pipeline, 3000, range, reserve);
        long n = Math.max(3000, Math.round(probe.opsPerSecond() * seconds.toMillis() / 1000.0));
        double cpu0 = redis.cpuSeconds();
        RedisBenchmarkTool.Figures r = tool.evalsha(redis.host(), redis.port(), clients, pipeline, n, range, reserve);
        double reserveCpu = redis.cpuSeconds() - cpu0;

        // confirm: live holds made by the adapter's reserve script, then confirmed by random draws
        redis.flush();
        seeder.prepare(s);
        long confirms = Math.max(2000, Math.round(r.opsPerSecond() * seconds.toMillis() / 1000.0));
        long pool = confirms * poolFactor;
        preload(template.reserve(), s, pool);
        String stockKey = template.reserve().keys().get(0);
        long onBefore = unitsOnHand(stockKey);
        ScriptCall confirm = template.confirm().with(a -> a.replace(ScriptCall.ID_MARKER, "c__rand_int__"));
        double cpu1 = redis.cpuSeconds();
        RedisBenchmarkTool.Figures c =
                tool.evalsha(redis.host(), redis.port(), clients, pipeline, confirms, pool, confirm);
        double confirmCpu = redis.cpuSeconds() - cpu1;
        long confirmedHolds = (onBefore - unitsOnHand(stockKey)) / s.lines();
        double repeatShare = 1.0 - (double) confirmedHolds / confirms;
        redis.flush();
        return new Result(r, c, pool, repeatShare, reserveCpu, confirmCpu);
    }

    /** Makes {@code count} holds with ids {@code c} + twelve digits, pipelined, through the reserve script. */
    private void preload(ScriptCall reserveTemplate, Scenario s, long count) {
        SplittableRandom random = new SplittableRandom(42);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> async = c.async();
            List<RedisFuture<List<Object>>> batch = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                String id = String.format("c%012d", i);
                int[] cart = s.nextCart(random);
                ScriptCall call = reserveTemplate.with(a -> {
                    String out = a.replace(ScriptCall.ID_MARKER, id);
                    return s.hot() ? out : replaceSkus(out, s.lines(), j -> Scenario.skuId(cart[j]));
                });
                String[] keys = call.keys().toArray(new String[0]);
                String[] values = call.values().toArray(new String[0]);
                batch.add(
                        call.isFunction()
                                ? async.fcall(call.name(), ScriptOutputType.MULTI, keys, values)
                                : async.evalsha(call.name(), ScriptOutputType.MULTI, keys, values));
                if (batch.size() == 2000 || i == count - 1) {
                    c.flushCommands();
                    for (RedisFuture<List<Object>> f : batch) {
                        List<Object> reply = get(f);
                        if (!"HELD".equals(reply.get(0))) {
                            throw new IllegalStateException("preloading holds for the confirm ceiling: " + reply);
                        }
                    }
                    batch.clear();
                }
            }
        }
    }

    /**
     * The sum of every on-hand counter of the store, read from the stock hash (the first key of every script:
     * fields {@code on:<resource>}); only used to count how many confirm calls found a live hold.
     */
    private long unitsOnHand(String stockKey) {
        long sum = 0;
        for (Map.Entry<String, String> e :
                redis.admin().sync().hgetall(stockKey).entrySet()) {
            if (e.getKey().startsWith("on:")) {
                sum += Long.parseLong(e.getValue());
            }
        }
        return sum;
    }

    /**
     * Replaces, in every space-separated token of the argument, the SKU ids the template was recorded with
     * (SKU j for line j) by {@code replacement(j)}, token by token so no replacement is replaced again.
     */
    static String replaceSkus(String argument, int lines, java.util.function.IntFunction<String> replacement) {
        String[] tokens = argument.split(" ", -1);
        boolean changed = false;
        for (int t = 0; t < tokens.length; t++) {
            for (int j = 0; j < lines; j++) {
                String sku = Scenario.skuId(j);
                if (tokens[t].endsWith(sku) && !tokens[t].contains(ScriptCall.ID_MARKER)) {
                    tokens[t] = tokens[t].substring(0, tokens[t].length() - sku.length()) + replacement.apply(j);
                    changed = true;
                    break;
                }
            }
        }
        return changed ? String.join(" ", tokens) : argument;
    }

    private static <T> T get(RedisFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("preloading holds failed", e);
        }
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
