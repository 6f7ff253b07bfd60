package io.qcommerce.oms.benchmarks;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The optimistic alternative: WATCH the stock keys of the cart, read them, and if every line is available
 * queue the decrements and the hold key in MULTI/EXEC; EXEC fails when another caller changed a watched key in
 * between, and the caller starts again, at most {@code maxAttempts} times (then the call counts as failed).
 * WATCH is state of a connection, so every caller has a connection of its own. Each attempt costs two round
 * trips (WATCH+MGET pipelined, then MULTI..EXEC pipelined); confirm is one DEL of the hold key, atomic by
 * itself. Correct (no oversell), but on a hot SKU most attempts are wasted.
 */
final class WatchMultiContender implements Contender {
    private static final long TTL_SECONDS = 600;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> admin;
    private final int maxAttempts;
    private final LongAdder aborted = new LongAdder();
    private final LongAdder gaveUp = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private String[] stockKey = new String[0];

    WatchMultiContender(RedisURI uri, int maxAttempts) {
        this.client = RedisClient.create(uri);
        this.admin = client.connect();
        this.maxAttempts = maxAttempts;
    }

    static String stockKey(int sku) {
        return "occ:{" + Scenario.STORE + "}:stock:" + Scenario.skuId(sku);
    }

    @Override
    public String name() {
        return "WATCH/MULTI/EXEC";
    }

    @Override
    public void prepare(Scenario scenario) {
        aborted.reset();
        gaveUp.reset();
        errors.reset();
        stockKey = new String[scenario.skuCount()];
        Map<String, String> seed = new LinkedHashMap<>();
        for (int i = 0; i < scenario.skuCount(); i++) {
            stockKey[i] = stockKey(i);
            seed.put(stockKey[i], Long.toString(scenario.stockPerSku()));
        }
        admin.sync().mset(seed);
    }

    @Override
    public Caller caller(int index) {
        StatefulRedisConnection<String, String> own = client.connect();
        RedisAsyncCommands<String, String> redis = own.async();
        SetArgs expiry = SetArgs.Builder.ex(TTL_SECONDS);
        String holdPrefix = "occ:{" + Scenario.STORE + "}:hold:" + index + "-";
        return new Caller() {
            private long seq;

            @Override
            public Outcome reserveAndConfirm(int[] skus) {
                String[] keys = new String[skus.length];
                StringBuilder lines = new StringBuilder();
                for (int j = 0; j < skus.length; j++) {
                    keys[j] = stockKey[skus[j]];
                    lines.append(j == 0 ? "" : " ")
                            .append(Scenario.skuId(skus[j]))
                            .append(" 1");
                }
                String hold = holdPrefix + (seq++);
                try {
                    boolean held = false;
                    for (int attempt = 0; attempt < maxAttempts && !held; attempt++) {
                        redis.watch(keys);
                        List<KeyValue<String, String>> stock = await(redis.mget(keys));
                        for (KeyValue<String, String> kv : stock) {
                            if (!kv.hasValue() || Long.parseLong(kv.getValue()) < 1) {
                                await(redis.unwatch());
                                return Outcome.SHORT;
                            }
                        }
                        redis.multi();
                        for (String k : keys) {
                            redis.decrby(k, 1);
                        }
                        redis.set(hold, lines.toString(), expiry);
                        TransactionResult result = await(redis.exec());
                        if (result.wasDiscarded()) {
                            aborted.increment();
                        } else {
                            held = true;
                        }
                    }
                    if (!held) {
                        gaveUp.increment();
                        return Outcome.FAILED;
                    }
                    return await(redis.del(hold)) == 1 ? Outcome.SOLD : Outcome.FAILED;
                } catch (RuntimeException e) {
                    errors.increment();
                    return Outcome.FAILED;
                }
            }

            @Override
            public void close() {
                own.close();
            }
        };
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String notes(Scenario scenario) {
        StringBuilder out = new StringBuilder();
        out.append("aborted EXECs ")
                .append(aborted.sum())
                .append(", gave up after ")
                .append(maxAttempts)
                .append(" attempts ")
                .append(gaveUp.sum());
        if (scenario.oversell()) {
            out.append("; server: stock of ")
                    .append(Scenario.skuId(0))
                    .append(" ended at ")
                    .append(admin.sync().get(stockKey[0]));
        }
        if (errors.sum() > 0) {
            out.append("; errors ").append(errors.sum());
        }
        return out.toString();
    }

    @Override
    public void close() {
        admin.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
