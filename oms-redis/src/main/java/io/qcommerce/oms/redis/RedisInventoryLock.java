package io.qcommerce.oms.redis;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InventoryLock} on Redis, through Lettuce: the counters and holds of each store live in Redis, and
 * every operation is one Lua script called by its digest, one round trip, atomic on the server.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>Atomicity: a reserve of any number of lines, a confirm, a release, a stock change and a read of
 *       levels or batches are each one script run, which Redis runs alone: no oversell under any concurrency,
 *       in any number of processes sharing the server.</li>
 *   <li>Exact expiry: a hold stops counting at its expiry instant for every reader, whichever client asks
 *       next; a confirm at or after the expiry is refused inside the same script that would sell. Time is the
 *       server's clock unless {@link RedisInventoryLockConfig.Builder#clock} says otherwise, and never runs
 *       backwards for a store.</li>
 *   <li>Idempotency: every operation repeated with the same reservation or movement id answers as the first
 *       time and changes nothing; finished holds and movements stay answerable for the configured retention.
 *       A call that timed out ({@code OUTCOME_UNKNOWN}) is settled by repeating it.</li>
 *   <li>Slots and batches, as the in-memory lock does them: a delivery slot is a counter like a SKU's, held in
 *       the same all-or-nothing step as the cart, and no hold is made at or after its request's cut-off (a
 *       repeat is still answered). A SKU's units may be kept in batches with an expiry: a hold takes them first
 *       expiry first from the batches still good when it expires and at the line's freshness instant, records
 *       what it took, and confirm, release and expiry settle exactly those batches; units of an expired batch
 *       stop being available at its expiry instant with no sweep. Instants the caller gives (a batch's expiry,
 *       a freshness instant, a cut-off) are kept to the nanosecond; the lock's own "now" is whole microseconds.</li>
 *   <li>A record of every change: each script that changes a counter appends the movements it made to the
 *       store's ledger stream in the same atomic step (a receipt, adjustment, restock or return as one
 *       movement, with its actor and reason; a hold's reserve, sale, release and expiry as one per line and
 *       batch, an expiry at the hold's expiry instant; every movement of one operation in one stream entry),
 *       and a repeat or a refusal appends nothing. The stream is
 *       read in order by {@link #movements} and kept for the retention window (trimmed as it grows).</li>
 *   <li>Recovery: {@link #restore} replaces a store's counters, batches and live holds in one script, from a
 *       state that {@link io.qcommerce.oms.ledger.StockRecovery} computes from the durable record.</li>
 *   <li>Cluster: every key of a store carries the store as hash tag ({@link RedisKeys}), so each script runs
 *       on the one node that owns the store.</li>
 *   <li>No Lettuce exception crosses the port: failures are {@code BACKEND_UNAVAILABLE} (not applied) or
 *       {@code OUTCOME_UNKNOWN} (maybe applied), see {@link Failures}.</li>
 * </ul>
 *
 * <p>What it does not do: it keeps no durable record (Redis may lose recent writes on a crash without an
 * append-only file, or on failover, its ledger stream with them; the stock ledger and the orders elsewhere are
 * the record to rebuild from, see {@link #restore}), and it cannot stop Redis from evicting keys: run the server
 * with {@code maxmemory-policy noeviction} ({@link #checkEvictionPolicy()}). It needs Redis 6.2 or newer (the
 * scripts trim the ledger with {@code XADD ... MINID}).
 *
 * <p>Thread-safe, and stateless apart from its settings: share one instance. It is given an open connection
 * and does no I/O in its constructor; scripts are loaded on first use (or by {@link #start()}). The caller
 * owns the connection and its client: it closes them after it has stopped using this lock.
 */
public final class RedisInventoryLock implements InventoryLock {
    private static final Logger LOG = LoggerFactory.getLogger(RedisInventoryLock.class);
    private static final long MICROS_PER_SECOND = 1_000_000L;
    /** The latest instant a hold's own times may be, in µs: exact in a Lua number (2^53 - 1, in 2255). */
    private static final long MAX_HOLD_MICROS = (1L << 53) - 1;

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    private static final Comparator<BatchLevel> EXPIRING_ORDER = Comparator.comparing(BatchLevel::batch, Batch.FEFO)
            .thenComparing(l -> l.sku().value());

    /** The position before every movement: the smallest stream id, which no entry has. */
    static final String LEDGER_START = "0-0";

    private final ScriptTarget target;
    private final RedisInventoryLockConfig config;
    private final RedisKeys keys;
    private final @Nullable Clock clock;
    private final String retentionMillis;
    private final String reapBatch;
    /**
     * How scripts are called: unknown until the first call tries FCALL (or {@link #start()} loads the library);
     * then FCALL (Redis 7 and newer) or EVALSHA (Redis 6.2, or a server that may not load functions).
     */
    private volatile Calls calls = Calls.UNKNOWN;

    private enum Calls {
        UNKNOWN,
        FUNCTIONS,
        SCRIPTS
    }

    /** A lock on one Redis server (or a primary behind Sentinel) with default settings. */
    public RedisInventoryLock(StatefulRedisConnection<String, String> connection) {
        this(connection, RedisInventoryLockConfig.ofDefaults());
    }

    /** A lock on one Redis server (or a primary behind Sentinel). */
    public RedisInventoryLock(StatefulRedisConnection<String, String> connection, RedisInventoryLockConfig config) {
        this(ScriptTarget.of(Checks.notNull(connection, "connection")), config);
    }

    /** A lock on a Redis Cluster with default settings. */
    public RedisInventoryLock(StatefulRedisClusterConnection<String, String> connection) {
        this(connection, RedisInventoryLockConfig.ofDefaults());
    }

    /** A lock on a Redis Cluster; the stores spread over its masters by their hash tags. */
    public RedisInventoryLock(
            StatefulRedisClusterConnection<String, String> connection, RedisInventoryLockConfig config) {
        this(ScriptTarget.of(Checks.notNull(connection, "connection")), config);
    }

    RedisInventoryLock(ScriptTarget target, RedisInventoryLockConfig config) {
        this.target = target;
        this.config = Checks.notNull(config, "config");
        this.keys = new RedisKeys(config.keyPrefix());
        this.clock = config.clock().orElse(null);
        long millis = config.retention().toMillis() + (config.retention().toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        this.retentionMillis = Long.toString(millis);
        this.reapBatch = Integer.toString(config.reapBatchSize());
    }

    public RedisInventoryLockConfig config() {
        return config;
    }

    /**
     * Optional warm-up: loads every script into the script cache (of every node of a cluster), then checks the
     * eviction policy as {@link #checkEvictionPolicy()} does, logging a warning when it cannot be read. Without
     * it, each script is loaded by its first call. Safe to call again, for instance after a failover.
     *
     * @throws OmsException {@code INVALID_CONFIGURATION} when a server may evict keys; a backend error when
     *                      Redis cannot be reached
     */
    public void start() {
        if (prepare(true) == Calls.SCRIPTS) {
            for (LuaScripts.Script script : LuaScripts.ALL) {
                String sha = await("load script " + script.name(), () -> target.load(script.body()));
                if (!script.sha1().equals(sha)) {
                    throw new OmsException(
                            ErrorCode.INVALID_CONFIGURATION,
                            "Redis loaded script " + script.name() + " under digest " + sha + ", expected "
                                    + script.sha1());
                }
            }
        }
        if (!checkEvictionPolicy()) {
            LOG.warn("Cannot read maxmemory-policy (CONFIG GET is not allowed here): make sure the server runs with"
                    + " noeviction, or stock keys may be evicted under memory pressure");
        }
    }

    /**
     * Checks that every server holding data runs with {@code maxmemory-policy noeviction}: with any other
     * policy Redis may drop stock keys under memory pressure, and units would vanish.
     *
     * @return true when every server said noeviction; false when the policy could not be read (managed
     *         services often refuse CONFIG): then it is the operator's to ensure
     * @throws OmsException {@code INVALID_CONFIGURATION} when a server reports another policy
     */
    public boolean checkEvictionPolicy() {
        String operation = "CONFIG GET maxmemory-policy";
        Map<String, RedisFuture<Map<String, String>>> answers;
        try {
            answers = target.configGet("maxmemory-policy");
        } catch (RuntimeException e) {
            throw Failures.translate(operation, e);
        }
        boolean known = true;
        for (Map.Entry<String, RedisFuture<Map<String, String>>> answer : answers.entrySet()) {
            Map<String, String> values;
            try {
                values = await(operation, answer::getValue);
            } catch (OmsException e) {
                if (e.getCause() instanceof RedisCommandExecutionException
                        && !(e.getCause() instanceof RedisBusyException
                                || e.getCause() instanceof RedisLoadingException)) {
                    known = false; // an error reply: CONFIG is disabled, renamed or not permitted here
                    continue;
                }
                throw e;
            }
            String policy = values.get("maxmemory-policy");
            if (policy == null) {
                known = false;
            } else if (!"noeviction".equalsIgnoreCase(policy)) {
                throw new OmsException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "Redis " + answer.getKey() + " runs with maxmemory-policy " + policy
                                + ": it may evict stock keys; set it to noeviction",
                        List.of(),
                        Map.of("maxmemory-policy", policy, "server", answer.getKey()),
                        null);
            }
        }
        return known;
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        Checks.notNull(request, "request");
        StoreId store = request.store();
        List<Object> reply = run(
                LuaScripts.RESERVE,
                "reserve " + request.id(),
                store,
                keys.hold(store, request.id()),
                request.id().value(),
                Long.toString(ceilMicros(request.ttl())),
                encodeLines(request.lines()),
                encodeFreshness(request.lines()),
                request.bookableUntil() == null ? "" : nanos(request.bookableUntil()));
        return decode("reserve", reply, () -> {
            String tag = (String) reply.get(0);
            switch (tag) {
                case "HELD":
                case "REPEAT": {
                    Reservation hold = reservation(request.id(), store, list(reply.get(1)));
                    List<StockLevel> levels = levels(store, hold.lines(), list(reply.get(2)));
                    return new ReserveResult.Reserved(hold, levels, tag.equals("REPEAT"));
                }
                case "SHORT":
                    return new ReserveResult.Insufficient(store, shortfalls(request, list(reply.get(1))));
                case "TOOLATE":
                    // Only a hold with a cut-off can come too late.
                    return new ReserveResult.TooLate(
                            store, Objects.requireNonNull(request.bookableUntil(), "bookableUntil"));
                case "CONFLICT":
                    throw new OmsException(
                            ErrorCode.IDEMPOTENCY_CONFLICT,
                            "reservation " + request.id()
                                    + " exists with other lines; a reservation id names one request",
                            List.of(),
                            Map.of("reservationId", request.id().value()),
                            null);
                default:
                    throw new IllegalStateException(tag);
            }
        });
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        Checks.notNull(store, "store");
        Checks.notNull(id, "reservationId");
        List<Object> reply = run(LuaScripts.CONFIRM, "confirm " + id, store, keys.hold(store, id), id.value());
        return decode("confirm", reply, () -> {
            Reservation r = known(store, id, reply);
            switch (r.status()) {
                case CONFIRMED:
                    return new ConfirmResult.Confirmed(r);
                case EXPIRED:
                    return new ConfirmResult.Expired(r);
                case RELEASED:
                    return new ConfirmResult.Released(r);
                default:
                    throw new IllegalStateException("still " + r.status());
            }
        });
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        Checks.notNull(store, "store");
        Checks.notNull(id, "reservationId");
        List<Object> reply = run(LuaScripts.RELEASE, "release " + id, store, keys.hold(store, id), id.value());
        return decode("release", reply, () -> {
            Reservation r = known(store, id, reply);
            switch (r.status()) {
                case RELEASED:
                    return new ReleaseResult.Released(r);
                case EXPIRED:
                    return new ReleaseResult.Expired(r);
                case CONFIRMED:
                    return new ReleaseResult.AlreadyConfirmed(r);
                default:
                    throw new IllegalStateException("still " + r.status());
            }
        });
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        Checks.notNull(store, "store");
        Checks.notNull(id, "reservationId");
        List<Object> reply = run(LuaScripts.FIND, "find " + id, store, keys.hold(store, id), id.value());
        return decode(
                "find", reply, () -> reply.isEmpty() ? Optional.empty() : Optional.of(reservation(id, store, reply)));
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        Checks.notNull(store, "store");
        Checks.noNulls(resources, "resources");
        Map<Resource, StockLevel> out = new LinkedHashMap<>();
        if (resources.isEmpty()) {
            return out;
        }
        List<Resource> distinct = new ArrayList<>(new LinkedHashSet<>(resources));
        String[] args = new String[distinct.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = distinct.get(i).key();
        }
        List<Object> reply = run(LuaScripts.LEVELS, "levels", store, null, args);
        return decode("levels", reply, () -> {
            for (int i = 0; i < distinct.size(); i++) {
                Resource r = distinct.get(i);
                out.put(r, level(store, r, reply, 3 * i));
            }
            return out;
        });
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        Checks.notNull(change, "change");
        StoreId store = change.store();
        Resource resource = change.resource();
        Batch batch = change.batch();
        List<Object> reply = run(
                LuaScripts.APPLY,
                "apply " + change.id(),
                store,
                keys.movement(store, change.id()),
                resource.key(),
                change.kind().name(),
                Long.toString(change.delta()),
                Long.toString(Limits.MAX_UNITS),
                batch == null ? "" : batch.code().value(),
                batch == null ? "" : nanos(batch.expiresAt()),
                change.kind().movementType().name(),
                change.id().value(),
                change.actor() == null ? "" : change.recordedActor(),
                change.reason());
        return decode("apply", reply, () -> {
            String tag = (String) reply.get(0);
            switch (tag) {
                case "APPLIED":
                case "REPEAT":
                    return new StockChangeResult.Applied(level(store, resource, reply, 1), tag.equals("REPEAT"));
                case "REJECTED": {
                    StockChangeResult.Cause cause = StockChangeResult.Cause.valueOf((String) reply.get(4));
                    return new StockChangeResult.Rejected(
                            level(store, resource, reply, 1),
                            cause,
                            cause.describe(change, number(reply.get(5)), number(reply.get(6))));
                }
                case "CONFLICT":
                    throw new OmsException(
                            ErrorCode.IDEMPOTENCY_CONFLICT,
                            "movement " + change.id() + " was applied before with other content",
                            List.of(),
                            Map.of("movementId", change.id().value()),
                            null);
                default:
                    throw new IllegalStateException(tag);
            }
        });
    }

    @Override
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        List<Object> reply = run(
                LuaScripts.BATCHES, "batches", store, null, Resource.sku(sku).key());
        return decode("batches", reply, () -> {
            List<BatchLevel> out = new ArrayList<>(reply.size() / 4);
            for (int i = 0; i + 3 < reply.size(); i += 4) {
                out.add(new BatchLevel(
                        store,
                        sku,
                        batch(reply.get(i), reply.get(i + 1)),
                        number(reply.get(i + 2)),
                        number(reply.get(i + 3))));
            }
            return out;
        });
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId store, Instant before) {
        Checks.notNull(store, "store");
        Checks.notNull(before, "before");
        List<Object> reply = run(LuaScripts.BATCHES_EXPIRING, "batchesExpiring", store, null, nanos(before));
        return decode("batchesExpiring", reply, () -> {
            List<BatchLevel> out = new ArrayList<>(reply.size() / 5);
            for (int i = 0; i + 4 < reply.size(); i += 5) {
                SkuId sku = Resource.ofKey((String) reply.get(i)).skuId();
                out.add(new BatchLevel(
                        store,
                        sku,
                        batch(reply.get(i + 1), reply.get(i + 2)),
                        number(reply.get(i + 3)),
                        number(reply.get(i + 4))));
            }
            // The script walks a hash in no useful order; the port promises first expiry first.
            out.sort(EXPIRING_ORDER);
            return out;
        });
    }

    @Override
    public int expireDue(StoreId store, int max) {
        Checks.notNull(store, "store");
        Checks.positive(max, "max");
        List<Object> reply = run(LuaScripts.EXPIRE_DUE, "expireDue", store, null, Integer.toString(max));
        return decode("expireDue", reply, () -> (int) number(reply.get(0)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A position has the shape of a stream entry id ({@code <ms>-<sequence>}): an entry of k movements takes
     * k sequence numbers, one per movement, so a page may end inside an entry; anything else is
     * {@code INVALID_ARGUMENT}. Every due hold of the store is expired (and recorded) first, as the in-memory
     * lock does; entries older than the retention are not returned, even while the stream still keeps them.
     */
    @Override
    public LedgerPage movements(StoreId store, @Nullable String position, int limit) {
        Checks.notNull(store, "store");
        Checks.positive(limit, "limit");
        String[] from = position == null ? new String[] {"", ""} : firstAfter(position);
        if (from == null) {
            // after the greatest id a stream can have (only a given position has no successor)
            return new LedgerPage(List.of(), Objects.requireNonNull(position, "position"));
        }
        String start = position == null ? LEDGER_START : position;
        List<Object> reply =
                run(LuaScripts.MOVEMENTS, "movements", store, null, from[0], from[1], Integer.toString(limit));
        return decode("movements", reply, () -> {
            // An entry is one operation; its k movements sit at the entry's sequence number and the k - 1 after.
            long fromMs = position == null ? 0 : Long.parseUnsignedLong(from[0]);
            long fromSeq = position == null ? 0 : Long.parseUnsignedLong(from[1]);
            List<StockMovement> out = new ArrayList<>(limit);
            String last = start;
            List<Object> entries = new ArrayList<>(list(reply.get(0)));
            entries.addAll(list(reply.get(1)));
            String previous = null;
            for (Object entry : entries) {
                List<Object> idAndFields = list(entry);
                String id = (String) idAndFields.get(0);
                if (id.equals(previous)) {
                    continue; // the entry at the start, found both looking back and reading on
                }
                previous = id;
                int dash = id.indexOf('-');
                long ms = Long.parseUnsignedLong(id.substring(0, dash));
                long seq = Long.parseUnsignedLong(id.substring(dash + 1));
                List<StockMovement> moves = entryMovements(store, list(idAndFields.get(1)));
                for (int i = 0; i < moves.size() && out.size() < limit; i++) {
                    if (position != null && ms == fromMs && Long.compareUnsigned(seq + i, fromSeq) < 0) {
                        continue; // before the start: read by an earlier page
                    }
                    if (position != null && Long.compareUnsigned(ms, fromMs) < 0) {
                        break; // an entry wholly before the start
                    }
                    out.add(moves.get(i));
                    last = ms + "-" + Long.toUnsignedString(seq + i);
                }
            }
            return new LedgerPage(out, last);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the store's whole stock and batch hashes in one script: for reports and drift checks, not per
     * order.
     */
    /**
     * The clock the scripts decide the store's expiry by: the configured client clock, else the server's {@code TIME}
     * read on the node that holds the store (on a cluster, the store's master).
     */
    @Override
    public Instant now(StoreId store) {
        Checks.notNull(store, "store");
        if (clock != null) {
            return clock.instant();
        }
        List<Object> time = await("read the time of " + store, () -> target.scripting()
                .eval("return redis.call('TIME')", ScriptOutputType.MULTI, new String[] {keys.stock(store)}));
        long seconds = Long.parseLong(String.valueOf(time.get(0)));
        long micros = Long.parseLong(String.valueOf(time.get(1)));
        return Instant.ofEpochSecond(seconds, micros * 1000);
    }

    @Override
    public Map<Resource, StockLevel> allLevels(StoreId store) {
        Checks.notNull(store, "store");
        List<Object> reply = run(LuaScripts.ALL_LEVELS, "allLevels", store, null);
        return decode("allLevels", reply, () -> {
            Map<Resource, StockLevel> out = new HashMap<>();
            for (int i = 0; i + 3 < reply.size(); i += 4) {
                Resource resource = Resource.ofKey((String) reply.get(i));
                out.put(resource, level(store, resource, reply, i + 1));
            }
            return out;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One script call, whatever the size of the state (it travels as a handful of arguments per hold and
     * two per SKU with batches). Besides what {@link StoreState} checks, the state is refused with
     * {@code INVALID_ARGUMENT}, before any I/O, when a hold names a resource twice, a resource has two batches
     * of one code, or a hold's creation or expiry lies before 1970 or after 2255 (a hold's own times are
     * whole microseconds in Lua's numbers). A hold's creation is kept to the microsecond below, its expiry to
     * the microsecond above. Records no movement, except the expiry of restored holds already due.
     */
    @Override
    public void restore(StoreState state) {
        Checks.notNull(state, "state");
        StoreId store = state.store();
        List<String> args = encodeState(state);
        List<Object> reply = run(LuaScripts.RESTORE, "restore " + store, store, null, args.toArray(new String[0]));
        decode("restore", reply, () -> {
            if (!"RESTORED".equals(reply.get(0))) {
                throw new IllegalStateException(String.valueOf(reply.get(0)));
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "RedisInventoryLock[" + config + "]";
    }

    // ------------------------------------------------------------------------------------------ calls

    /**
     * Runs a script on the store: as a function of the library (Redis 7 and newer), else by digest. When the
     * server does not know the function (a restart without persistence, a new cluster master, FUNCTION FLUSH),
     * loads the library again and calls once more; when it does not know the digest (a restart, a failover,
     * SCRIPT FLUSH), sends the body once, which runs it and caches it again. Both refusals come before the
     * script runs, so the second attempt cannot apply anything twice.
     *
     * @param ownKey the hold or movement key; absent for a script on the store's keys only
     */
    private List<Object> run(
            LuaScripts.Script script, String operation, StoreId store, @Nullable String ownKey, String... own) {
        // The store's counters come first: on a cluster, the first key routes the call to the store's node.
        String[] scriptKeys = ownKey == null
                ? new String[] {keys.stock(store), keys.due(store), keys.batches(store), keys.ledger(store)}
                : new String[] {keys.stock(store), keys.due(store), keys.batches(store), keys.ledger(store), ownKey};
        String[] args = new String[4 + own.length];
        args[0] = clock == null ? "" : Long.toString(micros(clock.instant()));
        args[1] = retentionMillis;
        args[2] = reapBatch;
        args[3] = keys.holdBase(store);
        System.arraycopy(own, 0, args, 4, own.length);
        if (calls != Calls.SCRIPTS) {
            try {
                List<Object> reply = fcall(script, operation, scriptKeys, args);
                calls = Calls.FUNCTIONS;
                return reply;
            } catch (NoScript e) {
                if (prepare(true) == Calls.FUNCTIONS) {
                    try {
                        return fcall(script, operation, scriptKeys, args);
                    } catch (NoScript again) {
                        throw new OmsException(
                                ErrorCode.BACKEND_UNAVAILABLE,
                                "Redis lost function " + script.function() + " again right after loading it; "
                                        + operation + " was not applied: retry later with the same ids");
                    }
                }
            } catch (OmsException e) {
                // Redis 6.2 has no FCALL: refused before anything ran, so the script may run by digest now.
                if (calls != Calls.UNKNOWN || !Failures.isUnknownCommand(e.getCause())) {
                    throw e;
                }
                LOG.info("Redis has no FCALL ({}): the scripts are called by digest", e.getMessage());
                calls = Calls.SCRIPTS;
            }
        }
        try {
            return await(operation, () -> target.scripting()
                    .evalsha(script.sha1(), ScriptOutputType.MULTI, scriptKeys, args));
        } catch (NoScript e) {
            return await(
                    operation, () -> target.scripting().eval(script.body(), ScriptOutputType.MULTI, scriptKeys, args));
        }
    }

    private List<Object> fcall(LuaScripts.Script script, String operation, String[] scriptKeys, String[] args) {
        return await(
                operation, () -> target.functions().fcall(script.function(), ScriptOutputType.MULTI, scriptKeys, args));
    }

    /**
     * Loads the function library on every server that may run it, and from then on calls scripts as functions;
     * when a server has no functions (Redis 6.2: "unknown command") or may not load them (an ACL), calls them
     * by digest from then on. Any other failure is thrown and changes nothing.
     */
    private synchronized Calls prepare(boolean again) {
        if (calls == Calls.SCRIPTS || (calls == Calls.FUNCTIONS && !again)) {
            return calls;
        }
        try {
            loadFunctions();
            calls = Calls.FUNCTIONS;
        } catch (OmsException e) {
            if (!Failures.hasNoFunctions(e.getCause())) {
                throw e;
            }
            LOG.info("Redis may not load functions here ({}): the scripts are called by digest", e.getMessage());
            calls = Calls.SCRIPTS;
        }
        return calls;
    }

    /** FUNCTION LOAD REPLACE of the library on every server (the same text: replacing it changes nothing). */
    private void loadFunctions() {
        Map<String, RedisFuture<String>> answers;
        try {
            answers = target.loadFunctions(LuaScripts.FUNCTIONS);
        } catch (RuntimeException e) {
            throw Failures.translate("load functions", e);
        }
        for (Map.Entry<String, RedisFuture<String>> answer : answers.entrySet()) {
            String name = await("load functions on " + answer.getKey(), answer::getValue);
            if (!LuaScripts.LIBRARY_NAME.equals(name)) {
                throw new OmsException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "Redis " + answer.getKey() + " loaded library " + name + ", expected "
                                + LuaScripts.LIBRARY_NAME);
            }
        }
    }

    /** Waits for a command's answer within the command timeout, translating every failure. */
    private <T> T await(String operation, Supplier<RedisFuture<T>> command) {
        RedisFuture<T> future;
        try {
            future = command.get();
        } catch (RuntimeException e) {
            throw Failures.translate(operation, e);
        }
        Duration timeout = config.commandTimeout();
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Not sent yet: it never will be. Sent: the server may run it; a retry with the same id settles it.
            future.cancel(false);
            throw Failures.timedOut(operation, timeout, e);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw Failures.interrupted(operation, e);
        } catch (ExecutionException e) {
            if (Failures.isNoScript(e)) {
                throw new NoScript();
            }
            throw Failures.translate(operation, e);
        } catch (RuntimeException e) {
            throw Failures.translate(operation, e);
        }
    }

    /** Internal signal: the server has no script under the digest. */
    private static final class NoScript extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoScript() {
            super(null, null, false, false);
        }
    }

    // ------------------------------------------------------------------------------------------ encoding

    /** "sku:a 3 sku:b 2", in the request's (sorted) order: the stored form, compared as a string. */
    static String encodeLines(List<HoldLine> lines) {
        StringBuilder out = new StringBuilder();
        for (HoldLine line : lines) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(line.resource().key()).append(' ').append(line.quantity());
        }
        return out.toString();
    }

    /**
     * "sku:a ns sku:b ns" for the lines that have a freshness instant. Kept apart from the lines: freshness is
     * not part of a hold's identity, so a repeat with another one must still compare equal.
     */
    static String encodeFreshness(List<HoldLine> lines) {
        StringBuilder out = new StringBuilder();
        for (HoldLine line : lines) {
            if (line.freshUntil() != null) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(line.resource().key()).append(' ').append(nanos(line.freshUntil()));
            }
        }
        return out.toString();
    }

    /** The lines with the freshness instants stored beside them ({@link #encodeFreshness}). */
    static List<HoldLine> withFreshness(List<HoldLine> lines, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return lines;
        }
        Map<Resource, Instant> fresh = new LinkedHashMap<>();
        String[] parts = encoded.split(" ");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            fresh.put(Resource.ofKey(parts[i]), instantOfNanos(parts[i + 1]));
        }
        List<HoldLine> out = new ArrayList<>(lines.size());
        for (HoldLine line : lines) {
            out.add(new HoldLine(line.resource(), line.quantity(), fresh.get(line.resource())));
        }
        return out;
    }

    /** "sku:a CODE ns qty ...": a hold's takes as the scripts store them, grouped by resource in line order. */
    static Map<Resource, List<BatchTake>> decodeTakes(String encoded) {
        Map<Resource, List<BatchTake>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        String[] parts = encoded.split(" ");
        for (int i = 0; i + 3 < parts.length; i += 4) {
            out.computeIfAbsent(Resource.ofKey(parts[i]), r -> new ArrayList<>())
                    .add(new BatchTake(batch(parts[i + 1], parts[i + 2]), Long.parseLong(parts[i + 3])));
        }
        return out;
    }

    static List<HoldLine> decodeLines(String encoded) {
        String[] parts = encoded.split(" ");
        List<HoldLine> lines = new ArrayList<>(parts.length / 2);
        for (int i = 0; i + 1 < parts.length; i += 2) {
            lines.add(new HoldLine(Resource.ofKey(parts[i]), Long.parseLong(parts[i + 1])));
        }
        return lines;
    }

    /**
     * The first stream id after {@code position} as {ms, sequence}; {@code null} when no id can follow it.
     *
     * @throws OmsException {@code INVALID_ARGUMENT} when it is not a stream entry id
     */
    static String @Nullable [] firstAfter(String position) {
        int dash = position.indexOf('-');
        long ms;
        long seq;
        try {
            if (dash < 1
                    || dash > 20
                    || position.length() - dash - 1 < 1
                    || position.length() - dash - 1 > 20
                    || !digits(position, 0, dash)
                    || !digits(position, dash + 1, position.length())) {
                throw new NumberFormatException();
            }
            ms = Long.parseUnsignedLong(position.substring(0, dash));
            seq = Long.parseUnsignedLong(position.substring(dash + 1));
        } catch (NumberFormatException e) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "position",
                    "not a position of this lock (a stream entry id such as 1736935200000-0): " + position);
        }
        if (seq != -1L) {
            return new String[] {Long.toUnsignedString(ms), Long.toUnsignedString(seq + 1)};
        }
        return ms == -1L ? null : new String[] {Long.toUnsignedString(ms + 1), "0"};
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** When the hold of a hold movement's entry was taken; entries written before the field existed: its time. */
    private static Instant holdTakenAt(Map<String, String> fields) {
        String taken = fields.get("c");
        return instant(Long.parseLong(taken == null || taken.isEmpty() ? fields.get("w") : taken));
    }

    /** A field the scripts write in every ledger entry ({@code t}, {@code r}, {@code i}, {@code q}, {@code w}). */
    private static String field(Map<String, String> fields, String name) {
        return Objects.requireNonNull(fields.get(name), name);
    }

    /**
     * A ledger entry's fields (see {@link LuaScripts}) as the movements of its operation, in order: {@code m}
     * lists them ("res qty" or "res qty code ns", comma-separated); an entry without it (written before
     * operations had one entry each) is one movement in {@code r}, {@code q} and {@code b}.
     */
    private static List<StockMovement> entryMovements(StoreId store, List<Object> fields) {
        Map<String, String> f = new HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            f.put((String) fields.get(i), (String) fields.get(i + 1));
        }
        String moves = f.get("m");
        if (moves == null) {
            return List.of(movement(store, f, field(f, "r"), field(f, "q"), f.get("b")));
        }
        List<StockMovement> out = new ArrayList<>(2);
        for (String move : moves.split(",", -1)) {
            String[] part = move.split(" ", -1);
            out.add(movement(store, f, part[0], part[1], part.length > 2 ? part[2] + " " + part[3] : null));
        }
        return out;
    }

    /** One movement of an entry: the entry's fields {@code f} with its own resource, quantity and batch. */
    private static StockMovement movement(
            StoreId store, Map<String, String> f, String res, String quantity, @Nullable String b) {
        MovementType type = MovementType.valueOf(field(f, "t"));
        Resource resource = Resource.ofKey(res);
        Batch batch = null;
        if (b != null && !b.isEmpty()) {
            int space = b.indexOf(' ');
            batch = batch(b.substring(0, space), b.substring(space + 1));
        }
        String reference = field(f, "i");
        String actor = f.get("a");
        String note = f.get("n");
        String key = type.isStockChange()
                ? StockMovement.changeKey(reference)
                : StockMovement.holdKey(type, reference, holdTakenAt(f), resource, batch);
        return new StockMovement(
                key,
                store,
                resource,
                type,
                Long.parseLong(quantity),
                batch,
                actor == null || actor.isEmpty() ? StockChange.SYSTEM : actor,
                instant(Long.parseLong(f.get("w"))),
                reference,
                note == null ? "" : note);
    }

    /** The arguments of the restore script (see {@link LuaScripts#RESTORE}), checked before any I/O. */
    static List<String> encodeState(StoreState state) {
        Map<Resource, Long> held = new HashMap<>();
        Map<Resource, Map<BatchCode, Long>> heldOfBatch = new HashMap<>();
        List<String> holds = new ArrayList<>();
        for (Reservation hold : state.holds()) {
            List<HoldLine> lines = new ArrayList<>(hold.lines());
            lines.sort(Comparator.comparing(HoldLine::resource));
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).resource().equals(lines.get(i - 1).resource())) {
                    throw OmsException.invalid(
                            ErrorCode.INVALID_ARGUMENT,
                            "holds",
                            hold.id() + " names " + lines.get(i).resource() + " twice");
                }
            }
            StringBuilder takes = new StringBuilder();
            for (HoldLine line : lines) {
                held.merge(line.resource(), line.quantity(), Long::sum);
                for (BatchTake take : hold.takesOf(line.resource())) {
                    heldOfBatch
                            .computeIfAbsent(line.resource(), r -> new HashMap<>())
                            .merge(take.code(), take.quantity(), Long::sum);
                    if (takes.length() > 0) {
                        takes.append(' ');
                    }
                    takes.append(line.resource().key())
                            .append(' ')
                            .append(take.code().value())
                            .append(' ')
                            .append(nanos(take.batch().expiresAt()))
                            .append(' ')
                            .append(take.quantity());
                }
            }
            long created = holdMicros(hold, "createdAt", hold.createdAt(), false);
            long expires = holdMicros(hold, "expiresAt", hold.expiresAt(), true);
            holds.add(hold.id().value());
            holds.add(Long.toString(created));
            holds.add(Long.toString(expires));
            holds.add(encodeLines(lines));
            holds.add(takes.toString());
            holds.add(encodeFreshness(lines));
        }
        StringBuilder counters = new StringBuilder();
        List<String> batches = new ArrayList<>();
        for (StoreState.Counter c : state.counters()) {
            Resource r = c.resource();
            if (counters.length() > 0) {
                counters.append(' ');
            }
            counters.append(r.key()).append(' ').append(c.onHand()).append(' ').append(held.getOrDefault(r, 0L));
            if (c.batches().isEmpty()) {
                continue;
            }
            List<Batch> ordered = new ArrayList<>(c.batches().keySet());
            ordered.sort(Batch.FEFO);
            StringBuilder list = new StringBuilder();
            java.util.Set<BatchCode> codes = new java.util.HashSet<>();
            Map<BatchCode, Long> heldOf = heldOfBatch.getOrDefault(r, Map.of());
            for (Batch b : ordered) {
                if (!codes.add(b.code())) {
                    throw OmsException.invalid(
                            ErrorCode.INVALID_ARGUMENT, "counters", r + " has two batches of code " + b.code());
                }
                if (list.length() > 0) {
                    list.append(' ');
                }
                list.append(b.code().value())
                        .append(' ')
                        .append(nanos(b.expiresAt()))
                        .append(' ')
                        .append(c.batches().get(b))
                        .append(' ')
                        .append(heldOf.getOrDefault(b.code(), 0L));
            }
            batches.add(r.key());
            batches.add(list.toString());
        }
        List<String> args = new ArrayList<>(2 + batches.size() + holds.size());
        args.add(counters.toString());
        args.add(Integer.toString(batches.size() / 2));
        args.addAll(batches);
        args.addAll(holds);
        return args;
    }

    private static long holdMicros(Reservation hold, String field, Instant at, boolean roundUp) {
        long micros;
        try {
            micros = micros(at);
            if (roundUp && at.getNano() % 1000 != 0) {
                micros = Math.addExact(micros, 1);
            }
        } catch (ArithmeticException e) {
            micros = -1;
        }
        if (micros < 0 || micros > MAX_HOLD_MICROS) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "holds",
                    hold.id() + " has " + field + " " + at + ", outside 1970 to 2255");
        }
        return micros;
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }

    /**
     * An instant the caller gave (a batch's expiry, a freshness instant, a cut-off) as the scripts keep it:
     * decimal nanoseconds since the epoch, exact for every instant, as text (a Lua double would round it).
     */
    static String nanos(Instant instant) {
        return BigInteger.valueOf(instant.getEpochSecond())
                .multiply(NANOS_PER_SECOND)
                .add(BigInteger.valueOf(instant.getNano()))
                .toString();
    }

    static Instant instantOfNanos(String nanos) {
        BigInteger[] split = new BigInteger(nanos).divideAndRemainder(NANOS_PER_SECOND);
        return Instant.ofEpochSecond(split[0].longValueExact(), split[1].longValue());
    }

    private static Batch batch(Object code, Object expiresAt) {
        return new Batch(new BatchCode((String) code), instantOfNanos((String) expiresAt));
    }

    /** Time is kept in whole microseconds: a TTL with a fraction of one is rounded up, never shortened. */
    static long ceilMicros(Duration ttl) {
        long nanos = ttl.toNanos();
        return nanos / 1000 + (nanos % 1000 == 0 ? 0 : 1);
    }

    private static List<Shortfall> shortfalls(HoldRequest request, List<Object> reply) {
        Map<Resource, Long> asked = new LinkedHashMap<>();
        request.lines().forEach(l -> asked.put(l.resource(), l.quantity()));
        List<Shortfall> out = new ArrayList<>(reply.size() / 2);
        for (int i = 0; i < reply.size(); i += 2) {
            Resource resource = Resource.ofKey((String) reply.get(i));
            long wanted = Objects.requireNonNull(asked.get(resource), "asked");
            out.add(new Shortfall(resource, wanted, number(reply.get(i + 1))));
        }
        return out;
    }

    private static Reservation known(StoreId store, ReservationId id, List<Object> reply) {
        if (reply.size() == 1 && "UNKNOWN".equals(reply.get(0))) {
            throw new OmsException(
                    ErrorCode.UNKNOWN_RESERVATION,
                    "no reservation " + id + " in store " + store + " (never made, or past retention)",
                    List.of(),
                    Map.of("reservationId", id.value(), "store", store.value()),
                    null);
        }
        return reservation(id, store, reply);
    }

    private static Reservation reservation(ReservationId id, StoreId store, List<Object> fields) {
        ReservationStatus status = ReservationStatus.valueOf((String) fields.get(0));
        String finished = (String) fields.get(4);
        Map<Resource, List<BatchTake>> takes = fields.size() > 5 ? decodeTakes((String) fields.get(5)) : Map.of();
        List<HoldLine> lines = decodeLines((String) fields.get(1));
        if (fields.size() > 6) {
            lines = withFreshness(lines, (String) fields.get(6));
        }
        return new Reservation(
                id,
                store,
                lines,
                instant(number(fields.get(2))),
                instant(number(fields.get(3))),
                status,
                finished == null || finished.isEmpty() ? null : instant(number(finished)),
                takes);
    }

    private static List<StockLevel> levels(StoreId store, List<HoldLine> lines, List<Object> counters) {
        List<StockLevel> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            out.add(level(store, lines.get(i).resource(), counters, 3 * i));
        }
        return out;
    }

    /** on, held, expired at {@code from}. */
    private static StockLevel level(StoreId store, Resource resource, List<Object> reply, int from) {
        return new StockLevel(
                store, resource, number(reply.get(from)), number(reply.get(from + 1)), number(reply.get(from + 2)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static long number(Object value) {
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        return Long.parseLong((String) value);
    }

    /**
     * Turns a script's answer into the port's value. An answer of another shape (another version of the
     * library on the same key prefix, say) is reported as an error of the backend, not thrown as is.
     */
    private static <T> T decode(String operation, List<Object> reply, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (OmsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new OmsException(
                    ErrorCode.OUTCOME_UNKNOWN,
                    "unexpected answer of Redis to " + operation + ": " + reply
                            + " (is another version of the library using the same key prefix?)",
                    e);
        }
    }
}
