package io.qcommerce.oms.autoconfigure;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.common.IdGenerator;
import io.qcommerce.oms.config.LowStockThresholds;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.event.StockAlertSubscriber;
import io.qcommerce.oms.memory.InMemoryCatalog;
import io.qcommerce.oms.memory.InMemoryEventCheckpoints;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.memory.InMemorySlotDirectory;
import io.qcommerce.oms.memory.InMemoryStockAlertLog;
import io.qcommerce.oms.memory.InMemoryStockLedger;
import io.qcommerce.oms.memory.InMemoryStockThresholds;
import io.qcommerce.oms.memory.InMemoryStoreDirectory;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.spi.StoreDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link Oms} from {@code oms.*} properties ({@link OmsProperties}) and the ports in the context: each port a bean
 * of the host wins, then the Redis or MongoDB adapters ({@link OmsRedisAutoConfiguration},
 * {@link OmsMongoAutoConfiguration}), and what is still missing is in memory. The host's {@link EventSubscriber} (and {@link StockAlertSubscriber})
 * beans subscribe to the event feed under their bean names (which key their checkpoints: keep them), its
 * {@link OmsListener} beans listen, and a {@link Clock}, {@link OmsConfig} or {@link IdGenerator} bean replaces the
 * default. The reconciler, the event dispatcher and the drift check run on a schedule (see {@code oms.reconciler},
 * {@code oms.events}, {@code oms.drift-check}). Every bean here backs off when the host defines its own.
 */
@AutoConfiguration(after = {OmsRedisAutoConfiguration.class, OmsMongoAutoConfiguration.class})
@ConditionalOnClass(Oms.class)
@EnableConfigurationProperties(OmsProperties.class)
public final class OmsAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(OmsAutoConfiguration.class);

    /** The library's clock: UTC, ticking in whole milliseconds, the precision every backend keeps. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock omsClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean
    @ConditionalOnMissingBean
    OmsConfig omsConfig(OmsProperties properties) {
        return OmsConfig.builder()
                .holdTtl(properties.getHoldTtl())
                .maxCartLines(properties.getMaxCartLines())
                .eventBatchSize(properties.getEventBatchSize())
                .lowStock(LowStockThresholds.builder()
                        .defaultThreshold(properties.getLowStockThreshold())
                        .build())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    InventoryLock omsInventoryLock(Clock clock) {
        return new InMemoryInventoryLock(clock);
    }

    @Bean
    @ConditionalOnMissingBean
    OrderRepository omsOrderRepository() {
        return new InMemoryOrderRepository();
    }

    @Bean
    @ConditionalOnMissingBean
    Catalog omsCatalog() {
        return new InMemoryCatalog();
    }

    @Bean
    @ConditionalOnMissingBean
    StoreDirectory omsStoreDirectory() {
        return new InMemoryStoreDirectory();
    }

    @Bean
    @ConditionalOnMissingBean
    SlotDirectory omsSlotDirectory() {
        return new InMemorySlotDirectory();
    }

    @Bean
    @ConditionalOnMissingBean
    StockLedger omsStockLedger() {
        return new InMemoryStockLedger();
    }

    @Bean
    @ConditionalOnMissingBean
    StockThresholds omsStockThresholds() {
        return new InMemoryStockThresholds();
    }

    @Bean
    @ConditionalOnMissingBean
    EventCheckpoints omsEventCheckpoints() {
        return new InMemoryEventCheckpoints();
    }

    @Bean
    @ConditionalOnMissingBean
    StockAlertLog omsStockAlertLog() {
        return new InMemoryStockAlertLog();
    }

    @Bean
    @ConditionalOnMissingBean
    Oms oms(
            OmsConfig config,
            Clock clock,
            InventoryLock lock,
            OrderRepository orders,
            Catalog catalog,
            StoreDirectory stores,
            SlotDirectory slots,
            StockLedger ledger,
            StockThresholds thresholds,
            EventCheckpoints checkpoints,
            StockAlertLog alerts,
            ObjectProvider<IdGenerator> ids,
            ObjectProvider<OmsListener> listeners,
            ObjectProvider<PortDecorator> decorators,
            ListableBeanFactory beans) {
        List<PortDecorator> wrappers = decorators.orderedStream().toList();
        Oms.Builder builder = Oms.builder()
                .config(config)
                .clock(clock)
                .inventoryLock(decorate(wrappers, InventoryLock.class, "lock", lock))
                .orderRepository(decorate(wrappers, OrderRepository.class, "orders", orders))
                .catalog(decorate(wrappers, Catalog.class, "catalog", catalog))
                .storeDirectory(decorate(wrappers, StoreDirectory.class, "stores", stores))
                .slotDirectory(decorate(wrappers, SlotDirectory.class, "slots", slots))
                .stockLedger(decorate(wrappers, StockLedger.class, "ledger", ledger))
                .stockThresholds(decorate(wrappers, StockThresholds.class, "thresholds", thresholds))
                .eventCheckpoints(decorate(wrappers, EventCheckpoints.class, "checkpoints", checkpoints))
                .stockAlertLog(decorate(wrappers, StockAlertLog.class, "alerts", alerts));
        ids.ifAvailable(builder::idGenerator);
        listeners.orderedStream().forEach(builder::listener);
        Map<String, EventSubscriber> subscribers = beans.getBeansOfType(EventSubscriber.class);
        subscribers.forEach(builder::subscribe);
        Map<String, StockAlertSubscriber> alertSubscribers = beans.getBeansOfType(StockAlertSubscriber.class);
        alertSubscribers.forEach(builder::subscribeAlerts);
        LOG.info(
                "OMS: inventory lock {}, orders {}, catalog {}, stores {}; event subscribers {}",
                describe(lock),
                describe(orders),
                describe(catalog),
                describe(stores),
                subscribers.keySet());
        return builder.build();
    }

    /** The last drift-check pass, as the health details show it. */
    @Bean
    @ConditionalOnMissingBean
    DriftStatus omsDriftStatus() {
        return new DriftStatus();
    }

    @Bean
    @ConditionalOnMissingBean(name = "omsScheduledJobs")
    OmsJobs omsScheduledJobs(Oms oms, OmsProperties properties, ObjectProvider<JobObserver> observers) {
        return new OmsJobs(oms, properties, observers.orderedStream().toList());
    }

    private static <T> T decorate(List<PortDecorator> wrappers, Class<T> type, String name, T port) {
        T result = port;
        for (PortDecorator wrapper : wrappers) {
            result = wrapper.decorate(type, name, result);
        }
        return result;
    }

    private static String describe(Object port) {
        return port.getClass().getSimpleName();
    }
}
