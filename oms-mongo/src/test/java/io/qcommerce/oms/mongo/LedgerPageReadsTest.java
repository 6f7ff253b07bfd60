package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store with 100,000 movements read page by page, as a rebuild of its counters reads it: a late page reads about
 * one page of index entries, not every entry before the cursor.
 *
 * <p>How the entries read are counted. On a real server, from the server's own statistics: {@code explain} of the
 * very {@code find} the adapter sent (captured by a command listener), {@code executionStats.totalDocsExamined}.
 * The in-process test server has no {@code explain} and no index scans (it filters every document), so there the
 * count is what an index scan on {@code {store, at, key}} (or {@code {store, type, at, key}}) reads for that
 * filter: MongoDB's planner bounds the scan by the filter's top-level predicates on the index fields (an equality on
 * the store and type; a range on {@code at}), and neither {@code $or} nor {@code $nor} gives a bound, so the scan
 * starts at the range's lower end, or at the store's first entry when there is none, and reads in index order up
 * to the last document of the page. That is counted over the movements the test wrote.
 */
@Timeout(900)
class LedgerPageReadsTest {
    private static final int MOVEMENTS = 100_000;
    private static final int PER_MILLISECOND = 4;
    private static final int PAGE = 500;
    private static final StoreId STORE = StoreId.of("BLR-1");
    private static final StoreId OTHER = StoreId.of("BLR-2");
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<MovementType> TYPES = List.of(
            MovementType.HELD,
            MovementType.SOLD,
            MovementType.HELD,
            MovementType.RECEIVED,
            MovementType.HELD,
            MovementType.RELEASED,
            MovementType.HELD,
            MovementType.ADJUSTED);

    private static final AtomicReference<BsonDocument> lastFind = new AtomicReference<>();
    private static MongoClient client;
    private static MongoDatabase database;
    private static MongoStockLedger ledger;
    /** The store's movements in index order (time, then key): how they were written. */
    private static final List<StockMovement> written = new ArrayList<>();

    @BeforeAll
    static void aStoreWithAHundredThousandMovements() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    lastFind.set(event.getCommand().clone());
                }
            }
        };
        client = MongoClients.create(
                TestMongo.settings(TestMongo.shared().connectionString(), b -> b.addCommandListener(listener)));
        database =
                client.getDatabase(TestMongo.shared().freshDatabase("pagereads").getName());
        MongoOmsSchema.createIndexes(database, MongoOmsConfig.ofDefaults());
        ledger = new MongoStockLedger(database);
        Resource milk = Resource.sku(SkuId.of("MILK-1L"));
        List<StockMovement> batch = new ArrayList<>();
        for (int i = 0; i < MOVEMENTS; i++) {
            Instant at = BASE.plusMillis(i / PER_MILLISECOND);
            StockMovement m = movement(STORE, milk, i, at);
            written.add(m);
            batch.add(m);
            if (i % 10 == 0) {
                batch.add(movement(OTHER, milk, i, at));
            }
            if (batch.size() >= 10_000) {
                ledger.record(batch);
                batch.clear();
            }
        }
        ledger.record(batch);
    }

    private static StockMovement movement(StoreId store, Resource resource, int i, Instant at) {
        String key = String.format("mv:%07d", i);
        MovementType type = TYPES.get(i % TYPES.size());
        long quantity = type == MovementType.ADJUSTED ? -1 : 1;
        return new StockMovement(key, store, resource, type, quantity, null, "system", at, key, "");
    }

    @AfterAll
    static void drop() {
        TestMongo.drop(database);
        client.close();
    }

    @Test
    void aLatePageReadsAboutOnePageNotEveryEntryBeforeIt() {
        List<String> figures = new ArrayList<>();
        for (int cursor : List.of(0, 50_000, 99_000)) {
            LedgerQuery query = LedgerQuery.of(STORE, PAGE).after(written.get(cursor));

            List<StockMovement> page = ledger.query(query);

            int end = Math.min(cursor + 1 + PAGE, MOVEMENTS);
            assertThat(page).containsExactlyElementsOf(written.subList(cursor + 1, end));
            long read = entriesRead(page, null);
            figures.add("after movement " + cursor + ": " + page.size() + " returned, " + read + " read");
            assertThat(read)
                    .as("entries read for the page after movement %d", cursor)
                    .isLessThanOrEqualTo(PAGE + PER_MILLISECOND);
        }
        System.out.println("ledger pages of a 100,000-movement store ("
                + TestMongo.shared().kind() + "):\n  " + String.join("\n  ", figures));
    }

    @Test
    void aLatePageOfSomeTypesReadsAboutOnePageOfThoseTypes() {
        Set<MovementType> changes = Set.of(MovementType.RECEIVED, MovementType.ADJUSTED);
        List<StockMovement> ofTypes =
                written.stream().filter(m -> changes.contains(m.type())).toList();
        int cursor = ofTypes.size() - 2 * PAGE;
        LedgerQuery query = LedgerQuery.of(STORE, PAGE).types(changes).after(ofTypes.get(cursor));

        List<StockMovement> page = ledger.query(query);

        assertThat(page).containsExactlyElementsOf(ofTypes.subList(cursor + 1, cursor + 1 + PAGE));
        assertThat(entriesRead(page, changes)).isLessThanOrEqualTo(PAGE + PER_MILLISECOND);
    }

    /**
     * The index entries (or documents) the server reads for the last {@code find} the ledger sent, whose answer was
     * {@code page}: from the server's {@code explain} where it has one, else counted as the class comment says.
     */
    private static long entriesRead(List<StockMovement> page, Set<MovementType> types) {
        BsonDocument find = lastFind.get();
        BsonDocument filter = find.getDocument("filter");
        try {
            Document explained = database.runCommand(new Document(
                            "explain",
                            new Document("find", find.getString("find").getValue())
                                    .append("filter", filter)
                                    .append("sort", find.getDocument("sort"))
                                    .append("limit", find.get("limit")))
                    .append("verbosity", "executionStats"));
            Document stats = explained.get("executionStats", Document.class);
            if (stats != null) {
                return ((Number) stats.get("totalDocsExamined")).longValue();
            }
        } catch (MongoCommandException e) {
            // No explain: count as an index scan would read.
        }
        Date lower = lowerBoundOfAt(filter);
        StockMovement last = page.get(page.size() - 1);
        return written.stream()
                .filter(m -> types == null || types.contains(m.type()))
                .filter(m -> lower == null || !m.at().isBefore(lower.toInstant()))
                .filter(m -> LedgerQuery.ORDER.compare(m, last) <= 0)
                .count();
    }

    /** The lower end of the range on {@code at} among the filter's top-level predicates (or a top-level $and). */
    private static Date lowerBoundOfAt(BsonDocument filter) {
        Date lower = null;
        List<BsonDocument> parts = new ArrayList<>();
        parts.add(filter);
        if (filter.containsKey("$and")) {
            filter.getArray("$and").forEach(v -> parts.add(v.asDocument()));
        }
        for (BsonDocument part : parts) {
            BsonValue at = part.get("at");
            if (at == null) {
                continue;
            }
            if (at.isDateTime()) {
                return new Date(at.asDateTime().getValue());
            }
            if (at.isDocument()) {
                for (String op : List.of("$gte", "$gt")) {
                    BsonValue v = at.asDocument().get(op);
                    if (v != null
                            && v.isDateTime()
                            && (lower == null || v.asDateTime().getValue() > lower.getTime())) {
                        lower = new Date(v.asDateTime().getValue());
                    }
                }
            }
        }
        return lower;
    }
}
