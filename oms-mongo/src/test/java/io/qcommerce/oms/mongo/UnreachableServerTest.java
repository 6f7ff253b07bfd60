package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.Orders;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The test server of this run (a URI server, a container or the in-process one) reached through a loopback proxy
 * that the test cuts, restores, or lets requests through while holding the answers back. Cut: typed
 * {@code BACKEND_UNAVAILABLE}. Answer lost after the write reached the server: {@code OUTCOME_UNKNOWN}, and the
 * retry with the same ids finds the write done, once.
 */
@Timeout(60)
class UnreachableServerTest {
    private TcpProxy proxy;
    private MongoClient client;
    private MongoDatabase database;
    private MongoOrderRepository orders;

    @BeforeEach
    void connectThroughAProxy() {
        ConnectionString target = new ConnectionString(TestMongo.shared().connectionString());
        assumeTrue(
                !target.isSrvProtocol() && target.getHosts().size() == 1,
                "a proxy fronts one host; this server is " + target.getHosts());
        String[] hostPort = target.getHosts().get(0).split(":");
        proxy = TcpProxy.to(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 27017);
        client = MongoClients.create(FaultClients.throughProxy(target.getConnectionString(), proxy.port()));
        database = client.getDatabase(
                TestMongo.shared().freshDatabase("unreachable").getName());
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
        orders = new MongoOrderRepository(database);
    }

    @AfterEach
    void close() {
        if (proxy != null) {
            proxy.close();
            client.close();
            TestMongo.drop(TestMongo.shared().client().getDatabase(database.getName()));
        }
    }

    /** Runs one call while the server's answers are held back, then waits until the server answers again. */
    private Outcome withAnswersHeldBack(String name, Supplier<?> call) {
        proxy.holdResponses(true);
        Outcome outcome = Outcome.of(name, call);
        proxy.holdResponses(false);
        awaitReachable();
        return outcome;
    }

    /** Polls with a cheap read until the driver reaches the server again (each poll bounded by its timeouts). */
    private void awaitReachable() {
        for (int i = 0; i < 20; i++) {
            try {
                orders.find(OrderId.of("o-probe"));
                return;
            } catch (OmsException e) {
                // not yet
            }
        }
        throw new AssertionError("the server did not become reachable again");
    }

