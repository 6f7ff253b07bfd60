package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.IdempotencyKey;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.ShortPick;
import io.qcommerce.oms.placement.PlaceOrderRequest;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.Pincode;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.SampleSkus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every single-document write the adapters send names its collection's shard key ({@link MongoOmsSchema#shardKeys})
 * with equality in its filter, or carries it in the inserted document: what a sharded cluster of MongoDB 6.0 and
 * 7.0 needs to accept a {@code findAndModify} and to route each write to one shard. Recorded from the commands the
 * driver sends (a command listener) while a day of trade runs through {@code Oms} on every Mongo adapter.
 */
class ShardKeyFiltersTest {
    private static final StoreId STORE = StoreId.of("BLR-1");
    private static final Pincode HOME = Pincode.of("560038");
    private static final SkuId MILK = SkuId.of("MILK-1L");
    private static final SkuId BREAD = SkuId.of("BREAD-400G");

    private final List<Map.Entry<String, BsonDocument>> writes = new CopyOnWriteArrayList<>();
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void recordTheCommands() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (List.of("insert", "update", "delete", "findAndModify").contains(event.getCommandName())) {
                    // The command's buffer is the driver's, valid only during this call: keep a copy.
                    writes.add(
                            Map.entry(event.getCommandName(), event.getCommand().clone()));
                }
            }
        };
        client = MongoClients.create(
                TestMongo.settings(TestMongo.shared().connectionString(), b -> b.addCommandListener(listener)));
        database =
                client.getDatabase(TestMongo.shared().freshDatabase("shardkeys").getName());
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
    }

    @AfterEach
    void close() {
        TestMongo.drop(database);
        client.close();
    }

    @Test
    void everyWriteFilterNamesItsCollectionsShardKey() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
        MongoBackend backend = MongoBackend.of(database);
        Oms oms = Oms.builder()
                .clock(clock)
                .use(backend)
                .inventoryLock(new InMemoryInventoryLock(clock))
                .inMemoryForRest()
                .build();
        oms.catalog().save(SampleSkus.milk(MILK));
        oms.catalog().save(SampleSkus.bread(BREAD));
        oms.stores().create(Store.of(STORE, "Indiranagar", 0, HOME));
        oms.inventory().receive(STORE, MILK, 100);
        oms.inventory().receive(STORE, BREAD, 100);
        oms.inventory().setThreshold(STORE, MILK, 20);
        oms.inventory().setStoreDefaultThreshold(STORE, 25);
        backend.stockThresholds().clear(STORE, MILK);
        Instant start = clock.instant().plus(Duration.ofHours(3));
        DeliverySlot noon = oms.slots()
                .create(DeliverySlot.of(
                        SlotId.of("BLR-1-0302-05"),
                        STORE,
                        LocalDate.ofInstant(start, ZoneOffset.UTC),
                        start,
                        start.plus(Duration.ofHours(1)),
                        SlotType.NORMAL,
                        5,
                        start.minus(Duration.ofHours(1))));
        oms.slots().update(noon.withCapacity(6));

        List<Order> placed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            CustomerId customer = CustomerId.of("c-" + i);
            PlaceOrderRequest request = PlaceOrderRequest.of(
                    customer,
                    IdempotencyKey.of("k-" + i),
                    HOME,
                    Cart.builder().add(MILK.value(), 3).add(BREAD.value(), 1).build());
            PlacementResult result = oms.place(i == 0 ? request.inSlot(noon.id()) : request);
            placed.add(((PlacementResult.Placed) result).order());
        }
        // A new process: nothing remembered, every customer learnt from the database.
        Oms restarted = Oms.builder()
                .clock(clock)
                .use(MongoBackend.of(database))
                .inventoryLock(new InMemoryInventoryLock(clock))
                .inMemoryForRest()
                .build();
        oms.orders().confirmPayment(placed.get(0).id(), Actor.system("pg"));
        oms.orders().confirmPayment(placed.get(1).id(), Actor.system("pg"));
        oms.orders().confirmPayment(placed.get(2).id(), Actor.system("pg"));
        oms.orders().advance(placed.get(1).id(), OrderStatus.PICKING, Actor.staff("ravi"));
        oms.orders().shortPick(placed.get(1).id(), MILK, 2, ShortPick.Cause.MISSING, Actor.staff("ravi"));
        oms.orders().cancel(placed.get(2).id(), CancelReason.CUSTOMER, Actor.customer("c-2"));
        oms.orders().paymentFailed(placed.get(3).id(), Actor.system("pg"));
        restarted.orders().cancel(placed.get(4).id(), CancelReason.STORE, Actor.staff("ravi"));
        clock.advance(oms.config().holdTtl().plusSeconds(1));
        oms.reconciler().run();
        oms.events().dispatch();
        backend.orderRepository().positionEvents(1_000);
        backend.eventCheckpoints().advance("mailer", 3);

        Map<String, Document> shardKeys = MongoOmsSchema.shardKeys(MongoOmsConfig.ofDefaults());
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, BsonDocument> write : writes) {
            String name = write.getKey();
            BsonDocument command = write.getValue();
            String collection = command.getString(name).getValue();
            Document key = shardKeys.get(collection);
            if (key == null) {
                continue;
            }
            for (BsonDocument target : targets(name, command)) {
                for (String field : key.keySet()) {
                    assertThat(namesWithEquality(target, field))
                            .as("%s on %s names %s: %s", name, collection, field, target.toJson())
                            .isTrue();
                }
                checked.add(name + " " + collection);
            }
        }
        assertThat(checked)
                .as("the writes of the day were seen")
                .contains(
                        "insert oms_orders",
                        "findAndModify oms_orders",
                        "update oms_orders",
                        "insert oms_stock_ledger",
                        "insert oms_slots",
                        "update oms_slots",
                        "update oms_stock_thresholds",
                        "delete oms_stock_thresholds",
                        "update oms_skus");
    }

    /** The documents an insert writes, or the filters of an update, a delete or a findAndModify. */
    private static List<BsonDocument> targets(String name, BsonDocument command) {
        List<BsonDocument> out = new ArrayList<>();
        switch (name) {
            case "insert" -> command.getArray("documents").forEach(d -> out.add(d.asDocument()));
            case "update" ->
                command.getArray("updates").forEach(u -> out.add(u.asDocument().getDocument("q")));
            case "delete" ->
                command.getArray("deletes").forEach(d -> out.add(d.asDocument().getDocument("q")));
            case "findAndModify" -> out.add(command.getDocument("query"));
            default -> throw new IllegalArgumentException(name);
        }
        return out;
    }

    /** True when {@code filter} pins {@code field} to one value, at its top level or in a top-level {@code $and}. */
    private static boolean namesWithEquality(BsonDocument filter, String field) {
        if (isEquality(filter.get(field))) {
            return true;
        }
        BsonValue and = filter.get("$and");
        if (and != null && and.isArray()) {
            for (BsonValue part : and.asArray()) {
                if (part.isDocument() && namesWithEquality(part.asDocument(), field)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A value that pins the field to one value: a plain value or {@code {$eq: v}}, never an operator range. */
    private static boolean isEquality(BsonValue value) {
        if (value == null) {
            return false;
        }
        if (value.isDocument()) {
            BsonDocument d = value.asDocument();
            return d.size() == 1 && d.containsKey("$eq");
        }
        return !value.isArray();
    }
}
