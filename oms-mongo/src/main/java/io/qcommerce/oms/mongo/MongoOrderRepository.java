package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.max;
import static com.mongodb.client.model.Updates.push;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.MongoException;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.result.UpdateResult;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.EventId;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.spi.InsertResult;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.TransitionResult;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BSONException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OrderRepository} on MongoDB: one document per order (shape in {@link OrderMapping} and the README).
 *
 * <p><b>Atomicity.</b> Every write is one single-document operation; no transaction is used or needed. An insert is
 * unique on {@code _id} (the order id) and on the unique index {customer, idempotencyKey}; a duplicate-key answer
 * is turned into {@link InsertResult.Duplicate} carrying the order already stored. A status change is one
 * {@code findOneAndUpdate} filtered on the id, the expected version and the expected status, which sets the
 * status, appends the history entry and increments the version together; a miss is re-read and answered as
 * {@link TransitionResult.Conflict} (another writer moved the order), {@code UNKNOWN_ORDER} or
 * {@code ILLEGAL_TRANSITION}.
 *
 * <p>A change with a short pick also shortens a line and recomputes the totals: the new order is computed from the
 * stored one and written by the same kind of compare-and-set, which sets the shortened line's quantity and
 * short-picked units and each total (by path, so fields a newer writer added survive), the status and
 * {@code updatedAt}, appends the history entry and increments the version in one {@code findOneAndUpdate}.
 *
 * <p><b>The event feed, without transactions.</b> Entry {@code n} of an order's history is its event
 * {@code (order, n)}; it is written by the same single-document operation as the change, together with
 * {@code feedPending: true}, so no change is ever stored without its event. The feed itself is a second collection
 * ({@link MongoOmsConfig#orderEventsCollection()}, default {@code oms_order_events}), one document per event
 * ({@code _id} the event id {@code "<order>#<seq>"}, {@code pos} the position under a unique index, then store,
 * customer, order, seq and the change: see {@link EventMapping}). The order document counts in {@code fed} how
 * many of its entries are in the feed (absent: none). {@link #positionEvents} copies the missing ones:
 * <ol>
 *   <li>it reads up to {@code max} orders carrying {@code feedPending} (a sparse index holds only those), and
 *       the feed's last position once;</li>
 *   <li>for each order, entries {@code fed + 1} to the end in sequence order, it inserts the event at the next
 *       position. A duplicate key means either that the event is already in the feed (another caller placed it:
 *       it is skipped) or that the position was taken by another event (the last position is read again and the
 *       event tried once more);</li>
 *   <li>then it records {@code fed} and, when the order has not changed since it was read (its version), removes
 *       {@code feedPending}; when it has, the new change set the flag again and only {@code fed} moves
 *       ({@code $max}, never back).</li>
 * </ol>
 * <b>Why the feed has no holes.</b> An event is inserted at position {@code k} only when {@code k - 1} is known to
 * be in the feed: either read as the feed's last position or inserted by the same caller just before. So the
 * positions in the feed are always {@code 1..last} without a gap, and a new event only ever goes above every
 * position already visible: a reader that has read up to {@code p} never misses a lower position that appears
 * later. The events of one order take increasing positions in sequence order, because an entry is only placed
 * after every earlier entry of its order is known to be in the feed. Several callers at once are safe: they
 * collide on the two unique keys ({@code _id} and {@code pos}) and sort it out as above; the only cost is a
 * retried insert. A crash anywhere leaves either the event absent (the flag is still set, the next call places
 * it) or present (it is skipped).
 *
 * <p><b>Failover.</b> Positioning reads the primary's latest state, so the positions follow the order of the
 * writes and a rollback after a failover can only remove the last positions, together with the later writes that
 * recorded them on their orders (which then get positioned again). {@link #feed} and {@link #lastPosition} read
 * with read concern majority: a reader is only shown events that no rollback can take back, so a position it has
 * passed never changes under it.
 *
 * <p><b>Prerequisite.</b> The unique index on (customer, idempotency key), the unique index on the feed's
 * {@code pos} and the query indexes are made by {@link MongoOmsSchema#deploy}, which the host runs as a deploy step before
 * start. Without the unique index on the key a second order under the same key is not detected; without the one
 * on {@code pos}, {@link #positionEvents} refuses to run ({@code INVALID_CONFIGURATION}) rather than let two
 * events share a position.
 *
 * <p><b>Idempotency after a failure.</b> {@code OUTCOME_UNKNOWN} means the write may have been applied; repeating
 * the same insert then answers {@code Duplicate} with the stored order, and repeating the same status change
 * answers {@code Conflict} with the order as it is (its history shows whether the change landed).
 *
 * <p>Reads and writes go to the primary (a compare-and-set must be checked against the latest version) with read
 * concern {@code local} whatever the host's default, so the re-read after a duplicate key or a missed
 * compare-and-set sees the write that won (a majority read might not show it yet, and the call would loop to
 * {@code CONCURRENT_MODIFICATION}); only the feed's readers use {@code majority}. Writes use the configured write
 * concern, majority with a 5 s {@code wtimeout} by default. Instants are kept to the millisecond. Thread-safe; the
 * constructor does no I/O; the caller owns the client and closes it.
 */
public final class MongoOrderRepository implements OrderRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MongoOrderRepository.class);
    /** Attempts of an insert or status change whose answer needs a re-read that may race a concurrent writer. */
    private static final int ATTEMPTS = 3;

    /** Attempts to place one event when other callers keep taking the position it was about to get. */
    private static final int PLACE_ATTEMPTS = 1_000;

    /** How many orders' customers {@link #customers} keeps. */
    private static final int CUSTOMERS_REMEMBERED = 100_000;

    private final MongoCollection<Document> orders;
    private final String collectionName;
    private final MongoCollection<Document> events;
    /** The feed as readers see it: only what a majority holds, so nothing read can be rolled back by a failover. */
    private final MongoCollection<Document> committedEvents;

    private final String eventsCollectionName;
    /**
     * The customer of each order seen lately: the shard key of the orders, which every single-document write's filter
     * names so that a sharded cluster routes it to one shard (and 6.0 and 7.0 accept the {@code findAndModify} of a
     * status change at all). An order's customer never changes, so an entry is never stale; bounded, least recently
     * used first out. A miss costs one read by id.
     */
    private final Map<String, String> customers =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<String, String>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > CUSTOMERS_REMEMBERED;
                }
            });

    /** Set once the feed's unique index on {@code pos} has been seen; checked before the first event is placed. */
    private volatile boolean uniquePositionsSeen;

    /** The repository on the default collection ({@code oms_orders}) with majority writes. */
    public MongoOrderRepository(MongoDatabase database) {
        this(database, MongoOmsConfig.ofDefaults());
    }

    public MongoOrderRepository(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.collectionName = config.ordersCollection();
        this.orders = database.getCollection(collectionName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary())
                // Pinned, not the host's: a re-read after a duplicate key or a lost compare-and-set must see the
                // winner's write, which a majority read may not show yet.
                .withReadConcern(ReadConcern.LOCAL);
        this.eventsCollectionName = config.orderEventsCollection();
        this.events = database.getCollection(eventsCollectionName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary())
                // Pinned, not the host's: a re-read after a duplicate key or a lost compare-and-set must see the
                // winner's write, which a majority read may not show yet.
                .withReadConcern(ReadConcern.LOCAL);
        this.committedEvents = events.withReadConcern(ReadConcern.MAJORITY);
    }

    @Override
    public InsertResult insert(Order order) {
        Checks.notNull(order, "order");
        if (order.version() != 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "version", "a new order has version 0");
        }
        if (order.lines().size() > HoldRequest.MAX_LINES) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "lines",
                    "an order may have at most " + HoldRequest.MAX_LINES + " lines, had "
                            + order.lines().size());
        }
        Document document = OrderMapping.toDocument(order);
        // What a reader will get back: the same order with its instants cut to the millisecond.
        Order stored = OrderMapping.fromDocument(document, collectionName);
        // The placement's event is recorded by the insert itself (history entry 1); the flag, in the same write,
        // tells positionEvents that it still needs a place in the feed.
        document.append(OrderMapping.FEED_PENDING, true);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                orders.insertOne(document);
                remember(stored);
                return new InsertResult.Inserted(stored);
            } catch (MongoException e) {
                if (!MongoErrors.isDuplicateKey(e)) {
                    throw MongoErrors.onWrite("insert order " + order.id(), e);
                }
            } catch (BSONException e) {
                throw MongoErrors.onWrite("insert order " + order.id(), e);
            }
            Optional<Order> existing = findExisting(order);
            if (existing.isPresent()) {
                return new InsertResult.Duplicate(existing.get());
            }
            // The order that held the id or key is gone again (deleted by hand): try to insert once more.
        }
        throw new OmsException(
                ErrorCode.CONCURRENT_MODIFICATION,
                "order " + order.id() + " collided with orders that then disappeared; retry it",
                List.of(),
                Map.of("orderId", order.id().value()),
                null);
    }

    /** The order that made an insert a duplicate: the one with the same id, else the one with the same key. */
    private Optional<Order> findExisting(Order order) {
        List<Document> found = MongoErrors.read("read the order holding id " + order.id(), () -> orders.find(or(
                        eq(OrderMapping.ID, order.id().value()),
                        and(
                                eq(OrderMapping.CUSTOMER, order.customer().value()),
                                eq(
                                        OrderMapping.IDEMPOTENCY_KEY,
                                        order.idempotencyKey().value()))))
                .limit(2)
                .into(new ArrayList<>()));
        Document sameId = null;
        for (Document d : found) {
            if (order.id().value().equals(d.get(OrderMapping.ID))) {
                sameId = d;
            }
        }
        Document winner = sameId != null ? sameId : found.isEmpty() ? null : found.get(0);
        return winner == null ? Optional.empty() : Optional.of(OrderMapping.fromDocument(winner, collectionName));
    }

    /**
     * The order by id. A document that cannot be read is read again before it is reported: a server that does not
     * isolate a read from a concurrent update of the same document (the in-process test server) can hand over a
     * document half-way through a status change, which the next read sees whole. A document that stays unreadable
     * is {@code DATA_CORRUPTED}.
     */
    @Override
    public Optional<Order> find(OrderId id) {
        Checks.notNull(id, "orderId");
        for (int attempt = 1; ; attempt++) {
            Document document = MongoErrors.read("find order " + id, () -> orders.find(eq(OrderMapping.ID, id.value()))
                    .first());
            try {
                if (document == null) {
                    return Optional.empty();
                }
                Order order = OrderMapping.fromDocument(document, collectionName);
                remember(order);
                return Optional.of(order);
            } catch (UnreadableDocumentException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public TransitionResult transition(OrderId id, long expectedVersion, StatusChange change) {
        Checks.notNull(id, "orderId");
        Checks.notNull(change, "change");
        if (change.shortPick() != null) {
            return shorten(id, expectedVersion, change);
        }
        // A move the path forbids is never written; the re-read below tells which error or conflict it is.
        OrderStatus from = change.from();
        boolean legalMove = from != null && from.canMoveTo(change.to());
        String fromName = from == null ? "" : from.name(); // matched only on a legal move, which has a from
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (legalMove) {
                String customer = customerOf(id);
                Document after = MongoErrors.write(
                        "move order " + id + " to " + change.to(),
                        () -> orders.findOneAndUpdate(
                                and(
                                        eq(OrderMapping.CUSTOMER, customer),
                                        eq(OrderMapping.ID, id.value()),
                                        eq(OrderMapping.VERSION, expectedVersion),
                                        eq(OrderMapping.STATUS, fromName)),
                                combine(
                                        set(OrderMapping.STATUS, change.to().name()),
                                        set(OrderMapping.UPDATED_AT, OrderMapping.date(change.at())),
                                        push(OrderMapping.HISTORY, OrderMapping.toDocument(change)),
                                        set(OrderMapping.FEED_PENDING, true),
                                        inc(OrderMapping.VERSION, 1L)),
                                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
                if (after != null) {
                    return new TransitionResult.Applied(OrderMapping.fromDocument(after, collectionName));
                }
            }
            Order current =
                    find(id).orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_ORDER, "order", id.value()));
            if (current.version() != expectedVersion) {
                return new TransitionResult.Conflict(current);
            }
            // At the expected version: the move itself must be wrong. This throws ILLEGAL_TRANSITION.
            current.transition(change);
            // Legal at the expected version, yet the update missed: the order appeared between the update and the
            // read. Write again.
        }
        throw keptChanging(id);
    }

    /**
     * A change with a short pick also sets the shortened line's quantity and short-picked units and the totals: the
     * new order is computed from the
     * stored one ({@link Order#transition}, which refuses what the domain refuses), then written by one
     * compare-and-set on the version and status read, so the lines, totals, status, history entry and feed flag
     * land together or not at all.
     */
    private TransitionResult shorten(OrderId id, long expectedVersion, StatusChange change) {
        OrderStatus from = change.from();
        String fromName = from == null ? "" : from.name();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Order current =
                    find(id).orElseThrow(() -> OmsException.notFound(ErrorCode.UNKNOWN_ORDER, "order", id.value()));
            if (current.version() != expectedVersion) {
                return new TransitionResult.Conflict(current);
            }
            Order next = current.transition(change);
            // Only the fields that change, by path: fields a newer writer added to a line or the totals survive.
            // The version filter makes the line indexes those of the order just read.
            List<Bson> updates = new ArrayList<>(OrderMapping.shortenedLineUpdates(current.lines(), next.lines()));
            updates.addAll(OrderMapping.totalsUpdates(next.totals()));
            updates.add(set(OrderMapping.STATUS, change.to().name()));
            updates.add(set(OrderMapping.UPDATED_AT, OrderMapping.date(change.at())));
            updates.add(push(OrderMapping.HISTORY, OrderMapping.toDocument(change)));
            updates.add(set(OrderMapping.FEED_PENDING, true));
            updates.add(inc(OrderMapping.VERSION, 1L));
            Document after = MongoErrors.write(
                    "short-pick " + change.shortPick() + " on order " + id,
                    () -> orders.findOneAndUpdate(
                            and(
                                    eq(OrderMapping.CUSTOMER, current.customer().value()),
                                    eq(OrderMapping.ID, id.value()),
                                    eq(OrderMapping.VERSION, expectedVersion),
                                    eq(OrderMapping.STATUS, fromName)),
                            combine(updates),
                            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
            if (after != null) {
                return new TransitionResult.Applied(OrderMapping.fromDocument(after, collectionName));
            }
            // Moved between the read and the write: the next read answers the conflict.
        }
        throw keptChanging(id);
    }

    private void remember(Order order) {
        customers.put(order.id().value(), order.customer().value());
    }

    /**
     * The customer of order {@code id}, the shard key of its document: remembered, else read by id (a read that a
     * sharded cluster sends to every shard, once per order and process). {@code UNKNOWN_ORDER} when there is none.
     */
    private String customerOf(OrderId id) {
        String known = customers.get(id.value());
        if (known != null) {
            return known;
        }
        Document document =
                MongoErrors.read("read the customer of order " + id, () -> orders.find(eq(OrderMapping.ID, id.value()))
                        .projection(include(OrderMapping.CUSTOMER))
                        .first());
        if (document == null) {
            throw OmsException.notFound(ErrorCode.UNKNOWN_ORDER, "order", id.value());
        }
        String customer = DocumentReader.of(document, collectionName).string(OrderMapping.CUSTOMER);
        customers.put(id.value(), customer);
        return customer;
    }

    private static OmsException keptChanging(OrderId id) {
        return new OmsException(
                ErrorCode.CONCURRENT_MODIFICATION,
                "order " + id + " kept changing under this status change; retry it",
                List.of(),
                Map.of("orderId", id.value()),
                null);
    }

    /**
     * Positions the pending events as the class documentation describes. An order that cannot be read fails the
     * call with {@code DATA_CORRUPTED} naming it, rather than leaving its events out of the feed; a feed without
     * its unique index on {@code pos} ({@link MongoOmsSchema#deploy} not run) fails it with
     * {@code INVALID_CONFIGURATION} before anything is written.
     */
    @Override
    public int positionEvents(int max) {
        Checks.positive(max, "max");
        List<Document> pending = MongoErrors.read(
                "find orders with events to position", () -> orders.find(eq(OrderMapping.FEED_PENDING, true))
                        .limit(max)
                        .into(new ArrayList<>()));
        if (pending.isEmpty()) {
            return 0;
        }
        requireUniquePositions();
        Positioner positioner = new Positioner();
        for (Document document : pending) {
            if (positioner.inserted >= max) {
                break;
            }
            Order order = OrderMapping.fromDocument(document, collectionName);
            int fed = DocumentReader.of(document, collectionName).intValue(OrderMapping.FED, 0);
            int size = order.history().size();
            int done = Math.min(fed, size);
            while (done < size && positioner.inserted < max) {
                positioner.place(order, done + 1);
                done++;
            }
            recordFed(order, fed, done);
        }
        return positioner.inserted;
    }

    /**
     * Refuses to position events while the feed has no unique index on {@code pos}: without it two callers could
     * give two events one position, and nothing would tell. Read once per repository, on the first call with work.
     */
    private void requireUniquePositions() {
        if (uniquePositionsSeen) {
            return;
        }
        List<Document> indexes =
                MongoErrors.read("list the indexes of " + eventsCollectionName, () -> events.listIndexes()
                        .into(new ArrayList<>()));
        for (Document index : indexes) {
            Object key = index.get("key");
            if (key instanceof Document
                    && ((Document) key).keySet().equals(java.util.Set.of(EventMapping.POS))
                    && Boolean.TRUE.equals(index.get("unique"))) {
                uniquePositionsSeen = true;
                return;
            }
        }
        throw new OmsException(
                ErrorCode.INVALID_CONFIGURATION,
                "the event feed " + eventsCollectionName + " has no unique index on " + EventMapping.POS
                        + ": run MongoOmsSchema.deploy before positioning events",
                List.of(),
                Map.of("collection", eventsCollectionName),
                null);
    }

    /**
     * Records that the first {@code done} entries of {@code order} are in the feed. When that is all of them and the
     * order has not changed since it was read, the pending flag goes too; otherwise only {@code fed} moves (never
     * back), and the flag stays for the next call.
     */
    private void recordFed(Order order, int fed, int done) {
        String operation = "record the events of order " + order.id() + " as positioned";
        if (done == order.history().size()) {
            UpdateResult cleared = MongoErrors.write(
                    operation,
                    () -> orders.updateOne(
                            and(
                                    eq(OrderMapping.CUSTOMER, order.customer().value()),
                                    eq(OrderMapping.ID, order.id().value()),
                                    eq(OrderMapping.VERSION, order.version())),
                            combine(max(OrderMapping.FED, done), unset(OrderMapping.FEED_PENDING))));
            if (cleared.getMatchedCount() > 0) {
                return;
            }
            // A change arrived since the read: its transition set the flag again; leave it for the next call.
        }
        if (done > fed) {
            MongoErrors.write(
                    operation,
                    () -> orders.updateOne(
                            and(
                                    eq(OrderMapping.CUSTOMER, order.customer().value()),
                                    eq(OrderMapping.ID, order.id().value())),
                            max(OrderMapping.FED, done)));
        }
    }

    /** The state of one {@link #positionEvents} call: the next free position as far as it knows, and its count. */
    private final class Positioner {
        /** The position the next event goes to; 0 until the feed's end has been read. */
        private long next;

        private int inserted;

        /**
         * Gives event {@code sequence} of {@code order} a position, unless another caller already did. An insert at
         * {@code k} is tried only when {@code k - 1} is known to be in the feed (read as the feed's last position,
         * or inserted by this caller), so the feed never has a hole that a later insert could fill.
         */
        void place(Order order, int sequence) {
            String id = new EventId(order.id(), sequence).value();
            String operation = "position event " + id;
            for (int attempt = 0; attempt < PLACE_ATTEMPTS; attempt++) {
                if (next == 0) {
                    next = lastPosition(events) + 1;
                }
                Document event = EventMapping.toDocument(order, sequence, next);
                try {
                    events.insertOne(event);
                    next++;
                    inserted++;
                    return;
                } catch (MongoException e) {
                    if (!MongoErrors.isDuplicateKey(e)) {
                        throw MongoErrors.onWrite(operation, e);
                    }
                } catch (BSONException e) {
                    throw MongoErrors.onWrite(operation, e);
                }
                // A duplicate: either the event is in the feed already (another caller placed it), or the position
                // was taken by another event.
                Document existing = MongoErrors.read("find event " + id, () -> events.find(eq(EventMapping.ID, id))
                        .projection(include(EventMapping.ID))
                        .first());
                if (existing != null) {
                    return;
                }
                next = 0;
            }
            throw new OmsException(
                    ErrorCode.CONCURRENT_MODIFICATION,
                    "event " + id + " found its position taken " + PLACE_ATTEMPTS + " times; retry positionEvents",
                    List.of(),
                    Map.of("eventId", id),
                    null);
        }
    }

    /**
     * One query on the unique index on {@code pos} (on {store, pos} for a store). A feed document that cannot be
     * read fails the call with {@code DATA_CORRUPTED} naming it: a feed must not skip an event without a word.
     */
    @Override
    public List<OrderEvent> feed(long position, @Nullable StoreId store, int limit) {
        Checks.positive(limit, "limit");
        if (position < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "position", "must not be negative");
        }
        Bson filter = store == null
                ? gt(EventMapping.POS, position)
                : and(eq(EventMapping.STORE, store.value()), gt(EventMapping.POS, position));
        String operation = "read the feed after " + position + (store == null ? "" : " of store " + store);
        List<Document> documents = MongoErrors.read(operation, () -> committedEvents
                .find(filter)
                .sort(Sorts.ascending(EventMapping.POS))
                .limit(limit)
                .into(new ArrayList<>()));
        List<OrderEvent> out = new ArrayList<>(documents.size());
        for (Document d : documents) {
            out.add(EventMapping.fromDocument(d, eventsCollectionName));
        }
        return List.copyOf(out);
    }

    /** The highest position a majority holds (what {@link #feed} can return). */
    @Override
    public long lastPosition() {
        return lastPosition(committedEvents);
    }

    /**
     * The highest position in {@code collection}. Positioning reads it from the primary's latest state: an event
     * goes above every position written there, rolled back or not, so the order of the writes is the order of
     * the positions and a rollback can only remove a suffix of the feed.
     */
    private long lastPosition(MongoCollection<Document> collection) {
        Document last = MongoErrors.read("read the feed's last position", () -> collection
                .find()
                .sort(Sorts.descending(EventMapping.POS))
                .projection(include(EventMapping.POS))
                .limit(1)
                .first());
        return last == null ? 0 : DocumentReader.of(last, eventsCollectionName).longValue(EventMapping.POS);
    }

    /**
     * One query on the index {@value MongoOmsSchema#ORDERS_STATUS_EXPIRY}, sorted by hold expiry then id; the cursor
     * is the pair (holdExpiresAt, id) of {@code after}, in the filter, so the index bounds start at it.
     */
    @Override
    public List<Order> findAwaitingPaymentExpiredBy(Instant cutoff, @Nullable Order after, int limit) {
        Checks.notNull(cutoff, "cutoff");
        Checks.positive(limit, "limit");
        List<Bson> filters = new ArrayList<>();
        filters.add(eq(OrderMapping.STATUS, OrderStatus.AWAITING_PAYMENT.name()));
        filters.add(lte(OrderMapping.HOLD_EXPIRES_AT, OrderMapping.date(cutoff)));
        if (after != null
                && !TimeFilters.addAfter(
                        filters,
                        OrderMapping.HOLD_EXPIRES_AT,
                        OrderMapping.ID,
                        after.holdExpiresAt(),
                        after.id().value())) {
            return List.of();
        }
        return query(
                "find orders awaiting payment expired by " + cutoff,
                filters,
                OrderMapping.HOLD_EXPIRES_AT,
                false,
                Sorts.ascending(OrderMapping.HOLD_EXPIRES_AT, OrderMapping.ID),
                limit);
    }

    @Override
    public List<Order> findByStoreAndStatus(StoreId store, OrderStatus status, int limit) {
        return findByStoreAndStatus(store, status, null, limit);
    }

    /**
     * One query on the index {@value MongoOmsSchema#ORDERS_STORE_STATUS}, sorted by creation time then id; the
     * cursor (createdAt, id) of {@code after} is a range on the creation time, so the index scan starts at it.
     */
    @Override
    public List<Order> findByStoreAndStatus(StoreId store, OrderStatus status, @Nullable Order after, int limit) {
        Checks.notNull(store, "store");
        Checks.notNull(status, "status");
        Checks.positive(limit, "limit");
        List<Bson> filters = new ArrayList<>();
        filters.add(eq(OrderMapping.STORE, store.value()));
        filters.add(eq(OrderMapping.STATUS, status.name()));
        if (!createdAfter(filters, after)) {
            return List.of();
        }
        return query(
                "find orders of store " + store + " in " + status,
                filters,
                OrderMapping.CREATED_AT,
                false,
                Sorts.ascending(OrderMapping.CREATED_AT, OrderMapping.ID),
                limit);
    }

    /**
     * One query on the index {@value MongoOmsSchema#ORDERS_STORE_CREATED}, sorted by creation time then id; the
     * cursor is the pair (createdAt, id) of {@code after}, so pages follow each other without loss or repeat. The
     * bounds and the cursor are compared with the stored, millisecond, times exactly as with the orders read back.
     * Unlike the other listings, an order that cannot be read fails the call ({@code DATA_CORRUPTED}, naming it):
     * a rebuild of a store's counters adds up every order of the store, and one left out would rebuild them
     * wrong without a word.
     */
    @Override
    public List<Order> findByStore(StoreId store, Instant from, Instant to, @Nullable Order after, int limit) {
        Checks.notNull(store, "store");
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        Checks.positive(limit, "limit");
        List<Bson> filters = new ArrayList<>();
        filters.add(eq(OrderMapping.STORE, store.value()));
        if (!TimeFilters.addRange(filters, OrderMapping.CREATED_AT, from, to)) {
            return List.of();
        }
        if (!createdAfter(filters, after)) {
            return List.of();
        }
        String operation = "find orders of store " + store + " placed in [" + from + ", " + to + ")";
        List<Document> documents = MongoErrors.read(operation, () -> orders.find(and(filters))
                .sort(Sorts.ascending(OrderMapping.CREATED_AT, OrderMapping.ID))
                .limit(limit)
                .into(new ArrayList<>()));
        List<Order> out = new ArrayList<>(documents.size());
        for (Document d : documents) {
            out.add(OrderMapping.fromDocument(d, collectionName));
        }
        return List.copyOf(out);
    }

    /**
     * Adds the cursor of an oldest-first page by creation time: the orders after {@code after} by (createdAt, id).
     * False when none can follow it; true, adding nothing, for the first page.
     */
    private static boolean createdAfter(List<Bson> filters, @Nullable Order after) {
        return after == null
                || TimeFilters.addAfter(
                        filters,
                        OrderMapping.CREATED_AT,
                        OrderMapping.ID,
                        after.createdAt(),
                        after.id().value());
    }

    @Override
    public List<Order> findByCustomer(CustomerId customer, int limit) {
        return findByCustomer(customer, null, limit);
    }

    /**
     * One query on the index {@value MongoOmsSchema#ORDERS_CUSTOMER_CREATED}, newest first, then by id; the cursor
     * (createdAt, id) of {@code after} is a range on the creation time ({@code <=}), so the index scan starts at it.
     */
    @Override
    public List<Order> findByCustomer(CustomerId customer, @Nullable Order after, int limit) {
        Checks.notNull(customer, "customer");
        Checks.positive(limit, "limit");
        List<Bson> filters = new ArrayList<>();
        filters.add(eq(OrderMapping.CUSTOMER, customer.value()));
        if (after != null
                && !TimeFilters.addBefore(
                        filters,
                        OrderMapping.CREATED_AT,
                        OrderMapping.ID,
                        after.createdAt(),
                        after.id().value())) {
            return List.of();
        }
        return query(
                "find orders of customer " + customer,
                filters,
                OrderMapping.CREATED_AT,
                true,
                Sorts.orderBy(Sorts.descending(OrderMapping.CREATED_AT), Sorts.ascending(OrderMapping.ID)),
                limit);
    }

    /**
     * Runs a page of a list query sorted by {@code timeField} (descending when {@code newestFirst}), then id. A
     * document that cannot be read is logged and left out, so that one damaged order does not stop the reconciler
     * or a store's picking queue ({@link #find} of that order still reports it); the page is then filled from past
     * the last document read, so a page comes back short only at the end of the list: a caller that stops at a
     * short page (the reconciler) is never starved of the orders after a damaged one.
     */
    private List<Order> query(
            String operation, List<Bson> baseFilters, String timeField, boolean newestFirst, Bson sort, int limit) {
        List<Bson> filters = new ArrayList<>(baseFilters);
        List<Order> out = new ArrayList<>();
        while (true) {
            int wanted = limit - out.size();
            Bson filter = and(filters);
            List<Document> documents = MongoErrors.read(
                    operation,
                    () -> orders.find(filter).sort(sort).limit(wanted).into(new ArrayList<>()));
            int skipped = 0;
            for (Document d : documents) {
                try {
                    Order order = OrderMapping.fromDocument(d, collectionName);
                    remember(order);
                    out.add(order);
                } catch (UnreadableDocumentException e) {
                    skipped++;
                    LOG.error("{}: left out an order that cannot be read", operation, e);
                }
            }
            if (skipped == 0 || documents.size() < wanted) {
                return List.copyOf(out);
            }
            Document last = documents.get(documents.size() - 1);
            Object at = last.get(timeField);
            Object id = last.get(OrderMapping.ID);
            if (!(at instanceof java.util.Date) || !(id instanceof String)) {
                LOG.error("{}: cannot read on past order {}, whose {} cannot be read", operation, id, timeField);
                return List.copyOf(out);
            }
            Instant t = ((java.util.Date) at).toInstant();
            boolean more = newestFirst
                    ? TimeFilters.addBefore(filters, timeField, OrderMapping.ID, t, (String) id)
                    : TimeFilters.addAfter(filters, timeField, OrderMapping.ID, t, (String) id);
            if (!more) {
                return List.copyOf(out);
            }
        }
    }
}
