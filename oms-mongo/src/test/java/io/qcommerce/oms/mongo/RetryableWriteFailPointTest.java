package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.Orders;
import io.qcommerce.oms.testkit.SampleSkus;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The driver's own retry of a write (retryable writes, on by default on a replica set) under the server's
 * {@code failCommand} fail point, on a real {@code mongod} started with {@code --setParameter enableTestCommands=1}
 * as a replica set member and named by {@code OMS_TEST_MONGO_URI}. Skipped, with the reason, on any other server
 * (the in-process one has neither retries nor fail points).
 *
 * <p>The fail point is limited to this test's client by its application name, so a shared server is fine.
 */
@Timeout(60)
class RetryableWriteFailPointTest {
    private static final String APP = "oms-failpoint-test";
    private static final StoreId STORE = StoreId.of("BLR-1");
    private static final Pincode HOME = Pincode.of("560038");
    private static final CustomerId ASHA = CustomerId.of("asha");

    private MongoClient client;
    private MongoDatabase database;
    private MongoOrderRepository orders;

    @BeforeEach
    void aReplicaSetWithFailPoints() {
        String uri = TestMongo.shared().connectionString();
        assumeTrue(System.getenv("OMS_TEST_MONGO_URI") != null, "needs OMS_TEST_MONGO_URI naming a replica set");
        client = MongoClients.create(TestMongo.settings(uri, b -> b.applicationName(APP)));
        Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
        assumeTrue(hello.containsKey("setName"), "needs a replica set; this server is not one: " + hello.toJson());
        try {
            failPoint(new Document("mode", "off"));
        } catch (MongoCommandException e) {
            assumeTrue(false, "needs enableTestCommands for failCommand: " + e.getErrorMessage());
        }
        database =
                client.getDatabase(TestMongo.shared().freshDatabase("failpoint").getName());
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
        orders = new MongoOrderRepository(database);
    }

    @AfterEach
    void off() {
        if (database != null) {
            failPoint(new Document("mode", "off"));
            TestMongo.drop(database);
        }
        if (client != null) {
            client.close();
        }
    }

    private void failPoint(Document settings) {
        Document command = new Document("configureFailPoint", "failCommand");
        command.putAll(settings);
        client.getDatabase("admin").runCommand(command);
    }

    /** Fails the next {@code times} commands named {@code command} of this client as {@code data} says. */
    private void failNext(int times, String command, Document data) {
        Document d = new Document("failCommands", List.of(command)).append("appName", APP);
        d.putAll(data);
        failPoint(new Document("mode", new Document("times", times)).append("data", d));
    }

    @Test
    void aWriteWhoseRetryFailsIsOutcomeUnknown() {
        failNext(2, "insert", new Document("errorCode", 10107).append("errorLabels", List.of("RetryableWriteError")));
        Order order = Orders.awaitingPayment();

        OmsException e = catchThrowableOfType(OmsException.class, () -> orders.insert(order));

        assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(orders.insert(order)).isEqualTo(new InsertResult.Inserted(order));
    }

    @Test
    void aWriteAppliedWhoseAnswersCarryAWriteConcernErrorIsOutcomeUnknownAndItsRetryFindsIt() {
        failNext(
                2,
                "insert",
                new Document(
                        "writeConcernError",
                        new Document("code", 91)
                                .append("errmsg", "shutting down")
                                .append("errorLabels", List.of("RetryableWriteError"))));
        Order order = Orders.awaitingPayment();

        OmsException e = catchThrowableOfType(OmsException.class, () -> orders.insert(order));

        assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(orders.insert(order)).isEqualTo(new InsertResult.Duplicate(order));
    }

    @Test
    void aWriteNoAttemptOfWhichWasAppliedIsBackendUnavailable() {
        failNext(
                2,
                "insert",
                new Document("errorCode", 10107)
                        .append("errorLabels", List.of("RetryableWriteError", "NoWritesPerformed")));

        OmsException e = catchThrowableOfType(OmsException.class, () -> orders.insert(Orders.awaitingPayment()));

        assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    }

    @Test
    void aStatusChangeWhoseRetryFailsIsOutcomeUnknown() {
        Order placed = orders.insert(Orders.awaitingPayment()).order();
        StatusChange confirm = Orders.change(
                OrderStatus.AWAITING_PAYMENT,
                OrderStatus.CONFIRMED,
                placed.createdAt().plusSeconds(5));
        failNext(
                2,
                "findAndModify",
                new Document("errorCode", 91).append("errorLabels", List.of("RetryableWriteError")));

        OmsException e = catchThrowableOfType(OmsException.class, () -> orders.transition(placed.id(), 0, confirm));

        assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
    }

    @Test
    void placementKeepsTheHoldWhenTheInsertsRetryFails() {
        MutableClock clock = new MutableClock();
        InMemoryInventoryLock lock = new InMemoryInventoryLock(clock);
        Oms oms = Oms.builder()
                .clock(clock)
                .use(MongoBackend.of(database))
                .inventoryLock(lock)
                .inMemoryForRest()
                .build();
        SkuId milk = SkuId.of("MILK-1L");
        oms.catalog().save(SampleSkus.milk(milk));
        oms.stores().create(Store.of(STORE, "Indiranagar", 0, HOME));
        oms.inventory().receive(STORE, milk, 10);
        PlaceOrderRequest request = PlaceOrderRequest.of(
                ASHA,
                IdempotencyKey.of("k-1"),
                HOME,
                Cart.builder().add("MILK-1L", 2).build());
        OrderId id = OrderId.derive(ASHA, IdempotencyKey.of("k-1"));
        failNext(2, "insert", new Document("errorCode", 10107).append("errorLabels", List.of("RetryableWriteError")));

        OmsException e = catchThrowableOfType(OmsException.class, () -> oms.place(request));

        assertThat(e.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(lock.find(STORE, id.reservationId()))
                .hasValueSatisfying(h -> assertThat(h.status()).isEqualTo(ReservationStatus.HELD));
        assertThat(oms.place(request)).isInstanceOf(PlacementResult.Placed.class);
    }
}
