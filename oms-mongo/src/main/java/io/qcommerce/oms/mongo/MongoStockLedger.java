package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BSONException;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.conversions.Bson;

/**
 * {@link StockLedger} on MongoDB: one document per movement in the ledger collection (shape in
 * {@link MovementMapping}), and one document per store holding how far the lock's record has been shipped, in a
 * collection of its own.
 *
 * <p><b>Guarantees.</b> Every write is single-document atomic; no transaction is used.
 * <ul>
 *   <li>{@link #record} writes each movement once per (store, key), the first write winning: the {@code _id} is
 *       made of the store and the key, and the movements go in one unordered {@code insertMany}, whose
 *       duplicate-key refusals (a movement recorded before, by this call's retry or by a concurrent copy) are
 *       the "already recorded" answer and leave the stored movement as it is. Within one call the first of
 *       several movements with the same (store, key) is the one written. Every movement is checked before
 *       anything is sent: an instant a BSON date cannot hold, or a movement larger than a document may be, is
 *       {@code INVALID_ARGUMENT} and nothing is written. After {@code OUTCOME_UNKNOWN} some of the movements
 *       may be recorded; repeating the call records the rest and changes none of them.</li>
 *   <li>{@link #query} is one indexed query (store, then resource or type, then time and key) sorted by time
 *       then key, which is {@link LedgerQuery#ORDER} for the keys the core makes (MongoDB compares strings by
 *       their UTF-8 bytes, Java by UTF-16 units: they agree but for characters beyond U+FFFF against
 *       U+E000-U+FFFF). The page cursor is the pair (time, key) of the given movement: the next page starts
 *       strictly after it, so pages follow each other without loss or repeat even when many movements share a
 *       millisecond. Time bounds and the cursor are compared with the stored, millisecond, times exactly as
 *       {@link LedgerQuery#matches} compares the movements as read back.</li>
 *   <li>{@link #markShipped} is one upsert of the store's position; {@link #shippedPosition} reads it back as
 *       last marked.</li>
 * </ul>
 * Instants are kept to the millisecond, as by every adapter of this module: a movement reads back with its time
 * and its batch's expiry cut to the millisecond.
 *
 * <p><b>Errors.</b> Driver failures are translated as by every adapter of this module ({@code BACKEND_UNAVAILABLE},
 * {@code OUTCOME_UNKNOWN}). A stored movement that cannot be read makes the whole query {@code DATA_CORRUPTED},
 * naming the document: the ledger is an account that a rebuild of the counters adds up, and an answer with a
 * movement left out would rebuild wrong counters without a word.
 *
 * <p>The indexes come from {@link MongoOmsSchema#deploy}. Reads and writes go to the primary; writes use the
 * configured write concern. Thread-safe; the constructor does no I/O; the caller owns the client.
 */
public final class MongoStockLedger implements StockLedger {
    /** The largest document the server stores. */
    private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
    /** Room for the fields of bounded size (ids, numbers, dates, field names) of one movement document. */
    private static final int BOUNDED_FIELDS_BYTES = 4 * 1024;

    private static final Bson LEDGER_ORDER = Sorts.ascending(MovementMapping.AT, MovementMapping.KEY);
    private static final String POSITION_ID = "_id";
    private static final String POSITION = "position";

    private final MongoCollection<Document> movements;
    private final MongoCollection<Document> positions;
    private final String movementsName;
    private final String positionsName;

    /** The ledger on the default collections ({@code oms_stock_ledger}, {@code oms_stock_ledger_positions}). */
    public MongoStockLedger(MongoDatabase database) {
        this(database, MongoOmsConfig.ofDefaults());
    }

    public MongoStockLedger(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.movementsName = config.stockLedgerCollection();
        this.positionsName = config.ledgerPositionsCollection();
        this.movements = database.getCollection(movementsName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary())
                // Pinned, not the host's: a re-read after a duplicate key or a lost compare-and-set must see the
                // winner's write, which a majority read may not show yet.
                .withReadConcern(ReadConcern.LOCAL);
        this.positions = database.getCollection(positionsName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary())
                // Pinned, not the host's: a re-read after a duplicate key or a lost compare-and-set must see the
                // winner's write, which a majority read may not show yet.
                .withReadConcern(ReadConcern.LOCAL);
    }

