package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.StockAlert;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BSONException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * {@link StockAlertLog} on MongoDB, with no transaction. One document per alert in
 * {@link MongoOmsConfig#stockAlertsCollection()} (default {@code oms_stock_alerts}):
 * <pre>
 * { _id: "BLR-A/MILK-1L#3", store, sku, seq: int64, type: "LOW", available: int64, threshold: int64,
 *   at: date, pos: int64 }
 * </pre>
 * The {@code _id} is the alert's id, so a (store, SKU, sequence) is recorded once; the unique index on {@code pos}
 * ({@link MongoOmsSchema#ALERTS_POS}) gives each position one alert. An alert is inserted at "the log's last
 * position + 1", and again one further on when that position was taken meanwhile: a position is tried only when
 * the one before it is in the log, so the log has no hole a later insert could fill, and a reader never sees a
 * position while a lower one can still appear. How far each store's movements have been read is one document
 * per store, {@code { _id: "alerts-scan:<store>", at: "<lock position>" }}, in the event checkpoints collection.
 * Reads go to the primary. Thread-safe; the constructor does no I/O.
 */
public final class MongoStockAlertLog implements StockAlertLog {
    static final String ID = "_id";
    static final String STORE = "store";
    static final String SKU = "sku";
    static final String SEQ = "seq";
    static final String TYPE = "type";
    static final String AVAILABLE = "available";
    static final String THRESHOLD = "threshold";
    static final String AT = "at";
    static final String POS = "pos";
    private static final String SCAN_PREFIX = "alerts-scan:";
    private static final String SCANNED_AT = "at";
    private static final int APPEND_ATTEMPTS = 20;

    private final MongoCollection<Document> alerts;
    private final MongoCollection<Document> scans;
    private final String collectionName;

    public MongoStockAlertLog(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.collectionName = config.stockAlertsCollection();
        this.alerts = database.getCollection(collectionName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary());
        this.scans = database.getCollection(config.eventCheckpointsCollection())
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary());
    }

    @Override
    public Optional<StockAlert> latest(StoreId store, SkuId sku) {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        Document last = MongoErrors.read("read the latest alert of " + sku + " in " + store, () -> alerts.find(
                        and(eq(STORE, store.value()), eq(SKU, sku.value())))
                .sort(Sorts.descending(SEQ))
                .limit(1)
                .first());
        return Optional.ofNullable(last).map(this::alert);
    }

    @Override
    public Optional<StockAlert> append(StockAlert alert) {
        Checks.notNull(alert, "alert");
        String operation = "record stock alert " + alert.id();
        long next = 0;
        for (int attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
            if (next == 0) {
                next = lastPosition() + 1;
            }
            StockAlert placed = alert.at(next);
            try {
                alerts.insertOne(document(placed));
                return Optional.of(placed);
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw MongoErrors.onWrite(operation, e);
                }
            } catch (BSONException e) {
                throw MongoErrors.onWrite(operation, e);
            }
            // A duplicate: the alert itself is recorded already, or its position was taken by another alert.
            Document existing = MongoErrors.read("find stock alert " + alert.id(), () -> alerts.find(eq(ID, alert.id()))
                    .first());
            if (existing != null) {
                return Optional.empty();
            }
            next = 0;
        }
        throw new OmsException(
                ErrorCode.CONCURRENT_MODIFICATION,
                "stock alert " + alert.id() + " found its position taken " + APPEND_ATTEMPTS + " times; retry",
                List.of(),
                Map.of("alertId", alert.id()),
                null);
    }

    @Override
    public List<StockAlert> read(long position, @Nullable StoreId store, int limit) {
        Checks.positive(limit, "limit");
        Bson after = gt(POS, position);
        Bson filter = store == null ? after : and(eq(STORE, store.value()), after);
        List<Document> found = MongoErrors.read("read stock alerts after " + position, () -> alerts.find(filter)
                .sort(Sorts.ascending(POS))
                .limit(limit)
                .into(new ArrayList<>()));
        List<StockAlert> out = new ArrayList<>(found.size());
        found.forEach(d -> out.add(alert(d)));
        return out;
    }

    @Override
    public long lastPosition() {
        Document last = MongoErrors.read(
                "read the alert log's last position",
                () -> alerts.find().sort(Sorts.descending(POS)).limit(1).first());
        return last == null ? 0 : DocumentReader.of(last, collectionName).longValue(POS);
    }

    @Override
    public Optional<String> scanned(StoreId store) {
        Checks.notNull(store, "store");
        Document d = MongoErrors.read(
                "read how far the alerts of " + store + " were raised",
                () -> scans.find(eq(ID, SCAN_PREFIX + store.value())).first());
        Object at = d == null ? null : d.get(SCANNED_AT);
        return at instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Override
    public void markScanned(StoreId store, @Nullable String position) {
        Checks.notNull(store, "store");
        String id = SCAN_PREFIX + store.value();
        if (position == null) {
            MongoErrors.write(
                    "forget how far the alerts of " + store + " were raised",
                    () -> scans.deleteOne(Filters.eq(ID, id)));
            return;
        }
        MongoErrors.upsertById(
                "remember how far the alerts of " + store + " were raised",
                () -> scans.updateOne(eq(ID, id), Updates.set(SCANNED_AT, position), new UpdateOptions().upsert(true)));
    }

    private static Document document(StockAlert a) {
        return new Document(ID, a.id())
                .append(STORE, a.store().value())
                .append(SKU, a.sku().value())
                .append(SEQ, a.sequence())
                .append(TYPE, a.type().name())
                .append(AVAILABLE, a.available())
                .append(THRESHOLD, a.threshold())
                .append(AT, DateFields.toDate(a.at()))
                .append(POS, a.position());
    }

    private StockAlert alert(Document document) {
        DocumentReader d = DocumentReader.of(document, collectionName);
        try {
            return new StockAlert(
                    StoreId.of(d.string(STORE)),
                    SkuId.of(d.string(SKU)),
                    d.longValue(SEQ),
                    d.enumValue(TYPE, StockAlert.Type.class),
                    d.longValue(AVAILABLE),
                    d.longValue(THRESHOLD),
                    d.instant(AT),
                    d.longValue(POS));
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (OmsException e) {
            throw d.invalid(e);
        }
    }
}
