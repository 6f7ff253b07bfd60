package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.EventId;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.ShortPick;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.Orders;
import io.qcommerce.oms.testkit.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order event feed on MongoDB: positioned after the write, without a transaction, by any number of callers. */
class MongoEventFeedTest {
    private static final MongoOmsConfig CONFIG = MongoOmsConfig.ofDefaults();
    private static final StoreId NORTH = StoreId.of("store-north");
    private static final StoreId SOUTH = StoreId.of("store-south");

    private MongoDatabase database;
    private MongoOrderRepository orders;

    @BeforeEach
    void freshDatabase() {
        database = TestMongo.shared().freshDatabase("feed");
        MongoOmsSchema.createIndexes(database, CONFIG);
        orders = new MongoOrderRepository(database, CONFIG);
    }

    @AfterEach
    void dropDatabase() {
        TestMongo.drop(database);
    }

    private Order place(StoreId store) {
        return orders.insert(Orders.builder()
                        .store(store)
                        .line("EGGS-6", 3, 6000, 6000)
                        .build())
                .order();
    }

    private Order move(Order order, OrderStatus to) {
        StatusChange change =
                Orders.change(order.status(), to, order.updatedAt().plusSeconds(1));
        return ((TransitionResult.Applied) orders.transition(order.id(), order.version(), change)).order();
    }

    /** Positions everything pending, as a dispatcher does, and returns how many it placed. */
    private int positionAll(MongoOrderRepository repository) {
        int total = 0;
        int n;
        while ((n = repository.positionEvents(100)) > 0) {
            total += n;
        }
        return total;
    }

    private List<OrderEvent> wholeFeed() {
        return orders.feed(0, null, 10_000);
    }

    @Test
    void eventsWaitForPositionEventsThenTakePositionsOneToNInTheOrderOfEachOrdersChanges() {
        Order a = move(move(place(NORTH), OrderStatus.CONFIRMED), OrderStatus.PICKING);
        Order b = move(place(SOUTH), OrderStatus.CANCELLED);

        assertThat(wholeFeed()).isEmpty();
        assertThat(orders.lastPosition()).isZero();

        assertThat(positionAll(orders)).isEqualTo(5);
        assertThat(orders.positionEvents(10)).isZero();

        List<OrderEvent> feed = wholeFeed();
        assertThat(feed).extracting(OrderEvent::position).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(orders.lastPosition()).isEqualTo(5);
        assertThat(sequencesOf(feed, a.id())).containsExactly(1, 2, 3);
        assertThat(sequencesOf(feed, b.id())).containsExactly(1, 2);
        assertThat(feed)
                .filteredOn(e -> e.orderId().equals(a.id()))
                .extracting(OrderEvent::type)
                .containsExactly(OrderEvent.Type.PLACED, OrderEvent.Type.CONFIRMED, OrderEvent.Type.STATUS_CHANGED);
        for (OrderEvent event : feed) {
            Order order = event.orderId().equals(a.id()) ? a : b;
            assertThat(event).isEqualTo(OrderEvent.of(order, event.id().sequence(), event.position()));
        }
        assertThat(orders.feed(0, SOUTH, 10))
                .extracting(OrderEvent::id)
                .containsExactly(new EventId(b.id(), 1), new EventId(b.id(), 2));
        assertThat(orders.feed(2, null, 2)).extracting(OrderEvent::position).containsExactly(3L, 4L);
        assertThat(orders.feed(5, null, 10)).isEmpty();
    }

    @Test
    void aLaterChangeIsPositionedAfterTheEarlierOnesAndTheOrderIsNoLongerPendingOnceAllAreIn() {
        Order a = place(NORTH);
        positionAll(orders);
        assertThat(rawOrder(a)).doesNotContainKey("feedPending").containsEntry("fed", 1);

        a = move(a, OrderStatus.CONFIRMED);
        assertThat(rawOrder(a)).containsEntry("feedPending", true);
        place(SOUTH);
        positionAll(orders);

        assertThat(rawOrder(a)).doesNotContainKey("feedPending").containsEntry("fed", 2);
        assertThat(wholeFeed())
                .extracting(e -> e.id().value())
                .startsWith(a.id().value() + "#1")
                .contains(a.id().value() + "#2")
                .hasSize(3);
    }

