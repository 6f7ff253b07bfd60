package io.qcommerce.oms.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.redis.LettuceSettings;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.redis.RedisInventoryLockConfig;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The adapter under test: {@link RedisInventoryLock#reserve} then {@link RedisInventoryLock#confirm}, each one
 * script call. With {@code connections == 1} every caller shares one Lettuce connection (Lettuce pipelines the
 * commands of all threads over it); with more, caller {@code i} uses lock {@code i % connections}, one lock per
 * connection.
 */
final class AdapterContender implements Contender {
    static final String KEY_PREFIX = "bench";
    static final Duration HOLD_TTL = Duration.ofMinutes(10);

    private final int connections;
    private final RedisClient client;
    private final List<StatefulRedisConnection<String, String>> open = new ArrayList<>();
    private final List<RedisInventoryLock> locks = new ArrayList<>();
    private final StoreId store = StoreId.of(Scenario.STORE);
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private HoldLine[] lineOfSku = new HoldLine[0];
    private int run;

    AdapterContender(RedisURI uri, int connections) {
        this.connections = connections;
        RedisInventoryLockConfig config = config();
        this.client = RedisClient.create(uri);
        client.setOptions(LettuceSettings.clientOptions(config.commandTimeout()));
        for (int i = 0; i < connections; i++) {
            StatefulRedisConnection<String, String> c = client.connect();
            open.add(c);
            locks.add(new RedisInventoryLock(c, config));
        }
    }

    static RedisInventoryLockConfig config() {
        return RedisInventoryLockConfig.builder().keyPrefix(KEY_PREFIX).build();
    }

    int connections() {
        return connections;
    }

    @Override
    public String name() {
        return connections == 1 ? "adapter (1 connection)" : "adapter (" + connections + " connections)";
    }

    @Override
    public void prepare(Scenario scenario) {
        run++;
        errors.reset();
        errorsByCode.clear();
        firstError.set(null);
        locks.get(0).start();
        lineOfSku = new HoldLine[scenario.skuCount()];
        for (int i = 0; i < scenario.skuCount(); i++) {
            SkuId sku = SkuId.of(Scenario.skuId(i));
            lineOfSku[i] = HoldLine.of(sku, 1);
            StockChangeResult r = locks.get(0)
                    .apply(StockChange.of(StockChange.Kind.RECEIVE, store, Resource.sku(sku), scenario.stockPerSku())
                            .id(MovementId.of("seed-" + run + "-" + i))
                            .reason("benchmark stock")
                            .build());
            if (!(r instanceof StockChangeResult.Applied)) {
                throw new IllegalStateException("seeding stock failed: " + r);
            }
        }
    }

    @Override
    public Caller caller(int index) {
        RedisInventoryLock lock = locks.get(index % connections);
        String idPrefix = "r" + run + "-" + index + "-";
        return new Caller() {
            private long seq;

            @Override
            public Outcome reserveAndConfirm(int[] skus) {
                List<HoldLine> lines = new ArrayList<>(skus.length);
                for (int s : skus) {
                    lines.add(lineOfSku[s]);
                }
                ReservationId id = ReservationId.of(idPrefix + (seq++));
                try {
                    ReserveResult held = lock.reserve(new HoldRequest(id, store, lines, HOLD_TTL));
                    if (held instanceof ReserveResult.Insufficient) {
                        return Outcome.SHORT;
                    }
                    ConfirmResult sold = lock.confirm(store, id);
                    return sold instanceof ConfirmResult.Confirmed ? Outcome.SOLD : Outcome.FAILED;
                } catch (OmsException e) {
                    errors.increment();
                    errorsByCode
                            .computeIfAbsent(e.code().name(), k -> new LongAdder())
                            .increment();
                    firstError.compareAndSet(null, e.getMessage());
                    return Outcome.FAILED;
                }
            }
        };
    }

    /** The counters of the scenario's first SKUs as the adapter reads them, for the notes. */
    @Override
    public String notes(Scenario scenario) {
        StringBuilder out = new StringBuilder();
        List<Resource> first = new ArrayList<>();
        for (int i = 0; i < Math.min(scenario.skuCount(), scenario.lines()); i++) {
            first.add(Resource.sku(SkuId.of(Scenario.skuId(i))));
        }
        Map<Resource, StockLevel> levels = locks.get(0).levels(store, first);
        StockLevel l = levels.values().iterator().next();
        if (scenario.oversell()) {
            out.append("server: onHand ").append(l.onHand()).append(", held ").append(l.reserved());
        }
        if (errors.sum() > 0) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append("errors ").append(errorsByCode).append(" first: ").append(firstError.get());
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (StatefulRedisConnection<String, String> c : open) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
