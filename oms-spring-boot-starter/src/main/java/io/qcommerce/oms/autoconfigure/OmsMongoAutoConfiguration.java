package io.qcommerce.oms.autoconfigure;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.mongo.MongoBackend;
import io.qcommerce.oms.mongo.MongoCatalog;
import io.qcommerce.oms.mongo.MongoEventCheckpoints;
import io.qcommerce.oms.mongo.MongoOmsConfig;
import io.qcommerce.oms.mongo.MongoOmsSchema;
import io.qcommerce.oms.mongo.MongoOrderRepository;
import io.qcommerce.oms.mongo.MongoSlotDirectory;
import io.qcommerce.oms.mongo.MongoStockAlertLog;
import io.qcommerce.oms.mongo.MongoStockLedger;
import io.qcommerce.oms.mongo.MongoStockThresholds;
import io.qcommerce.oms.mongo.MongoStoreDirectory;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.spi.StoreDirectory;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Orders (with their event feed), catalog, stores, delivery slots, the stock ledger, low-stock thresholds and event
 * checkpoints on MongoDB ({@link MongoBackend}, from {@code oms-mongo}), when {@code oms.mongo.uri} is set (the
 * starter opens its own client) or the host has a {@link MongoDatabase} bean or a {@link MongoClient} bean (used
 * with {@code oms.mongo.database}; the host keeps owning it). The URI wins over a bean, a database bean over a
 * client bean. The indexes are created at start unless {@code oms.mongo.create-indexes=false}. Each port backs off
 * when the host defines its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration")
@ConditionalOnClass({MongoBackend.class, MongoDatabase.class})
@Conditional(OmsMongoAutoConfiguration.MongoAvailable.class)
@EnableConfigurationProperties(OmsProperties.class)
public final class OmsMongoAutoConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(PropertyHasText.MongoUri.class)
    @ConditionalOnMissingBean(MongoBackend.class)
    OwnedMongo omsMongoClient(OmsProperties properties) {
        return new OwnedMongo(Objects.requireNonNull(properties.getMongo().getUri()), properties.getMongo());
    }

    @Bean
    @ConditionalOnMissingBean
    MongoBackend omsMongoBackend(
            OmsProperties properties,
            ObjectProvider<OwnedMongo> owned,
            ObjectProvider<MongoDatabase> databases,
            ObjectProvider<MongoClient> clients) {
        OmsProperties.Mongo settings = properties.getMongo();
        MongoDatabase database;
        OwnedMongo own = owned.getIfAvailable();
        MongoDatabase given = databases.getIfUnique();
        MongoClient client = clients.getIfUnique();
        if (own != null) {
            database = own.client().getDatabase(settings.getDatabase());
        } else if (given != null) {
            database = given;
        } else if (client != null) {
            database = client.getDatabase(settings.getDatabase());
        } else {
            throw new IllegalStateException("oms: no single MongoDatabase or MongoClient bean for the MongoDB ports;"
                    + " set oms.mongo.uri, or define one of them");
        }
        MongoOmsConfig config = MongoOmsConfig.builder()
                .collectionPrefix(settings.getCollectionPrefix())
                .build();
        if (settings.isCreateIndexes()) {
            MongoOmsSchema.createIndexes(database, config);
        }
        return MongoBackend.of(database, config);
    }

    @Bean
    @ConditionalOnMissingBean(OrderRepository.class)
    MongoOrderRepository omsMongoOrderRepository(MongoBackend backend) {
        return backend.orderRepository();
    }

    @Bean
    @ConditionalOnMissingBean(Catalog.class)
    MongoCatalog omsMongoCatalog(MongoBackend backend) {
        return backend.catalog();
    }

    @Bean
    @ConditionalOnMissingBean(StoreDirectory.class)
    MongoStoreDirectory omsMongoStoreDirectory(MongoBackend backend) {
        return backend.storeDirectory();
    }

    @Bean
    @ConditionalOnMissingBean(SlotDirectory.class)
    MongoSlotDirectory omsMongoSlotDirectory(MongoBackend backend) {
        return backend.slotDirectory();
    }

    @Bean
    @ConditionalOnMissingBean(StockLedger.class)
    MongoStockLedger omsMongoStockLedger(MongoBackend backend) {
        return backend.stockLedger();
    }

    @Bean
    @ConditionalOnMissingBean(StockThresholds.class)
    MongoStockThresholds omsMongoStockThresholds(MongoBackend backend) {
        return backend.stockThresholds();
    }

    @Bean
    @ConditionalOnMissingBean(EventCheckpoints.class)
    MongoEventCheckpoints omsMongoEventCheckpoints(MongoBackend backend) {
        return backend.eventCheckpoints();
    }

    @Bean
    @ConditionalOnMissingBean(StockAlertLog.class)
    MongoStockAlertLog omsMongoStockAlertLog(MongoBackend backend) {
        return backend.stockAlertLog();
    }

    /** {@code oms.mongo.uri} has text, or the host has a MongoDatabase or MongoClient bean. */
    static final class MongoAvailable extends AnyNestedCondition {
        MongoAvailable() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @Conditional(PropertyHasText.MongoUri.class)
        static final class UriSet {}

        @ConditionalOnBean(MongoDatabase.class)
        static final class DatabaseBean {}

        @ConditionalOnBean(MongoClient.class)
        static final class ClientBean {}
    }
}
