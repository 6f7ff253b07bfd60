package io.qcommerce.oms.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The reservation of the original Node/Express service (see shared/reference/original-service.md), modelled
 * faithfully in its shape and charitably in its details: one shared client connection, as a Node process has;
 * for each line, GET the stock key, compare in the client, DECRBY the quantity, SET a reservation key with a
 * ten-minute expiry: three round trips per line with nothing atomic between them. The original held one SKU per
 * reservation, so a five-line cart is five such reservations in a row; when a later line is short, the lines
 * already taken are given back with INCRBY (the original could not even do that). Confirm deletes the
 * reservation keys (the stock left at reserve time). Its two other bugs (the inverted comparison, the
 * decrement that ignored the quantity) are left out: the race alone is what is measured.
 */
final class NaiveContender implements Contender {
    private static final long TTL_SECONDS = 600;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final LongAdder errors = new LongAdder();
    private String[] stockKey = new String[0];

    NaiveContender(RedisURI uri) {
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
    }

    static String stockKey(int sku) {
        return "naive:{" + Scenario.STORE + "}:stock:" + Scenario.skuId(sku);
    }

    @Override
    public String name() {
        return "naive GET/DECRBY/SET";
    }

    @Override
    public void prepare(Scenario scenario) {
        errors.reset();
        stockKey = new String[scenario.skuCount()];
        Map<String, String> seed = new LinkedHashMap<>();
        for (int i = 0; i < scenario.skuCount(); i++) {
            stockKey[i] = stockKey(i);
            seed.put(stockKey[i], Long.toString(scenario.stockPerSku()));
        }
        connection.sync().mset(seed);
    }

    @Override
    public Caller caller(int index) {
        RedisCommands<String, String> redis = connection.sync();
        SetArgs expiry = SetArgs.Builder.ex(TTL_SECONDS);
        String idPrefix = "naive:{" + Scenario.STORE + "}:res:" + index + "-";
        return new Caller() {
            private long seq;

            @Override
            public Outcome reserveAndConfirm(int[] skus) {
                try {
                    String[] held = new String[skus.length];
                    String order = idPrefix + (seq++) + ":";
                    for (int j = 0; j < skus.length; j++) {
                        String stock = redis.get(stockKey[skus[j]]); // round trip 1
                        long available = stock == null ? 0 : Long.parseLong(stock);
                        if (available < 1) { // compared in the client
                            for (int k = 0; k < j; k++) {
                                redis.incrby(stockKey[skus[k]], 1);
                                redis.del(held[k]);
                            }
                            return Outcome.SHORT;
                        }
                        redis.decrby(stockKey[skus[j]], 1); // round trip 2
                        held[j] = order + Scenario.skuId(skus[j]);
                        redis.set(held[j], "1", expiry); // round trip 3
                    }
                    long confirmed = redis.del(held); // confirm: the holds go
                    return confirmed == skus.length ? Outcome.SOLD : Outcome.FAILED;
                } catch (RuntimeException e) {
                    errors.increment();
                    return Outcome.FAILED;
                }
            }
        };
    }

    @Override
    public String notes(Scenario scenario) {
        StringBuilder out = new StringBuilder();
        if (scenario.oversell()) {
            out.append("server: stock of ")
                    .append(Scenario.skuId(0))
                    .append(" ended at ")
                    .append(connection.sync().get(stockKey[0]));
        }
        if (errors.sum() > 0) {
            out.append(out.length() > 0 ? "; " : "").append("errors ").append(errors.sum());
        }
        return out.toString();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
