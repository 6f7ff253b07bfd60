package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.ShortPick;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotBooking;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.GeoPoint;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.Orders;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documents as written and read: every field round-trips, the shape is the documented one (money as int64
 * minor units, instants as dates), fields a reader does not know are ignored, and a damaged document is a typed
 * error naming the field.
 */
class MongoMappingTest {
    private static final MongoOmsConfig CONFIG = MongoOmsConfig.ofDefaults();
    private static MongoDatabase database;

    private MongoOrderRepository orders;
    private MongoCatalog catalog;
    private MongoStoreDirectory stores;
    private MongoSlotDirectory slots;
    private String suffix;

    @BeforeAll
    static void createDatabase() {
        database = TestMongo.shared().freshDatabase("mapping");
        MongoOmsSchema.createIndexes(database, CONFIG);
    }

    @AfterAll
    static void dropDatabase() {
        TestMongo.drop(database);
    }

    @BeforeEach
    void setUp() {
        orders = new MongoOrderRepository(database, CONFIG);
        catalog = new MongoCatalog(database, CONFIG);
        stores = new MongoStoreDirectory(database, CONFIG);
        slots = new MongoSlotDirectory(database, CONFIG);
        suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    }

    private MongoCollection<Document> raw(String collection) {
        return database.getCollection(collection);
    }

    private Document rawOrder(Order order) {
        return raw(CONFIG.ordersCollection())
                .find(eq("_id", order.id().value()))
                .first();
    }

    private Orders.Builder order() {
        return Orders.builder().customer(CustomerId.of("c-" + suffix)).store(StoreId.of("s-" + suffix));
    }

    // ---------------------------------------------------------------- orders

    @Test
    void everyFieldOfAnOrderRoundTripsThroughItsWholeLife() {
        Instant t = Instant.parse("2025-03-01T08:15:30.123Z");
        Order placed = order().idempotencyKey(IdempotencyKey.of("checkout_" + suffix))
                .pincode(Pincode.of("110001"))
                .reservationId(new ReservationId("hold-" + suffix))
                .createdAt(t)
                .holdExpiresAt(t.plusSeconds(600).plusMillis(7))
                .line("MILK-1L", 2, 6500, 6800)
                .line("ATTA-5KG", 1, 27_900, 31_000)
                .line("EGGS-6", 12, 6000, 6000)
                .build();
        assertThat(orders.insert(placed)).isEqualTo(new InsertResult.Inserted(placed));

        List<StatusChange> path = List.of(
                new StatusChange(
                        OrderStatus.AWAITING_PAYMENT,
                        OrderStatus.CONFIRMED,
                        t.plusMillis(40_001),
                        Actor.customer("c-" + suffix),
                        "payment confirmed"),
                new StatusChange(
                        OrderStatus.CONFIRMED, OrderStatus.PICKING, t.plusMillis(60_002), Actor.staff("ravi"), ""),
                new StatusChange(
                        OrderStatus.PICKING,
                        OrderStatus.PICKING,
                        t.plusMillis(75_006),
                        Actor.staff("ravi"),
                        "two eggs broken",
                        Money.inr(12_000),
                        new ShortPick(SkuId.of("EGGS-6"), 2, ShortPick.Cause.DAMAGED)),
                new StatusChange(
                        OrderStatus.PICKING,
                        OrderStatus.PACKED,
                        t.plusMillis(90_003),
                        Actor.staff("ravi"),
                        "बैग 2 — “fragile”"),
                new StatusChange(
                        OrderStatus.PACKED,
                        OrderStatus.OUT_FOR_DELIVERY,
                        t.plusMillis(120_004),
                        Actor.system("dispatcher"),
                        "rider r-17"),
                new StatusChange(
                        OrderStatus.OUT_FOR_DELIVERY,
                        OrderStatus.RETURNED,
                        t.plusMillis(900_005),
                        Actor.admin("ops-lead"),
                        "PARTLY_RESELLABLE",
                        Money.inr(85_900),
                        null,
                        Map.of(SkuId.of("EGGS-6"), 7, SkuId.of("MILK-1L"), 2)));
        Order expected = placed;
        for (StatusChange change : path) {
            expected = expected.transition(change);
            TransitionResult result = orders.transition(placed.id(), expected.version() - 1, change);
            assertThat(result).isEqualTo(new TransitionResult.Applied(expected));
        }

        assertThat(orders.find(placed.id())).contains(expected);
        Order stored = orders.find(placed.id()).orElseThrow();
        assertThat(stored.lines())
                .extracting(OrderLine::quantity, OrderLine::shortPicked)
                .containsExactly(tuple(2, 0), tuple(1, 0), tuple(10, 2));
        assertThat(stored.totals().total()).isEqualTo(Money.inr(2 * 6500 + 27_900 + 10 * 6000));
        assertThat(stored.history().get(3).shortPick())
                .isEqualTo(new ShortPick(SkuId.of("EGGS-6"), 2, ShortPick.Cause.DAMAGED));
        assertThat(stored.history().get(3).refund()).isEqualTo(Money.inr(12_000));
        assertThat(stored.history().get(6).refund()).isEqualTo(Money.inr(85_900));
        assertThat(stored.resellableReturned()).isEqualTo(Map.of(SkuId.of("EGGS-6"), 7, SkuId.of("MILK-1L"), 2));
        assertThat(orders.findByCustomer(placed.customer(), 5)).containsExactly(expected);
        assertThat(orders.findByStoreAndStatus(placed.store(), OrderStatus.RETURNED, 5))
                .containsExactly(expected);
    }