    @Test
    void aCutConnectionIsBackendUnavailableAndTheSameCallsSucceedOnceRestored() {
        Order placed = orders.insert(Orders.awaitingPayment()).order();
        Order next = Orders.awaitingPayment();
        StatusChange confirm = Orders.change(
                OrderStatus.AWAITING_PAYMENT,
                OrderStatus.CONFIRMED,
                placed.createdAt().plusSeconds(20));

        proxy.cut();
        List<Outcome> cut = List.of(
                Outcome.of("insert", () -> orders.insert(next)),
                Outcome.of("transition", () -> orders.transition(placed.id(), 0, confirm)),
                Outcome.of("find", () -> orders.find(placed.id())),
                Outcome.of("insert again", () -> orders.insert(next)));
        proxy.restore();
        System.out.println("server unreachable (" + TestMongo.shared().kind() + "):\n  "
                + String.join("\n  ", cut.stream().map(Outcome::toString).toList()));

        assertThat(cut).allSatisfy(o -> {
            assertThat(o.error()).as(o.call()).isNotNull();
            assertThat(o.error().category()).as(o.call()).isEqualTo(ErrorCode.Category.BACKEND);
        });
        assertThat(cut.get(2).error().code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(cut.get(3).error().code()).as("once the driver knows").isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(orders.insert(next).order()).isEqualTo(next);
        assertThat(orders.insert(next)).isEqualTo(new InsertResult.Duplicate(next));
        TransitionResult moved = orders.transition(placed.id(), 0, confirm);
        assertThat(moved.order()).isEqualTo(placed.transition(confirm));
        assertThat(orders.find(placed.id())).contains(placed.transition(confirm));
    }

    @Test
    void aWriteWhoseAnswerIsLostIsOutcomeUnknownAndItsRetryFindsItDoneOnce() {
        Order placed = orders.insert(Orders.awaitingPayment()).order();
        Order next = Orders.awaitingPayment();
        StatusChange confirm = Orders.change(
                OrderStatus.AWAITING_PAYMENT,
                OrderStatus.CONFIRMED,
                placed.createdAt().plusSeconds(20));

        Outcome insertLost = withAnswersHeldBack("insert, answer lost", () -> orders.insert(next));
        Outcome transitionLost =
                withAnswersHeldBack("transition, answer lost", () -> orders.transition(placed.id(), 0, confirm));
        List<Outcome> lost = List.of(insertLost, transitionLost);
        System.out.println("answers lost (" + TestMongo.shared().kind() + "):\n  "
                + String.join("\n  ", lost.stream().map(Outcome::toString).toList()));

        assertThat(lost)
                .allSatisfy(o -> assertThat(o.error().code()).as(o.call()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
        assertThat(orders.insert(next)).as("the insert had landed").isEqualTo(new InsertResult.Duplicate(next));
        assertThat(orders.transition(placed.id(), 0, confirm))
                .as("the change had landed, once")
                .isEqualTo(new TransitionResult.Conflict(placed.transition(confirm)));
    }

    @Test
    void aSlotWriteWhoseAnswerIsLostIsOutcomeUnknownAndAReadSettlesIt() {
        MongoSlotDirectory slots = new MongoSlotDirectory(database);
        Instant nine = Instant.parse("2026-03-02T03:30:00Z");
        DeliverySlot slot = DeliverySlot.of(
                SlotId.of("BLR-1-0302-09"),
                StoreId.of("BLR-1"),
                LocalDate.of(2026, 3, 2),
                nine,
                nine.plus(Duration.ofHours(2)),
                SlotType.NORMAL,
                20,
                nine.minus(Duration.ofHours(1)));

        Outcome insertLost = withAnswersHeldBack("slot insert, answer lost", () -> slots.insert(slot));
        assertThat(slots.insert(slot))
                .as("the insert had landed; its retry answers it")
                .isEqualTo(slot);
        Outcome replaceLost =
                withAnswersHeldBack("slot replace, answer lost", () -> slots.replace(slot.withCapacity(25), 0));
        List<Outcome> lost = List.of(insertLost, replaceLost);
        System.out.println("slot answers lost (" + TestMongo.shared().kind() + "):\n  "
                + String.join("\n  ", lost.stream().map(Outcome::toString).toList()));

        assertThat(lost)
                .allSatisfy(o -> assertThat(o.error().code()).as(o.call()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
        // The insert is idempotent on its definition; the compare-and-set is not, by design: its retry from the
        // same version misses, and a read shows that the first attempt landed, once.
        assertThat(slots.replace(slot.withCapacity(25), 0))
                .as("the replace had landed")
                .isEmpty();
        assertThat(slots.find(slot.id())).contains(slot.withCapacity(25).withVersion(1));
        assertThat(catchDuplicate(() -> slots.insert(slot)))
                .as("the id is taken by the changed slot")
                .isTrue();
    }

    @Test
    void ledgerAndThresholdWritesWhoseAnswersAreLostAreOutcomeUnknownAndTheirRetriesApplyThemOnce() {
        MongoStockLedger ledger = new MongoStockLedger(database);
        MongoStockThresholds thresholds = new MongoStockThresholds(database);
        StoreId store = StoreId.of("BLR-1");
        Resource milk = Resource.sku(SkuId.of("MILK-1L"));
        Instant nine = Instant.parse("2026-03-02T03:30:00Z");
        List<StockMovement> movements = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            movements.add(new StockMovement(
                    "mv:grn-" + i,
                    store,
                    milk,
                    MovementType.RECEIVED,
                    10 + i,
                    null,
                    "system",
                    nine.plusSeconds(i),
                    "grn-" + i,
                    ""));
        }

        Outcome recordLost = withAnswersHeldBack("ledger record, answer lost", () -> {
            ledger.record(movements);
            return null;
        });
        Outcome markLost = withAnswersHeldBack("ledger markShipped, answer lost", () -> {
            ledger.markShipped(store, "5-0");
            return null;
        });
        Outcome thresholdLost = withAnswersHeldBack("threshold set, answer lost", () -> {
            thresholds.set(store, SkuId.of("MILK-1L"), 12);
            return null;
        });
        List<Outcome> lost = List.of(recordLost, markLost, thresholdLost);
        proxy.cut();
        List<Outcome> cut = List.of(
                Outcome.of("ledger record, cut", () -> {
                    ledger.record(movements);
                    return null;
                }),
                Outcome.of("ledger query, cut", () -> ledger.query(LedgerQuery.of(store, 10))),
                Outcome.of("threshold find, cut", () -> thresholds.find(store, SkuId.of("MILK-1L"))));
        proxy.restore();
        awaitReachable();
        System.out.println("ledger and threshold answers lost, then cut ("
                + TestMongo.shared().kind() + "):\n  "
                + String.join(
                        "\n  ",
                        Stream.concat(lost.stream(), cut.stream())
                                .map(Outcome::toString)
                                .toList()));

        assertThat(lost)
                .allSatisfy(o -> assertThat(o.error().code()).as(o.call()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN));
        assertThat(cut)
                .allSatisfy(o -> assertThat(o.error().category()).as(o.call()).isEqualTo(ErrorCode.Category.BACKEND));
        assertThat(cut.get(1).error().code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(ledger.query(LedgerQuery.of(store, 10)))
                .as("the record had landed")
                .isEqualTo(movements);
        ledger.record(movements);
        assertThat(ledger.query(LedgerQuery.of(store, 10)))
                .as("its retry changed nothing")
                .isEqualTo(movements);
        assertThat(ledger.shippedPosition(store)).contains("5-0");
        thresholds.set(store, SkuId.of("MILK-1L"), 12);
        assertThat(thresholds.ofStore(store)).isEqualTo(Map.of(SkuId.of("MILK-1L"), 12L));
    }

    private static boolean catchDuplicate(Runnable call) {
        try {
            call.run();
            return false;
        } catch (OmsException e) {
            return e.code() == ErrorCode.DUPLICATE;
        }
    }
}
