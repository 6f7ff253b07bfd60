package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.testkit.Orders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The explicit, idempotent index creation a host runs at start, and what the unique index guarantees. */
class MongoOmsSchemaTest {
    private static final MongoOmsConfig CONFIG = MongoOmsConfig.ofDefaults();
    private MongoDatabase database;

    @BeforeEach
    void freshDatabase() {
        database = TestMongo.shared().freshDatabase("schema");
    }

    @AfterEach
    void dropDatabase() {
        TestMongo.drop(database);
    }

    private List<String> indexNames(String collection) {
        List<String> names = new ArrayList<>();
        for (Document d : database.getCollection(collection).listIndexes()) {
            names.add(d.getString("name"));
        }
        return names;
    }

    @Test
    void createIndexesMakesOneIndexPerQueryAndRunningItAgainChangesNothing() {
        assertThat(MongoOmsSchema.missingIndexes(database, CONFIG))
                .containsOnlyKeys(
                        "oms_orders",
                        "oms_order_events",
                        "oms_stock_alerts",
                        "oms_stores",
                        "oms_slots",
                        "oms_stock_ledger",
                        "oms_stock_thresholds");

        Map<String, List<String>> first = MongoOmsSchema.createIndexes(database, CONFIG);
        Map<String, List<String>> second = MongoOmsSchema.createIndexes(database, CONFIG);

        assertThat(first)
                .isEqualTo(Map.of(
                        "oms_orders",
                                List.of(
                                        MongoOmsSchema.ORDERS_CUSTOMER_KEY,
                                        MongoOmsSchema.ORDERS_STATUS_EXPIRY,
                                        MongoOmsSchema.ORDERS_STORE_STATUS,
                                        MongoOmsSchema.ORDERS_CUSTOMER_CREATED,
                                        MongoOmsSchema.ORDERS_STORE_CREATED,
                                        MongoOmsSchema.ORDERS_FEED_PENDING),
                        "oms_order_events", List.of(MongoOmsSchema.EVENTS_POS, MongoOmsSchema.EVENTS_STORE_POS),
                        "oms_stock_alerts",
                                List.of(
                                        MongoOmsSchema.ALERTS_POS,
                                        MongoOmsSchema.ALERTS_STORE_POS,
                                        MongoOmsSchema.ALERTS_STORE_SKU_SEQ),
                        "oms_stores", List.of(MongoOmsSchema.STORES_PINCODE, MongoOmsSchema.STORES_PRIORITY),
                        "oms_slots", List.of(MongoOmsSchema.SLOTS_STORE_DATE),
                        "oms_stock_ledger",
                                List.of(
                                        MongoOmsSchema.LEDGER_STORE_AT,
                                        MongoOmsSchema.LEDGER_STORE_RESOURCE,
                                        MongoOmsSchema.LEDGER_STORE_TYPE),
                        "oms_stock_thresholds", List.of(MongoOmsSchema.THRESHOLDS_STORE_SKU)));
        assertThat(second).isEqualTo(first);
        assertThat(indexNames("oms_orders"))
                .containsExactlyInAnyOrder(
                        "_id_",
                        MongoOmsSchema.ORDERS_CUSTOMER_KEY,
                        MongoOmsSchema.ORDERS_STATUS_EXPIRY,
                        MongoOmsSchema.ORDERS_STORE_STATUS,
                        MongoOmsSchema.ORDERS_CUSTOMER_CREATED,
                        MongoOmsSchema.ORDERS_STORE_CREATED,
                        MongoOmsSchema.ORDERS_FEED_PENDING);
        assertThat(indexNames("oms_order_events"))
                .containsExactlyInAnyOrder("_id_", MongoOmsSchema.EVENTS_POS, MongoOmsSchema.EVENTS_STORE_POS);
        assertThat(indexNames("oms_stores"))
                .containsExactlyInAnyOrder("_id_", MongoOmsSchema.STORES_PINCODE, MongoOmsSchema.STORES_PRIORITY);
        assertThat(indexNames("oms_slots")).containsExactlyInAnyOrder("_id_", MongoOmsSchema.SLOTS_STORE_DATE);
        assertThat(indexNames("oms_stock_ledger"))
                .containsExactlyInAnyOrder(
                        "_id_",
                        MongoOmsSchema.LEDGER_STORE_AT,
                        MongoOmsSchema.LEDGER_STORE_RESOURCE,
                        MongoOmsSchema.LEDGER_STORE_TYPE);
        assertThat(indexNames("oms_stock_thresholds"))
                .containsExactlyInAnyOrder("_id_", MongoOmsSchema.THRESHOLDS_STORE_SKU);
        assertThat(MongoOmsSchema.missingIndexes(database, CONFIG)).isEmpty();
    }