    @Test
    void anOrderDocumentHasTheDocumentedShape() {
        Order placed =
                orders.insert(order().line("MILK-1L", 2, 6500, 6800).build()).order();
        StatusChange confirm = Orders.change(
                OrderStatus.AWAITING_PAYMENT,
                OrderStatus.CONFIRMED,
                placed.createdAt().plusSeconds(30),
                "paid");
        orders.transition(placed.id(), 0, confirm);

        Document d = rawOrder(placed);

        assertThat(d.get("_id")).isEqualTo(placed.id().value());
        assertThat(d.get("customer")).isEqualTo(placed.customer().value());
        assertThat(d.get("idempotencyKey")).isEqualTo(placed.idempotencyKey().value());
        assertThat(d.get("store")).isEqualTo(placed.store().value());
        assertThat(d.get("pincode")).isEqualTo("560001");
        assertThat(d.get("reservationId")).isEqualTo(placed.reservationId().value());
        assertThat(d.get("status")).isEqualTo("CONFIRMED");
        assertThat(d.get("version")).isEqualTo(1L);
        assertThat(d.get("createdAt")).isEqualTo(Date.from(placed.createdAt()));
        assertThat(d.get("holdExpiresAt")).isEqualTo(Date.from(placed.holdExpiresAt()));
        assertThat(d.get("updatedAt")).isEqualTo(Date.from(confirm.at()));
        Document line = d.getList("lines", Document.class).get(0);
        assertThat(line)
                .containsEntry("sku", "MILK-1L")
                .containsEntry("name", "Item MILK-1L")
                .containsEntry("quantity", 2)
                .containsEntry("unitPrice", new Document("minor", 6500L).append("currency", "INR"))
                .containsEntry("unitMrp", new Document("minor", 6800L).append("currency", "INR"));
        assertThat(d.get("totals", Document.class))
                .isEqualTo(new Document("itemCount", 2L)
                        .append("total", new Document("minor", 13_000L).append("currency", "INR"))
                        .append("mrpTotal", new Document("minor", 13_600L).append("currency", "INR"))
                        .append("savings", new Document("minor", 600L).append("currency", "INR")));
        List<Document> history = d.getList("history", Document.class);
        assertThat(history).hasSize(2);
        assertThat(history.get(0))
                .doesNotContainKey("from")
                .containsEntry("to", "AWAITING_PAYMENT")
                .containsEntry("reason", "placed")
                .containsEntry(
                        "actor",
                        new Document("type", "CUSTOMER")
                                .append("id", placed.customer().value()));
        assertThat(history.get(1))
                .containsEntry("from", "AWAITING_PAYMENT")
                .containsEntry("to", "CONFIRMED")
                .containsEntry("at", Date.from(confirm.at()))
                .containsEntry("actor", new Document("type", "SYSTEM").append("id", "test"));
    }

    @Test
    void aShortPickIsStoredOnTheLineAndInTheHistoryEntryWithItsRefund() {
        Order placed = orders.insert(order().line("MILK-1L", 2, 6500, 6800)
                        .line("EGGS-6", 3, 6000, 6000)
                        .build())
                .order();
        Instant at = placed.createdAt().plusSeconds(30);
        Order confirmed = ((TransitionResult.Applied) orders.transition(
                        placed.id(), 0, Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, at)))
                .order();
        StatusChange shortPick = new StatusChange(
                OrderStatus.CONFIRMED,
                OrderStatus.CONFIRMED,
                at.plusSeconds(60),
                Actor.staff("ravi"),
                "not on the shelf",
                Money.inr(12_000),
                new ShortPick(SkuId.of("EGGS-6"), 2, ShortPick.Cause.MISSING));

        TransitionResult result = orders.transition(placed.id(), confirmed.version(), shortPick);

