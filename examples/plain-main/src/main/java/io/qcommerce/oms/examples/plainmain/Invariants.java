package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderRepository;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.placement.PlacementResult;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks the seven invariants of DESIGN.md against what the library holds, from the outside: the counters
 * through the inventory port, the orders through the {@link OrderRepository} port (every simulated customer's,
 * see {@link RunOrders}), the holds through {@code InventoryLock.find}. Only ports are used, so the same checks
 * run on the in-memory adapters, on Redis and on MongoDB. Nothing here trusts the library's own bookkeeping of
 * itself; the expected values are rebuilt from the order records and from what the example put into the stores.
 *
 * <p>Invariant 1 is also read while the shoppers run ({@link #audit()}), because it must hold at every
 * moment; 2 and 3 are exact only when nothing is in flight, so they are checked between minutes
 * ({@link #checkpoint}); 4 to 7 look at finished flows and are checked at the close ({@link #verdicts}).
 */
final class Invariants {
    /** How many violations of one check are kept to show; the count is always complete. */
    private static final int EXAMPLES = 5;

    private final Oms oms;
    private final OrderRepository orders;
    private final RunOrders runOrders;
    private final SampleData data;
    private final Map<StoreId, Map<SkuId, LongAdder>> received = new ConcurrentHashMap<>();
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();

    // What the last checkpoint saw, for the summary.
    private long auditsDuring;
    private long checkpoints;
    private Totals lastTotals = new Totals(0, 0, 0, 0, 0, 0, 0);
    private List<Order> lastOrders = List.of();

    /** Stock totals over every (store, SKU) at the last checkpoint. */
    record Totals(long opening, long received, long restocked, long sold, long onHand, long reserved,
                  long awaitingOrders) {
    }

    /**
     * @param customers   every customer of the simulation: the orders checked are theirs, read through the port
     * @param readThreads how many of their orders' queries may run at once
     */
    Invariants(Oms oms, SampleData data, List<CustomerId> customers, int readThreads) {
        this.oms = oms;
        this.orders = oms.orderRepository();
        this.runOrders = new RunOrders(orders, customers, readThreads);
        this.data = data;
        track("1", "no oversell: 0 <= reserved <= onHand for every (store, SKU), at every moment");
        track("2", "reserved == units of HELD, unexpired holds (orders awaiting payment)");
        track("3", "conservation: onHand == opening + received + restocked - sold");
        track("4", "all-or-nothing: an order's lines were all held in its one store; nothing held for the rest");
        track("5", "idempotency: a repeated checkout returns the first order and changes nothing");
        track("6", "fencing by time: no hold was confirmed at or after its expiry");
        track("7", "an order is confirmed if and only if its hold is confirmed");
        track("A", "events agree with the order records");
        track("B", "every step ran without an unexpected exception");
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

    // ------------------------------------------------------------------------------------------------ 1

    /** Invariant 1, read while shoppers run: each store's counters are read in one atomic call. */
    void audit() {
        Map<StoreId, Map<SkuId, StockLevel>> levels = levels();
        List<String> bad = oversold(levels);
        synchronized (this) {
            auditsDuring++;
            trackers.get("1").add(countPairs(levels), bad);
        }
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
                Optional<Reservation> r = oms.inventoryLock().find(o.store(), o.reservationId());
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
        for (Order o : all) {
            if (wasPaid(o)) {
                o.lines().forEach(l -> add(sold, o.store(), l.sku(), l.quantity()));
                if (o.status() == OrderStatus.CANCELLED) {
                    o.lines().forEach(l -> add(restocked, o.store(), l.sku(), l.quantity()));
                }
            }
        }
        List<String> badConservation = new ArrayList<>();
        long tOpening = 0;
        long tReceived = 0;
        long tRestocked = 0;
        long tSold = 0;
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
                long out = get(sold, store, sku);
                long expect = opening + in + back - out;
                if (level.onHand() != expect) {
                    badConservation.add(store + "/" + sku + " onHand=" + level.onHand() + " but " + opening + " + "
                            + in + " + " + back + " - " + out + " = " + expect);
                }
                tOpening += opening;
                tReceived += in;
                tRestocked += back;
                tSold += out;
                tOnHand += level.onHand();
                tReserved += level.reserved();
            }
        }
        trackers.get("2").add(pairs, badReserved);
        trackers.get("3").add(pairs, badConservation);
        lastTotals = new Totals(tOpening, tReceived, tRestocked, tSold, tOnHand, tReserved, awaiting);
        return all;
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
            oms.inventoryLock().find(o.store(), o.reservationId()).ifPresent(r -> holds.put(o.id(), r));
        }
        allOrNothing(all, holds, journal);
        idempotency(journal, read.duplicates());
        long[] fencing = fencing(all, holds, journal);
        confirmedIff(all, holds);
        eventsAgree(all, events);
        trackers.get("B").add(1, journal.errors());

        Totals t = lastTotals;
        long paid = all.stream().filter(Invariants::wasPaid).count();
        long[] repeats = repeats(journal);
        Map<String, String> passNotes = new HashMap<>();
        passNotes.put("1", f("%d (store, SKU) pairs, read %d times while shoppers ran and %d times between minutes",
                countPairs(levels()), auditsDuring, checkpoints));
        passNotes.put("2", f("at %d checkpoints; at close %d units reserved for %d orders awaiting payment",
                checkpoints, t.reserved(), t.awaitingOrders()));
        passNotes.put("3", f("at %d checkpoints; at close %d opening + %d received + %d restocked - %d sold = %d on hand",
                checkpoints, t.opening(), t.received(), t.restocked(), t.sold(), t.onHand()));
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
            if (!r.store().equals(o.store()) || !holdLines(r).equals(orderLines(o))) {
                bad.add(o.id() + " order lines " + orderLines(o) + " but hold " + r.store() + " " + holdLines(r));
            }
            if (wasPaid(o) && r.status() != ReservationStatus.CONFIRMED) {
                bad.add(o.id() + " paid but its hold is " + r.status());
            }
            // Only a lost double-tap race may leave a hold of this order at another store, and it must
            // have been given back.
            for (Store s : stores) {
                if (!s.id().equals(o.store())) {
                    Optional<Reservation> other = oms.inventoryLock().find(s.id(), o.reservationId());
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
                Optional<Reservation> r = oms.inventoryLock().find(s.id(), id.reservationId());
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
                // The retry comes after a placed first call: it must be that order again, marked repeated.
                compared++;
                PlacementResult second = results.size() > 1 ? results.get(1) : null;
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
                Order first = ((PlacementResult.Placed) results.get(0)).order();
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

    private static Map<SkuId, Long> holdLines(Reservation r) {
        Map<SkuId, Long> m = new HashMap<>();
        for (HoldLine l : r.lines()) {
            m.merge(l.resource().skuId(), l.quantity(), Long::sum);
        }
        return m;
    }

    private static void add(Map<StoreId, Map<SkuId, Long>> m, StoreId store, SkuId sku, long n) {
        m.computeIfAbsent(store, s -> new HashMap<>()).merge(sku, n, Long::sum);
    }

    private static long get(Map<StoreId, Map<SkuId, Long>> m, StoreId store, SkuId sku) {
        return m.getOrDefault(store, Map.of()).getOrDefault(sku, 0L);
    }

    private static String human(Duration d) {
        long s = d.getSeconds();
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
