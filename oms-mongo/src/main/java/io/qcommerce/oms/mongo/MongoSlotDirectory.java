package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.result.UpdateResult;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.store.StoreId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BSONException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SlotDirectory} on MongoDB: one document per delivery slot, keyed by its id (shape in {@link SlotMapping}).
 *
 * <p><b>Guarantees.</b> Every write is one single-document operation; no transaction is used.
 * <ul>
 *   <li>{@link #insert} is one {@code insertOne} at version 0, unique on {@code _id}. On a duplicate key the stored
 *       slot is read: at version 0 with the same definition it is returned (a retried create, also after
 *       {@code OUTCOME_UNKNOWN}); anything else is {@code DUPLICATE}, and nothing is changed.</li>
 *   <li>{@link #replace} is one {@code updateOne} filtered on {@code _id}, {@code version == expected} and
 *       {@code store}, setting the definition and {@code version = expected + 1} together. Of many writers racing
 *       from one version exactly one matches; the others, a missing slot and a slot of another store get empty.
 *       It is a plain compare-and-set: after {@code OUTCOME_UNKNOWN} a retry from the same version answers empty
 *       if the first attempt landed, so read the slot ({@link #find}) to tell which happened.</li>
 *   <li>{@link #list} is one query on the index {@value MongoOmsSchema#SLOTS_STORE_DATE}; the answer is sorted by
 *       {@link SlotDirectory#ORDER} in memory as well, so that a collection collation cannot change the port's
 *       order. The listing of several stores is one {@code $in} query too.</li>
 * </ul>
 * Instants are kept to the millisecond: {@code insert} and {@code replace} return the slot as stored. Fields this
 * version does not know are ignored by reads and kept by {@code replace}.
 *
 * <p><b>Errors.</b> Driver failures are translated as by every adapter of this module ({@code BACKEND_UNAVAILABLE},
 * {@code OUTCOME_UNKNOWN}); a stored slot that cannot be read is {@code DATA_CORRUPTED} from {@link #find} and
 * {@link #insert}, and is logged and left out of listings, so one damaged slot does not hide a store's others.
 *
 * <p>The indexes come from {@link MongoOmsSchema#deploy}. Reads and writes go to the primary (a
 * compare-and-set is checked against the latest version); writes use the configured write concern. Thread-safe;
 * the constructor does no I/O; the caller owns the client.
 */
public final class MongoSlotDirectory implements SlotDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(MongoSlotDirectory.class);
    /** Attempts of an insert whose duplicate vanished before it could be read (deleted by hand). */
    private static final int ATTEMPTS = 3;
    /** The most stores one listing query names; more are asked in several queries. */
    private static final int STORES_PER_QUERY = 1_000;

    private static final Bson START_ORDER = Sorts.ascending(SlotMapping.START, SlotMapping.ID);

    private final MongoCollection<Document> slots;
    private final String collectionName;

    /** The directory on the default collection ({@code oms_slots}) with majority writes. */
    public MongoSlotDirectory(MongoDatabase database) {
        this(database, MongoOmsConfig.ofDefaults());
    }

    public MongoSlotDirectory(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.collectionName = config.slotsCollection();
        this.slots = database.getCollection(collectionName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary())
                // Pinned, not the host's: a re-read after a duplicate key or a lost compare-and-set must see the
                // winner's write, which a majority read may not show yet.
                .withReadConcern(ReadConcern.LOCAL);
    }

    @Override
    public DeliverySlot insert(DeliverySlot slot) {
        Checks.notNull(slot, "slot");
        DeliverySlot stored = SlotMapping.asStored(slot.withVersion(0));
        Document document = SlotMapping.toDocument(stored);
        String operation = "insert slot " + slot.id();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                slots.insertOne(document);
                return stored;
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw MongoErrors.onWrite(operation, e);
                }
            } catch (BSONException e) {
                throw MongoErrors.onWrite(operation, e);
            }
            Optional<DeliverySlot> existing = find(slot.id());
            if (existing.isPresent()) {
                DeliverySlot current = existing.get();
                // A retried create (the same definition, never changed since) is answered as the first one was.
                if (current.version() == 0 && current.sameDefinition(stored)) {
                    return current;
                }
                throw new OmsException(
                        ErrorCode.DUPLICATE,
                        "slot " + slot.id() + " exists with another definition",
                        List.of(),
                        Map.of("slotId", slot.id().value()),
                        null);
            }
            // The slot that held the id is gone again (deleted by hand): try to insert once more.
        }
        throw new OmsException(
                ErrorCode.CONCURRENT_MODIFICATION,
                "slot " + slot.id() + " collided with slots that then disappeared; retry it",
                List.of(),
                Map.of("slotId", slot.id().value()),
                null);
    }

    @Override
    public Optional<DeliverySlot> replace(DeliverySlot slot, long expectedVersion) {
        Checks.notNull(slot, "slot");
        if (expectedVersion < 0 || expectedVersion == Long.MAX_VALUE) {
            // No stored slot has such a version (and the next one would not be valid): nothing can match.
            return Optional.empty();
        }
        DeliverySlot stored = SlotMapping.asStored(slot.withVersion(expectedVersion + 1));
        UpdateResult result = MongoErrors.write(
                "replace slot " + slot.id() + " at version " + expectedVersion,
                () -> slots.updateOne(
                        // The store is in the filter: a slot never moves to another store, so a replace naming
                        // another one matches nothing, like a stale version.
                        and(
                                eq(SlotMapping.ID, slot.id().value()),
                                eq(SlotMapping.VERSION, expectedVersion),
                                eq(SlotMapping.STORE, slot.store().value())),
                        SlotMapping.toReplacement(stored)));
        return result.getMatchedCount() == 1 ? Optional.of(stored) : Optional.empty();
    }

    @Override
    public Optional<DeliverySlot> find(SlotId id) {
        Checks.notNull(id, "slotId");
        Document document = MongoErrors.read("find slot " + id, () -> slots.find(eq(SlotMapping.ID, id.value()))
                .first());
        return document == null ? Optional.empty() : Optional.of(SlotMapping.fromDocument(document, collectionName));
    }

    @Override
    public List<DeliverySlot> list(StoreId store, LocalDate from, LocalDate to) {
        Checks.notNull(store, "store");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        return list(List.of(store.value()), from, to, "list slots of store " + store);
    }

    @Override
    public List<DeliverySlot> list(Collection<StoreId> stores, LocalDate from, LocalDate to) {
        Checks.noNulls(stores, "stores");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        Set<String> ids = new LinkedHashSet<>();
        for (StoreId store : stores) {
            ids.add(store.value());
        }
        List<String> all = List.copyOf(ids);
        List<DeliverySlot> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += STORES_PER_QUERY) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + STORES_PER_QUERY));
            out.addAll(list(chunk, from, to, "list slots of " + chunk.size() + " stores"));
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    /** The slots of the stores dated {@code [from, to]}, by {@link SlotDirectory#ORDER}. */
    private List<DeliverySlot> list(List<String> stores, LocalDate from, LocalDate to, String operation) {
        // Only dates of the years 0000-9999 are ever stored (see SlotMapping), so the bounds are clamped to them:
        // beyond, the ISO strings would no longer sort as the dates do.
        LocalDate first = from.isBefore(SlotMapping.FIRST_DATE) ? SlotMapping.FIRST_DATE : from;
        LocalDate last = to.isAfter(SlotMapping.LAST_DATE) ? SlotMapping.LAST_DATE : to;
        if (stores.isEmpty() || last.isBefore(first)) {
            return List.of();
        }
        Bson filter = and(
                stores.size() == 1 ? eq(SlotMapping.STORE, stores.get(0)) : in(SlotMapping.STORE, stores),
                gte(SlotMapping.DATE, SlotMapping.dateKey(first)),
                lte(SlotMapping.DATE, SlotMapping.dateKey(last)));
        List<Document> documents = MongoErrors.read(
                operation, () -> slots.find(filter).sort(START_ORDER).into(new ArrayList<>()));
        List<DeliverySlot> out = new ArrayList<>(documents.size());
        for (Document d : documents) {
            try {
                out.add(SlotMapping.fromDocument(d, collectionName));
            } catch (UnreadableDocumentException e) {
                // One damaged slot must not hide the store's other slots from customers; find() still reports it.
                LOG.error("{}: left out a slot that cannot be read", operation, e);
            }
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }
}