        assertThat(result).isEqualTo(new TransitionResult.Applied(confirmed.transition(shortPick)));
        Document d = rawOrder(placed);
        assertThat(d.getList("lines", Document.class).get(0)).doesNotContainKey("shortPicked");
        assertThat(d.getList("lines", Document.class).get(1))
                .containsEntry("quantity", 1)
                .containsEntry("shortPicked", 2);
        assertThat(d.get("totals", Document.class))
                .containsEntry("itemCount", 3L)
                .containsEntry("total", new Document("minor", 19_000L).append("currency", "INR"));
        assertThat(d.get("version")).isEqualTo(2L);
        assertThat(d.get("feedPending")).isEqualTo(true);
        List<Document> history = d.getList("history", Document.class);
        assertThat(history.get(1)).doesNotContainKeys("refund", "shortPick");
        assertThat(history.get(2))
                .containsEntry("from", "CONFIRMED")
                .containsEntry("to", "CONFIRMED")
                .containsEntry("refund", new Document("minor", 12_000L).append("currency", "INR"))
                .containsEntry(
                        "shortPick",
                        new Document("sku", "EGGS-6").append("units", 2).append("cause", "MISSING"));
    }

    @Test
    void aSubstituteLineIsStoredWithItsShortPickAndReadBackTheSame() {
        Order placed = orders.insert(order().line("MILK-1L", 3, 6500, 6800)
                        .substitutesAllowed(true)
                        .build())
                .order();
        Instant at = placed.createdAt().plusSeconds(30);
        Order confirmed = ((TransitionResult.Applied) orders.transition(
                        placed.id(), 0, Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, at)))
                .order();
        OrderLine eggs = Orders.line("EGGS-6", 2, 6000, 6000);
        StatusChange substitute = new StatusChange(
                        OrderStatus.CONFIRMED,
                        OrderStatus.CONFIRMED,
                        at,
                        Actor.staff("ravi"),
                        "short pick: MISSING, substitute EGGS-6",
                        null,
                        new ShortPick(SkuId.of("MILK-1L"), 2, ShortPick.Cause.MISSING, eggs))
                .withRefund(Money.inr(1000));

        TransitionResult result = orders.transition(placed.id(), confirmed.version(), substitute);

        Order expected = confirmed.transition(substitute);
        assertThat(result).isEqualTo(new TransitionResult.Applied(expected));
        assertThat(orders.find(placed.id())).contains(expected);
        assertThat(expected.substitutesAllowed()).isTrue();
        assertThat(expected.lines()).extracting(OrderLine::quantity).containsExactly(1, 2);
        assertThat(rawOrder(placed)).containsEntry("substitutes", true);
    }

    @Test
    void aShortPickOfAnUnknownSkuOrAtAnOldVersionChangesNothing() {
        Order placed =
                orders.insert(order().line("EGGS-6", 3, 6000, 6000).build()).order();
        Instant at = placed.createdAt().plusSeconds(30);
        Order confirmed = ((TransitionResult.Applied) orders.transition(
                        placed.id(), 0, Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, at)))
                .order();
        StatusChange unknownSku = new StatusChange(
                OrderStatus.CONFIRMED,
                OrderStatus.CONFIRMED,
                at,
                Actor.staff("ravi"),
                "",
                Money.inr(6000),
                new ShortPick(SkuId.of("BREAD"), 1, ShortPick.Cause.MISSING));
        StatusChange eggs = new StatusChange(
                OrderStatus.CONFIRMED,
                OrderStatus.CONFIRMED,
                at,
                Actor.staff("ravi"),
                "",
                Money.inr(6000),
                new ShortPick(SkuId.of("EGGS-6"), 1, ShortPick.Cause.MISSING));

        Throwable unknown = catchThrowable(() -> orders.transition(placed.id(), confirmed.version(), unknownSku));
        TransitionResult stale = orders.transition(placed.id(), 0, eggs);

        assertThat(unknown).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.UNKNOWN_SKU));
        assertThat(stale).isEqualTo(new TransitionResult.Conflict(confirmed));
        assertThat(orders.find(placed.id())).contains(confirmed);
    }

    @Test
    void aShortPickKeepsTheFieldsANewerWriterAddedToTheLinesAndTotals() {
        Order order = order().line("MILK-1L", 2, 6500, 6800)
                .line("EGGS-6", 3, 6000, 6000)
                .build();
        Document newer = OrderMapping.toDocument(order);
        newer.getList("lines", Document.class).get(1).append("discount", new Document("minor", 100L));
        newer.get("totals", Document.class).append("tax", new Document("minor", 900L));
        raw(CONFIG.ordersCollection()).insertOne(newer);
        Instant at = order.createdAt().plusSeconds(30);
        Order confirmed = ((TransitionResult.Applied) orders.transition(
                        order.id(), 0, Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, at)))
                .order();
        StatusChange shortPick = new StatusChange(
                OrderStatus.CONFIRMED,
                OrderStatus.CONFIRMED,
                at,
                Actor.staff("ravi"),
                "",
                Money.inr(6000),
                new ShortPick(SkuId.of("EGGS-6"), 1, ShortPick.Cause.MISSING));

        TransitionResult result = orders.transition(order.id(), confirmed.version(), shortPick);

        assertThat(result).isEqualTo(new TransitionResult.Applied(confirmed.transition(shortPick)));
        Document d = rawOrder(order);
        assertThat(d.getList("lines", Document.class).get(1))
                .containsEntry("quantity", 2)
                .containsEntry("shortPicked", 1)
                .containsEntry("discount", new Document("minor", 100L));
        assertThat(d.get("totals", Document.class))
                .containsEntry("itemCount", 4L)
                .containsEntry("tax", new Document("minor", 900L));
        assertThat(orders.find(order.id())).contains(confirmed.transition(shortPick));
    }

    @Test
    void aDocumentWrittenBeforeShortPicksAndRefundsReadsAsNothingShortAndNothingOwed() {
        Order order = order().line("MILK-1L", 2, 6500, 6800).build();
        Document old = OrderMapping.toDocument(order);
        old.getList("lines", Document.class).get(0).remove("shortPicked");
        raw(CONFIG.ordersCollection()).insertOne(old);

        Order read = orders.find(order.id()).orElseThrow();

        assertThat(read).isEqualTo(order);
        assertThat(read.lines().get(0).shortPicked()).isZero();
        assertThat(read.history().get(0).refund()).isNull();
        assertThat(read.history().get(0).shortPick()).isNull();
    }

    @Test
    void instantsFinerThanAMillisecondAreCutToTheMillisecondAndTheInsertSaysSo() {
        Instant fine = Instant.parse("2025-03-01T08:15:30.123456789Z");
        Order placed =
                order().createdAt(fine).holdExpiresAt(fine.plusSeconds(600)).build();

        Order stored = orders.insert(placed).order();

        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2025-03-01T08:15:30.123Z"));
        assertThat(stored.holdExpiresAt()).isEqualTo(Instant.parse("2025-03-01T08:25:30.123Z"));
        assertThat(stored.history().get(0).at()).isEqualTo(stored.createdAt());
        assertThat(orders.find(placed.id())).contains(stored);
    }

    @Test
    void aDocumentFromANewerWriterReadsFineAndKeepsItsExtraFieldsThroughAStatusChange() {
        Order order = order().line("MILK-1L", 2, 6500, 6800).build();
        Document newer = OrderMapping.toDocument(order)
                .append("channel", "app")
                .append("payment", new Document("provider", "upi").append("ref", "T123"))
                .append("schemaVersion", 7);
        newer.getList("lines", Document.class)
                .get(0)
                .append("discount", new Document("minor", 100L))
                .get("unitPrice", Document.class)
                .append("display", "₹65.00");
        newer.get("totals", Document.class).append("tax", new Document("minor", 0L).append("currency", "INR"));
        Document first = newer.getList("history", Document.class).get(0);
        first.append("device", "android");
        first.get("actor", Document.class).append("ip", "10.0.0.1");
        raw(CONFIG.ordersCollection()).insertOne(newer);

        assertThat(orders.find(order.id())).contains(order);
        assertThat(orders.findByCustomer(order.customer(), 5)).containsExactly(order);

        StatusChange confirm = Orders.change(
                OrderStatus.AWAITING_PAYMENT,
                OrderStatus.CONFIRMED,
                order.createdAt().plusSeconds(5));
        assertThat(orders.transition(order.id(), 0, confirm))
                .isEqualTo(new TransitionResult.Applied(order.transition(confirm)));
        Document after = rawOrder(order);
        assertThat(after).containsEntry("channel", "app").containsEntry("schemaVersion", 7);
        assertThat(after.get("payment", Document.class)).containsEntry("provider", "upi");
        assertThat(after.getList("history", Document.class).get(0)).containsEntry("device", "android");
        assertThat(orders.insert(order))
                .as("a repeated insert answers the newer writer's order")
                .isEqualTo(new InsertResult.Duplicate(order.transition(confirm)));
    }

    @Test
    void numbersWrittenWithOtherBsonTypesAreReadByValue() {
        Order order = order().line("MILK-1L", 2, 6500, 6800).build();
        Document d = OrderMapping.toDocument(order).append("version", 0); // int32
        Document line = d.getList("lines", Document.class).get(0);
        line.put("quantity", 2L); // int64
        line.put("unitPrice", new Document("minor", 6500.0).append("currency", "INR")); // a shell's double
        line.put("unitMrp", new Document("minor", 6800).append("currency", "INR")); // int32
        raw(CONFIG.ordersCollection()).insertOne(d);

        assertThat(orders.find(order.id())).contains(order);
    }

    @Test
    void damagedOrderDocumentsAreTypedErrorsNamingTheFieldAndListsLeaveThemOut() {
        Order good = orders.insert(order().createdAt(Orders.DEFAULT_CREATED_AT.plusSeconds(1))
                        .build())
                .order();
        Order noQuantity = order().build();
        Document d1 = OrderMapping.toDocument(noQuantity);
        d1.getList("lines", Document.class).get(0).remove("quantity");
        Order futureStatus = order().build();
        Document d2 = OrderMapping.toDocument(futureStatus).append("status", "LOST_IN_TRANSIT");
        Order fractionalMoney = order().build();
        Document d3 = OrderMapping.toDocument(fractionalMoney);
        d3.get("totals", Document.class).put("total", new Document("minor", 12.5).append("currency", "INR"));
        Order badId = order().build();
        Document d4 = OrderMapping.toDocument(badId).append("store", "a.b");
        raw(CONFIG.ordersCollection()).insertMany(List.of(d1, d2, d3, d4));

        assertUnreadable(() -> orders.find(noQuantity.id()), "lines.0.quantity");
        assertUnreadable(() -> orders.find(futureStatus.id()), "status");
        assertUnreadable(() -> orders.find(fractionalMoney.id()), "totals.total.minor");
        assertUnreadable(() -> orders.find(badId.id()), "(document)");
        assertThat(orders.findByCustomer(good.customer(), 10)).containsExactly(good);
    }

    private static Order withSlot(Order order, SlotBooking slot) {
        return new Order(
                order.id(),
                order.customer(),
                order.idempotencyKey(),
                order.store(),
                order.pincode(),
                order.lines(),
                order.totals(),
                order.reservationId(),
                order.holdExpiresAt(),
                order.createdAt(),
                order.status(),
                order.history(),
                order.version(),
                slot);
    }

    private static OrderLine batched(String sku, int quantity, BatchTake... takes) {
        return Orders.line(sku, quantity, 6500, 6800).withBatches(List.of(takes));
    }

    @Test
    void anOrderWithASlotAndBatchedLinesRoundTripsThroughItsWholeLife() {
        Instant t = Instant.parse("2026-03-02T07:40:00.250Z");
        SlotBooking slot = new SlotBooking(
                SlotId.of("slot-" + suffix),
                SlotType.EXPRESS,
                t.plus(Duration.ofHours(2)),
                t.plus(Duration.ofHours(3)).plusMillis(1));
        Order placed = withSlot(
                order().createdAt(t)
                        .line(batched(
                                "MILK-1L",
                                5,
                                new BatchTake(Batch.of("L-0302", t.plus(Duration.ofDays(2))), 3),
                                new BatchTake(
                                        Batch.of(
                                                "L-0303",
                                                t.plus(Duration.ofDays(3)).plusMillis(9)),
                                        1)))
                        .line(batched("BREAD", 1, new BatchTake(Batch.of("B7", t.plus(Duration.ofDays(4))), 1)))
                        .line("ATTA-5KG", 1, 27_900, 31_000)
                        .build(),
                slot);

        assertThat(orders.insert(placed)).isEqualTo(new InsertResult.Inserted(placed));
        assertThat(orders.find(placed.id())).contains(placed);

        StatusChange confirm = Orders.change(OrderStatus.AWAITING_PAYMENT, OrderStatus.CONFIRMED, t.plusSeconds(30));
        StatusChange pick = Orders.change(OrderStatus.CONFIRMED, OrderStatus.PICKING, t.plusSeconds(90));
        orders.transition(placed.id(), 0, confirm);
        Order picking = placed.transition(confirm).transition(pick);
        assertThat(orders.transition(placed.id(), 1, pick)).isEqualTo(new TransitionResult.Applied(picking));
        assertThat(picking.slot()).isEqualTo(slot);
        assertThat(orders.find(placed.id())).contains(picking);
        assertThat(orders.findByStoreAndStatus(placed.store(), OrderStatus.PICKING, 5))
                .containsExactly(picking);
        assertThat(orders.insert(placed)).isEqualTo(new InsertResult.Duplicate(picking));
    }

    @Test
    void aSlotAndBatchesHaveTheDocumentedShapeAndAreLeftOutWhenThereAreNone() {
        Instant t = Instant.parse("2026-03-02T07:40:00Z");
        Order booked = withSlot(
                order().line(batched("MILK-1L", 2, new BatchTake(Batch.of("L-1", t.plus(Duration.ofDays(2))), 2)))
                        .line("ATTA-5KG", 1, 27_900, 31_000)
                        .build(),
                new SlotBooking(SlotId.of("slot-" + suffix), SlotType.NORMAL, t, t.plusSeconds(3600)));
        Order plain = order().build();
        orders.insert(booked);
        orders.insert(plain);

        Document d = rawOrder(booked);
        assertThat(d.get("slot", Document.class))
                .isEqualTo(new Document("id", "slot-" + suffix)
                        .append("type", "NORMAL")
                        .append("start", Date.from(t))
                        .append("end", Date.from(t.plusSeconds(3600))));
        List<Document> lines = d.getList("lines", Document.class);
        assertThat(lines.get(0).getList("batches", Document.class))
                .containsExactly(new Document("code", "L-1")
                        .append("expiresAt", Date.from(t.plus(Duration.ofDays(2))))
                        .append("quantity", 2L));
        assertThat(lines.get(1)).doesNotContainKey("batches");
        Document p = rawOrder(plain);
        assertThat(p).doesNotContainKey("slot");
        assertThat(p.getList("lines", Document.class).get(0)).doesNotContainKey("batches");
    }

    @Test
    void anOrderWrittenBeforeSlotsAndBatchesReadsWithoutThem() {
        Instant t = Orders.DEFAULT_CREATED_AT;
        Order current = withSlot(
                order().line(batched("MILK-1L", 2, new BatchTake(Batch.of("L-1", t.plus(Duration.ofDays(2))), 2)))
                        .build(),
                new SlotBooking(SlotId.of("slot-" + suffix), SlotType.SAME_DAY, t, t.plusSeconds(3600)));
        Document old = OrderMapping.toDocument(current);
        old.remove("slot");
        old.getList("lines", Document.class).get(0).remove("batches");
        raw(CONFIG.ordersCollection()).insertOne(old);

        Order read = orders.find(current.id()).orElseThrow();

        assertThat(read.slot()).isNull();
        assertThat(read.lines()).containsExactly(Orders.line("MILK-1L", 2, 6500, 6800));
        assertThat(read)
                .isEqualTo(new Order(
                        current.id(),
                        current.customer(),
                        current.idempotencyKey(),
                        current.store(),
                        current.pincode(),
                        read.lines(),
                        current.totals(),
                        current.reservationId(),
                        current.holdExpiresAt(),
                        current.createdAt(),
                        current.status(),
                        current.history(),
                        current.version()));
    }

    @Test
    void instantsOfTheSlotAndTheBatchesAreCutToTheMillisecondToo() {
        Instant fine = Instant.parse("2026-03-02T07:40:00.123456789Z");
        Order placed = withSlot(
                order().line(batched("MILK-1L", 1, new BatchTake(Batch.of("L-1", fine.plus(Duration.ofDays(1))), 1)))
                        .build(),
                new SlotBooking(SlotId.of("slot-" + suffix), SlotType.NORMAL, fine, fine.plusSeconds(60)));

        Order stored = orders.insert(placed).order();

        assertThat(stored.slot().start()).isEqualTo(Instant.parse("2026-03-02T07:40:00.123Z"));
        assertThat(stored.slot().end()).isEqualTo(Instant.parse("2026-03-02T07:41:00.123Z"));
        assertThat(stored.lines().get(0).batches().get(0).batch().expiresAt())
                .isEqualTo(Instant.parse("2026-03-03T07:40:00.123Z"));
        assertThat(orders.find(placed.id())).contains(stored);
    }

    @Test
    void damagedSlotsAndBatchesOfAnOrderAreTypedErrorsNamingTheField() {
        Instant t = Orders.DEFAULT_CREATED_AT;
        SlotBooking slot = new SlotBooking(SlotId.of("slot-" + suffix), SlotType.NORMAL, t, t.plusSeconds(3600));
        BatchTake take = new BatchTake(Batch.of("L-1", t.plus(Duration.ofDays(2))), 2);
        Order futureType = withSlot(order().build(), slot);
        Document d1 = OrderMapping.toDocument(futureType);
        d1.get("slot", Document.class).put("type", "DRONE");
        Order slotWithoutEnd = withSlot(order().build(), slot);
        Document d2 = OrderMapping.toDocument(slotWithoutEnd);
        d2.get("slot", Document.class).remove("end");
        Order badCode = order().line(batched("MILK-1L", 2, take)).build();
        Document d3 = OrderMapping.toDocument(badCode);
        d3.getList("lines", Document.class)
                .get(0)
                .getList("batches", Document.class)
                .get(0)
                .put("code", "a.b");
        Order noQuantity = order().line(batched("MILK-1L", 2, take)).build();
        Document d4 = OrderMapping.toDocument(noQuantity);
        d4.getList("lines", Document.class)
                .get(0)
                .getList("batches", Document.class)
                .get(0)
                .remove("quantity");
        Order notAnArray = order().line(batched("MILK-1L", 2, take)).build();
        Document d5 = OrderMapping.toDocument(notAnArray);
        d5.getList("lines", Document.class).get(0).put("batches", "L-1");
        raw(CONFIG.ordersCollection()).insertMany(List.of(d1, d2, d3, d4, d5));

        assertUnreadable(() -> orders.find(futureType.id()), "slot.type");
        assertUnreadable(() -> orders.find(slotWithoutEnd.id()), "slot.end");
        assertUnreadable(() -> orders.find(badCode.id()), "lines.0.batches.0");
        assertUnreadable(() -> orders.find(noQuantity.id()), "lines.0.batches.0.quantity");
        assertUnreadable(() -> orders.find(notAnArray.id()), "lines.0.batches");
    }

    private static void assertUnreadable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(UnreadableDocumentException.class);
        OmsException e = (OmsException) thrown;
        assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.details()).containsEntry("field", field);
    }

    // ---------------------------------------------------------------- SKUs

    @Test
    void aSkuDocumentHasTheDocumentedShapeAndIgnoresFieldsItDoesNotKnow() {
        Sku sku = Sku.builder(SkuId.of("DAHI-" + suffix), "Dahi 400 g")
                .mrp(Money.of(1999, Currency.getInstance("USD")))
                .sellingPrice(Money.of(1499, Currency.getInstance("USD")))
                .active(false)
                .maxPerOrder(3)
                .build();
        catalog.save(sku);
        MongoCollection<Document> skus = raw(CONFIG.catalogCollection());

        assertThat(skus.find(eq("_id", sku.id().value())).first())
                .isEqualTo(new Document("_id", sku.id().value())
                        .append("name", "Dahi 400 g")
                        .append("mrp", new Document("minor", 1999L).append("currency", "USD"))
                        .append("sellingPrice", new Document("minor", 1499L).append("currency", "USD"))
                        .append("active", false)
                        .append("maxPerOrder", 3));

        skus.updateOne(
                eq("_id", sku.id().value()),
                new Document("$set", new Document("barcode", "8901234567890").append("images", List.of("a.jpg"))));
        assertThat(catalog.find(sku.id())).contains(sku);

        Sku repriced = sku.withActive(true).withSellingPrice(Money.of(999, Currency.getInstance("USD")));
        catalog.save(repriced);
        assertThat(catalog.find(sku.id())).contains(repriced);
        assertThat(skus.find(eq("_id", sku.id().value())).first())
                .as("a save by this version keeps what a newer writer added")
                .containsEntry("barcode", "8901234567890");
    }

    @Test
    void aSkusShelfLifeIsStoredAsAnIsoDurationOnlyWhenItHasOneAndRoundTrips() {
        Sku sku = Sku.builder(SkuId.of("MILK-" + suffix), "Milk 1 L")
                .mrp(Money.inr(6800))
                .sellingPrice(Money.inr(6500))
                .maxPerOrder(6)
                .minShelfLife(Duration.ofHours(36).plusNanos(1))
                .build();
        catalog.save(sku);
        MongoCollection<Document> skus = raw(CONFIG.catalogCollection());

        assertThat(catalog.find(sku.id())).contains(sku);
        assertThat(skus.find(eq("_id", sku.id().value())).first()).containsEntry("minShelfLife", "PT36H0.000000001S");

        skus.updateOne(eq("_id", sku.id().value()), new Document("$set", new Document("barcode", "890")));
        Sku noShelfLife = sku.withMinShelfLife(Duration.ZERO);
        catalog.save(noShelfLife);
        assertThat(catalog.find(sku.id())).contains(noShelfLife);
        assertThat(skus.find(eq("_id", sku.id().value())).first())
                .as("zero is no field; others are kept")
                .doesNotContainKey("minShelfLife")
                .containsEntry("barcode", "890");

        catalog.save(sku.withMinShelfLife(Duration.ofDays(2)));
        assertThat(catalog.find(sku.id()).orElseThrow().minShelfLife()).isEqualTo(Duration.ofDays(2));
        assertThat(catalog.findAll(List.of(sku.id())).get(sku.id()).minShelfLife())
                .isEqualTo(Duration.ofDays(2));
    }

    @Test
    void aSkuWrittenBeforeShelfLivesReadsAsZeroAndADamagedOneIsTyped() {
        Document old = new Document("_id", "OLD-" + suffix)
                .append("name", "Old")
                .append("mrp", new Document("minor", 100L).append("currency", "INR"))
                .append("sellingPrice", new Document("minor", 90L).append("currency", "INR"))
                .append("active", true)
                .append("maxPerOrder", 2);
        Document notIso = new Document(old).append("_id", "TEXT-" + suffix).append("minShelfLife", "two days");
        Document tooLong = new Document(old).append("_id", "LONG-" + suffix).append("minShelfLife", "P400D");
        Document number = new Document(old).append("_id", "NUM-" + suffix).append("minShelfLife", 86_400_000L);
        raw(CONFIG.catalogCollection()).insertMany(List.of(old, notIso, tooLong, number));

        assertThat(catalog.find(SkuId.of("OLD-" + suffix)))
                .contains(Sku.builder(SkuId.of("OLD-" + suffix), "Old")
                        .mrp(Money.inr(100))
                        .sellingPrice(Money.inr(90))
                        .maxPerOrder(2)
                        .build());
        assertUnreadable(() -> catalog.find(SkuId.of("TEXT-" + suffix)), "minShelfLife");
        assertUnreadable(() -> catalog.find(SkuId.of("LONG-" + suffix)), "(document)");
        assertUnreadable(() -> catalog.find(SkuId.of("NUM-" + suffix)), "minShelfLife");
    }

    // ---------------------------------------------------------------- stores

    @Test
    void aStoreDocumentHasTheDocumentedShapeWithItsLocationAsAGeoJsonPoint() {
        Store store = new Store(
                StoreId.of("BLR-" + suffix),
                "Indiranagar",
                Set.of(Pincode.of("560038"), Pincode.of("560008")),
                2,
                true,
                new GeoPoint(12.9718915, 77.6411545),
                2500);
        stores.save(store);

        Document d = raw(CONFIG.storesCollection())
                .find(eq("_id", store.id().value()))
                .first();

        assertThat(d)
                .isEqualTo(new Document("_id", store.id().value())
                        .append("name", "Indiranagar")
                        .append("pincodes", List.of("560008", "560038"))
                        .append("priority", 2)
                        .append("active", true)
                        .append(
                                "location",
                                new Document("type", "Point").append("coordinates", List.of(77.6411545, 12.9718915)))
                        .append("deliveryRadiusMeters", 2500));
        assertThat(stores.find(store.id())).contains(store);
    }

    @Test
    void aStoreWithoutItsOptionalFieldsOrWithUnknownOnesReadsFine() {
        StoreId id = StoreId.of("OLD-" + suffix);
        raw(CONFIG.storesCollection())
                .insertOne(new Document("_id", id.value())
                        .append("name", "Old")
                        .append("pincodes", List.of("560038"))
                        .append("priority", 1)
                        .append("active", true)
                        .append("openingHours", new Document("from", "06:00").append("to", "02:00")));

        assertThat(stores.find(id)).contains(Store.of(id, "Old", 1, Pincode.of("560038")));
        assertThat(stores.servingPincode(Pincode.of("560038"))).contains(Store.of(id, "Old", 1, Pincode.of("560038")));
    }

    @Test
    void savingAStoreWithoutALocationRemovesTheOldOneAndKeepsUnknownFields() {
        Store located = new Store(
                StoreId.of("MOVE-" + suffix),
                "Moving",
                Set.of(Pincode.of("560001")),
                0,
                true,
                new GeoPoint(12.97, 77.59),
                1000);
        stores.save(located);
        raw(CONFIG.storesCollection())
                .updateOne(eq("_id", located.id().value()), new Document("$set", new Document("manager", "meera")));

        Store unlocated = new Store(located.id(), "Moving", located.pincodes(), 0, true, null, 0);
        stores.save(unlocated);

        assertThat(stores.find(located.id())).contains(unlocated);
        Document d = raw(CONFIG.storesCollection())
                .find(eq("_id", located.id().value()))
                .first();
        assertThat(d).doesNotContainKey("location").containsEntry("manager", "meera");
    }

    @Test
    void aDamagedStoreIsReportedByFindAndLeftOutOfLists() {
        Pincode p = Pincode.of("400001");
        Store good = Store.of(StoreId.of("GOOD-" + suffix), "Good", 5, p);
        stores.save(good);
        StoreId damaged = StoreId.of("BAD-" + suffix);
        raw(CONFIG.storesCollection())
                .insertOne(new Document("_id", damaged.value())
                        .append("name", "Bad")
                        .append("pincodes", List.of("400001", "not-a-pin"))
                        .append("priority", 1)
                        .append("active", true));

        assertUnreadable(() -> stores.find(damaged), "(document)");
        assertThat(stores.servingPincode(p))
                .filteredOn(s -> s.id().value().endsWith(suffix))
                .containsExactly(good);
    }

    // ---------------------------------------------------------------- slots

    private DeliverySlot slot(String name, LocalDate date, Instant start) {
        return DeliverySlot.of(
                SlotId.of(name + "-" + suffix),
                StoreId.of("BLR-" + suffix),
                date,
                start,
                start.plus(Duration.ofHours(2)),
                SlotType.NORMAL,
                20,
                start.minus(Duration.ofHours(1)));
    }

    private Document rawSlot(DeliverySlot slot) {
        return raw(CONFIG.slotsCollection()).find(eq("_id", slot.id().value())).first();
    }

    @Test
    void aSlotDocumentHasTheDocumentedShape() {
        Instant start = Instant.parse("2026-03-02T03:30:00Z");
        DeliverySlot slot = slots.insert(slot("s", LocalDate.of(2026, 3, 2), start));

        assertThat(rawSlot(slot))
                .isEqualTo(new Document("_id", slot.id().value())
                        .append("store", slot.store().value())
                        .append("date", "2026-03-02")
                        .append("start", Date.from(start))
                        .append("end", Date.from(start.plus(Duration.ofHours(2))))
                        .append("type", "NORMAL")
                        .append("capacity", 20)
                        .append("cutoff", Date.from(start.minus(Duration.ofHours(1))))
                        .append("active", true)
                        .append("version", 0L));

        slots.replace(slot.withCapacity(25), 0);
        assertThat(rawSlot(slot)).containsEntry("capacity", 25).containsEntry("version", 1L);
    }

    @Test
    void aSlotFromANewerWriterReadsFineAndKeepsItsExtraFieldsThroughAReplace() {
        DeliverySlot slot = slot("s", LocalDate.of(2026, 3, 2), Instant.parse("2026-03-02T03:30:00Z"));
        Document newer = SlotMapping.toDocument(slot)
                .append("fee", new Document("minor", 2500L))
                .append("zone", "north");
        newer.put("capacity", 20L); // int64 where an int32 is written
        newer.put("version", 0); // int32 where an int64 is written
        raw(CONFIG.slotsCollection()).insertOne(newer);

        assertThat(slots.find(slot.id())).contains(slot);
        assertThat(slots.list(slot.store(), slot.date(), slot.date())).containsExactly(slot);
        assertThat(slots.insert(slot)).as("a retried create").isEqualTo(slot);

        assertThat(slots.replace(slot.withActive(false), 0))
                .contains(slot.withActive(false).withVersion(1));
        assertThat(rawSlot(slot))
                .containsEntry("zone", "north")
                .containsEntry("active", false)
                .containsEntry("store", slot.store().value());
    }

    @Test
    void aReplaceNamingAnotherStoreMatchesNothingEvenAtTheStoredVersion() {
        DeliverySlot slot = slots.insert(slot("s", LocalDate.of(2026, 3, 2), Instant.parse("2026-03-02T03:30:00Z")));
        DeliverySlot moved = new DeliverySlot(
                slot.id(),
                StoreId.of("ELSEWHERE-" + suffix),
                slot.date(),
                slot.start(),
                slot.end(),
                slot.type(),
                slot.capacity(),
                slot.cutoff(),
                slot.active(),
                slot.version());

        assertThat(slots.replace(moved, 0)).isEmpty();
        assertThat(slots.find(slot.id())).contains(slot);
        assertThat(slots.replace(slot.withCapacity(3), 0))
                .contains(slot.withCapacity(3).withVersion(1));
        assertThat(slots.replace(slot.withCapacity(4), -1))
                .as("no stored version is negative")
                .isEmpty();
        assertThat(slots.replace(slot.withCapacity(4), Long.MAX_VALUE)).isEmpty();
        assertThat(slots.find(slot.id()).orElseThrow().capacity()).isEqualTo(3);
    }

    @Test
    void instantsOfASlotAreCutToTheMillisecondAndInsertAndReplaceSaySo() {
        Instant fine = Instant.parse("2026-03-02T03:30:00.123456789Z");
        DeliverySlot slot = slot("s", LocalDate.of(2026, 3, 2), fine);

        DeliverySlot stored = slots.insert(slot);

        assertThat(stored.start()).isEqualTo(Instant.parse("2026-03-02T03:30:00.123Z"));
        assertThat(stored.cutoff()).isEqualTo(Instant.parse("2026-03-02T02:30:00.123Z"));
        assertThat(slots.find(slot.id())).contains(stored);
        assertThat(slots.insert(slot))
                .as("the same definition again, before the cut")
                .isEqualTo(stored);
        Optional<DeliverySlot> replaced = slots.replace(slot.withCutoff(fine.minusNanos(1)), 0);
        assertThat(replaced.orElseThrow().cutoff()).isEqualTo(Instant.parse("2026-03-02T03:30:00.123Z"));
        assertThat(slots.find(slot.id())).isEqualTo(replaced);
    }

    @Test
    void aSlotThatCannotBeStoredFaithfullyIsRefusedAndNothingIsWritten() {
        Instant start = Instant.parse("2026-03-02T03:30:00Z");
        DeliverySlot farFuture = slot("far", LocalDate.of(10_000, 1, 1), start);
        DeliverySlot subMillisecond = new DeliverySlot(
                SlotId.of("tiny-" + suffix),
                StoreId.of("BLR-" + suffix),
                LocalDate.of(2026, 3, 2),
                start.plusNanos(100),
                start.plusNanos(900),
                SlotType.EXPRESS,
                1,
                start,
                true,
                0);

        assertInvalidArgument(() -> slots.insert(farFuture));
        assertInvalidArgument(() -> slots.insert(subMillisecond));
        assertThat(slots.find(farFuture.id())).isEmpty();
        assertThat(slots.find(subMillisecond.id())).isEmpty();
    }

    @Test
    void aListingTakesAnyRangeOfDates() {
        DeliverySlot slot = slots.insert(slot("s", LocalDate.of(2026, 3, 2), Instant.parse("2026-03-02T03:30:00Z")));

        assertThat(slots.list(slot.store(), LocalDate.MIN, LocalDate.MAX)).containsExactly(slot);
        assertThat(slots.list(slot.store(), LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 1)))
                .isEmpty();
        assertThat(slots.list(slot.store(), LocalDate.of(10_000, 1, 1), LocalDate.MAX))
                .isEmpty();
        assertThat(slots.list(List.of(slot.store(), slot.store()), LocalDate.MIN, LocalDate.MAX))
                .containsExactly(slot);
        assertThat(slots.list(List.of(), LocalDate.MIN, LocalDate.MAX)).isEmpty();
    }

    @Test
    void damagedSlotsAreTypedErrorsNamingTheFieldAndListingsLeaveThemOut() {
        LocalDate day = LocalDate.of(2026, 3, 2);
        DeliverySlot good = slots.insert(slot("good", day, Instant.parse("2026-03-02T03:30:00Z")));
        DeliverySlot futureType = slot("type", day, Instant.parse("2026-03-02T05:30:00Z"));
        DeliverySlot badDate = slot("date", day, Instant.parse("2026-03-02T07:30:00Z"));
        DeliverySlot backwards = slot("backwards", day, Instant.parse("2026-03-02T09:30:00Z"));
        Document endBeforeStart = SlotMapping.toDocument(backwards);
        endBeforeStart.put("end", Date.from(backwards.start().minusSeconds(60)));
        raw(CONFIG.slotsCollection())
                .insertMany(List.of(
                        SlotMapping.toDocument(futureType).append("type", "DRONE"),
                        SlotMapping.toDocument(badDate).append("date", "2026-02-30"),
                        endBeforeStart));

        assertUnreadable(() -> slots.find(futureType.id()), "type");
        assertUnreadable(() -> slots.find(badDate.id()), "date");
        assertUnreadable(() -> slots.find(backwards.id()), "(document)");
        assertUnreadable(() -> slots.insert(futureType), "type");
        assertThat(slots.list(good.store(), day, day)).containsExactly(good);
    }

    private static void assertInvalidArgument(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThat(catchThrowable(call)).isInstanceOfSatisfying(OmsException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