    @Override
    public void record(List<StockMovement> list) {
        Checks.noNulls(list, "movements");
        // Everything is mapped and checked first, so that bad input writes nothing.
        Map<String, Document> firstOfEachId = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            StockMovement m = list.get(i);
            Document document = MovementMapping.toDocument(m);
            checkSize(document, m, i);
            firstOfEachId.putIfAbsent(MovementMapping.id(m.store(), m.key()), document);
        }
        if (firstOfEachId.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(firstOfEachId.values());
        String operation = "record " + documents.size() + " stock movements";
        try {
            // Unordered: a movement already recorded must not stop the ones after it.
            movements.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // Duplicate keys only: those movements were recorded before, which is what recording wants.
            if (!MongoErrors.onlyDuplicateKeys(e)) {
                throw MongoErrors.onBulkWrite(operation, e);
            }
        } catch (MongoException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw MongoErrors.onWrite(operation, e);
            }
        } catch (BSONException e) {
            throw MongoErrors.onWrite(operation, e);
        }
    }

    /** {@code INVALID_ARGUMENT} for a movement whose document the server would refuse as too large. */
    private static void checkSize(Document document, StockMovement m, int index) {
        // Only the free-text fields can be large; most movements are far below the limit and skip the encoding.
        long estimate = BOUNDED_FIELDS_BYTES
                + 3L
                        * (2L * m.key().length()
                                + m.actor().length()
                                + m.reference().length()
                                + m.note().length());
        if (estimate <= MAX_DOCUMENT_BYTES) {
            return;
        }
        Codec<Document> codec = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);
        int size = new RawBsonDocument(document, codec).getByteBuffer().remaining();
        if (size > MAX_DOCUMENT_BYTES) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "movements[" + index + "]",
                    "the movement " + m.key() + " takes " + size + " bytes stored, more than MongoDB accepts ("
                            + MAX_DOCUMENT_BYTES + "); nothing was recorded");
        }
    }

    @Override
    public List<StockMovement> query(LedgerQuery query) {
        Checks.notNull(query, "query");
        List<Bson> filters = new ArrayList<>();
        filters.add(eq(MovementMapping.STORE, query.store().value()));
        if (query.resource() != null) {
            filters.add(eq(MovementMapping.RESOURCE, query.resource().key()));
        }
        if (!query.types().isEmpty()) {
            List<String> names =
                    query.types().stream().map(MovementType::name).sorted().toList();
            filters.add(names.size() == 1 ? eq(MovementMapping.TYPE, names.get(0)) : in(MovementMapping.TYPE, names));
        }
        if (!TimeFilters.addRange(filters, MovementMapping.AT, query.from(), query.to())) {
            return List.of();
        }
        StockMovement after = query.after();
        if (after != null
                && !TimeFilters.addAfter(filters, MovementMapping.AT, MovementMapping.KEY, after.at(), after.key())) {
            return List.of();
        }
        String operation = "query the stock ledger of store " + query.store();
        List<Document> documents = MongoErrors.read(operation, () -> movements
                .find(and(filters))
                .sort(LEDGER_ORDER)
                .limit(query.limit())
                .into(new ArrayList<>()));
        List<StockMovement> out = new ArrayList<>(documents.size());
        for (Document d : documents) {
            out.add(MovementMapping.fromDocument(d, movementsName));
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<StockMovement> find(StoreId store, String key) {
        Checks.notNull(store, "store");
        Checks.notNull(key, "key");
        Document document = MongoErrors.read("read movement " + key + " of store " + store, () -> movements
                // The store too: the shard key's prefix, so a sharded ledger asks one shard, not every one.
                .find(and(
                        eq(MovementMapping.STORE, store.value()),
                        eq(MovementMapping.ID, MovementMapping.id(store, key))))
                .first());
        return document == null ? Optional.empty() : Optional.of(MovementMapping.fromDocument(document, movementsName));
    }

    @Override
    public Optional<String> shippedPosition(StoreId store) {
        Checks.notNull(store, "store");
        Document document = MongoErrors.read(
                "read the shipped position of store " + store,
                () -> positions.find(eq(POSITION_ID, store.value())).first());
        if (document == null) {
            return Optional.empty();
        }
        DocumentReader d = DocumentReader.of(document, positionsName);
        String position = d.string(POSITION);
        if (position.isBlank()) {
            throw d.problem(POSITION, "is blank", null);
        }
        return Optional.of(position);
    }

    @Override
    public void markShipped(StoreId store, String position) {
        Checks.notNull(store, "store");
        Checks.notBlank(position, "position");
        MongoErrors.upsertById(
                "mark the shipped position of store " + store,
                () -> positions.updateOne(
                        eq(POSITION_ID, store.value()), set(POSITION, position), new UpdateOptions().upsert(true)));
    }
}
