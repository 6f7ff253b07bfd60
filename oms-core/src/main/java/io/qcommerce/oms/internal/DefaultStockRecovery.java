package io.qcommerce.oms.internal;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.ledger.StockRecovery;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StockAlertLog;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.spi.StoreState;
import io.qcommerce.oms.store.StoreId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilds a store's counters in the inventory lock from the durable record, and checks the two agree.
 *
 * <p>The record: {@code onHand} of each resource (and batch) = received + adjusted + restocked + returned,
 * from the {@link StockLedger}, minus the units of every order whose hold was confirmed (paid orders,
 * including those cancelled or returned since), from the {@link OrderRepository}; a slot's booked capacity
 * counts the same way. {@code reserved} = the lines of orders still awaiting payment whose hold has not
 * expired; a rebuild puts those holds back under their own ids, with their batches and expiry, so their
 * payment confirms as if nothing had happened.
 *
 * <p>A rebuild is explicit and idempotent: run it for a store after its counters were lost (a Redis restart
 * without persistence, a failover that dropped writes), with the store's traffic paused, since orders
 * placed while it reads the record would be overwritten. Its cost is one pass over the store's ledger and
 * orders. A drift check reads the same record and compares; it changes nothing.
 */
final class DefaultStockRecovery implements StockRecovery {
    private static final Set<MovementType> STOCK_CHANGES = EnumSet.copyOf(java.util.Arrays.stream(MovementType.values())
            .filter(MovementType::isStockChange)
            .toList());
    private static final Set<MovementType> HOLD_LIFE = EnumSet.complementOf(EnumSet.copyOf(STOCK_CHANGES));
    private static final List<MovementType> CLOSINGS =
            List.of(MovementType.SOLD, MovementType.RELEASED, MovementType.EXPIRED);
    private static final Instant EPOCH = Instant.MIN;
    private static final Instant END = Instant.MAX;
    /** Far enough ahead that every batch expires before it, near enough that any adapter can store the instant. */
    private static final java.time.Duration EVERY_BATCH = java.time.Duration.ofDays(100 * 365);

    private final InventoryLock lock;
    private final StockLedger ledger;
    private final OrderRepository orders;
    private final Clock clock;
    private final int pageSize;
    private final LedgerShipper shipper;
    private final StockAlertLog alerts;

    private final StoreDirectory stores;

    DefaultStockRecovery(
            InventoryLock lock,
            StockLedger ledger,
            OrderRepository orders,
            StoreDirectory stores,
            LedgerShipper shipper,
            StockAlertLog alerts,
            Clock clock,
            int pageSize) {
        this.alerts = Checks.notNull(alerts, "alerts");
        this.stores = Checks.notNull(stores, "stores");
        this.shipper = Checks.notNull(shipper, "shipper");
        this.lock = Checks.notNull(lock, "lock");
        this.ledger = Checks.notNull(ledger, "ledger");
        this.orders = Checks.notNull(orders, "orders");
        this.clock = Checks.notNull(clock, "clock");
        this.pageSize = Checks.positive(pageSize, "pageSize");
    }

    /**
     * Writes the store's counters and live holds, as the record has them, into the lock, then copies what the
     * lock records from there on into the ledger from its first movement (a lock that lost its data may
     * number its movements from the start again).
     *
     * <p>Movements of holds the lock recorded but had not shipped when it lost its data are recorded again
     * from the orders, under the keys the lock gives them, so the ledger alone adds up to the counters again:
     * each order's hold was taken when it was placed, then sold (when it was paid for), expired (at its
     * expiry, when its order lapsed) or released (when its order was cancelled first, or its hold could not
     * be put back); a hold put back stays held. Keys the ledger has already are left alone, so this is
     * idempotent too, and a rebuild of a store that lost nothing records nothing.
     */
    public RebuildReport rebuild(StoreId store) {
        // What the lock applied but the service could not record yet is in the lock's own record: copy it
        // first, so the rebuild counts it (a retry of it would otherwise be answered "done" and lost).
        shipper.ship(store, Integer.MAX_VALUE);
        Record record = read(store);
        lock.restore(new StoreState(store, record.counters, record.fitted));
        shipper.shipFromStart(store, Integer.MAX_VALUE);
        alerts.markScanned(store, null); // the lock's positions may start again: alerts read its record anew
        int recovered = recoverHoldMovements(store, record);
        List<ReservationId> restored = new ArrayList<>();
        record.fitted.forEach(r -> restored.add(r.id()));
        return new RebuildReport(store, record.counters.size(), restored, record.dropped, record.problems, recovered);
    }

