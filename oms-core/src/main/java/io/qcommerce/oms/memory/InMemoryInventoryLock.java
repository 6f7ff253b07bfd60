package io.qcommerce.oms.memory;

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
import io.qcommerce.oms.inventory.MovementId;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link InventoryLock} in the memory of one JVM: for tests, demos and a single-node host.
 *
 * <p>Each store has its own monitor; every operation on a store runs under it, so an operation is atomic
 * and stores do not contend with each other. Every operation first expires the store's due holds (from a
 * queue ordered by expiry), so a hold stops counting at the instant it expires for every reader, with no
 * sweep needed. Finished holds and applied movement ids are kept for the retention window, then
 * forgotten.
 *
 * <p>Memory: live holds, plus what the retention keeps. A confirmed or released hold leaves the expiry queue
 * (at the latest once finished holds make up half of it), so memory does not grow with throughput times the
 * holds' time to live. Finished holds, applied movement ids and recorded movements are each kept for the
 * retention window and, when {@code maxRetained} is given, at most that many of each, the oldest forgotten
 * first: a late retry of a forgotten one is a new request, a movement forgotten before it was shipped is
 * gone from this lock's ledger.
 *
 * <p>A SKU's units may be split into batches with an expiry; holds take them first expiry first from
 * the batches fresh enough for the line, and a batch's units stop being available at its expiry instant.
 *
 * <p>Every change is recorded as {@link StockMovement}s under the same monitor, kept for the retention
 * window and read in order by {@link #movements}.
 *
 * <p>State is lost with the JVM; use a durable adapter where that matters.
 */
public final class InMemoryInventoryLock implements InventoryLock {
    /** The default time finished holds and applied movements stay answerable. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    /** Read in place of a counter that does not exist, so a refused hold creates none; never written. */
    private static final Counter NO_UNITS = new Counter();

    /** Finished holds that may sit in the expiry queue before it is cleared of them, whatever its size. */
    private static final int STALE_SLACK = 1024;

    private final Clock clock;
    private final Duration retention;
    private final int maxRetained;
    private final ConcurrentHashMap<StoreId, Book> books = new ConcurrentHashMap<>();

    public InMemoryInventoryLock(Clock clock) {
        this(clock, DEFAULT_RETENTION);
    }

    /** Finished holds, applied movement ids and movements kept for {@code retention}, with no count limit. */
    public InMemoryInventoryLock(Clock clock, Duration retention) {
        this(clock, retention, Integer.MAX_VALUE);
    }

    /**
     * Finished holds, applied movement ids and movements kept for {@code retention}, and at most
     * {@code maxRetained} of each per store (the oldest forgotten first).
     */
    public InMemoryInventoryLock(Clock clock, Duration retention, int maxRetained) {
        this.clock = Checks.notNull(clock, "clock");
        this.retention = Checks.positiveDuration(retention, "retention", ErrorCode.INVALID_CONFIGURATION);
        if (maxRetained < 1) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_CONFIGURATION, "maxRetained", "must be at least 1: " + maxRetained);
        }
        this.maxRetained = maxRetained;
    }

    @Override
    public ReserveResult reserve(HoldRequest request) {
        Checks.notNull(request, "request");
        Book book = book(request.store());
        synchronized (book) {
            Instant now = book.settle(clock.instant(), retention);
            Reservation existing = book.reservations.get(request.id());
            if (existing != null) {
                if (!existing.matches(request)) {
                    throw idempotencyConflict(request.id());
                }
                return new ReserveResult.Reserved(existing, book.levelsOf(existing.lines(), now), true);
            }
            if (request.bookableUntil() != null && !now.isBefore(request.bookableUntil())) {
                return new ReserveResult.TooLate(request.store(), request.bookableUntil());
            }
            Instant expiresAt = now.plus(request.ttl());
            List<Shortfall> shortfalls = null;
            Map<Resource, List<BatchTake>> takes = null;
            for (HoldLine line : request.lines()) {
                Counter c = book.counters.getOrDefault(line.resource(), NO_UNITS);
                c.prune(now);
                if (c.batches.isEmpty()) {
                    long available = c.onHand - c.reserved;
                    if (available < line.quantity()) {
                        shortfalls = shortfalls == null ? new ArrayList<>() : shortfalls;
                        shortfalls.add(new Shortfall(line.resource(), line.quantity(), available));
                    }
                    continue;
                }
                Instant outlast = line.batchesMustOutlast(expiresAt);
                long eligible = c.eligibleFree(outlast);
                if (eligible < line.quantity()) {
                    shortfalls = shortfalls == null ? new ArrayList<>() : shortfalls;
                    shortfalls.add(new Shortfall(line.resource(), line.quantity(), eligible));
                } else {
                    takes = takes == null ? new HashMap<>() : takes;
                    takes.put(line.resource(), c.plan(line.quantity(), outlast));
                }
            }
            if (shortfalls != null) {
                return new ReserveResult.Insufficient(request.store(), shortfalls);
            }
            for (HoldLine line : request.lines()) {
                Counter c = book.counter(line.resource());
                c.reserved += line.quantity();
                if (takes != null) {
                    for (BatchTake take : takes.getOrDefault(line.resource(), List.of())) {
                        Objects.requireNonNull(c.byCode.get(take.code()), "batch").reserved += take.quantity();
                    }
                }
            }
            Reservation held = new Reservation(
                    request.id(),
                    request.store(),
                    request.lines(),
                    now,
                    expiresAt,
                    ReservationStatus.HELD,
                    null,
                    takes == null ? Map.of() : takes);
            book.reservations.put(held.id(), held);
            book.byExpiry.add(held);
            book.recordHold(held, MovementType.HELD, now);
            return new ReserveResult.Reserved(held, book.levelsOf(held.lines(), now), false);
        }
    }

    @Override
    public ConfirmResult confirm(StoreId store, ReservationId id) {
        Checks.notNull(store, "store");
        Checks.notNull(id, "reservationId");
        Book book = existingBook(store, id);
        synchronized (book) {
            Instant now = book.settle(clock.instant(), retention);
            Reservation r = book.known(store, id);
            switch (r.status()) {
                case HELD:
                    for (HoldLine line : r.lines()) {
                        Counter c = book.counter(line.resource());
                        c.reserved -= line.quantity();
                        c.onHand -= line.quantity();
                        for (BatchTake take : r.takesOf(line.resource())) {
                            BatchState b = Objects.requireNonNull(c.byCode.get(take.code()), "batch");
                            b.reserved -= take.quantity();
                            b.onHand -= take.quantity();
                        }
                    }
                    book.recordHold(r, MovementType.SOLD, now);
                    return new ConfirmResult.Confirmed(book.finish(r, ReservationStatus.CONFIRMED, now));
                case CONFIRMED:
                    return new ConfirmResult.Confirmed(r);
                case EXPIRED:
                    return new ConfirmResult.Expired(r);
                case RELEASED:
                    return new ConfirmResult.Released(r);
                default:
                    throw new IllegalStateException(r.status().name());
            }
        }
    }

    @Override
    public ReleaseResult release(StoreId store, ReservationId id) {
        Checks.notNull(store, "store");
        Checks.notNull(id, "reservationId");
        Book book = existingBook(store, id);
        synchronized (book) {
            Instant now = book.settle(clock.instant(), retention);
            Reservation r = book.known(store, id);
            switch (r.status()) {
                case HELD:
                    book.giveBack(r);
                    book.recordHold(r, MovementType.RELEASED, now);
                    return new ReleaseResult.Released(book.finish(r, ReservationStatus.RELEASED, now));
                case RELEASED:
                    return new ReleaseResult.Released(r);
                case EXPIRED:
                    return new ReleaseResult.Expired(r);
                case CONFIRMED:
                    return new ReleaseResult.AlreadyConfirmed(r);
                default:
                    throw new IllegalStateException(r.status().name());
            }
        }
    }

    @Override
    public Optional<Reservation> find(StoreId store, ReservationId id) {
        Checks.notNull(store, "store");
        Checks.notNull(id, "reservationId");
        Book book = books.get(store);
        if (book == null) {
            return Optional.empty();
        }
        synchronized (book) {
            book.settle(clock.instant(), retention);
            return Optional.ofNullable(book.reservations.get(id));
        }
    }

    @Override
    public Map<Resource, StockLevel> levels(StoreId store, Collection<Resource> resources) {
        Checks.notNull(store, "store");
        Checks.noNulls(resources, "resources");
        Map<Resource, StockLevel> out = new LinkedHashMap<>();
        Book book = books.get(store);
        if (book == null) {
            resources.forEach(r -> out.put(r, StockLevel.empty(store, r)));
            return out;
        }
        synchronized (book) {
            Instant now = book.settle(clock.instant(), retention);
            for (Resource r : resources) {
                Counter c = book.counters.get(r);
                out.put(r, c == null ? StockLevel.empty(store, r) : c.level(store, r, now));
            }
        }
        return out;
    }

    @Override
    public StockChangeResult apply(StockChange change) {
        Checks.notNull(change, "change");
        Book book = book(change.store());
        synchronized (book) {
            Instant now = book.settle(clock.instant(), retention);
            AppliedMovement previous = book.movements.get(change.id());
            if (previous != null) {
                if (!previous.change.matches(change)) {
                    throw new OmsException(
                            ErrorCode.IDEMPOTENCY_CONFLICT,
                            "movement " + change.id() + " was applied before with other content");
                }
                Counter c = book.counters.getOrDefault(previous.change.resource(), NO_UNITS);
                return new StockChangeResult.Applied(c.level(change.store(), change.resource(), now), true);
            }
            // A refused change must not leave a counter behind: allLevels would list it.
            Counter c = book.counters.getOrDefault(change.resource(), new Counter());
            c.prune(now);
            StockChangeResult.Rejected rejected = c.refusal(change, now);
            if (rejected != null) {
                return rejected;
            }
            book.counters.putIfAbsent(change.resource(), c);
            c.onHand += change.delta();
            if (change.batch() != null) {
                BatchState b = c.byCode.get(change.batch().code());
                if (b == null) {
                    b = new BatchState(change.batch());
                    c.batches.add(b);
                    c.batches.sort(BatchState.ORDER);
                    c.byCode.put(b.batch.code(), b);
                }
                b.onHand += change.delta();
            }
            AppliedMovement applied = new AppliedMovement(change, now);
            book.movements.put(change.id(), applied);
            book.movementsByTime.addLast(applied);
            book.record(
                    new StockMovement(
                            StockMovement.changeKey(change.id().value()),
                            change.store(),
                            change.resource(),
                            change.kind().movementType(),
                            change.delta(),
                            change.batch(),
                            change.recordedActor(),
                            now,
                            change.id().value(),
                            change.reason()),
                    now);
            return new StockChangeResult.Applied(c.level(change.store(), change.resource(), now), false);
        }
    }

    @Override
    public List<BatchLevel> batches(StoreId store, SkuId sku) {
        Checks.notNull(store, "store");
        Checks.notNull(sku, "sku");
        Book book = books.get(store);
        if (book == null) {
            return List.of();
        }
        synchronized (book) {
            Instant now = book.settle(clock.instant(), retention);
            Counter c = book.counters.get(Resource.sku(sku));
            if (c == null) {
                return List.of();
            }
            c.prune(now);
            List<BatchLevel> out = new ArrayList<>(c.batches.size());
            for (BatchState b : c.batches) {
                out.add(b.level(store, sku));
            }
            return out;
        }
    }

    @Override
    public List<BatchLevel> batchesExpiring(StoreId store, Instant before) {
        Checks.notNull(store, "store");
        Checks.notNull(before, "before");
        Book book = books.get(store);
        if (book == null) {
            return List.of();
        }
        List<BatchLevel> out = new ArrayList<>();
        synchronized (book) {
            book.settle(clock.instant(), retention);
            book.counters.forEach((resource, c) -> {
                for (BatchState b : c.batches) {
                    if (b.onHand > 0 && b.batch.expiresAt().isBefore(before)) {
                        out.add(b.level(store, resource.skuId()));
                    }
                }
            });
        }
        out.sort(Comparator.comparing(BatchLevel::batch, Batch.FEFO)
                .thenComparing(l -> l.sku().value()));
        return out;
    }

    @Override
    public LedgerPage movements(StoreId store, @Nullable String position, int limit) {
        Checks.notNull(store, "store");
        Checks.positive(limit, "limit");
        long after = position == null ? -1 : parsePosition(position);
        String start = position == null ? formatPosition(0) : position;
        Book book = books.get(store);
        if (book == null) {
            return new LedgerPage(List.of(), start);
        }
        synchronized (book) {
            book.settle(clock.instant(), retention);
            List<StockMovement> out = new ArrayList<>();
            long last = after;
            for (Recorded r : book.ledger) {
                if (r.sequence + r.size - 1 <= after) {
                    continue;
                }
                List<StockMovement> moves = r.movements(store);
                for (int i = 0; i < moves.size() && out.size() < limit; i++) {
                    if (r.sequence + i > after) {
                        out.add(moves.get(i));
                        last = r.sequence + i;
                    }
                }
                if (out.size() == limit) {
                    break;
                }
            }
            return new LedgerPage(out, last < 0 ? start : formatPosition(last));
        }
    }

    /** This lock's clock: the one it was built with. */
    @Override
    public Instant now(StoreId store) {
        Checks.notNull(store, "store");
        return clock.instant();
    }

    @Override
    public Map<Resource, StockLevel> allLevels(StoreId store) {
        Checks.notNull(store, "store");
        Book book = books.get(store);
        if (book == null) {
            return Map.of();
        }
        synchronized (book) {
            Instant now = book.settle(clock.instant(), retention);
            Map<Resource, StockLevel> out = new HashMap<>();
            book.counters.forEach((r, c) -> out.put(r, c.level(store, r, now)));
            return out;
        }
    }

    @Override
    public void restore(StoreState state) {
        Checks.notNull(state, "state");
        Book book = book(state.store());
        synchronized (book) {
            Instant now = book.settle(clock.instant(), retention);
            book.counters.clear();
            // Live holds are replaced; finished ones stay answerable for retries.
            book.reservations.values().removeIf(r -> r.status() == ReservationStatus.HELD);
            book.byExpiry.clear();
            book.staleInQueue = 0;
            for (StoreState.Counter restored : state.counters()) {
                Counter c = book.counter(restored.resource());
                c.onHand = restored.onHand();
                restored.batches().forEach((batch, units) -> {
                    BatchState b = new BatchState(batch);
                    b.onHand = units;
                    c.batches.add(b);
                    c.byCode.put(batch.code(), b);
                });
                c.batches.sort(BatchState.ORDER);
            }
            for (Reservation hold : state.holds()) {
                for (HoldLine line : hold.lines()) {
                    Counter c = book.counter(line.resource());
                    c.reserved += line.quantity();
                    for (BatchTake take : hold.takesOf(line.resource())) {
                        Objects.requireNonNull(c.byCode.get(take.code()), "batch").reserved += take.quantity();
                    }
                }
                book.reservations.put(hold.id(), hold);
                book.byExpiry.add(hold);
            }
            book.settle(now, retention);
        }
    }

    private static String formatPosition(long sequence) {
        return String.format("%019d", sequence);
    }

    private static long parsePosition(String position) {
        try {
            long value = Long.parseLong(position);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT, "position", "not a position of this lock: " + position);
        }
    }

    @Override
    public int expireDue(StoreId store, int max) {
        Checks.notNull(store, "store");
        Checks.positive(max, "max");
        Book book = books.get(store);
        if (book == null) {
            return 0;
        }
        synchronized (book) {
            int before = book.expiredCount;
            book.settle(clock.instant(), retention, max);
            return book.expiredCount - before;
        }
    }

    private Book book(StoreId store) {
        return books.computeIfAbsent(store, s -> new Book(s, maxRetained));
    }

    /** A store never written to has no holds: asking for one must not create its book. */
    private Book existingBook(StoreId store, ReservationId id) {
        Book book = books.get(store);
        if (book == null) {
            throw unknownReservation(store, id);
        }
        return book;
    }

    private static OmsException unknownReservation(StoreId store, ReservationId id) {
        return new OmsException(
                ErrorCode.UNKNOWN_RESERVATION,
                "no reservation " + id + " in store " + store + " (never made, or past retention)",
                List.of(),
                Map.of("reservationId", id.value(), "store", store.value()),
                null);
    }

    private static OmsException idempotencyConflict(ReservationId id) {
        return new OmsException(
                ErrorCode.IDEMPOTENCY_CONFLICT,
                "reservation " + id + " exists with other lines; a reservation id names one request",
                List.of(),
                Map.of("reservationId", id.value()),
                null);
    }

    /** The counters of one resource; a SKU's may be split into batches, kept first expiry first. */
    private static final class Counter {
        long onHand;
        long reserved;
        final List<BatchState> batches = new ArrayList<>(0);
        final Map<BatchCode, BatchState> byCode = new HashMap<>(0);

        /** Units on hand in batches that have expired: on the shelf, not for sale. */
        long expired(Instant now) {
            long sum = 0;
            for (BatchState b : batches) {
                if (b.batch.isExpiredAt(now)) {
                    sum += b.onHand;
                }
            }
            return sum;
        }

        long unbatchedOnHand() {
            long sum = onHand;
            for (BatchState b : batches) {
                sum -= b.onHand;
            }
            return sum;
        }

        long unbatchedReserved() {
            long sum = reserved;
            for (BatchState b : batches) {
                sum -= b.reserved;
            }
            return sum;
        }

        /** Free units a line may take from batches that outlast {@code outlast}, plus unbatched ones. */
        long eligibleFree(Instant outlast) {
            long sum = unbatchedOnHand() - unbatchedReserved();
            for (BatchState b : batches) {
                if (b.batch.expiresAt().isAfter(outlast)) {
                    sum += b.onHand - b.reserved;
                }
            }
            return sum;
        }

        /** The batches a line takes, first expiry first; the rest of it comes from unbatched units. */
        List<BatchTake> plan(long quantity, Instant outlast) {
            List<BatchTake> takes = new ArrayList<>(1);
            long left = quantity;
            for (BatchState b : batches) {
                if (left == 0) {
                    break;
                }
                long free = b.onHand - b.reserved;
                if (free > 0 && b.batch.expiresAt().isAfter(outlast)) {
                    long take = Math.min(free, left);
                    takes.add(new BatchTake(b.batch, take));
                    left -= take;
                }
            }
            return takes;
        }

        /** Forgets emptied batches once they have expired; their codes may then be received again. */
        void prune(Instant now) {
            if (batches.isEmpty()) {
                return;
            }
            batches.removeIf(b -> {
                boolean gone = b.onHand == 0 && b.reserved == 0 && b.batch.isExpiredAt(now);
                if (gone) {
                    byCode.remove(b.batch.code());
                }
                return gone;
            });
        }

        /** Why the change cannot be applied; {@code null} when it can. */
        StockChangeResult.@Nullable Rejected refusal(StockChange change, Instant now) {
            StockLevel level = level(change.store(), change.resource(), now);
            long newOnHand = onHand + change.delta();
            if (newOnHand > Limits.MAX_UNITS) {
                return rejected(level, StockChangeResult.Cause.ABOVE_LIMIT, change, 0, 0);
            }
            Batch batch = change.batch();
            if (batch == null) {
                long unbatched = unbatchedOnHand() + change.delta();
                long held = unbatchedReserved();
                if (unbatched < held || unbatched < 0) {
                    return rejected(level, StockChangeResult.Cause.INSUFFICIENT_UNITS, change, unbatched, held);
                }
                return null;
            }
            BatchState existing = byCode.get(batch.code());
            if (change.kind() != StockChange.Kind.RECEIVE
                    && existing != null
                    && !existing.batch.expiresAt().equals(batch.expiresAt())) {
                // The code names a batch of another expiry (received again after the first was forgotten):
                // units of one must never take the other's date.
                return rejected(level, StockChangeResult.Cause.UNKNOWN_BATCH, change, 0, 0);
            }
            switch (change.kind()) {
                case RECEIVE:
                    if (existing != null) {
                        return rejected(level, StockChangeResult.Cause.DUPLICATE_BATCH, change, 0, 0);
                    }
                    if (batch.isExpiredAt(now)) {
                        return rejected(level, StockChangeResult.Cause.BATCH_EXPIRED, change, 0, 0);
                    }
                    return null;
                case ADJUST:
                    if (existing == null) {
                        return rejected(level, StockChangeResult.Cause.UNKNOWN_BATCH, change, 0, 0);
                    }
                    long newBatch = existing.onHand + change.delta();
                    if (newBatch < existing.reserved || newBatch < 0) {
                        return rejected(
                                level, StockChangeResult.Cause.INSUFFICIENT_UNITS, change, newBatch, existing.reserved);
                    }
                    return null;
                default:
                    return null;
            }
        }

        StockLevel level(StoreId store, Resource resource, Instant now) {
            return new StockLevel(store, resource, onHand, reserved, expired(now));
        }

        /** A refusal in the words every adapter uses ({@link StockChangeResult.Cause#describe}). */
        private static StockChangeResult.Rejected rejected(
                StockLevel level, StockChangeResult.Cause cause, StockChange change, long after, long held) {
            return new StockChangeResult.Rejected(level, cause, cause.describe(change, after, held));
        }
    }

    private static final class BatchState {
        static final Comparator<BatchState> ORDER = Comparator.comparing(b -> b.batch, Batch.FEFO);

        final Batch batch;
        long onHand;
        long reserved;

        BatchState(Batch batch) {
            this.batch = batch;
        }

        BatchLevel level(StoreId store, SkuId sku) {
            return new BatchLevel(store, sku, batch, onHand, reserved);
        }
    }

    /**
     * What one operation recorded: a stock change's movement, or a hold's movements of one type, kept as the
     * hold and turned into movements only when read (the hot path builds no keys). Its movements take the
     * sequence numbers from {@code sequence} on, one each.
     */
    private static final class Recorded {
        final long sequence;
        final int size;
        final Instant recordedAt;
        final @Nullable StockMovement change;
        final @Nullable Reservation hold;
        final MovementType type;
        final Instant at;

        Recorded(long sequence, Instant recordedAt, StockMovement change) {
            this.sequence = sequence;
            this.size = 1;
            this.recordedAt = recordedAt;
            this.change = change;
            this.hold = null;
            this.type = change.type();
            this.at = change.at();
        }

        Recorded(long sequence, int size, Instant recordedAt, Reservation hold, MovementType type, Instant at) {
            this.sequence = sequence;
            this.size = size;
            this.recordedAt = recordedAt;
            this.change = null;
            this.hold = hold;
            this.type = type;
            this.at = at;
        }

        /** One movement per line and batch of the hold (the unbatched rest of a line as one more). */
        List<StockMovement> movements(StoreId store) {
            if (change != null) {
                return List.of(change);
            }
            Reservation r = Objects.requireNonNull(hold, "hold");
            List<StockMovement> out = new ArrayList<>(size);
            for (HoldLine line : r.lines()) {
                long rest = line.quantity();
                for (BatchTake take : r.takesOf(line.resource())) {
                    rest -= take.quantity();
                    out.add(movement(store, r, line.resource(), take.batch(), take.quantity()));
                }
                if (rest > 0) {
                    out.add(movement(store, r, line.resource(), null, rest));
                }
            }
            return out;
        }

        private StockMovement movement(
                StoreId store, Reservation r, Resource resource, @Nullable Batch batch, long quantity) {
            return new StockMovement(
                    StockMovement.holdKey(type, r.id().value(), r.createdAt(), resource, batch),
                    store,
                    resource,
                    type,
                    quantity,
                    batch,
                    StockChange.SYSTEM,
                    at,
                    r.id().value(),
                    "");
        }
    }

    private static final class AppliedMovement {
        final StockChange change;
        final Instant at;

        AppliedMovement(StockChange change, Instant at) {
            this.change = change;
            this.at = at;
        }
    }

    /** The state of one store; every field is guarded by the book's monitor. */
    private static final class Book {
        final Map<Resource, Counter> counters = new HashMap<>();
        final Map<ReservationId, Reservation> reservations = new HashMap<>();
        final PriorityQueue<Reservation> byExpiry = new PriorityQueue<>(Comparator.comparing(Reservation::expiresAt));
        final ArrayDeque<Reservation> finishedByTime = new ArrayDeque<>();
        final Map<MovementId, AppliedMovement> movements = new HashMap<>();
        final ArrayDeque<AppliedMovement> movementsByTime = new ArrayDeque<>();
        final StoreId store;
        final int maxRetained;
        final ArrayDeque<Recorded> ledger = new ArrayDeque<>();
        long ledgerSequence;
        int expiredCount;
        /** Entries of {@code byExpiry} whose hold has finished (at most; an estimate kept from above). */
        int staleInQueue;

        Instant lastNow = Instant.MIN;

        Book(StoreId store, int maxRetained) {
            this.store = store;
            this.maxRetained = maxRetained;
        }

        /**
         * Expires every due hold and forgets what is past retention. Returns the instant to use as "now",
         * never earlier than one already used, so a clock stepping back cannot revive an expired hold.
         */
        Instant settle(Instant clockNow, Duration retention) {
            return settle(clockNow, retention, Integer.MAX_VALUE);
        }

        /** As {@link #settle(Instant, Duration)}, expiring at most {@code maxExpired} holds. */
        Instant settle(Instant clockNow, Duration retention, int maxExpired) {
            Instant now = clockNow.isBefore(lastNow) ? lastNow : clockNow;
            lastNow = now;
            int expired = 0;
            while (expired < maxExpired
                    && !byExpiry.isEmpty()
                    && !now.isBefore(byExpiry.peek().expiresAt())) {
                Reservation head = byExpiry.poll();
                Reservation current = reservations.get(head.id());
                // The queue holds the very instance a live hold is mapped to; anything else (finished since,
                // or the id forgotten and reused) is a leftover to drop.
                if (current != head) {
                    staleInQueue = Math.max(0, staleInQueue - 1);
                    continue;
                }
                expired++;
                giveBack(current);
                // Expired at its expiry instant, not when we noticed: the record tells the truth.
                recordHold(current, MovementType.EXPIRED, current.expiresAt());
                finish(current, ReservationStatus.EXPIRED, current.expiresAt());
                expiredCount++;
            }
            Instant horizon = now.minus(retention);
            while (!finishedByTime.isEmpty()
                    && (finishedByTime.size() > maxRetained
                            || Objects.requireNonNull(finishedByTime.peekFirst().finishedAt(), "finishedAt")
                                    .isBefore(horizon))) {
                Reservation old = finishedByTime.pollFirst();
                reservations.remove(old.id(), old);
            }
            while (!movementsByTime.isEmpty()
                    && (movementsByTime.size() > maxRetained
                            || movementsByTime.peekFirst().at.isBefore(horizon))) {
                AppliedMovement old = movementsByTime.pollFirst();
                movements.remove(old.change.id(), old);
            }
            while (!ledger.isEmpty()
                    && (ledger.size() > maxRetained
                            || ledger.peekFirst().recordedAt.isBefore(horizon))) {
                ledger.pollFirst();
            }
            return now;
        }

        Counter counter(Resource resource) {
            return counters.computeIfAbsent(resource, r -> new Counter());
        }

        void record(StockMovement movement, Instant recordedAt) {
            ledger.addLast(new Recorded(++ledgerSequence, recordedAt, movement));
        }

        /** The hold's movements of one type, one per line and batch, kept as the hold (see {@link Recorded}). */
        void recordHold(Reservation r, MovementType type, Instant at) {
            int size = 0;
            for (HoldLine line : r.lines()) {
                long rest = line.quantity();
                for (BatchTake take : r.takesOf(line.resource())) {
                    rest -= take.quantity();
                    size++;
                }
                if (rest > 0) {
                    size++;
                }
            }
            ledger.addLast(new Recorded(ledgerSequence + 1, size, lastNow, r, type, at));
            ledgerSequence += size;
        }

        List<StockLevel> levelsOf(List<HoldLine> lines, Instant now) {
            List<StockLevel> out = new ArrayList<>(lines.size());
            for (HoldLine line : lines) {
                out.add(counters.getOrDefault(line.resource(), NO_UNITS).level(store, line.resource(), now));
            }
            return out;
        }

        void giveBack(Reservation r) {
            for (HoldLine line : r.lines()) {
                Counter c = counter(line.resource());
                c.reserved -= line.quantity();
                for (BatchTake take : r.takesOf(line.resource())) {
                    Objects.requireNonNull(c.byCode.get(take.code()), "batch").reserved -= take.quantity();
                }
            }
        }

        Reservation finish(Reservation r, ReservationStatus status, Instant at) {
            Reservation done = r.finish(status, at);
            reservations.put(done.id(), done);
            finishedByTime.addLast(done);
            if (status != ReservationStatus.EXPIRED
                    && ++staleInQueue > STALE_SLACK
                    && staleInQueue > byExpiry.size() / 2) {
                // Finished before its expiry: its queue entry is dead weight. Clearing them once they are half
                // of the queue keeps the queue within twice the live holds, at a constant cost per hold.
                byExpiry.removeIf(e -> reservations.get(e.id()) != e);
                staleInQueue = 0;
            }
            return done;
        }

        Reservation known(StoreId storeId, ReservationId id) {
            Reservation r = reservations.get(id);
            if (r == null) {
                throw unknownReservation(storeId, id);
            }
            return r;
        }
    }
}
