package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchCode;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderService;
import io.qcommerce.oms.order.OrderService;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.LedgerQuery;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks the seven invariants of DESIGN.md, and the example's own cross-checks, against what the library holds,
 * from the outside: the counters through the inventory port, the orders through the {@link OrderService}
 * (every simulated customer's, see {@link RunOrders}), the holds through {@code InventoryLock.find}, the stock ledger
 * through the {@code StockLedger} port. Only ports are used, so the same checks run on the in-memory adapters, on
 * Redis and on MongoDB. Nothing here trusts the library's own bookkeeping of itself; the expected values are rebuilt
 * from the order records, the ledger and what the example put into the stores. The one exception is H, which runs
 * the library's own drift check ({@code oms.reconciler().checkDrift}) the way a host would, and asks it to be clean.
 *
 * <p>Invariant 1 is also read while the shoppers run ({@link #audit()}), because it must hold at every
 * moment; 2 and 3 are exact only when nothing is in flight, so they are checked between minutes
 * ({@link #checkpoint}); 4 to 7 look at finished flows and are checked at the close ({@link #verdicts}).
 *
 * <p>The example's own checks of delivery slots and batches follow the same pattern: a slot's counters are read
 * while shoppers run (never booked beyond capacity) and compared with the orders between minutes (C); batches
 * are conserved one by one between minutes (F); what the paid orders took from batches is checked at the close
 * against their expiries (D) and against the units sold (E).
 *
 * <p>Durability: at the close the stock ledger alone, read back through the {@code StockLedger} port, must add up
 * to the lock's counters, per (store, resource) and per batch (G); and the lock must agree with the durable record
 * (ledger and orders) by the library's own drift check, at the close and around a loss of the lock's data (H).
 * After such a loss the lock no longer knows the holds it had finished; checks 2, 4, 6 and 7 then read what it said
 * of them just before the loss ({@link #rememberHolds}).
 */
final class Invariants {
    /** How many violations of one check are kept to show; the count is always complete. */
    private static final int EXAMPLES = 5;

    private final Oms oms;
    private final OrderService orders;
    private final RunOrders runOrders;
    private final SampleData data;
    private final Map<StoreId, Map<SkuId, LongAdder>> received = new ConcurrentHashMap<>();
    private final Map<StoreId, Map<SkuId, LongAdder>> writtenOff = new ConcurrentHashMap<>();
    /** Units received into each batch during the run (the opening batches come from the data), by batch key. */
    private final Map<String, LongAdder> batchReceived = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> batchWrittenOff = new ConcurrentHashMap<>();
    /** Every batch the data puts into a store, by {@link SampleData#batchKey}. */
    private final Map<String, Batch> knownBatches;
    private final Map<SlotId, DeliverySlot> slots = new LinkedHashMap<>();
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();

    // What the last checkpoint saw, for the summary.
    private long auditsDuring;
    private long checkpoints;
    private Totals lastTotals = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);
    private List<Order> lastOrders = List.of();
    private long slotReadsDuring;
    private long fullestSlotSeen;
    private SlotId fullest;
    private BatchTotals lastBatchTotals = new BatchTotals(0, 0, 0, 0, 0, 0, 0, 0);
    /** The stores whose inventory lock data was lost, and what the lock said of every checkout's hold just before. */
    private final java.util.Set<StoreId> lost = ConcurrentHashMap.newKeySet();
    private final Map<String, Optional<Reservation>> holdsBeforeLoss = new ConcurrentHashMap<>();
    private LedgerTotals ledgerTotals;
    /** What check H compared, in order, for its note. */
    private final List<String> driftNotes = new ArrayList<>();

    /** Stock totals over every (store, SKU) at the last checkpoint. */
    record Totals(long opening, long received, long restocked, long returned, long sold, long writtenOff, long onHand,
                  long reserved, long awaitingOrders) {
    }

    /** Batch totals over every batch at the last checkpoint. */
    record BatchTotals(long batches, long received, long sold, long restocked, long returned, long writtenOff,
                       long onHand, long expired) {
    }

    /**
     * @param customers   every customer of the simulation: the orders checked are theirs, read through the port
     * @param readThreads how many of their orders' queries may run at once
     */
    Invariants(Oms oms, SampleData data, List<CustomerId> customers, int readThreads) {
        this.oms = oms;
        this.orders = oms.orders();
        this.runOrders = new RunOrders(orders, customers, readThreads);
        this.data = data;
        this.knownBatches = data.knownBatches();
        data.slots().forEach(slot -> slots.put(slot.id(), slot));
        track("1", "no oversell: 0 <= reserved <= onHand for every (store, SKU), at every moment");
        track("2", "reserved == units of HELD, unexpired holds (orders awaiting payment)");
        track("3", "conservation: onHand == opening + received + restocked + returned - sold - written off");
        track("4", "all-or-nothing: an order's lines were all held in its one store; nothing held for the rest");
        track("5", "idempotency: a repeated checkout returns the first order and changes nothing");
        track("6", "fencing by time: no hold was confirmed at or after its expiry");
        track("7", "an order is confirmed if and only if its hold is confirmed");
        track("A", "events agree with the order records");
        track("B", "every step ran without an unexpected exception");
        track("C", "slots: never booked beyond capacity; booked == paid orders in the slot, "
                + "held == orders awaiting payment");
        track("D", "batches: no unit from a batch expired at confirmation or within the SKU's minimum shelf life "
                + "at delivery");
        track("E", "units sold by batch add up to the units sold");
        track("F", "conservation per batch: onHand == received - sold + restocked + returned - written off");
        track("G", "the stock ledger alone: per (store, SKU or slot) and per batch, the recorded movements add up to the "
                + "lock's onHand and reserved; received + adjusted + restocked + returned - sold == onHand");
        track("H", "no drift: the lock's counters agree with the durable record (ledger and orders) at the close, and "
                + "before a loss of its data and after the rebuild; a rebuild restores every live hold");
    }

    private void track(String id, String title) {
        trackers.put(id, new Tracker(id, title));
    }

    /** Units the example received into a store (the truck); the conservation check adds them in. */
    void received(StoreId store, SkuId sku, long units) {
        received.computeIfAbsent(store, s -> new ConcurrentHashMap<>()).computeIfAbsent(sku, s -> new LongAdder())
                .add(units);
    }

    private long receivedSoFar(StoreId store, SkuId sku) {
        LongAdder n = received.getOrDefault(store, Map.of()).get(sku);
        return n == null ? 0 : n.sum();
    }

    /** Units the example received into a batch during the run (the truck); also call {@link #received}. */
    void receivedBatch(StoreId store, SkuId sku, BatchCode code, long units) {
        batchReceived.computeIfAbsent(SampleData.batchKey(store, sku, code), k -> new LongAdder()).add(units);
    }

    /** Units of an expired batch the example wrote off. */
    void writtenOff(StoreId store, SkuId sku, BatchCode code, long units) {
        writtenOff.computeIfAbsent(store, s -> new ConcurrentHashMap<>()).computeIfAbsent(sku, s -> new LongAdder())
                .add(units);
        batchWrittenOff.computeIfAbsent(SampleData.batchKey(store, sku, code), k -> new LongAdder()).add(units);
    }

    private long writtenOffSoFar(StoreId store, SkuId sku) {
        LongAdder n = writtenOff.getOrDefault(store, Map.of()).get(sku);
        return n == null ? 0 : n.sum();
    }

    private static long sum(Map<String, LongAdder> m, String key) {
        LongAdder n = m.get(key);
        return n == null ? 0 : n.sum();
    }

    // ------------------------------------------------------------------------------------------------ 1

    /** Invariant 1, read while shoppers run: each store's counters are read in one atomic call. */
    void audit() {
        Map<StoreId, Map<SkuId, StockLevel>> levels = levels();
        List<String> bad = oversold(levels);
        Map<SlotId, StockLevel> slotLevels = slotLevels();
        List<String> overbooked = overbooked(slotLevels);
        synchronized (this) {
            auditsDuring++;
            trackers.get("1").add(countPairs(levels), bad);
            slotReadsDuring++;
            trackers.get("C").add(slotLevels.size(), overbooked);
        }
    }

    /**
     * A slot's counter never leaves {@code 0 <= reserved <= onHand <= capacity}: {@code onHand} is the capacity
     * not yet booked, so a negative one, or holds beyond it, would be an overbooking.
     */
    private List<String> overbooked(Map<SlotId, StockLevel> levels) {
        List<String> bad = new ArrayList<>();
        levels.forEach((id, l) -> {
            int capacity = slots.get(id).capacity();
            if (l.onHand() < 0 || l.onHand() > capacity || l.reserved() < 0 || l.reserved() > l.onHand()) {
                bad.add("slot " + id + " capacity " + capacity + " but unbooked=" + l.onHand() + " held=" + l.reserved());
            }
        });
        return bad;
    }

    /** The counters of every slot of the data, each store's read in one call to the lock. */
    private Map<SlotId, StockLevel> slotLevels() {
        Map<StoreId, List<Resource>> byStore = new LinkedHashMap<>();
        slots.values().forEach(s -> byStore.computeIfAbsent(s.store(), x -> new ArrayList<>()).add(s.id().resource()));
        Map<SlotId, StockLevel> out = new LinkedHashMap<>();
        byStore.forEach((store, resources) -> {
            Map<Resource, StockLevel> levels = oms.inventory().levels(store);
            for (Resource r : resources) {
                StockLevel level = levels.get(r);
                if (level != null) {
                    out.put(SlotId.of(r.id()), level);
                }
            }
        });
        return out;
    }

    private static List<String> oversold(Map<StoreId, Map<SkuId, StockLevel>> levels) {
        List<String> bad = new ArrayList<>();
        levels.forEach((store, bySku) -> bySku.forEach((sku, l) -> {
            if (l.reserved() < 0 || l.reserved() > l.onHand()) {
                bad.add(store + "/" + sku + " onHand=" + l.onHand() + " reserved=" + l.reserved());
            }
        }));
        return bad;
    }

    // ------------------------------------------------------------------------------------------- 1, 2, 3

    /**
     * Invariants 1, 2 and 3, between minutes, when no call is in flight.
     *
     * @return the run's orders as this checkpoint read them
     */
    synchronized List<Order> checkpoint(Instant now) {
        checkpoints++;
        Map<StoreId, Map<SkuId, StockLevel>> levels = levels();
        List<Order> all = runOrders.read().orders();
        lastOrders = all;
        long pairs = countPairs(levels);
        trackers.get("1").add(pairs, oversold(levels));

        // 2: what should be reserved is exactly the lines of orders still awaiting payment whose hold has
        // not expired by now. A hold left behind by anything else (a fallback store, a lost race) would show.
        Map<StoreId, Map<SkuId, Long>> held = new HashMap<>();
        List<String> badReserved = new ArrayList<>();
        long awaiting = 0;
        for (Order o : all) {
            if (o.status() == OrderStatus.AWAITING_PAYMENT) {
                awaiting++;
                boolean live = o.holdExpiresAt().isAfter(now);
                if (live) {
                    o.lines().forEach(l -> add(held, o.store(), l.sku(), l.quantity()));
                }
                // The hold itself must say the same: HELD while it lives, EXPIRED once its time is up.
                ReservationStatus expected = live ? ReservationStatus.HELD : ReservationStatus.EXPIRED;
                Optional<Reservation> r = hold(o.store(), o.reservationId());
                if (r.isEmpty() || r.get().status() != expected) {
                    badReserved.add(o.id() + " awaits payment, hold should be " + expected + " but is "
                            + r.map(x -> x.status().name()).orElse("missing"));
                }
            }
        }
        // 3: sold = units of every order whose hold was confirmed; restocked = units of paid orders
        // cancelled later (OrderService.cancel puts them back).
        Map<StoreId, Map<SkuId, Long>> sold = new HashMap<>();
        Map<StoreId, Map<SkuId, Long>> restocked = new HashMap<>();
        Map<StoreId, Map<SkuId, Long>> returned = new HashMap<>();
        for (Order o : all) {
            if (wasPaid(o)) {
                o.lines().forEach(l -> add(sold, o.store(), l.sku(), l.quantity()));
                if (o.status() == OrderStatus.CANCELLED) {
                    o.lines().forEach(l -> add(restocked, o.store(), l.sku(), l.quantity()));
                }
                if (backOnShelf(o)) {
                    o.lines().forEach(l -> add(returned, o.store(), l.sku(), l.quantity()));
                }
            }
        }
        List<String> badConservation = new ArrayList<>();
        long tOpening = 0;
        long tReceived = 0;
        long tRestocked = 0;
        long tReturned = 0;
        long tSold = 0;
        long tWrittenOff = 0;
        long tOnHand = 0;
        long tReserved = 0;
        for (Map.Entry<StoreId, Map<SkuId, StockLevel>> e : levels.entrySet()) {
            StoreId store = e.getKey();
            for (Map.Entry<SkuId, StockLevel> s : e.getValue().entrySet()) {
                SkuId sku = s.getKey();
                StockLevel level = s.getValue();
                long expectHeld = get(held, store, sku);
                if (level.reserved() != expectHeld) {
                    badReserved.add(store + "/" + sku + " reserved=" + level.reserved() + " but orders hold " + expectHeld);
                }
                long opening = data.openingStock(store, sku);
                long in = receivedSoFar(store, sku);
                long back = get(restocked, store, sku);
                long returnedHere = get(returned, store, sku);
                long out = get(sold, store, sku);
                long gone = writtenOffSoFar(store, sku);
                long expect = opening + in + back + returnedHere - out - gone;
                if (level.onHand() != expect) {
                    badConservation.add(store + "/" + sku + " onHand=" + level.onHand() + " but " + opening + " + "
                            + in + " + " + back + " + " + returnedHere + " - " + out + " - " + gone + " = " + expect);
                }
                tOpening += opening;
                tReceived += in;
                tRestocked += back;
                tReturned += returnedHere;
                tSold += out;
                tWrittenOff += gone;
                tOnHand += level.onHand();
                tReserved += level.reserved();
            }
        }
        trackers.get("2").add(pairs, badReserved);
        trackers.get("3").add(pairs, badConservation);
        lastTotals = new Totals(tOpening, tReceived, tRestocked, tReturned, tSold, tWrittenOff, tOnHand, tReserved,
                awaiting);
        slotsAgainstOrders(all, now);
        batchConservation(all, levels, now);
        return all;
    }

    // ------------------------------------------------------------------------------------------------ C

    /**
     * Check C between minutes: every slot as the library lists it ({@code SlotService.list}, the definition
     * and its counter) against the orders that booked it. A paid order keeps its booking unless it was
     * cancelled before the slot started (the library then gives the capacity back); an order awaiting payment
     * with a live hold holds one.
     */
    private void slotsAgainstOrders(List<Order> all, Instant now) {
        Map<SlotId, Long> booked = new HashMap<>();
        Map<SlotId, Long> held = new HashMap<>();
        for (Order o : all) {
            if (o.slot() == null) {
                continue;
            }
            SlotId id = o.slot().id();
            if (wasPaid(o) && !gaveSlotBack(o)) {
                booked.merge(id, 1L, Long::sum);
            } else if (o.status() == OrderStatus.AWAITING_PAYMENT && o.holdExpiresAt().isAfter(now)) {
                held.merge(id, 1L, Long::sum);
            }
        }
        List<String> bad = new ArrayList<>();
        Map<SlotId, SlotAvailability> listed = new LinkedHashMap<>();
        for (Store s : data.stores()) {
            oms.slots().list(s.id(), MorningSimulation.DAY, MorningSimulation.DAY)
                    .forEach(a -> listed.put(a.slot().id(), a));
        }
        for (DeliverySlot slot : slots.values()) {
            SlotAvailability a = listed.get(slot.id());
            if (a == null) {
                bad.add("slot " + slot.id() + " is not listed for " + slot.store());
                continue;
            }
            if (!a.slot().sameDefinition(slot)) {
                bad.add("slot " + slot.id() + " listed as " + a.slot() + ", created as " + slot);
            }
            StockLevel l = a.level();
            long paid = booked.getOrDefault(slot.id(), 0L);
            long holding = held.getOrDefault(slot.id(), 0L);
            if (paid > slot.capacity()) {
                bad.add("slot " + slot.id() + " has " + paid + " paid orders for a capacity of " + slot.capacity());
            }
            if (slot.capacity() - l.onHand() != paid) {
                bad.add("slot " + slot.id() + " counts " + (slot.capacity() - l.onHand()) + " booked but " + paid
                        + " paid orders keep a booking");
            }
            if (l.reserved() != holding) {
                bad.add("slot " + slot.id() + " counts " + l.reserved() + " held but " + holding
                        + " orders await payment with a live hold");
            }
            if (paid > fullestSlotSeen) {
                fullestSlotSeen = paid;
                fullest = slot.id();
            }
        }
        for (SlotId id : listed.keySet()) {
            if (!slots.containsKey(id)) {
                bad.add("slot " + id + " is listed but was never created");
            }
        }
        trackers.get("C").add(slots.size(), bad);
    }

    /** True for a paid order cancelled before its slot started: the library gave the capacity back. */
    static boolean gaveSlotBack(Order o) {
        if (o.slot() == null || o.status() != OrderStatus.CANCELLED || !wasPaid(o)) {
            return false;
        }
        StatusChange last = o.history().get(o.history().size() - 1);
        return last.at().isBefore(o.slot().start());
    }

    // ------------------------------------------------------------------------------------------------ F

    /**
     * Check F between minutes: each batch's counters against what the example put in (opening, truck), what the
     * paid orders took from it ({@code OrderLine.batches()}), what cancellations put back and what was written
     * off; its reserved units against the orders awaiting payment; and the SKU's counters against the sum of
     * its batches (a batched SKU has no loose units in the data).
     */
    private void batchConservation(List<Order> all, Map<StoreId, Map<SkuId, StockLevel>> levels, Instant now) {
        Map<String, Long> sold = new HashMap<>();
        Map<String, Long> restocked = new HashMap<>();
        Map<String, Long> returned = new HashMap<>();
        Map<String, Long> held = new HashMap<>();
        for (Order o : all) {
            boolean paid = wasPaid(o);
            boolean shelved = backOnShelf(o);
            boolean live = o.status() == OrderStatus.AWAITING_PAYMENT && o.holdExpiresAt().isAfter(now);
            for (OrderLine l : o.lines()) {
                for (BatchTake t : l.batches()) {
                    String key = SampleData.batchKey(o.store(), l.sku(), t.code());
                    if (paid) {
                        sold.merge(key, t.quantity(), Long::sum);
                        if (o.status() == OrderStatus.CANCELLED) {
                            restocked.merge(key, t.quantity(), Long::sum);
                        }
                        if (shelved) {
                            returned.merge(key, t.quantity(), Long::sum);
                        }
                    } else if (live) {
                        held.merge(key, t.quantity(), Long::sum);
                    }
                }
            }
        }
        Map<String, Long> opening = new HashMap<>();
        data.openingBatches().forEach(b -> opening.merge(SampleData.batchKey(b.store(), b.sku(), b.batch().code()),
                b.units(), Long::sum));

        List<String> bad = new ArrayList<>();
        long compared = 0;
        long tReceived = 0;
        long tSold = 0;
        long tRestocked = 0;
        long tReturned = 0;
        long tWrittenOff = 0;
        long tOnHand = 0;
        long tExpired = 0;
        for (Store s : data.stores()) {
            for (SkuId sku : data.batchedSkus()) {
                Map<String, BatchLevel> inLock = new TreeMap<>();
                for (BatchLevel b : oms.inventory().batches(s.id(), sku)) {
                    inLock.put(SampleData.batchKey(s.id(), sku, b.batch().code()), b);
                }
                String prefix = s.id() + "/" + sku + "/";
                Map<String, Batch> ours = new TreeMap<>();
                knownBatches.forEach((key, batch) -> {
                    if (key.startsWith(prefix)) {
                        ours.put(key, batch);
                    }
                });
                long sumOnHand = 0;
                long sumExpired = 0;
                for (Map.Entry<String, Batch> e : ours.entrySet()) {
                    String key = e.getKey();
                    long in = opening.getOrDefault(key, 0L) + sum(batchReceived, key);
                    long out = sold.getOrDefault(key, 0L);
                    long back = restocked.getOrDefault(key, 0L);
                    long returnedHere = returned.getOrDefault(key, 0L);
                    long gone = sum(batchWrittenOff, key);
                    long expect = in - out + back + returnedHere - gone;
                    BatchLevel level = inLock.remove(key);
                    long onHand = level == null ? 0 : level.onHand();
                    long reserved = level == null ? 0 : level.reserved();
                    if (level == null && in == 0) {
                        continue; // a truck's batch not received yet
                    }
                    compared++;
                    if (level == null && !e.getValue().isExpiredAt(now)) {
                        bad.add(key + " is missing from the store's batches");
                    }
                    if (level != null && !level.batch().equals(e.getValue())) {
                        bad.add(key + " is " + level.batch() + ", received as " + e.getValue());
                    }
                    if (onHand != expect) {
                        bad.add(key + " onHand=" + onHand + " but " + in + " received - " + out + " sold + " + back
                                + " restocked + " + returnedHere + " returned - " + gone + " written off = " + expect);
                    }
                    long expectHeld = held.getOrDefault(key, 0L);
                    if (reserved != expectHeld || reserved < 0 || reserved > onHand) {
                        bad.add(key + " reserved=" + reserved + " onHand=" + onHand + " but orders awaiting payment hold "
                                + expectHeld);
                    }
                    sumOnHand += onHand;
                    if (e.getValue().isExpiredAt(now)) {
                        sumExpired += onHand;
                    }
                    tReceived += in;
                    tSold += out;
                    tRestocked += back;
                    tReturned += returnedHere;
                    tWrittenOff += gone;
                    tOnHand += onHand;
                }
                inLock.keySet().forEach(key -> bad.add(key + " is in the store but the example never received it"));
                StockLevel sl = levels.get(s.id()).get(sku);
                if (sl != null && (sl.onHand() != sumOnHand || sl.expired() != sumExpired)) {
                    bad.add(s.id() + "/" + sku + " onHand=" + sl.onHand() + " expired=" + sl.expired()
                            + " but its batches hold " + sumOnHand + ", " + sumExpired + " of them expired");
                }
                tExpired += sumExpired;
            }
        }
        trackers.get("F").add(compared, bad);
        lastBatchTotals = new BatchTotals(compared, tReceived, tSold, tRestocked, tReturned, tWrittenOff, tOnHand,
                tExpired);
    }

    // ------------------------------------------------------------------------------------------------ G

    /**
     * Check G, at the close after the last reconciler pass copied the lock's record to the durable ledger: every
     * movement of every store read back through the {@code StockLedger} port, and nothing else, must add up to the
     * lock's counters, per (store, resource) for {@code onHand} and {@code reserved}, and per batch. Each counter is
     * rebuilt twice, from the movements' own effects and from the totals of their types (received + adjusted +
     * restocked + returned - sold, and held - released - expired - sold), and both must agree with the lock.
     */
    private LedgerTotals ledgerAgainstLock() {
        List<String> bad = new ArrayList<>();
        Map<StoreId, Map<MovementType, LedgerTotals.TypeTotal>> byStore = new LinkedHashMap<>();
        long counters = 0;
        long batchesCompared = 0;
        long skuOnHand = 0;
        long skuReserved = 0;
        for (Store s : data.stores()) {
            StoreId store = s.id();
            Map<Resource, long[]> effects = new HashMap<>();
            Map<Resource, long[]> byType = new HashMap<>();
            Map<String, long[]> batchEffects = new TreeMap<>();
            Map<MovementType, long[]> totals = new EnumMap<>(MovementType.class);
            StockMovement last = null;
            while (true) {
                LedgerQuery query = LedgerQuery.of(store, LedgerQuery.MAX_LIMIT);
                List<StockMovement> page = oms.recovery().movements(last == null ? query : query.after(last));
                for (StockMovement m : page) {
                    long[] e = effects.computeIfAbsent(m.resource(), r -> new long[2]);
                    e[0] += m.onHandEffect();
                    e[1] += m.reservedEffect();
                    byType.computeIfAbsent(m.resource(), r -> new long[MovementType.values().length])[m.type().ordinal()]
                            += m.quantity();
                    if (m.batch() != null) {
                        long[] b = batchEffects.computeIfAbsent(m.resource().key() + "/" + m.batch().code(),
                                k -> new long[2]);
                        b[0] += m.onHandEffect();
                        b[1] += m.reservedEffect();
                    }
                    long[] t = totals.computeIfAbsent(m.type(), k -> new long[4]);
                    t[0]++;
                    if (m.resource().isSku()) {
                        t[1] += m.quantity();
                    } else {
                        t[2]++;
                        t[3] += m.quantity();
                    }
                }
                if (page.size() < LedgerQuery.MAX_LIMIT) {
                    break;
                }
                last = page.get(page.size() - 1);
            }
            Map<MovementType, LedgerTotals.TypeTotal> storeTotals = new EnumMap<>(MovementType.class);
            totals.forEach((type, t) -> storeTotals.put(type, new LedgerTotals.TypeTotal(t[0], t[1], t[2], t[3])));
            byStore.put(store, storeTotals);

            Map<Resource, StockLevel> inLock = oms.inventory().levels(store);
            java.util.Set<Resource> resources = new java.util.TreeSet<>(inLock.keySet());
            resources.addAll(effects.keySet());
            for (Resource r : resources) {
                counters++;
                long[] e = effects.getOrDefault(r, new long[2]);
                long[] t = byType.getOrDefault(r, new long[MovementType.values().length]);
                long onHandByType = t[MovementType.RECEIVED.ordinal()] + t[MovementType.ADJUSTED.ordinal()]
                        + t[MovementType.RESTOCKED.ordinal()] + t[MovementType.RETURNED.ordinal()]
                        - t[MovementType.SOLD.ordinal()];
                long reservedByType = t[MovementType.HELD.ordinal()] - t[MovementType.RELEASED.ordinal()]
                        - t[MovementType.EXPIRED.ordinal()] - t[MovementType.SOLD.ordinal()];
                StockLevel level = inLock.get(r);
                long onHand = level == null ? 0 : level.onHand();
                long reserved = level == null ? 0 : level.reserved();
                if (onHandByType != e[0] || reservedByType != e[1]) {
                    bad.add(store + "/" + r + " by type " + onHandByType + " on hand, " + reservedByType
                            + " reserved, but the movements' effects add up to " + e[0] + ", " + e[1]);
                }
                if (onHand != e[0]) {
                    bad.add(store + "/" + r + " onHand=" + onHand + " in the lock but the ledger has "
                            + t[MovementType.RECEIVED.ordinal()] + " received " + signed(t[MovementType.ADJUSTED.ordinal()])
                            + " adjusted + " + t[MovementType.RESTOCKED.ordinal()] + " restocked + "
                            + t[MovementType.RETURNED.ordinal()] + " returned - " + t[MovementType.SOLD.ordinal()]
                            + " sold = " + onHandByType);
                }
                if (reserved != e[1]) {
                    bad.add(store + "/" + r + " reserved=" + reserved + " in the lock but the ledger has "
                            + t[MovementType.HELD.ordinal()] + " held - " + t[MovementType.RELEASED.ordinal()]
                            + " released - " + t[MovementType.EXPIRED.ordinal()] + " expired - "
                            + t[MovementType.SOLD.ordinal()] + " sold = " + reservedByType);
                }
                if (r.isSku()) {
                    skuOnHand += onHandByType;
                    skuReserved += reservedByType;
                    String prefix = r.key() + "/";
                    Map<String, long[]> ours = new TreeMap<>();
                    batchEffects.forEach((key, b) -> {
                        if (key.startsWith(prefix)) {
                            ours.put(key, b);
                        }
                    });
                    Map<String, BatchLevel> theirs = new TreeMap<>();
                    for (BatchLevel b : oms.inventory().batches(store, r.skuId())) {
                        theirs.put(prefix + b.batch().code(), b);
                    }
                    java.util.Set<String> keys = new java.util.TreeSet<>(ours.keySet());
                    keys.addAll(theirs.keySet());
                    for (String key : keys) {
                        batchesCompared++;
                        long[] b = ours.getOrDefault(key, new long[2]);
                        BatchLevel l = theirs.get(key);
                        long lockOnHand = l == null ? 0 : l.onHand();
                        long lockReserved = l == null ? 0 : l.reserved();
                        if (lockOnHand != b[0] || lockReserved != b[1]) {
                            bad.add(store + "/" + key + " onHand=" + lockOnHand + " reserved=" + lockReserved
                                    + " in the lock but the ledger adds up to " + b[0] + ", " + b[1]);
                        }
                    }
                }
            }
        }
        trackers.get("G").add(counters + batchesCompared, bad);
        return new LedgerTotals(byStore, counters, batchesCompared, skuOnHand, skuReserved);
    }

    /** The ledger as check G read it at the close; null before {@link #verdicts}. */
    synchronized LedgerTotals ledgerTotals() {
        return ledgerTotals;
    }

    // ------------------------------------------------------------------------------------- a loss of the lock

    /**
     * Check H: drift checks that must come out clean (the lock and the durable record agree); {@code when} says
     * when they ran, for the note.
     */
    synchronized void drift(String when, List<DriftReport> reports) {
        List<String> bad = new ArrayList<>();
        long counters = 0;
        for (DriftReport r : reports) {
            for (Drift d : r.drifts()) {
                bad.add(when + ": " + r.store() + "/" + d.resource() + (d.batch() == null ? "" : "/" + d.batch().code())
                        + " " + d.counter() + " " + d.actual() + " in the lock, " + d.recorded() + " by the record");
            }
            counters += r.drifts().size();
        }
        trackers.get("H").add(reports.size(), bad);
        driftNotes.add(f("%d stores clean %s", reports.size() - reports.stream().filter(r -> !r.isClean()).count(), when)
                + (counters == 0 ? "" : f(" (%d counters drifted)", counters)));
    }

    /** Check H: a rebuild from a sound record restores every live hold and finds no problem in it. */
    synchronized void rebuilt(List<RebuildReport> reports) {
        List<String> bad = new ArrayList<>();
        long restored = 0;
        for (RebuildReport r : reports) {
            r.holdsDropped().forEach(id -> bad.add("rebuild of " + r.store() + " dropped hold " + id));
            r.problems().forEach(p -> bad.add("rebuild of " + r.store() + ": " + p));
            restored += r.holdsRestored().size();
        }
        trackers.get("H").add(reports.size(), bad);
        driftNotes.add(f("rebuild of %s wrote %d counters and restored %d holds, dropped %d, %d problems, "
                        + "recovered %d unshipped movements from the orders",
                reports.stream().map(r -> r.store().value()).collect(java.util.stream.Collectors.joining(", ")),
                reports.stream().mapToLong(RebuildReport::resources).sum(), restored,
                reports.stream().mapToLong(r -> r.holdsDropped().size()).sum(),
                reports.stream().mapToLong(r -> r.problems().size()).sum(),
                reports.stream().mapToLong(RebuildReport::movementsRecovered).sum()));
    }

    /**
     * Just before the inventory lock loses the data of {@code stores}: what it says there of the hold of every order
     * and of every checkout.
     * Finished holds are part of what goes (a rebuild restores the live ones only), yet checks 4, 6 and 7 look at
     * every order's hold; for a hold the lock no longer knows after the loss, they read what it said before.
     */
    synchronized void rememberHolds(Journal journal, List<StoreId> stores) {
        java.util.Set<ReservationId> ids = new java.util.LinkedHashSet<>();
        runOrders.read().orders().forEach(o -> ids.add(o.reservationId()));
        for (Journal.Checkout c : journal.checkouts()) {
            ids.add(OrderId.derive(c.plan.customer(), c.plan.key()).reservationId());
        }
        for (StoreId store : stores) {
            for (ReservationId id : ids) {
                holdsBeforeLoss.put(holdKey(store, id), oms.inventory().reservation(store, id));
            }
        }
        lost.addAll(stores);
    }

    /**
     * The hold as the lock has it; for a store that lost its data, what the lock said before the loss when it no
     * longer knows the hold.
     */
    private Optional<Reservation> hold(StoreId store, ReservationId id) {
        Optional<Reservation> now = oms.inventory().reservation(store, id);
        if (now.isPresent() || !lost.contains(store)) {
            return now;
        }
        return holdsBeforeLoss.getOrDefault(holdKey(store, id), Optional.empty());
    }

    private static String holdKey(StoreId store, ReservationId id) {
        return store + "|" + id;
    }

    /** True for an order returned with items the store could sell again: they went back on the shelf. */
    static boolean backOnShelf(Order o) {
        if (o.status() != OrderStatus.RETURNED) {
            return false;
        }
        StatusChange last = o.history().get(o.history().size() - 1);
        return OrderService.RESELLABLE.equals(last.reason());
    }

    private static String signed(long n) {
        return (n < 0 ? "- " : "+ ") + String.format(Locale.ROOT, "%,d", Math.abs(n));
    }

    /** The run's orders as the last checkpoint or verdict read them. */
    synchronized List<Order> orders() {
        return lastOrders;
    }

    // --------------------------------------------------------------------------------------- 4 to 7, A, B

    /** The verdicts, after a last {@link #checkpoint} at the close. */
    synchronized List<Check> verdicts(Journal journal, EventCounter.Snapshot events) {
        RunOrders.Snapshot read = runOrders.read();
        List<Order> all = read.orders();
        lastOrders = all;
        Map<OrderId, Reservation> holds = new HashMap<>();
        for (Order o : all) {
            hold(o.store(), o.reservationId()).ifPresent(r -> holds.put(o.id(), r));
        }
        allOrNothing(all, holds, journal);
        idempotency(journal, read.duplicates());
        long[] fencing = fencing(all, holds, journal);
        confirmedIff(all, holds);
        eventsAgree(all, events);
        trackers.get("B").add(1, journal.errors());
        long[] fresh = batchFreshness(all, holds);
        long[] byBatch = soldByBatchAddsUp(all);
        ledgerTotals = ledgerAgainstLock();
        LedgerTotals lt = ledgerTotals;
        List<DriftReport> atClose = new ArrayList<>();
        for (Store s : data.stores()) {
            atClose.add(oms.reconciler().checkDrift(s.id()));
        }
        drift("at the close", atClose);
        long slotOrders = all.stream().filter(o -> o.slot() != null).count();
        long slotPaid = all.stream().filter(o -> o.slot() != null && wasPaid(o)).count();
        long slotGivenBack = all.stream().filter(Invariants::gaveSlotBack).count();
        BatchTotals b = lastBatchTotals;

        Totals t = lastTotals;
        long paid = all.stream().filter(Invariants::wasPaid).count();
        long[] repeats = repeats(journal);
        Map<String, String> passNotes = new HashMap<>();
        passNotes.put("1", f("%d (store, SKU) pairs, read %d times while shoppers ran and %d times between minutes",
                countPairs(levels()), auditsDuring, checkpoints));
        passNotes.put("2", f("at %d checkpoints; at close %d units reserved for %d orders awaiting payment",
                checkpoints, t.reserved(), t.awaitingOrders()));
        passNotes.put("3", f("at %d checkpoints; at close %d opening + %d received + %d restocked + %d returned - %d sold"
                        + " - %d written off = %d on hand",
                checkpoints, t.opening(), t.received(), t.restocked(), t.returned(), t.sold(), t.writtenOff(),
                t.onHand()));
        passNotes.put("4", f("%d orders matched their holds line for line, %d paid ones took every line; "
                        + "%d checkouts without an order held nothing in any store",
                all.size(), paid, journal.checkouts().stream().filter(c -> placedId(c) == null).count()));
        passNotes.put("5", f("%d retries and %d double taps got the first order back (repeated=true); "
                + "%d edited carts under a used key refused, order unchanged; %d customers, none with two orders",
                repeats[0], repeats[1], repeats[2], runOrders.customers()));
        passNotes.put("6", f("%d holds confirmed, the closest %s before expiry; %d late payments refused",
                fencing[0], fencing[0] == 0 ? "-" : human(Duration.ofSeconds(fencing[1])), fencing[2]));
        passNotes.put("7", f("%d orders paid with confirmed holds, %d unpaid with unconfirmed holds",
                paid, all.size() - paid));
        passNotes.put("A", f("%d placed, %d confirmed, %d cancelled, %d status changes",
                events.placed(), events.confirmed(), events.cancelledTotal(), events.statusChanges()));
        passNotes.put("B", "no errors");
        passNotes.put("C", f("%d slots read %d times while shoppers ran and at %d checkpoints; %d orders booked a slot, "
                        + "%d paid, %d of them cancelled in time to give it back; fullest: %s with %d paid bookings",
                slots.size(), slotReadsDuring, checkpoints, slotOrders, slotPaid, slotGivenBack,
                fullest == null ? "-" : fullest.value(), fullestSlotSeen));
        passNotes.put("D", f("%d batch takes of %d paid orders: each batch good at confirmation and past delivery + "
                        + "minimum shelf life (slot end, or placement + allowance for delivery now); closest %s over the minimum",
                fresh[0], fresh[1], fresh[0] == 0 ? "-" : human(Duration.ofSeconds(fresh[2])))
                + (fresh[3] == 0 ? "" : f("; measured at the rider's actual arrival, %d orders for delivery now had less "
                + "shelf life left than the minimum", fresh[3])));
        passNotes.put("E", f("%d units sold from %d batches match the lines of their %d SKUs; %d units of SKUs without "
                        + "batches; %d units sold in all",
                byBatch[0], byBatch[1], byBatch[2], byBatch[3], byBatch[0] + byBatch[3]));
        passNotes.put("F", f("%d batches at %d checkpoints; at close %d received - %d sold + %d restocked + %d returned"
                        + " - %d written off = %d on hand (%d of them expired)",
                b.batches(), checkpoints, b.received(), b.sold(), b.restocked(), b.returned(), b.writtenOff(), b.onHand(),
                b.expired()));
        LedgerTotals.TypeTotal sku = lt.overall().values().stream().reduce(LedgerTotals.TypeTotal.ZERO,
                LedgerTotals.TypeTotal::plus);
        passNotes.put("G", f("%d movements of %d stores read back from the ledger add up to the lock's %d counters "
                        + "(SKUs and slots) and %d batches; SKU units: %d received %s adjusted + %d restocked + %d returned"
                        + " - %d sold = %d on hand; %d held - %d released - %d expired - %d sold = %d reserved",
                sku.count(), lt.byStore().size(), lt.counters(), lt.batches(), lt.skuUnits(MovementType.RECEIVED),
                signed(lt.skuUnits(MovementType.ADJUSTED)), lt.skuUnits(MovementType.RESTOCKED),
                lt.skuUnits(MovementType.RETURNED), lt.skuUnits(MovementType.SOLD), lt.skuOnHand(),
                lt.skuUnits(MovementType.HELD), lt.skuUnits(MovementType.RELEASED), lt.skuUnits(MovementType.EXPIRED),
                lt.skuUnits(MovementType.SOLD), lt.skuReserved()));
        passNotes.put("H", String.join("; ", driftNotes));

        List<Check> checks = new ArrayList<>();
        for (Tracker tr : trackers.values()) {
            boolean ok = tr.violations == 0;
            String detail = ok ? passNotes.get(tr.id)
                    : tr.violations + " violation(s) in " + tr.comparisons + " comparisons, e.g. " + String.join("; ", tr.examples);
            checks.add(new Check(tr.id, tr.title, ok, detail));
        }
        return checks;
    }

    private void allOrNothing(List<Order> all, Map<OrderId, Reservation> holds, Journal journal) {
        List<String> bad = new ArrayList<>();
        List<Store> stores = data.stores();
        for (Order o : all) {
            Reservation r = holds.get(o.id());
            if (r == null) {
                bad.add(o.id() + " has no hold at its store " + o.store());
                continue;
            }
            SlotId orderSlot = o.slot() == null ? null : o.slot().id();
            if (!r.store().equals(o.store()) || !holdLines(r).equals(orderLines(o))
                    || !Objects.equals(holdSlot(r), orderSlot)) {
                bad.add(o.id() + " order lines " + orderLines(o) + " slot " + orderSlot + " but hold " + r.store() + " "
                        + holdLines(r) + " slot " + holdSlot(r));
            }
            for (OrderLine l : o.lines()) {
                if (!l.batches().equals(r.takesOf(Resource.sku(l.sku())))) {
                    bad.add(o.id() + " line " + l.sku() + " takes " + l.batches() + " but its hold took "
                            + r.takesOf(Resource.sku(l.sku())));
                }
            }
            if (wasPaid(o) && r.status() != ReservationStatus.CONFIRMED) {
                bad.add(o.id() + " paid but its hold is " + r.status());
            }
            // Only a lost double-tap race may leave a hold of this order at another store, and it must
            // have been given back.
            for (Store s : stores) {
                if (!s.id().equals(o.store())) {
                    Optional<Reservation> other = hold(s.id(), o.reservationId());
                    if (other.isPresent() && other.get().status() != ReservationStatus.RELEASED) {
                        bad.add(o.id() + " also has a " + other.get().status() + " hold at " + s.id());
                    }
                }
            }
        }
        long compared = all.size();
        // A checkout that never became an order (rejected cart, no store, out of stock) held nothing anywhere.
        for (Journal.Checkout c : journal.checkouts()) {
            if (placedId(c) != null || c.results().isEmpty()) {
                continue;
            }
            OrderId id = OrderId.derive(c.plan.customer(), c.plan.key());
            for (Store s : stores) {
                compared++;
                Optional<Reservation> r = hold(s.id(), id.reservationId());
                if (r.isPresent()) {
                    bad.add("checkout " + c.plan.key() + " answered " + c.results().get(0).getClass().getSimpleName()
                            + " yet holds " + r.get().lines() + " at " + s.id());
                }
            }
        }
        trackers.get("4").add(compared, bad);
    }

    private void idempotency(Journal journal, List<String> duplicates) {
        // One checkout key per shopper, so one order per customer at most: a second is a duplicate.
        List<String> bad = new ArrayList<>(duplicates);
        long compared = runOrders.customers();
        for (Journal.Checkout c : journal.checkouts()) {
            List<PlacementResult> results = c.results();
            OrderId expected = OrderId.derive(c.plan.customer(), c.plan.key());
            int fresh = 0;
            int placed = 0;
            for (PlacementResult r : results) {
                if (r instanceof PlacementResult.Placed) {
                    PlacementResult.Placed p = (PlacementResult.Placed) r;
                    placed++;
                    compared++;
                    if (!p.order().id().equals(expected)) {
                        bad.add(c.plan.key() + " answered order " + p.order().id() + ", expected " + expected);
                    }
                    if (!p.repeated()) {
                        fresh++;
                    }
                }
            }
            boolean stored = orders.find(expected).isPresent();
            if (placed > 0 && fresh != 1) {
                bad.add(c.plan.key() + ": " + placed + " calls placed, " + fresh + " of them as new (expected exactly 1)");
            }
            if (stored != (placed > 0)) {
                bad.add(c.plan.key() + ": stored=" + stored + " but " + placed + " calls answered Placed");
            }
            if (c.plan.retry() == ShopperPlan.Retry.SEQUENTIAL && placed > 0) {
                // The retry comes right after the call that placed the order (a refused slot may come before):
                // it must be that order again, marked repeated.
                compared++;
                int first = 0;
                while (!(results.get(first) instanceof PlacementResult.Placed)) {
                    first++;
                }
                PlacementResult second = results.size() > first + 1 ? results.get(first + 1) : null;
                if (!(second instanceof PlacementResult.Placed) || !((PlacementResult.Placed) second).repeated()) {
                    bad.add(c.plan.key() + ": retry answered " + second + " instead of the first order, repeated");
                }
            }
            if (c.plan.retry() == ShopperPlan.Retry.KEY_REUSE && placed > 0) {
                compared++;
                if (!c.keyReuseRefused) {
                    bad.add(c.plan.key() + ": an edited cart under a used key was " + c.keyReuseAnswer);
                }
                // ...and changed nothing: the stored order still has the cart of the first call.
                Order now = orders.find(expected).orElse(null);
                Order first = results.stream().filter(r -> r instanceof PlacementResult.Placed).findFirst()
                        .map(r -> ((PlacementResult.Placed) r).order()).orElseThrow();
                if (now == null || !orderLines(now).equals(orderLines(first))) {
                    bad.add(c.plan.key() + ": stored lines changed after the key was reused");
                }
            }
        }
        trackers.get("5").add(compared, bad);
    }

    /** Returns {confirmed holds, tightest margin in seconds, late payments refused}. */
    private long[] fencing(List<Order> all, Map<OrderId, Reservation> holds, Journal journal) {
        List<String> bad = new ArrayList<>();
        long confirmed = 0;
        long tightest = Long.MAX_VALUE;
        for (Order o : all) {
            Reservation r = holds.get(o.id());
            if (r != null && r.status() == ReservationStatus.CONFIRMED) {
                confirmed++;
                if (!r.finishedAt().isBefore(r.expiresAt())) {
                    bad.add(o.id() + " hold confirmed at " + r.finishedAt() + ", expiry " + r.expiresAt());
                }
                tightest = Math.min(tightest, Duration.between(r.finishedAt(), r.expiresAt()).getSeconds());
            }
            for (StatusChange change : o.history()) {
                // The order follows its hold at once; only the reconciler, finishing a flow cut off after the
                // hold was confirmed, may record CONFIRMED later (the hold's own time is checked above).
                if (change.to() == OrderStatus.CONFIRMED && !change.actor().equals(Actor.system("reconciler"))
                        && !change.at().isBefore(o.holdExpiresAt())) {
                    bad.add(o.id() + " confirmed at " + change.at() + ", hold expired at " + o.holdExpiresAt());
                }
            }
        }
        List<OrderId> refused = journal.refusedPayments();
        for (OrderId id : refused) {
            Order o = orders.find(id).orElse(null);
            Reservation r = o == null ? null : holds.get(id);
            if (o == null || o.status() != OrderStatus.CANCELLED || r == null || r.status() == ReservationStatus.CONFIRMED) {
                bad.add("refused payment of " + id + " left order " + (o == null ? "missing" : o.status())
                        + " and hold " + (r == null ? "missing" : r.status()));
            } else if (o.cancelReason().orElse(null) != CancelReason.RESERVATION_EXPIRED) {
                bad.add("refused payment of " + id + " cancelled it as " + o.cancelReason().orElse(null));
            }
        }
        trackers.get("6").add(all.size() + refused.size(), bad);
        return new long[] {confirmed, tightest == Long.MAX_VALUE ? 0 : tightest, refused.size()};
    }

    private void confirmedIff(List<Order> all, Map<OrderId, Reservation> holds) {
        List<String> bad = new ArrayList<>();
        for (Order o : all) {
            Reservation r = holds.get(o.id());
            boolean holdConfirmed = r != null && r.status() == ReservationStatus.CONFIRMED;
            if (wasPaid(o) != holdConfirmed) {
                bad.add(o.id() + " is " + o.status() + (wasPaid(o) ? " (paid)" : " (never paid)") + " but its hold is "
                        + (r == null ? "missing" : r.status()));
            }
        }
        trackers.get("7").add(all.size(), bad);
    }

    private void eventsAgree(List<Order> all, EventCounter.Snapshot events) {
        List<String> bad = new ArrayList<>();
        long paid = all.stream().filter(Invariants::wasPaid).count();
        long changes = all.stream().mapToLong(o -> o.history().size() - 1).sum();
        Map<CancelReason, Long> cancelled = new EnumMap<>(CancelReason.class);
        for (CancelReason r : CancelReason.values()) {
            cancelled.put(r, 0L);
        }
        for (Order o : all) {
            o.cancelReason().ifPresent(r -> cancelled.merge(r, 1L, Long::sum));
        }
        if (events.placed() != all.size()) {
            bad.add("OrderPlaced " + events.placed() + " vs " + all.size() + " orders stored");
        }
        if (events.confirmed() != paid) {
            bad.add("OrderConfirmed " + events.confirmed() + " vs " + paid + " orders paid");
        }
        if (!events.cancelled().equals(cancelled)) {
            bad.add("OrderCancelled by reason " + events.cancelled() + " vs stored " + cancelled);
        }
        if (events.statusChanges() != changes) {
            bad.add("OrderStatusChanged " + events.statusChanges() + " vs " + changes + " history entries");
        }
        trackers.get("A").add(4, bad);
    }

    // --------------------------------------------------------------------------------------------- D, E

    /**
     * Check D: every unit a paid order took from a batch came from a batch the store received, still good when the
     * hold was confirmed, and good past delivery plus the SKU's minimum shelf life, delivery being what the library
     * plans with: the slot's end, or the placement plus the configured delivery allowance for delivery now.
     *
     * @return {takes checked, paid orders, smallest margin over the minimum in seconds, orders for delivery now
     *         that the rider reached with less than the minimum left}
     */
    private long[] batchFreshness(List<Order> all, Map<OrderId, Reservation> holds) {
        List<String> bad = new ArrayList<>();
        long takes = 0;
        long paid = 0;
        long tightest = Long.MAX_VALUE;
        long shortAtDoor = 0;
        for (Order o : all) {
            if (!wasPaid(o)) {
                continue;
            }
            paid++;
            Reservation r = holds.get(o.id());
            Instant confirmedAt = r != null && r.finishedAt() != null ? r.finishedAt() : confirmedAt(o);
            Instant delivery = o.slot() != null ? o.slot().end()
                    : o.createdAt().plus(oms.config().deliveryAllowance());
            Instant atDoor = deliveredAt(o);
            boolean shortHere = false;
            for (OrderLine l : o.lines()) {
                Duration minimum = data.product(l.sku()).sku().minShelfLife();
                for (BatchTake t : l.batches()) {
                    takes++;
                    Batch known = knownBatches.get(SampleData.batchKey(o.store(), l.sku(), t.code()));
                    if (known == null || !known.equals(t.batch())) {
                        bad.add(o.id() + " took " + t.quantity() + " x " + l.sku() + " from " + t.batch()
                                + ", not a batch " + o.store() + " received");
                        continue;
                    }
                    if (t.batch().isExpiredAt(confirmedAt)) {
                        bad.add(o.id() + " confirmed at " + confirmedAt + " with " + l.sku() + " of batch " + t.code()
                                + " expired at " + t.batch().expiresAt());
                    }
                    Instant freshUntil = delivery.plus(minimum);
                    if (!t.batch().expiresAt().isAfter(freshUntil)) {
                        bad.add(o.id() + " delivers " + l.sku() + " of batch " + t.code() + " expiring "
                                + t.batch().expiresAt() + ", within " + human(minimum) + " of delivery at " + delivery);
                    } else {
                        tightest = Math.min(tightest, Duration.between(freshUntil, t.batch().expiresAt()).getSeconds());
                    }
                    if (o.slot() == null && atDoor != null && !t.batch().expiresAt().isAfter(atDoor.plus(minimum))) {
                        shortHere = true;
                    }
                }
            }
            if (shortHere) {
                shortAtDoor++;
            }
        }
        trackers.get("D").add(takes, bad);
        return new long[] {takes, paid, tightest == Long.MAX_VALUE ? 0 : tightest, shortAtDoor};
    }

    /**
     * Check E: the units the sold orders (paid, not cancelled) took batch by batch add up, SKU by SKU, to the units
     * of their lines: every line of a SKU the store keeps in batches is covered by its takes, and no line of any
     * other SKU names a batch.
     *
     * @return {units sold from batches, batches sold from, batched SKUs sold, units of SKUs without batches}
     */
    private long[] soldByBatchAddsUp(List<Order> all) {
        List<String> bad = new ArrayList<>();
        Map<String, Long> byBatch = soldByBatch(all);
        Map<SkuId, Long> fromBatches = new TreeMap<>();
        byBatch.forEach((key, units) -> fromBatches.merge(SkuId.of(key.split("/")[1]), units, Long::sum));
        Map<SkuId, Long> batchedLines = new TreeMap<>();
        long unbatched = 0;
        long compared = 0;
        for (Order o : all) {
            if (!wasPaid(o) || o.status() == OrderStatus.CANCELLED) {
                continue;
            }
            for (OrderLine l : o.lines()) {
                compared++;
                boolean batched = keptInBatches(o.store(), l.sku());
                if (batched) {
                    batchedLines.merge(l.sku(), (long) l.quantity(), Long::sum);
                    if (l.unbatchedQuantity() != 0) {
                        bad.add(o.id() + " sold " + l.unbatchedQuantity() + " x " + l.sku() + " from no batch");
                    }
                } else {
                    unbatched += l.quantity();
                    if (!l.batches().isEmpty()) {
                        bad.add(o.id() + " sold " + l.sku() + " from batches " + l.batches() + " it was never received in");
                    }
                }
            }
        }
        if (!fromBatches.equals(batchedLines)) {
            bad.add("units sold by batch, per SKU " + fromBatches + " but lines of batched SKUs " + batchedLines);
        }
        long units = byBatch.values().stream().mapToLong(Long::longValue).sum();
        trackers.get("E").add(compared + 1, bad);
        return new long[] {units, byBatch.size(), fromBatches.size(), unbatched};
    }

    /** True when the data keeps this SKU in batches at this store. */
    private boolean keptInBatches(StoreId store, SkuId sku) {
        String prefix = store + "/" + sku + "/";
        return knownBatches.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /**
     * Units sold (orders paid and not cancelled) from each batch, by {@link SampleData#batchKey}, from the orders'
     * {@code OrderLine.batches()}; sorted by key.
     */
    static Map<String, Long> soldByBatch(List<Order> all) {
        Map<String, Long> out = new TreeMap<>();
        for (Order o : all) {
            if (!wasPaid(o) || o.status() == OrderStatus.CANCELLED) {
                continue;
            }
            for (OrderLine l : o.lines()) {
                for (BatchTake t : l.batches()) {
                    out.merge(SampleData.batchKey(o.store(), l.sku(), t.code()), t.quantity(), Long::sum);
                }
            }
        }
        return out;
    }

    private static Instant confirmedAt(Order o) {
        return o.history().stream().filter(c -> c.to() == OrderStatus.CONFIRMED).map(StatusChange::at).findFirst()
                .orElse(o.createdAt());
    }

    private static Instant deliveredAt(Order o) {
        return o.history().stream().filter(c -> c.to() == OrderStatus.DELIVERED).map(StatusChange::at).findFirst()
                .orElse(null);
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** Every store's counters for every catalog SKU, each store read in one call. */
    Map<StoreId, Map<SkuId, StockLevel>> levels() {
        Map<StoreId, Map<SkuId, StockLevel>> out = new LinkedHashMap<>();
        for (Store s : data.stores()) {
            out.put(s.id(), oms.inventory().availability(s.id(), data.skuIds()));
        }
        return out;
    }

    /** {sequential retries answered repeated, double taps answered repeated, key reuses refused}. */
    private static long[] repeats(Journal journal) {
        long[] n = new long[3];
        for (Journal.Checkout c : journal.checkouts()) {
            long repeated = c.results().stream().filter(r -> r instanceof PlacementResult.Placed
                    && ((PlacementResult.Placed) r).repeated()).count();
            if (c.plan.retry() == ShopperPlan.Retry.SEQUENTIAL) {
                n[0] += repeated;
            } else if (c.plan.retry() == ShopperPlan.Retry.DOUBLE_TAP) {
                n[1] += repeated;
            } else if (c.keyReuseRefused) {
                n[2]++;
            }
        }
        return n;
    }

    /** Counts with thousands separators, the same whatever the machine's locale. */
    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format.replace("%d", "%,d"), args);
    }

    private static long countPairs(Map<StoreId, Map<SkuId, StockLevel>> levels) {
        return levels.values().stream().mapToLong(Map::size).sum();
    }

    /** True when the order's hold was confirmed at some point: it is, or was, paid for. */
    static boolean wasPaid(Order o) {
        return o.history().stream().anyMatch(c -> c.to() == OrderStatus.CONFIRMED);
    }

    private static OrderId placedId(Journal.Checkout c) {
        for (PlacementResult r : c.results()) {
            if (r instanceof PlacementResult.Placed) {
                return ((PlacementResult.Placed) r).order().id();
            }
        }
        return null;
    }

    private static Map<SkuId, Long> orderLines(Order o) {
        Map<SkuId, Long> m = new HashMap<>();
        for (OrderLine l : o.lines()) {
            m.merge(l.sku(), (long) l.quantity(), Long::sum);
        }
        return m;
    }

    /** The SKU lines of a hold; a slot's line is {@link #holdSlot}. */
    private static Map<SkuId, Long> holdLines(Reservation r) {
        Map<SkuId, Long> m = new HashMap<>();
        for (HoldLine l : r.lines()) {
            if (l.resource().isSku()) {
                m.merge(l.resource().skuId(), l.quantity(), Long::sum);
            }
        }
        return m;
    }

    /** The slot a hold books one place of, or null; anything else (two places, two slots) reads as garbage. */
    private static SlotId holdSlot(Reservation r) {
        SlotId slot = null;
        for (HoldLine l : r.lines()) {
            if (l.resource().type() == Resource.Type.SLOT) {
                if (slot != null || l.quantity() != 1) {
                    return SlotId.of("INVALID-" + l.quantity() + "-" + l.resource().id());
                }
                slot = SlotId.of(l.resource().id());
            }
        }
        return slot;
    }

    private static void add(Map<StoreId, Map<SkuId, Long>> m, StoreId store, SkuId sku, long n) {
        m.computeIfAbsent(store, s -> new HashMap<>()).merge(sku, n, Long::sum);
    }

    private static long get(Map<StoreId, Map<SkuId, Long>> m, StoreId store, SkuId sku) {
        return m.getOrDefault(store, Map.of()).getOrDefault(sku, 0L);
    }

    private static String human(Duration d) {
        long s = d.getSeconds();
        if (s != 0 && s % 3600 == 0) {
            return (s / 3600) + " h";
        }
        return s % 60 == 0 ? (s / 60) + " min" : s + " s";
    }

    /** One check's running count: how much was compared, what failed. */
    private static final class Tracker {
        final String id;
        final String title;
        long comparisons;
        long violations;
        final List<String> examples = new ArrayList<>();

        Tracker(String id, String title) {
            this.id = id;
            this.title = title;
        }

        void add(long compared, List<String> bad) {
            comparisons += compared;
            violations += bad.size();
            for (String b : bad) {
                if (examples.size() < EXAMPLES) {
                    examples.add(b);
                }
            }
        }
    }
}