    /**
     * Records, from the orders, the movements of their holds that the ledger lacks, and closes the holds the
     * ledger has as taken but that no order of the store accounts for (a placement that died before storing
     * its order, a spare hold at a fallback store): the restore has just removed them. Returns how many.
     */
    private int recoverHoldMovements(StoreId store, Record record) {
        Set<String> known = new HashSet<>();
        // Taken holds the ledger never saw end, by reservation: the HELD movements of each.
        Map<String, List<StockMovement>> open = new LinkedHashMap<>();
        // The ends of holds the ledger has, by key: a hold whose end was copied in part ends the same way.
        Map<String, StockMovement> ends = new HashMap<>();
        StockMovement last = null;
        while (true) {
            LedgerQuery query = LedgerQuery.of(store, pageSize).types(HOLD_LIFE);
            List<StockMovement> page = ledger.query(last == null ? query : query.after(last));
            for (StockMovement m : page) {
                known.add(m.key());
                if (m.type() == MovementType.HELD) {
                    open.computeIfAbsent(m.reference(), r -> new ArrayList<>()).add(m);
                } else {
                    ends.put(m.key(), m);
                }
            }
            if (page.size() < pageSize) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        Set<ReservationId> restored = new HashSet<>();
        record.fitted.forEach(r -> restored.add(r.id()));
        Set<ReservationId> dropped = new HashSet<>(record.dropped);
        int recovered = 0;
        List<StockMovement> missing = new ArrayList<>();
        Order lastOrder = null;
        while (true) {
            List<Order> page = orders.findByStore(store, EPOCH, END, lastOrder, pageSize);
            for (Order o : page) {
                open.remove(o.reservationId().value());
                List<OrderHold.Chunk> chunks = OrderHold.chunks(o);
                String from = "recovered from order " + o.id() + " after a loss";
                for (OrderHold.Chunk c : chunks) {
                    addIfMissing(
                            known,
                            missing,
                            o.store(),
                            c,
                            c.key(MovementType.HELD, o),
                            o.reservationId().value(),
                            MovementType.HELD,
                            o.createdAt(),
                            from);
                }
                Closing closing = recordedClosing(o, chunks, ends);
                if (closing == null) {
                    closing = closingOf(o, record, restored, dropped);
                }
                if (closing != null) {
                    for (OrderHold.Chunk c : chunks) {
                        String held = c.key(MovementType.HELD, o);
                        if (!isClosed(known, held)) {
                            addIfMissing(
                                    known,
                                    missing,
                                    o.store(),
                                    c,
                                    StockMovement.sameHoldPart(held, closing.type),
                                    o.reservationId().value(),
                                    closing.type,
                                    closing.at,
                                    from + closing.why);
                        }
                    }
                }
            }
            if (missing.size() >= pageSize || page.size() < pageSize) {
                ledger.record(missing);
                recovered += missing.size();
                missing.clear();
            }
            if (page.size() < pageSize) {
                break;
            }
            lastOrder = page.get(page.size() - 1);
        }
        for (List<StockMovement> held : open.values()) {
            for (StockMovement h : held) {
                if (!isClosed(known, h.key())) {
                    addIfMissing(
                            known,
                            missing,
                            store,
                            new OrderHold.Chunk(h.resource(), h.batch(), h.quantity()),
                            StockMovement.sameHoldPart(h.key(), MovementType.RELEASED),
                            h.reference(),
                            MovementType.RELEASED,
                            record.now,
                            "released by a rebuild: no order of the store accounts for this hold");
                }
            }
        }
        ledger.record(missing);
        return recovered + missing.size();
    }

    /** True when the ledger has the end (sale, release or expiry) of the hold part whose HELD key is given. */
    private static boolean isClosed(Set<String> known, String heldKey) {
        for (MovementType type : CLOSINGS) {
            if (known.contains(StockMovement.sameHoldPart(heldKey, type))) {
                return true;
            }
        }
        return false;
    }

    private static void addIfMissing(
            Set<String> known,
            List<StockMovement> missing,
            StoreId store,
            OrderHold.Chunk chunk,
            String key,
            String reservation,
            MovementType type,
            Instant at,
            String note) {
        if (known.add(key)) {
            missing.add(new StockMovement(
                    key,
                    store,
                    chunk.resource(),
                    type,
                    chunk.quantity(),
                    chunk.batch(),
                    StockChange.SYSTEM,
                    at,
                    reservation,
                    note));
        }
    }

    /** How the ledger has the order's hold ending, from any of its parts; {@code null} when it has none. */
    private static @Nullable Closing recordedClosing(
            Order o, List<OrderHold.Chunk> chunks, Map<String, StockMovement> ends) {
        for (OrderHold.Chunk c : chunks) {
            String held = c.key(MovementType.HELD, o);
            for (MovementType type : CLOSINGS) {
                StockMovement end = ends.get(StockMovement.sameHoldPart(held, type));
                if (end != null) {
                    return new Closing(end.type(), end.at(), "");
                }
            }
        }
        return null;
    }

    /** How an order's hold ended, as the record tells it; {@code null} while it is held (put back). */
    private static @Nullable Closing closingOf(
            Order o, Record record, Set<ReservationId> restored, Set<ReservationId> dropped) {
        Instant soldAt = record.soldWhileAwaiting.get(o.reservationId());
        if (soldAt != null) {
            return new Closing(MovementType.SOLD, soldAt, "");
        }
        if (o.wasSold()) {
            // Confirmed by the lock before the hold's expiry, however late the order followed (a reconciler
            // may have completed it long after).
            Instant paidAt = o.updatedAt();
            for (io.qcommerce.oms.order.StatusChange change : o.history()) {
                if (change.from() == OrderStatus.AWAITING_PAYMENT && change.to().isPaidFor()) {
                    paidAt = change.at();
                    break;
                }
            }
            return new Closing(MovementType.SOLD, paidAt.isBefore(o.holdExpiresAt()) ? paidAt : o.holdExpiresAt(), "");
        }
        if (restored.contains(o.reservationId())) {
            return null;
        }
        if (dropped.contains(o.reservationId())) {
            return new Closing(MovementType.RELEASED, record.now, ": the record had too few units to hold it");
        }
        if (o.status() == OrderStatus.CANCELLED && o.updatedAt().isBefore(o.holdExpiresAt())) {
            return new Closing(MovementType.RELEASED, o.updatedAt(), "");
        }
        return new Closing(MovementType.EXPIRED, o.holdExpiresAt(), "");
    }

    private record Closing(MovementType type, Instant at, String why) {}

    /**
     * Compares the lock's counters of the store with the record; changes nothing. A difference must show in two
     * readings in a row to be reported: a hold that expires, or a change that lands, between the reads of one
     * reading makes a difference that the next reading no longer has.
     */
    public DriftReport checkDrift(StoreId store) {
        DriftReport first = compare(store);
        if (first.isClean()) {
            return first;
        }
        DriftReport second = compare(store);
        Set<String> seen = new HashSet<>();
        first.drifts().forEach(d -> seen.add(driftKey(d)));
        List<Drift> lasting = new ArrayList<>();
        for (Drift d : second.drifts()) {
            if (seen.contains(driftKey(d))) {
                lasting.add(d);
            }
        }
        return new DriftReport(store, second.at(), lasting);
    }

    private static String driftKey(Drift d) {
        return d.resource() + "|" + d.batch() + "|" + d.counter();
    }

    private DriftReport compare(StoreId store) {
        Record record = read(store);
        Map<Resource, StockLevel> actual = lock.allLevels(store);
        Map<Resource, Long> expectedReserved = new HashMap<>();
        for (Reservation hold : record.live) {
            for (HoldLine line : hold.lines()) {
                expectedReserved.merge(line.resource(), line.quantity(), Long::sum);
            }
        }
        Map<Resource, StoreState.Counter> expected = new HashMap<>();
        record.counters.forEach(c -> expected.put(c.resource(), c));
        Set<Resource> resources = new HashSet<>(expected.keySet());
        resources.addAll(actual.keySet());
        resources.addAll(expectedReserved.keySet());
        // Every batch with units on hand, of every SKU, in one call (one round trip on Redis): a batch missing
        // here has none, which is all a comparison needs.
        Map<Resource, Map<Batch, Long>> batchesInLock = new HashMap<>();
        for (BatchLevel level : lock.batchesExpiring(store, clock.instant().plus(EVERY_BATCH))) {
            batchesInLock
                    .computeIfAbsent(Resource.sku(level.sku()), k -> new TreeMap<>(Batch.FEFO))
                    .put(level.batch(), level.onHand());
        }
        List<Drift> drifts = new ArrayList<>();
        for (Resource r : resources.stream().sorted().toList()) {
            StoreState.Counter e = expected.get(r);
            StockLevel a = actual.get(r);
            long recordedOnHand = e == null ? 0 : e.onHand();
            long actualOnHand = a == null ? 0 : a.onHand();
            if (recordedOnHand != actualOnHand) {
                drifts.add(new Drift(r, null, "onHand", recordedOnHand, actualOnHand));
            }
            long recordedReserved = expectedReserved.getOrDefault(r, 0L);
            long actualReserved = a == null ? 0 : a.reserved();
            if (recordedReserved != actualReserved) {
                drifts.add(new Drift(r, null, "reserved", recordedReserved, actualReserved));
            }
            if (r.isSku()) {
                Map<Batch, Long> recordedBatches = new TreeMap<>(Batch.FEFO);
                if (e != null) {
                    recordedBatches.putAll(e.batches());
                }
                Map<Batch, Long> actualBatches = batchesInLock.getOrDefault(r, Map.of());
                Set<Batch> batches = new java.util.TreeSet<>(Batch.FEFO);
                batches.addAll(recordedBatches.keySet());
                batches.addAll(actualBatches.keySet());
                for (Batch batch : batches) {
                    long rec = recordedBatches.getOrDefault(batch, 0L);
                    long act = actualBatches.getOrDefault(batch, 0L);
                    if (rec != act) {
                        drifts.add(new Drift(r, batch, "onHand", rec, act));
                    }
                }
            }
        }
        return new DriftReport(store, clock.instant(), drifts);
    }

    /** The store as the durable record has it. */
    private Record read(StoreId store) {
        Checks.notNull(store, "store");
        if (stores.find(store).isEmpty()) {
            throw io.qcommerce.oms.error.OmsException.notFound(
                    io.qcommerce.oms.error.ErrorCode.UNKNOWN_STORE, "store", store.value());
        }
        // The lock's clock decides which holds are live: the host's may run ahead of it or behind.
        Instant now = lock.now(store);
        Map<Resource, Long> onHand = new TreeMap<>();
        // Batches by code and expiry: a code may be received again once its batch emptied and expired.
        Map<Resource, Map<Batch, Long>> batchUnits = new HashMap<>();
        StockMovement last = null;
        while (true) {
            LedgerQuery query = LedgerQuery.of(store, pageSize).types(STOCK_CHANGES);
            List<StockMovement> page = ledger.query(last == null ? query : query.after(last));
            for (StockMovement m : page) {
                onHand.merge(m.resource(), m.onHandEffect(), Long::sum);
                if (m.batch() != null) {
                    batchUnits
                            .computeIfAbsent(m.resource(), r -> new HashMap<>())
                            .merge(m.batch(), m.onHandEffect(), Long::sum);
                }
            }
            if (page.size() < pageSize) {
                break;
            }
            last = page.get(page.size() - 1);
        }
        List<Reservation> live = new ArrayList<>();
        Map<ReservationId, Instant> soldWhileAwaiting = new HashMap<>();
        Order lastOrder = null;
        while (true) {
            List<Order> page = orders.findByStore(store, EPOCH, END, lastOrder, pageSize);
            for (Order o : page) {
                boolean sold = o.wasSold();
                boolean heldNow = false;
                if (o.status() == OrderStatus.AWAITING_PAYMENT) {
                    // The flow may have been cut between confirming the hold and the order: the lock, when it
                    // still knows the hold, says how it ended.
                    Reservation found = lock.find(store, o.reservationId()).orElse(null);
                    ReservationStatus inLock = found == null ? null : found.status();
                    Instant soldAt = null;
                    boolean ended = inLock != null && inLock != ReservationStatus.HELD;
                    if (found != null && inLock == ReservationStatus.CONFIRMED) {
                        soldAt = found.finishedAt() == null ? now : found.finishedAt();
                    } else if (inLock == null) {
                        // The lock no longer knows the hold: the ledger may say how it ended (sold, or released
                        // by an earlier rebuild), if the lock's record of that was copied before the loss.
                        StockMovement end = OrderHold.recordedEnd(ledger, o).orElse(null);
                        ended = end != null;
                        if (end != null && end.type() == MovementType.SOLD) {
                            soldAt = end.at();
                        }
                    }
                    sold = soldAt != null;
                    if (sold) {
                        soldWhileAwaiting.put(o.reservationId(), soldAt);
                    }
                    // A hold the lock knows is live when it says HELD (it applies its own expiry); one it no longer
                    // knows, when it expires after the lock's now.
                    heldNow = inLock == ReservationStatus.HELD
                            || (!ended && o.holdExpiresAt().isAfter(now));
                }
                if (sold) {
                    for (OrderLine line : o.lines()) {
                        Resource sku = Resource.sku(line.sku());
                        onHand.merge(sku, -line.soldQuantity(), Long::sum);
                        for (BatchTake take : line.batches()) {
                            batchUnits
                                    .computeIfAbsent(sku, r -> new HashMap<>())
                                    .merge(take.batch(), -take.quantity(), Long::sum);
                        }
                    }
                    if (o.slot() != null) {
                        onHand.merge(o.slot().id().resource(), -1L, Long::sum);
                    }
                } else if (heldNow) {
                    live.add(OrderHold.reservation(o, ReservationStatus.HELD, null));
                }
            }
            if (page.size() < pageSize) {
                break;
            }
            lastOrder = page.get(page.size() - 1);
        }
        return new Record(store, now, onHand, batchUnits, live, soldWhileAwaiting);
    }

    /** The record of one store, made consistent: negatives written as zero, holds that do not fit dropped. */
    private static final class Record {
        final List<StoreState.Counter> counters = new ArrayList<>();
        final List<Reservation> live;
        final List<Reservation> fitted = new ArrayList<>();
        final List<ReservationId> dropped = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        /** Orders awaiting payment whose hold was confirmed (by the lock's word, or the ledger's), with when. */
        final Map<ReservationId, Instant> soldWhileAwaiting;

        final Instant now;

        Record(
                StoreId store,
                Instant now,
                Map<Resource, Long> onHand,
                Map<Resource, Map<Batch, Long>> batchUnits,
                List<Reservation> live,
                Map<ReservationId, Instant> soldWhileAwaiting) {
            this.live = live;
            this.soldWhileAwaiting = soldWhileAwaiting;
            this.now = now;
            Set<Resource> resources = new java.util.TreeSet<>(onHand.keySet());
            resources.addAll(batchUnits.keySet());
            Map<Resource, Long> freeUnbatched = new HashMap<>();
            Map<String, Long> freeOfBatch = new HashMap<>();
            for (Resource r : resources) {
                Map<Batch, Long> batches = new HashMap<>();
                long batched = 0;
                for (Map.Entry<Batch, Long> e :
                        batchUnits.getOrDefault(r, Map.of()).entrySet()) {
                    Batch batch = e.getKey();
                    long units = e.getValue();
                    if (units < 0) {
                        problems.add(r + " batch " + batch.code() + " comes out at " + units + " units; written as 0");
                        units = 0;
                    }
                    if (units > 0 || !batch.isExpiredAt(now)) {
                        batches.put(batch, units);
                        freeOfBatch.put(batchKey(r, batch), units);
                        batched += units;
                    }
                }
                long unbatched = onHand.getOrDefault(r, 0L) - batched;
                if (unbatched < 0) {
                    problems.add(r + " comes out at " + unbatched + " units outside batches; written as 0");
                    unbatched = 0;
                }
                freeUnbatched.put(r, unbatched);
                counters.add(new StoreState.Counter(r, batched + unbatched, batches));
            }
            List<Reservation> byAge = new ArrayList<>(live);
            byAge.sort(Comparator.comparing(Reservation::createdAt).thenComparing(r -> r.id().value()));
            for (Reservation hold : byAge) {
                if (fits(hold, freeUnbatched, freeOfBatch)) {
                    fitted.add(hold);
                } else {
                    dropped.add(hold.id());
                    problems.add("hold " + hold.id() + " does not fit the recorded units; not restored");
                }
            }
        }

        private static String batchKey(Resource r, Batch b) {
            return r.key() + "/" + b.code() + "/" + b.expiresAt();
        }

        /** Takes the hold's units from the free ones when they are all there; otherwise changes nothing. */
        private static boolean fits(
                Reservation hold, Map<Resource, Long> freeUnbatched, Map<String, Long> freeOfBatch) {
            Map<Resource, Long> needUnbatched = new HashMap<>();
            Map<String, Long> needOfBatch = new HashMap<>();
            for (HoldLine line : hold.lines()) {
                long rest = line.quantity();
                for (BatchTake take : hold.takesOf(line.resource())) {
                    needOfBatch.merge(batchKey(line.resource(), take.batch()), take.quantity(), Long::sum);
                    rest -= take.quantity();
                }
                needUnbatched.merge(line.resource(), rest, Long::sum);
            }
            for (Map.Entry<Resource, Long> e : needUnbatched.entrySet()) {
                if (freeUnbatched.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                    return false;
                }
            }
            for (Map.Entry<String, Long> e : needOfBatch.entrySet()) {
                if (!freeOfBatch.containsKey(e.getKey()) || freeOfBatch.get(e.getKey()) < e.getValue()) {
                    return false;
                }
            }
            needUnbatched.forEach((r, n) -> freeUnbatched.merge(r, -n, Long::sum));
            needOfBatch.forEach((k, n) -> freeOfBatch.merge(k, -n, Long::sum));
            return true;
        }
    }

    @Override
    public int ship(StoreId store, int maxPages) {
        return shipper.ship(store, maxPages);
    }

    @Override
    public List<StockMovement> movements(LedgerQuery query) {
        return ledger.query(Checks.notNull(query, "query"));
    }
}