    @Test
    void theUniqueIndexRefusesASecondOrderOfTheSameCustomerAndKeyEvenWrittenBehindTheAdaptersBack() {
        MongoOmsSchema.createIndexes(database, CONFIG);
        MongoOrderRepository orders = new MongoOrderRepository(database, CONFIG);
        Order first = Orders.builder()
                .customer(CustomerId.of("asha"))
                .idempotencyKey(IdempotencyKey.of("k-1"))
                .build();
        orders.insert(first);
        Order sameKey = Orders.builder()
                .customer(first.customer())
                .idempotencyKey(first.idempotencyKey())
                .id(OrderId.of("o-written-by-hand"))
                .build();

        Throwable behindTheBack =
                catchThrowable(() -> database.getCollection("oms_orders").insertOne(OrderMapping.toDocument(sameKey)));

        assertThat(behindTheBack).isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(
                        e.getError().getCategory())
                .isEqualTo(ErrorCategory.DUPLICATE_KEY));
        assertThat(orders.insert(sameKey)).isEqualTo(new InsertResult.Duplicate(first));
        assertThat(database.getCollection("oms_orders").countDocuments()).isEqualTo(1);
    }

    @Test
    void withoutCreateIndexesTheIdempotencyKeyIsNotUnique() {
        // Why the host must run createIndexes at start: the adapter does not create indexes by itself.
        MongoOrderRepository orders = new MongoOrderRepository(database, CONFIG);
        Order first = Orders.builder().build();
        Order sameKey = Orders.builder()
                .customer(first.customer())
                .idempotencyKey(first.idempotencyKey())
                .id(OrderId.of("o-second"))
                .build();

        orders.insert(first);

        assertThat(orders.insert(sameKey)).isInstanceOf(InsertResult.Inserted.class);
        assertThat(MongoOmsSchema.missingIndexes(database, CONFIG).get("oms_orders"))
                .contains(MongoOmsSchema.ORDERS_CUSTOMER_KEY);
    }

    @Test
    void anIndexOfTheSameNameWithOtherKeysIsInvalidConfiguration() {
        database.getCollection("oms_orders")
                .createIndex(Indexes.ascending("status"), new IndexOptions().name(MongoOmsSchema.ORDERS_STATUS_EXPIRY));

        Throwable thrown = catchThrowable(() -> MongoOmsSchema.createIndexes(database, CONFIG));

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void aUniqueIndexOverExistingDuplicatesIsInvalidConfiguration() {
        Order first = Orders.builder().build();
        Order sameKey = Orders.builder()
                .customer(first.customer())
                .idempotencyKey(first.idempotencyKey())
                .id(OrderId.of("o-dup"))
                .build();
        database.getCollection("oms_orders")
                .insertMany(List.of(OrderMapping.toDocument(first), OrderMapping.toDocument(sameKey)));

        Throwable thrown = catchThrowable(() -> MongoOmsSchema.createIndexes(database, CONFIG));

        assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void collectionNamesFollowTheConfiguration() {
        MongoOmsConfig custom = MongoOmsConfig.builder()
                .collectionPrefix("tenant7_")
                .storesCollection("darkstores")
                .slotsCollection("windows")
                .stockLedgerCollection("movements")
                .build();

        MongoOmsSchema.createIndexes(database, custom);
        new MongoOrderRepository(database, custom).insert(Orders.awaitingPayment());
        new MongoStockLedger(database, custom).markShipped(io.qcommerce.oms.store.StoreId.of("BLR-1"), "1-0");

        assertThat(database.listCollectionNames().into(new ArrayList<>()))
                .contains(
                        "tenant7_orders",
                        "darkstores",
                        "windows",
                        "movements",
                        "tenant7_stock_ledger_positions",
                        "tenant7_stock_thresholds")
                .doesNotContain(
                        "oms_orders",
                        "oms_slots",
                        "tenant7_slots",
                        "tenant7_stock_ledger",
                        "oms_stock_ledger_positions");
        assertThat(indexNames("tenant7_orders"))
                .contains(MongoOmsSchema.ORDERS_CUSTOMER_KEY, MongoOmsSchema.ORDERS_STORE_CREATED);
        assertThat(indexNames("darkstores")).contains(MongoOmsSchema.STORES_PINCODE);
        assertThat(indexNames("windows")).contains(MongoOmsSchema.SLOTS_STORE_DATE);
        assertThat(indexNames("movements")).contains(MongoOmsSchema.LEDGER_STORE_TYPE);
        assertThat(indexNames("tenant7_stock_thresholds")).contains(MongoOmsSchema.THRESHOLDS_STORE_SKU);
    }
}
