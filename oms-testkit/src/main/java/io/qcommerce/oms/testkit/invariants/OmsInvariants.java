package io.qcommerce.oms.testkit.invariants;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.Sku;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.event.FeedPage;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.BatchTake;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderService;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.slot.DeliverySlot;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.InventoryInvariants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The system-wide invariant checker a host runs in its own tests against its own wiring: an {@link Oms} built
 * however it likes (in memory, Redis, MongoDB, its own adapters). It reads what the library holds from the
 * outside, rebuilds the expected values from the orders and the durable ledger, and reports each
 * {@link Invariant} as passed or failed with the evidence, never throwing on a violation:
 *
 * <pre>{@code
 * OmsInvariants.of(oms).check(List.of(store), List.of(milk, bread)).assertPassed();
 * }</pre>
 *
 * <p>Run {@link #check} in a quiet moment (no call in flight): reserved and conservation are exact only then.
 * {@link #checkNoOversell} may run at any moment, under load. Reads go through the services of {@code Oms};
 * the few it has no service for go through one class, {@link Reads}. {@link Invariant#NO_DRIFT} runs the
 * library's drift check, which first ships the lock's movements to the ledger; it runs before the others, so
 * {@link Invariant#LEDGER_ADDS_UP} sees the shipped ledger.
 *
 * <p>After a loss of the lock's data, the lock no longer knows the holds it had finished; call
 * {@link #rememberHolds} just before the loss and the checks of finished holds read what it said then.
 * Thread-safe.
 */
public final class OmsInvariants {
    /** How many violations of one check are kept in words; the count is always complete. */
    public static final int EXAMPLES = 5;

    private static final Actor RECONCILER = OrderService.RECONCILER;

    private final Oms oms;
    private final Reads reads;
    private final Set<StoreId> lost = ConcurrentHashMap.newKeySet();
    private final Map<String, Optional<Reservation>> holdsBeforeLoss = new ConcurrentHashMap<>();

    private OmsInvariants(Oms oms) {
        this.oms = Objects.requireNonNull(oms, "oms");
        this.reads = new Reads(oms);
    }

    public static OmsInvariants of(Oms oms) {
        return new OmsInvariants(oms);
    }

    /**
     * Keeps what the lock says now of the hold of every order of {@code stores}; afterwards, a hold the lock no
     * longer knows in one of them reads as it was. Call it just before the lock loses those stores' data.
     */
    public OmsInvariants rememberHolds(Collection<StoreId> stores) {
        for (StoreId store : stores) {
            for (Order o : ordersOf(store)) {
                holdsBeforeLoss.put(store + "|" + o.reservationId(), reads.hold(store, o.reservationId()));
            }
            lost.add(store);
        }
        return this;
    }

    /** Every invariant, for these stores and the SKUs whose counters are checked. */
    public InvariantReport check(Collection<StoreId> stores, Collection<SkuId> skus) {
        return check(stores, skus, EnumSet.allOf(Invariant.class));
    }

    /** The chosen invariants only, for these stores and SKUs. */
    public InvariantReport check(Collection<StoreId> stores, Collection<SkuId> skus, Set<Invariant> which) {
        List<CheckResult> out = new ArrayList<>();
        CheckResult drift = which.contains(Invariant.NO_DRIFT) ? noDrift(stores) : null;
        State s = new State(stores, skus, which);
        for (Invariant i : Invariant.values()) {
            if (!which.contains(i)) {
                continue;
            }
            out.add(
                    switch (i) {
                        case NO_OVERSELL -> noOversell(stores, skus);
                        case HOLDS_MATCH_ORDERS -> holdsMatchOrders(s);
                        case CONSERVATION -> conservation(s);
                        case ALL_OR_NOTHING -> allOrNothing(s);
                        case FENCING -> fencing(s);
                        case CONFIRMED_IFF_HOLD_CONFIRMED -> confirmedIff(s);
                        case SLOTS -> slots(s);
                        case BATCH_FRESHNESS -> batchFreshness(s);
                        case SOLD_BY_BATCH -> soldByBatch(s);
                        case BATCH_CONSERVATION -> batchConservation(s);
                        case LEDGER_ADDS_UP -> ledgerAddsUp(s);
                        case NO_DRIFT -> drift;
                        case EVENTS -> events(s);
                    });
        }
        return new InvariantReport(out);
    }

    /** {@link #check} of every invariant, then {@link InvariantReport#assertPassed()}. */
    public void assertHold(Collection<StoreId> stores, Collection<SkuId> skus) {
        check(stores, skus).assertPassed();
    }

    /**
     * {@link Invariant#NO_OVERSELL} alone, safe at any moment: each store's SKU counters are read in one call,
     * its slot counters in another.
     */
    public CheckResult checkNoOversell(Collection<StoreId> stores, Collection<SkuId> skus) {
        return noOversell(stores, skus);
    }

    // --------------------------------------------------------------------------------------------- checks

    private CheckResult noOversell(Collection<StoreId> stores, Collection<SkuId> skus) {
        Tally t = new Tally(Invariant.NO_OVERSELL);
        long slots = 0;
        for (StoreId store : stores) {
            for (StockLevel l : oms.inventory().availability(store, skus).values()) {
                Optional<String> broken = InventoryInvariants.checkLevel(l);
                t.check(broken.isEmpty(), broken::orElseThrow);
            }
            for (StockLevel l : slotLevels(store).values()) {
                slots++;
                long capacity = oms.slots()
                        .find(SlotId.of(l.resource().id()))
                        .map(DeliverySlot::capacity)
                        .orElse(0);
                t.check(
                        l.onHand() >= 0 && l.onHand() <= capacity && l.reserved() >= 0 && l.reserved() <= l.onHand(),
                        () -> "slot " + l.resource().id() + " capacity " + capacity + " but unbooked=" + l.onHand()
                                + " held=" + l.reserved());
            }
        }
        return t.result(
                f("%d (store, SKU) counters and %d slots within bounds", (long) stores.size() * skus.size(), slots));
    }

    private CheckResult holdsMatchOrders(State s) {
        Tally t = new Tally(Invariant.HOLDS_MATCH_ORDERS);
        Map<String, Long> held = new HashMap<>();
        long awaiting = 0;
        for (Order o : s.orders) {
            if (o.status() != OrderStatus.AWAITING_PAYMENT) {
                continue;
            }
            awaiting++;
            boolean live = s.live(o);
            if (live) {
                o.lines().forEach(l -> held.merge(o.store() + "/" + l.sku(), (long) l.quantity(), Long::sum));
            }
            ReservationStatus expected = live ? ReservationStatus.HELD : ReservationStatus.EXPIRED;
            Reservation r = s.holds.get(o);
            t.check(
                    r != null && r.status() == expected,
                    () -> o.id() + " awaits payment, hold should be " + expected + " but is "
                            + (r == null ? "missing" : r.status()));
        }
        long reserved = 0;
        for (var e : s.levels.entrySet()) {
            for (StockLevel l : e.getValue().values()) {
                long expect = held.getOrDefault(e.getKey() + "/" + l.resource().skuId(), 0L);
                reserved += l.reserved();
                t.check(
                        l.reserved() == expect,
                        () -> e.getKey() + "/" + l.resource().skuId() + " reserved=" + l.reserved()
                                + " but orders hold " + expect);
            }
        }
        return t.result(f("%d units reserved for %d orders awaiting payment", reserved, awaiting));
    }

    private CheckResult conservation(State s) {
        Tally t = new Tally(Invariant.CONSERVATION);
        long[] total = new long[6];
        for (var e : s.levels.entrySet()) {
            StoreId store = e.getKey();
            for (StockLevel l : e.getValue().values()) {
                String key = store + "/" + l.resource().skuId();
                long in = s.ledgerUnits(key, MovementType.RECEIVED);
                long adjusted = s.ledgerUnits(key, MovementType.ADJUSTED);
                long back = s.restocked.getOrDefault(key, 0L);
                long returned = s.returned.getOrDefault(key, 0L);
                long out = s.sold.getOrDefault(key, 0L);
                long expect = in + adjusted + back + returned - out;
                t.check(
                        l.onHand() == expect,
                        () -> key + " onHand=" + l.onHand() + " but " + in + " received "
                                + signed(adjusted) + " adjusted + " + back + " restocked + " + returned + " returned - "
                                + out
                                + " sold = " + expect);
                long[] row = {in, adjusted, back, returned, out, l.onHand()};
                for (int i = 0; i < row.length; i++) {
                    total[i] += row[i];
                }
            }
        }
        return t.result(f(
                "%d received %s adjusted + %d restocked + %d returned - %d sold = %d on hand",
                total[0], signed(total[1]), total[2], total[3], total[4], total[5]));
    }

    private CheckResult allOrNothing(State s) {
        Tally t = new Tally(Invariant.ALL_OR_NOTHING);
        long paid = 0;
        for (Order o : s.orders) {
            Reservation r = s.holds.get(o);
            if (!t.check(r != null, () -> o.id() + " has no hold at its store " + o.store()) || r == null) {
                continue;
            }
            SlotId orderSlot = o.slot() == null ? null : o.slot().id();
            t.check(
                    r.store().equals(o.store())
                            && holdLines(r).equals(orderLines(o))
                            && Objects.equals(holdSlot(r), orderSlot),
                    () -> o.id() + " order lines " + orderLines(o) + " slot " + orderSlot + " but hold " + r.store()
                            + " " + holdLines(r) + " slot " + holdSlot(r));
            for (OrderLine l : o.heldLines()) {
                List<BatchTake> took = r.takesOf(Resource.sku(l.sku()));
                t.check(
                        l.batches().equals(took),
                        () -> o.id() + " line " + l.sku() + " takes " + l.batches() + " but its hold took " + took);
            }
            if (wasPaid(o)) {
                paid++;
                t.check(
                        r.status() == ReservationStatus.CONFIRMED,
                        () -> o.id() + " paid but its hold is " + r.status());
            }
            for (StoreId other : s.stores) {
                if (!other.equals(o.store())) {
                    Optional<Reservation> there = hold(other, o);
                    t.check(
                            there.isEmpty() || there.get().status() == ReservationStatus.RELEASED,
                            () -> o.id() + " also has a " + there.get().status() + " hold at " + other);
                }
            }
        }
        return t.result(
                f("%d orders matched their holds line for line, %d paid ones took every line", s.orders.size(), paid));
    }

    private CheckResult fencing(State s) {
        Tally t = new Tally(Invariant.FENCING);
        long confirmed = 0;
        long tightest = Long.MAX_VALUE;
        for (Order o : s.orders) {
            Reservation r = s.holds.get(o);
            if (r != null && r.status() == ReservationStatus.CONFIRMED) {
                confirmed++;
                Instant done = r.finishedAt();
                t.check(
                        done != null && done.isBefore(r.expiresAt()),
                        () -> o.id() + " hold confirmed at " + done + ", expiry " + r.expiresAt());
                tightest = Math.min(
                        tightest,
                        Duration.between(r.finishedAt(), r.expiresAt()).getSeconds());
            }
            for (StatusChange c : o.history()) {
                // The order follows its hold at once; only the reconciler, finishing a flow cut off after the
                // hold was confirmed in time, may record CONFIRMED later.
                t.check(
                        c.to() != OrderStatus.CONFIRMED
                                || c.actor().equals(RECONCILER)
                                || c.at().isBefore(o.holdExpiresAt()),
                        () -> o.id() + " confirmed at " + c.at() + ", hold expired at " + o.holdExpiresAt());
            }
        }
        return t.result(f(
                "%d holds confirmed, the closest %s before expiry",
                confirmed, confirmed == 0 ? "-" : human(Duration.ofSeconds(tightest))));
    }

    private CheckResult confirmedIff(State s) {
        Tally t = new Tally(Invariant.CONFIRMED_IFF_HOLD_CONFIRMED);
        long paid = 0;
        for (Order o : s.orders) {
            Reservation r = s.holds.get(o);
            boolean holdConfirmed = r != null && r.status() == ReservationStatus.CONFIRMED;
            paid += wasPaid(o) ? 1 : 0;
            t.check(
                    wasPaid(o) == holdConfirmed,
                    () -> o.id() + " is " + o.status()
                            + (wasPaid(o) ? " (paid)" : " (never paid)") + " but its hold is "
                            + (r == null ? "missing" : r.status()));
        }
        return t.result(f(
                "%d orders paid with confirmed holds, %d unpaid with unconfirmed holds", paid, s.orders.size() - paid));
    }

    private CheckResult slots(State s) {
        Tally t = new Tally(Invariant.SLOTS);
        Map<SlotId, Long> booked = new HashMap<>();
        Map<SlotId, Long> held = new HashMap<>();
        Map<SlotId, StoreId> ids = new TreeMap<>();
        for (Order o : s.orders) {
            if (o.slot() != null) {
                ids.put(o.slot().id(), o.store());
                if (wasPaid(o) && !gaveSlotBack(o)) {
                    booked.merge(o.slot().id(), 1L, Long::sum);
                } else if (o.status() == OrderStatus.AWAITING_PAYMENT && s.live(o)) {
                    held.merge(o.slot().id(), 1L, Long::sum);
                }
            }
        }
        Map<SlotId, StockLevel> levels = new HashMap<>();
        for (StoreId store : s.stores) {
            slotLevels(store).forEach((id, l) -> {
                levels.put(id, l);
                ids.put(id, store);
            });
        }
        long fullest = 0;
        SlotId fullestId = null;
        for (SlotId id : ids.keySet()) {
            Optional<DeliverySlot> slot = oms.slots().find(id);
            StockLevel l = levels.get(id);
            if (!t.check(
                            slot.isPresent() && l != null,
                            () -> "slot " + id + (slot.isEmpty() ? " is not defined" : " has no counter in the lock"))
                    || l == null) {
                continue;
            }
            long capacity = slot.get().capacity();
            long paid = booked.getOrDefault(id, 0L);
            long holding = held.getOrDefault(id, 0L);
            t.check(
                    paid <= capacity,
                    () -> "slot " + id + " has " + paid + " paid orders for a capacity of " + capacity);
            t.check(
                    capacity - l.onHand() == paid,
                    () -> "slot " + id + " counts " + (capacity - l.onHand()) + " booked but " + paid
                            + " paid orders keep a booking");
            t.check(
                    l.reserved() == holding,
                    () -> "slot " + id + " counts " + l.reserved() + " held but " + holding
                            + " orders await payment with a live hold");
            if (paid > fullest) {
                fullest = paid;
                fullestId = id;
            }
        }
        long slotOrders = s.orders.stream().filter(o -> o.slot() != null).count();
        long paid =
                s.orders.stream().filter(o -> o.slot() != null && wasPaid(o)).count();
        long givenBack = s.orders.stream().filter(OmsInvariants::gaveSlotBack).count();
        return t.result(f(
                "%d slots; %d orders booked a slot, %d paid, %d of them cancelled in time to give it back; "
                        + "fullest: %s with %d paid bookings",
                ids.size(), slotOrders, paid, givenBack, fullestId == null ? "-" : fullestId.value(), fullest));
    }

    private CheckResult batchFreshness(State s) {
        Tally t = new Tally(Invariant.BATCH_FRESHNESS);
        Map<SkuId, Sku> catalog = oms.catalog().findAll(s.skus);
        long takes = 0;
        long paid = 0;
        long tightest = Long.MAX_VALUE;
        for (Order o : s.orders) {
            if (!wasPaid(o)) {
                continue;
            }
            paid++;
            Reservation r = s.holds.get(o);
            Instant confirmedAt =
                    r != null && r.finishedAt() != null ? r.finishedAt() : changedTo(o, OrderStatus.CONFIRMED);
            Instant delivery = o.slot() != null
                    ? o.slot().end()
                    : o.createdAt().plus(oms.config().deliveryAllowance());
            for (OrderLine l : o.lines()) {
                Sku sku = catalog.get(l.sku());
                Duration minimum = sku == null || sku.minShelfLife() == null ? Duration.ZERO : sku.minShelfLife();
                for (BatchTake take : l.batches()) {
                    takes++;
                    Batch known = s.knownBatches.get(o.store() + "/" + l.sku() + "/" + take.code());
                    if (!t.check(
                            take.batch().equals(known),
                            () -> o.id() + " took " + take.quantity() + " x " + l.sku() + " from " + take.batch()
                                    + ", not a batch " + o.store() + " received")) {
                        continue;
                    }
                    t.check(
                            !take.batch().isExpiredAt(confirmedAt),
                            () -> o.id() + " confirmed at " + confirmedAt + " with " + l.sku() + " of batch "
                                    + take.code() + " expired at "
                                    + take.batch().expiresAt());
                    Instant freshUntil = delivery.plus(minimum);
                    if (t.check(
                            take.batch().expiresAt().isAfter(freshUntil),
                            () -> o.id() + " delivers " + l.sku()
                                    + " of batch " + take.code() + " expiring "
                                    + take.batch().expiresAt() + ", within "
                                    + human(minimum) + " of delivery at " + delivery)) {
                        tightest = Math.min(
                                tightest,
                                Duration.between(freshUntil, take.batch().expiresAt())
                                        .getSeconds());
                    }
                }
            }
        }
        return t.result(f(
                "%d batch takes of %d paid orders: each batch good at confirmation and past delivery + "
                        + "minimum shelf life (slot end, or placement + allowance for delivery now); closest %s over "
                        + "the minimum",
                takes, paid, takes == 0 ? "-" : human(Duration.ofSeconds(tightest))));
    }

    private CheckResult soldByBatch(State s) {
        Tally t = new Tally(Invariant.SOLD_BY_BATCH);
        long fromBatches = 0;
        long unbatched = 0;
        Set<String> batches = new TreeSet<>();
        Set<SkuId> skus = new TreeSet<>();
        for (Order o : s.orders) {
            if (!wasPaid(o) || o.status() == OrderStatus.CANCELLED) {
                continue;
            }
            for (OrderLine l : o.lines()) {
                if (s.keptInBatches(o.store(), l.sku())) {
                    long took =
                            l.batches().stream().mapToLong(BatchTake::quantity).sum();
                    t.check(
                            took == l.soldQuantity(),
                            () -> o.id() + " sold " + l.soldQuantity() + " x " + l.sku() + " but took " + took
                                    + " from batches");
                    fromBatches += took;
                    skus.add(l.sku());
                    l.batches().forEach(b -> batches.add(o.store() + "/" + l.sku() + "/" + b.code()));
                } else {
                    unbatched += l.soldQuantity();
                    t.check(
                            l.batches().isEmpty(),
                            () -> o.id() + " sold " + l.sku() + " from batches " + l.batches()
                                    + " it was never received in");
                }
            }
        }
        return t.result(f(
                "%d units sold from %d batches match the lines of their %d SKUs; %d units of SKUs without "
                        + "batches; %d units sold in all",
                fromBatches, batches.size(), skus.size(), unbatched, fromBatches + unbatched));
    }

    private CheckResult batchConservation(State s) {
        Tally t = new Tally(Invariant.BATCH_CONSERVATION);
        Map<String, Long> held = new HashMap<>();
        for (Order o : s.orders) {
            if (o.status() == OrderStatus.AWAITING_PAYMENT && s.live(o)) {
                o.lines().forEach(l -> l.batches()
                        .forEach(b -> held.merge(o.store() + "/" + l.sku() + "/" + b.code(), b.quantity(), Long::sum)));
            }
        }
        long[] total = new long[7];
        long batches = 0;
        for (StoreId store : s.stores) {
            for (SkuId sku : s.skus) {
                if (!s.keptInBatches(store, sku)) {
                    continue;
                }
                long sumOnHand = 0;
                long sumExpired = 0;
                Map<String, BatchLevel> inLock = new TreeMap<>();
                at(at(s.batchLevels, store), sku)
                        .forEach(b ->
                                inLock.put(store + "/" + sku + "/" + b.batch().code(), b));
                Set<String> keys = new TreeSet<>(inLock.keySet());
                s.knownBatches.keySet().stream()
                        .filter(k -> k.startsWith(store + "/" + sku + "/"))
                        .forEach(keys::add);
                for (String key : keys) {
                    batches++;
                    BatchLevel level = inLock.get(key);
                    long onHand = level == null ? 0 : level.onHand();
                    long reserved = level == null ? 0 : level.reserved();
                    long in = s.ledgerUnits(key, MovementType.RECEIVED);
                    long adjusted = s.ledgerUnits(key, MovementType.ADJUSTED);
                    long out = s.soldByBatch.getOrDefault(key, 0L);
                    long back = s.restockedByBatch.getOrDefault(key, 0L);
                    long returned = s.returnedByBatch.getOrDefault(key, 0L);
                    long expect = in + adjusted - out + back + returned;
                    long expectHeld = held.getOrDefault(key, 0L);
                    t.check(
                            onHand == expect,
                            () -> key + " onHand=" + onHand + " but " + in + " received "
                                    + signed(adjusted) + " adjusted - " + out + " sold + " + back + " restocked + "
                                    + returned
                                    + " returned = " + expect);
                    t.check(
                            reserved == expectHeld && reserved >= 0 && reserved <= onHand,
                            () -> key + " reserved=" + reserved + " onHand=" + onHand
                                    + " but orders awaiting payment hold " + expectHeld);
                    sumOnHand += onHand;
                    boolean expired = level != null && level.batch().isExpiredAt(s.now);
                    sumExpired += expired ? onHand : 0;
                    long[] row = {in, adjusted, out, back, returned, onHand, expired ? onHand : 0};
                    for (int i = 0; i < row.length; i++) {
                        total[i] += row[i];
                    }
                }
                StockLevel sl = at(s.levels, store).get(sku);
                long batchedOnHand = sumOnHand;
                long batchedExpired = sumExpired;
                t.check(
                        sl == null || (sl.onHand() >= batchedOnHand && sl.expired() == batchedExpired),
                        () -> store + "/" + sku + " has " + at(s.levels, store).get(sku) + " but its batches hold "
                                + batchedOnHand + ", " + batchedExpired + " of them expired");
            }
        }
        return t.result(f(
                "%d batches: %d received %s adjusted - %d sold + %d restocked + %d returned = %d on hand "
                        + "(%d of them expired)",
                batches, total[0], signed(total[1]), total[2], total[3], total[4], total[5], total[6]));
    }

    private CheckResult ledgerAddsUp(State s) {
        Tally t = new Tally(Invariant.LEDGER_ADDS_UP);
        long movements = 0;
        long counters = 0;
        long batches = 0;
        Map<MovementType, Long> skuUnits = new EnumMap<>(MovementType.class);
        for (StoreId store : s.stores) {
            Map<Resource, long[]> effects = new TreeMap<>();
            Map<Resource, Map<MovementType, Long>> byType = new HashMap<>();
            Map<String, long[]> batchEffects = new TreeMap<>();
            for (StockMovement m : at(s.ledger, store)) {
                movements++;
                long[] e = effects.computeIfAbsent(m.resource(), r -> new long[2]);
                e[0] += m.onHandEffect();
                e[1] += m.reservedEffect();
                byType.computeIfAbsent(m.resource(), r -> new EnumMap<>(MovementType.class))
                        .merge(m.type(), m.quantity(), Long::sum);
                if (m.resource().isSku()) {
                    skuUnits.merge(m.type(), m.quantity(), Long::sum);
                }
                if (m.batch() != null) {
                    long[] b = batchEffects.computeIfAbsent(
                            m.resource().skuId() + "/" + m.batch().code(), k -> new long[2]);
                    b[0] += m.onHandEffect();
                    b[1] += m.reservedEffect();
                }
            }
            Map<Resource, StockLevel> inLock = at(s.allLevels, store);
            Set<Resource> resources = new TreeSet<>(inLock.keySet());
            resources.addAll(effects.keySet());
            for (Resource r : resources) {
                counters++;
                long[] e = effects.getOrDefault(r, new long[2]);
                Map<MovementType, Long> n = byType.getOrDefault(r, Map.of());
                long onHandByType = u(n, MovementType.RECEIVED)
                        + u(n, MovementType.ADJUSTED)
                        + u(n, MovementType.RESTOCKED)
                        + u(n, MovementType.RETURNED)
                        - u(n, MovementType.SOLD);
                long reservedByType = u(n, MovementType.HELD)
                        - u(n, MovementType.RELEASED)
                        - u(n, MovementType.EXPIRED)
                        - u(n, MovementType.SOLD);
                StockLevel level = inLock.get(r);
                long onHand = level == null ? 0 : level.onHand();
                long reserved = level == null ? 0 : level.reserved();
                t.check(
                        onHandByType == e[0] && reservedByType == e[1],
                        () -> store + "/" + r + " by type "
                                + onHandByType + " on hand, " + reservedByType
                                + " reserved, but the movements' effects add up to "
                                + e[0] + ", " + e[1]);
                t.check(
                        onHand == e[0],
                        () -> store + "/" + r + " onHand=" + onHand + " in the lock but the ledger has "
                                + u(n, MovementType.RECEIVED) + " received " + signed(u(n, MovementType.ADJUSTED))
                                + " adjusted + "
                                + u(n, MovementType.RESTOCKED) + " restocked + " + u(n, MovementType.RETURNED)
                                + " returned - "
                                + u(n, MovementType.SOLD) + " sold = " + onHandByType);
                t.check(
                        reserved == e[1],
                        () -> store + "/" + r + " reserved=" + reserved + " in the lock but the ledger"
                                + " has " + u(n, MovementType.HELD) + " held - " + u(n, MovementType.RELEASED)
                                + " released - "
                                + u(n, MovementType.EXPIRED) + " expired - " + u(n, MovementType.SOLD) + " sold = "
                                + reservedByType);
            }
            for (SkuId sku : s.skus) {
                Map<String, BatchLevel> theirs = new TreeMap<>();
                at(at(s.batchLevels, store), sku)
                        .forEach(b -> theirs.put(sku + "/" + b.batch().code(), b));
                Set<String> keys = new TreeSet<>(theirs.keySet());
                batchEffects.keySet().stream()
                        .filter(k -> k.startsWith(sku + "/"))
                        .forEach(keys::add);
                for (String key : keys) {
                    batches++;
                    long[] b = batchEffects.getOrDefault(key, new long[2]);
                    BatchLevel l = theirs.get(key);
                    long lockOnHand = l == null ? 0 : l.onHand();
                    long lockReserved = l == null ? 0 : l.reserved();
                    t.check(
                            lockOnHand == b[0] && lockReserved == b[1],
                            () -> store + "/" + key + " onHand=" + lockOnHand + " reserved=" + lockReserved
                                    + " in the lock but the ledger adds up to " + b[0] + ", " + b[1]);
                }
            }
        }
        long sold = u(skuUnits, MovementType.SOLD);
        return t.result(f(
                "%d movements of %d stores read back from the ledger add up to the lock's %d counters "
                        + "(SKUs and slots) and %d batches; SKU units: %d received %s adjusted + %d restocked + %d "
                        + "returned - %d sold = %d on hand; %d held - %d released - %d expired - %d sold = %d reserved",
                movements,
                s.stores.size(),
                counters,
                batches,
                u(skuUnits, MovementType.RECEIVED),
                signed(u(skuUnits, MovementType.ADJUSTED)),
                u(skuUnits, MovementType.RESTOCKED),
                u(skuUnits, MovementType.RETURNED),
                sold,
                u(skuUnits, MovementType.RECEIVED)
                        + u(skuUnits, MovementType.ADJUSTED)
                        + u(skuUnits, MovementType.RESTOCKED)
                        + u(skuUnits, MovementType.RETURNED)
                        - sold,
                u(skuUnits, MovementType.HELD),
                u(skuUnits, MovementType.RELEASED),
                u(skuUnits, MovementType.EXPIRED),
                sold,
                u(skuUnits, MovementType.HELD)
                        - u(skuUnits, MovementType.RELEASED)
                        - u(skuUnits, MovementType.EXPIRED)
                        - sold));
    }

    private CheckResult events(State s) {
        Tally t = new Tally(Invariant.EVENTS);
        Map<OrderId, List<Integer>> seen = new HashMap<>();
        s.orders.forEach(o -> seen.put(o.id(), new ArrayList<>()));
        long position = 0;
        long read = 0;
        while (true) {
            FeedPage page = oms.events().read(position, 1000);
            for (OrderEvent e : page.events()) {
                read++;
                long before = position;
                t.check(e.position() > before, () -> e.id() + " at position " + e.position() + " after " + before);
                position = e.position();
                List<Integer> ofOrder = seen.get(e.orderId());
                if (ofOrder != null) {
                    ofOrder.add(e.id().sequence());
                }
            }
            if (page.events().isEmpty()) {
                break;
            }
        }
        long changes = 0;
        for (Order o : s.orders) {
            List<Integer> got = seen.get(o.id());
            List<Integer> expected = new ArrayList<>();
            for (int n = 1; n <= o.history().size(); n++) {
                expected.add(n);
            }
            changes += expected.size();
            t.check(
                    expected.equals(got),
                    () -> o.id() + " has changes " + expected.size() + " but the feed has its events " + got);
        }
        return t.result(f("%d changes of %d orders, each once in a feed of %d events", changes, s.orders.size(), read));
    }

    private CheckResult noDrift(Collection<StoreId> stores) {
        Tally t = new Tally(Invariant.NO_DRIFT);
        for (StoreId store : stores) {
            DriftReport report = oms.reconciler().checkDrift(store);
            t.compared++;
            for (Drift d : report.drifts()) {
                t.fail(store + "/" + d.resource()
                        + (d.batch() == null ? "" : "/" + d.batch().code()) + " " + d.counter() + " " + d.actual()
                        + " in the lock, " + d.recorded() + " by the record");
            }
        }
        return t.result(f("%d stores clean", (long) stores.size()));
    }

    // -------------------------------------------------------------------------------------------- reading

    /** Everything the quiet checks compare, read once. */
    private final class State {
        final List<StoreId> stores;
        final List<SkuId> skus;
        final Instant now = oms.clock().instant();
        final List<Order> orders = new ArrayList<>();
        final Map<Order, Reservation> holds = new HashMap<>();
        final Map<StoreId, Map<SkuId, StockLevel>> levels = new LinkedHashMap<>();
        final Map<StoreId, Map<SkuId, List<BatchLevel>>> batchLevels = new HashMap<>();
        final Map<StoreId, Map<Resource, StockLevel>> allLevels = new HashMap<>();
        final Map<StoreId, List<StockMovement>> ledger = new HashMap<>();
        /** Units per "store/sku" and "store/sku/batch" key, and movement type, in the ledger. */
        final Map<String, Map<MovementType, Long>> ledgerUnits = new HashMap<>();

        final Map<String, Batch> knownBatches = new HashMap<>();
        final Map<String, Long> sold = new HashMap<>();
        final Map<String, Long> restocked = new HashMap<>();
        final Map<String, Long> returned = new HashMap<>();
        final Map<String, Long> soldByBatch = new HashMap<>();
        final Map<String, Long> restockedByBatch = new HashMap<>();
        final Map<String, Long> returnedByBatch = new HashMap<>();

        State(Collection<StoreId> stores, Collection<SkuId> skus, Set<Invariant> which) {
            this.stores = List.copyOf(stores);
            this.skus = List.copyOf(skus);
            for (StoreId store : stores) {
                levels.put(store, oms.inventory().availability(store, skus));
                Map<SkuId, List<BatchLevel>> b = new HashMap<>();
                skus.forEach(sku -> b.put(sku, oms.inventory().batches(store, sku)));
                batchLevels.put(store, b);
                b.forEach((sku, list) -> list.forEach(l ->
                        knownBatches.put(store + "/" + sku + "/" + l.batch().code(), l.batch())));
                if (which.contains(Invariant.LEDGER_ADDS_UP)) {
                    allLevels.put(store, reads.allLevels(store));
                }
                List<StockMovement> movements = reads.ledger(store);
                ledger.put(store, movements);
                for (StockMovement m : movements) {
                    if (!m.resource().isSku()) {
                        continue;
                    }
                    String key = store + "/" + m.resource().skuId();
                    ledgerUnits
                            .computeIfAbsent(key, k -> new EnumMap<>(MovementType.class))
                            .merge(m.type(), m.quantity(), Long::sum);
                    if (m.batch() != null) {
                        knownBatches.putIfAbsent(key + "/" + m.batch().code(), m.batch());
                        ledgerUnits
                                .computeIfAbsent(key + "/" + m.batch().code(), k -> new EnumMap<>(MovementType.class))
                                .merge(m.type(), m.quantity(), Long::sum);
                    }
                }
                for (Order o : ordersOf(store)) {
                    orders.add(o);
                    hold(store, o).ifPresent(r -> holds.put(o, r));
                }
            }
            for (Order o : orders) {
                if (!wasPaid(o)) {
                    continue;
                }
                Map<SkuId, Integer> resold = o.resellableReturned();
                for (OrderLine l : o.lines()) {
                    String key = o.store() + "/" + l.sku();
                    sold.merge(key, l.soldQuantity(), Long::sum);
                    for (BatchTake b : l.batches()) {
                        soldByBatch.merge(key + "/" + b.code(), b.quantity(), Long::sum);
                    }
                    if (o.status() == OrderStatus.CANCELLED) { // the delivered units back; short-picked ones lost
                        restocked.merge(key, (long) l.quantity(), Long::sum);
                        for (BatchTake b : l.deliveredBatches()) {
                            restockedByBatch.merge(key + "/" + b.code(), b.quantity(), Long::sum);
                        }
                    }
                    // A return puts its resellable units back into the delivered batches first, then outside.
                    long left = resold.getOrDefault(l.sku(), 0);
                    returned.merge(key, left, Long::sum);
                    for (BatchTake b : l.deliveredBatches()) {
                        long n = Math.min(left, b.quantity());
                        left -= n;
                        if (n > 0) {
                            returnedByBatch.merge(key + "/" + b.code(), n, Long::sum);
                        }
                    }
                }
            }
        }

        boolean live(Order o) {
            return o.holdExpiresAt().isAfter(now);
        }

        long ledgerUnits(String key, MovementType type) {
            return ledgerUnits.getOrDefault(key, Map.of()).getOrDefault(type, 0L);
        }

        boolean keptInBatches(StoreId store, SkuId sku) {
            String prefix = store + "/" + sku + "/";
            return knownBatches.keySet().stream().anyMatch(k -> k.startsWith(prefix));
        }
    }

    /** Every order of the store, through the order service, one status at a time. */
    private List<Order> ordersOf(StoreId store) {
        List<Order> out = new ArrayList<>();
        for (OrderStatus status : OrderStatus.values()) {
            out.addAll(oms.orders().byStoreAndStatus(store, status, Integer.MAX_VALUE));
        }
        return out;
    }

    private Optional<Reservation> hold(StoreId store, Order o) {
        Optional<Reservation> now = reads.hold(store, o.reservationId());
        if (now.isPresent() || !lost.contains(store)) {
            return now;
        }
        return holdsBeforeLoss.getOrDefault(store + "|" + o.reservationId(), Optional.empty());
    }

    private Map<SlotId, StockLevel> slotLevels(StoreId store) {
        Map<SlotId, StockLevel> out = new TreeMap<>();
        reads.allLevels(store).forEach((r, l) -> {
            if (r.type() == Resource.Type.SLOT) {
                out.put(SlotId.of(r.id()), l);
            }
        });
        return out;
    }

    // ------------------------------------------------------------------------------------- order helpers

    /** True when the order's hold was confirmed at some point: it is, or was, paid for. */
    public static boolean wasPaid(Order o) {
        return o.history().stream().anyMatch(c -> c.to() == OrderStatus.CONFIRMED);
    }

    /** True for a paid order cancelled before its slot started: the library gave the place back. */
    public static boolean gaveSlotBack(Order o) {
        return o.slot() != null
                && o.status() == OrderStatus.CANCELLED
                && wasPaid(o)
                && last(o).at().isBefore(o.slot().start());
    }

    private static StatusChange last(Order o) {
        return o.history().get(o.history().size() - 1);
    }

    private static Instant changedTo(Order o, OrderStatus status) {
        return o.history().stream()
                .filter(c -> c.to() == status)
                .map(StatusChange::at)
                .findFirst()
                .orElse(o.createdAt());
    }

    private static Map<SkuId, Long> orderLines(Order o) {
        Map<SkuId, Long> m = new TreeMap<>();
        o.heldLines().forEach(l -> m.merge(l.sku(), l.soldQuantity(), Long::sum)); // substitutes: holds of their own
        return m;
    }

    private static Map<SkuId, Long> holdLines(Reservation r) {
        Map<SkuId, Long> m = new TreeMap<>();
        r.lines().stream()
                .filter(l -> l.resource().isSku())
                .forEach(l -> m.merge(l.resource().skuId(), l.quantity(), Long::sum));
        return m;
    }

    /** The slot a hold books one place of, or null; two places or two slots read as an invalid id. */
    private static @Nullable SlotId holdSlot(Reservation r) {
        SlotId slot = null;
        for (HoldLine l : r.lines()) {
            if (l.resource().type() == Resource.Type.SLOT) {
                if (slot != null || l.quantity() != 1) {
                    return SlotId.of(
                            "INVALID-" + l.quantity() + "-" + l.resource().id());
                }
                slot = SlotId.of(l.resource().id());
            }
        }
        return slot;
    }

    // ------------------------------------------------------------------------------------------- wording

    private static long u(Map<MovementType, Long> m, MovementType type) {
        return m.getOrDefault(type, 0L);
    }

    static String signed(long n) {
        return (n < 0 ? "- " : "+ ") + String.format(Locale.ROOT, "%,d", Math.abs(n));
    }

    /** Counts with thousands separators, the same whatever the machine's locale. */
    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format.replace("%d", "%,d"), args);
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s != 0 && s % 3600 == 0) {
            return (s / 3600) + " h";
        }
        return s % 60 == 0 ? (s / 60) + " min" : s + " s";
    }

    /** One check's running count. */
    private static final class Tally {
        private final Invariant invariant;
        private long compared;
        private long violations;
        private final List<String> examples = new ArrayList<>();

        Tally(Invariant invariant) {
            this.invariant = invariant;
        }

        /** Counts one comparison; on failure counts a violation and keeps its words. Returns {@code ok}. */
        boolean check(boolean ok, java.util.function.Supplier<String> words) {
            compared++;
            if (!ok) {
                violations++;
                examples(words.get());
            }
            return ok;
        }

        /** Counts a violation found beside the comparisons counted. */
        void fail(String words) {
            violations++;
            examples(words);
        }

        private void examples(String words) {
            if (examples.size() < EXAMPLES) {
                examples.add(words);
            }
        }

        CheckResult result(String evidence) {
            return new CheckResult(invariant, compared, violations, examples, evidence);
        }
    }

    /** A value the checker read for every key it asks about; a missing one is a bug of the checker itself. */
    private static <K, V> V at(Map<K, V> map, K key) {
        V value = map.get(key);
        if (value == null) {
            throw new IllegalStateException("the checker read nothing for " + key);
        }
        return value;
    }
}