    @Test
    void positionEventsPlacesAtMostMaxAndTheRestLater() {
        for (int i = 0; i < 3; i++) {
            move(place(NORTH), OrderStatus.CONFIRMED);
        }

        assertThat(orders.positionEvents(4)).isEqualTo(4);
        assertThat(wholeFeed()).hasSize(4);
        assertThat(orders.positionEvents(4)).isEqualTo(2);

        List<OrderEvent> feed = wholeFeed();
        assertThat(feed).extracting(OrderEvent::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(feed.stream().map(OrderEvent::id).distinct()).hasSize(6);
        for (OrderEvent event : feed) {
            assertThat(sequencesOf(feed, event.orderId())).containsExactly(1, 2);
        }
    }

    @Test
    void theEventOfAShortenedLineCarriesTheShortPickAndTheRefund() {
        Order a = move(place(NORTH), OrderStatus.CONFIRMED);
        StatusChange shortPick = new StatusChange(
                OrderStatus.CONFIRMED,
                OrderStatus.CONFIRMED,
                a.updatedAt().plusSeconds(5),
                Actor.staff("ravi"),
                "cracked",
                Money.inr(12_000),
                new ShortPick(SkuId.of("EGGS-6"), 2, ShortPick.Cause.DAMAGED));
        Order shortened = ((TransitionResult.Applied) orders.transition(a.id(), a.version(), shortPick)).order();
        StatusChange cancelRest = new StatusChange(
                OrderStatus.CONFIRMED,
                OrderStatus.CANCELLED,
                shortened.updatedAt().plusSeconds(5),
                Actor.staff("ravi"),
                "cracked",
                Money.inr(6000),
                new ShortPick(SkuId.of("EGGS-6"), 1, ShortPick.Cause.MISSING));
        Order emptied = ((TransitionResult.Applied) orders.transition(a.id(), shortened.version(), cancelRest)).order();

        positionAll(orders);

        List<OrderEvent> feed = wholeFeed();
        assertThat(feed)
                .extracting(OrderEvent::type)
                .containsExactly(
                        OrderEvent.Type.PLACED,
                        OrderEvent.Type.CONFIRMED,
                        OrderEvent.Type.LINE_SHORTENED,
                        OrderEvent.Type.CANCELLED);
        OrderEvent shortEvent = feed.get(2);
        assertThat(shortEvent.shortPick()).isEqualTo(new ShortPick(SkuId.of("EGGS-6"), 2, ShortPick.Cause.DAMAGED));
        assertThat(shortEvent.refund()).isEqualTo(Money.inr(12_000));
        assertThat(shortEvent.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(shortEvent).isEqualTo(OrderEvent.of(emptied, 3, 3));
        assertThat(feed.get(3).refund()).isEqualTo(Money.inr(6000));
        assertThat(orders.find(a.id()).orElseThrow().lines().get(0).shortPicked())
                .isEqualTo(3);
    }

    @Test
    void changesWrittenByAProcessThatDiedBeforePositioningThemAreAllPositionedByTheNextOne() {
        List<Order> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(move(place(i % 2 == 0 ? NORTH : SOUTH), OrderStatus.CONFIRMED));
        }
        // The writer is gone without calling positionEvents; a new process starts on the same database.
        MongoOrderRepository restarted = new MongoOrderRepository(database, CONFIG);

        assertThat(positionAll(restarted)).isEqualTo(10);

        List<OrderEvent> feed = restarted.feed(0, null, 100);
        assertThat(feed).extracting(OrderEvent::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        for (Order order : written) {
            assertThat(sequencesOf(feed, order.id())).containsExactly(1, 2);
        }
    }

    @Test
    void anEventPositionedBeforeACrashLeftTheOrderPendingIsNotPositionedTwice() {
        Order a = move(place(NORTH), OrderStatus.CONFIRMED);
        positionAll(orders);
        // As if the process died after inserting the events but before recording them on the order.
        database.getCollection(CONFIG.ordersCollection())
                .updateOne(
                        eq("_id", a.id().value()),
                        Updates.combine(Updates.set("feedPending", true), Updates.unset("fed")));

        assertThat(positionAll(new MongoOrderRepository(database, CONFIG))).isZero();

        assertThat(wholeFeed()).extracting(OrderEvent::position).containsExactly(1L, 2L);
        assertThat(rawOrder(a)).doesNotContainKey("feedPending").containsEntry("fed", 2);
    }

    @Test
    void severalPositionersAtOnceWhileOrdersChangeLoseNoEventRepeatNoneAndKeepEachOrdersSequence() {
        int orderCount = 30;
        List<Order> placed = new ArrayList<>();
        for (int i = 0; i < orderCount; i++) {
            placed.add(place(i % 3 == 0 ? SOUTH : NORTH));
        }
        OrderStatus[] path = {OrderStatus.CONFIRMED, OrderStatus.PICKING, OrderStatus.PACKED};
        AtomicInteger writersLeft = new AtomicInteger(2);
        List<String> readerProblems = new ArrayList<>();
        int writers = writersLeft.get();
        int positioners = 3;

        Race.run(writers + positioners + 1, Duration.ofSeconds(60), index -> {
            if (index < writers) {
                for (int i = index; i < orderCount; i += writers) {
                    Order o = placed.get(i);
                    for (OrderStatus to : path) {
                        o = move(o, to);
                    }
                }
                writersLeft.decrementAndGet();
                return null;
            }
            if (index < writers + positioners) {
                MongoOrderRepository own = new MongoOrderRepository(database, CONFIG);
                while (writersLeft.get() > 0 || own.positionEvents(7) > 0) {
                    own.positionEvents(7);
                }
                return null;
            }
            // A reader following the feed: it must see positions one after another, never a gap.
            long seen = 0;
            while (seen < orderCount * 4L) {
                for (OrderEvent event : orders.feed(seen, null, 50)) {
                    if (event.position() != seen + 1) {
                        synchronized (readerProblems) {
                            readerProblems.add("after " + seen + " came " + event.position());
                        }
                    }
                    seen = event.position();
                }
                if (writersLeft.get() == 0 && orders.lastPosition() == seen && seen < orderCount * 4L) {
                    orders.positionEvents(100);
                }
            }
            return null;
        });

        positionAll(orders);
        List<OrderEvent> feed = wholeFeed();
        assertThat(readerProblems).isEmpty();
        assertThat(feed).hasSize(orderCount * 4);
        for (int i = 0; i < feed.size(); i++) {
            assertThat(feed.get(i).position()).isEqualTo(i + 1L);
        }
        assertThat(feed.stream().map(OrderEvent::id).distinct()).hasSize(orderCount * 4);
        for (Order order : placed) {
            assertThat(sequencesOf(feed, order.id())).containsExactly(1, 2, 3, 4);
        }
        assertThat(database.getCollection(CONFIG.ordersCollection()).countDocuments(eq("feedPending", true)))
                .isZero();
    }

    @Test
    void aFeedDocumentThatCannotBeReadFailsTheReadNamingIt() {
        place(NORTH);
        positionAll(orders);
        database.getCollection(CONFIG.orderEventsCollection())
                .updateOne(eq("pos", 1L), Updates.set("change.to", "TELEPORTED"));

        Throwable thrown = catchThrowable(() -> orders.feed(0, null, 10));

        assertThat(thrown).isInstanceOfSatisfying(UnreadableDocumentException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
            assertThat(e.details()).containsEntry("collection", CONFIG.orderEventsCollection());
            assertThat(e.getMessage()).contains("TELEPORTED");
        });
    }

    @Test
    void anOrderThatCannotBeReadStopsPositioningNamingItInsteadOfLeavingItsEventsOut() {
        Order damaged = place(NORTH);
        database.getCollection(CONFIG.ordersCollection())
                .updateOne(eq("_id", damaged.id().value()), Updates.set("status", "TELEPORTED"));

        Throwable thrown = catchThrowable(() -> orders.positionEvents(10));

        assertThat(thrown).isInstanceOfSatisfying(UnreadableDocumentException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
            assertThat(e.details()).containsEntry("id", damaged.id().value());
        });
        assertThat(wholeFeed()).isEmpty();
        assertThat(rawOrder(damaged)).containsEntry("feedPending", true);
    }

