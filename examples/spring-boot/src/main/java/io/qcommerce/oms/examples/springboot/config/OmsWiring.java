package io.qcommerce.oms.examples.springboot.config;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.config.LowStockThresholds;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.examples.springboot.ops.OmsMetrics;
import io.qcommerce.oms.memory.InMemoryCatalog;
import io.qcommerce.oms.memory.InMemoryEventCheckpoints;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.memory.InMemorySlotDirectory;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.memory.InMemoryStockThresholds;
import io.qcommerce.oms.memory.InMemoryStoreDirectory;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StockThresholds;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The library as Spring beans: one {@link Oms} built from whichever backends are configured. With no URI it
 * is all in memory (one JVM, nothing survives a restart); {@code oms.redis.uri} puts the stock counters and
 * holds on Redis, {@code oms.mongo.uri} the orders, catalog, stores, delivery slots, the durable stock ledger
 * and the low-stock thresholds on MongoDB. Either, both or none.
 */
@Configuration(proxyBeanMethods = false)
public class OmsWiring {
    private static final Logger LOG = LoggerFactory.getLogger(OmsWiring.class);

    /** The library's clock; milliseconds, the precision every backend keeps. Tests replace it. */
    @Bean
    public Clock omsClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean(destroyMethod = "close")
    @Conditional(RedisConfigured.class)
    public RedisBackend redisBackend(OmsProperties properties, Clock clock) {
        return new RedisBackend(properties.redis(), clock);
    }

    @Bean(destroyMethod = "close")
    @Conditional(MongoConfigured.class)
    public MongoBackend mongoBackend(OmsProperties properties) {
        return new MongoBackend(properties.mongo());
    }

    /**
     * The low-stock thresholds managers set at run time. A bean of its own because the library reaches it only
     * through {@code InventoryService} (set, effective value, low-stock list): the threshold endpoints read
     * from it where a threshold comes from, and clear a SKU's own.
     */
    @Bean
    public StockThresholds stockThresholds(ObjectProvider<MongoBackend> mongo) {
        MongoBackend m = mongo.getIfAvailable();
        return m != null ? m.thresholds() : new InMemoryStockThresholds();
    }

    /** The inventory lock: on Redis when {@code oms.redis.uri} is set, else in memory on the same clock. */
    @Bean
    public InventoryLock inventoryLock(ObjectProvider<RedisBackend> redis, Clock clock) {
        RedisBackend r = redis.getIfAvailable();
        return r != null ? r.lock() : new InMemoryInventoryLock(clock);
    }

    /** The orders: on MongoDB when {@code oms.mongo.uri} is set, else in memory. */
    @Bean
    public OrderRepository orderRepository(ObjectProvider<MongoBackend> mongo) {
        MongoBackend m = mongo.getIfAvailable();
        return m != null ? m.orders() : new InMemoryOrderRepository();
    }

    /** The durable stock ledger, where the rebuild after a loss reads. */
    @Bean
    public StockLedger stockLedger(ObjectProvider<MongoBackend> mongo) {
        MongoBackend m = mongo.getIfAvailable();
        return m != null ? m.ledger() : new InMemoryStockLedger();
    }

    /** Slot definitions: on MongoDB when {@code oms.mongo.uri} is set, else in memory. */
    @Bean
    public SlotDirectory slotDirectory(ObjectProvider<MongoBackend> mongo) {
        MongoBackend m = mongo.getIfAvailable();
        return m != null ? m.slots() : new InMemorySlotDirectory();
    }

    @Bean
    public Oms oms(
            OmsProperties properties,
            Clock clock,
            ObjectProvider<MongoBackend> mongo,
            InventoryLock lock,
            OrderRepository orders,
            StockLedger ledger,
            SlotDirectory slots,
            StockThresholds thresholds,
            OmsMetrics metrics) {
        MongoBackend m = mongo.getIfAvailable();
        Oms.Builder builder = Oms.builder()
                .clock(clock)
                .config(OmsConfig.builder()
                        .holdTtl(properties.holdTtl())
                        .maxCartLines(properties.maxCartLines())
                        .lowStock(LowStockThresholds.builder()
                                .defaultThreshold(properties.lowStockThreshold())
                                .build())
                        .build())
                .inventoryLock(lock)
                .orderRepository(orders)
                .stockLedger(ledger)
                .stockThresholds(thresholds)
                .catalog(m != null ? m.catalog() : new InMemoryCatalog())
                .storeDirectory(m != null ? m.stores() : new InMemoryStoreDirectory())
                .slotDirectory(slots)
                .eventCheckpoints(m != null ? m.checkpoints() : new InMemoryEventCheckpoints())
                .stockAlertLog(m != null ? m.alerts() : new io.qcommerce.oms.memory.InMemoryStockAlertLog())
                .listener(metrics);
        LOG.info(
                "OMS wired: holds {}, orders/catalog/stores/slots/stock ledger/thresholds {}, hold TTL {}",
                lock instanceof InMemoryInventoryLock ? "in memory" : "on Redis",
                m != null ? "on MongoDB" : "in memory",
                properties.holdTtl());
        return builder.build();
    }

    /** True when {@code oms.redis.uri} has text (an empty environment variable does not count). */
    public static final class RedisConfigured implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("oms.redis.uri"));
        }
    }

    /** True when {@code oms.mongo.uri} has text. */
    public static final class MongoConfigured implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("oms.mongo.uri"));
        }
    }
}