    @Test
    void withoutTheUniqueIndexOnPositionsNothingIsPositionedAndTheErrorSaysWhatToRun() {
        MongoDatabase bare = TestMongo.shared().freshDatabase("feedbare");
        try {
            MongoOrderRepository unindexed = new MongoOrderRepository(bare, CONFIG);
            assertThat(unindexed.positionEvents(10))
                    .as("nothing pending, nothing checked")
                    .isZero();
            Order placed = unindexed.insert(Orders.awaitingPayment()).order();

            Throwable thrown = catchThrowable(() -> unindexed.positionEvents(10));

            assertThat(thrown).isInstanceOfSatisfying(OmsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                assertThat(e.getMessage()).contains("MongoOmsSchema.createIndexes");
            });
            assertThat(unindexed.feed(0, null, 10)).isEmpty();
            MongoOmsSchema.createIndexes(bare, CONFIG);
            assertThat(unindexed.positionEvents(10)).isEqualTo(1);
            assertThat(unindexed.feed(0, null, 10))
                    .extracting(OrderEvent::id)
                    .containsExactly(new EventId(placed.id(), 1));
        } finally {
            TestMongo.drop(bare);
        }
    }

    @Test
    void checkpointsStartAtZeroAndNeverMoveBack() {
        MongoEventCheckpoints checkpoints = new MongoEventCheckpoints(database, CONFIG);
        MongoEventCheckpoints other = new MongoEventCheckpoints(database, CONFIG);

        assertThat(checkpoints.position("mailer")).isZero();
        checkpoints.advance("mailer", 7);
        other.advance("mailer", 3);
        checkpoints.advance("refunds", 2);

        assertThat(other.position("mailer")).isEqualTo(7);
        assertThat(checkpoints.position("refunds")).isEqualTo(2);
        assertThat(catchThrowable(() -> checkpoints.advance("mailer", -1)))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));

        List<Long> racing = Race.run(4, i -> {
            new MongoEventCheckpoints(database, CONFIG).advance("racer", 10L + i);
            return 0L;
        });
        assertThat(racing).hasSize(4);
        assertThat(checkpoints.position("racer")).isEqualTo(13);
    }

    private Document rawOrder(Order order) {
        return database.getCollection(CONFIG.ordersCollection())
                .find(eq("_id", order.id().value()))
                .first();
    }

    private static List<Integer> sequencesOf(List<OrderEvent> feed, OrderId order) {
        List<Integer> out = new ArrayList<>();
        for (OrderEvent event : feed) {
            if (event.orderId().equals(order)) {
                out.add(event.id().sequence());
            }
        }
        return out;
    }
}
