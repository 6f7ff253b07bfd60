package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.CustomerId;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderId;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.invariants.CheckResult;
import io.qcommerce.oms.testkit.invariants.Invariant;
import io.qcommerce.oms.testkit.invariants.OmsInvariants;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The morning's checks: the system-wide invariants of the testkit's checker ({@link OmsInvariants}), run the way a
 * host runs them on its own wiring, plus three that only the simulation can judge (5 idempotency, from what each
 * shopper's app was told; A the events; B no step blew up). Invariant 1 is read while the shoppers run
 * ({@link #audit()}), the counters' checks between minutes ({@link #checkpoint()}), the rest at the close
 * ({@link #verdicts}). Each invariant keeps the id the summary has always shown (1 to 7 for DESIGN.md, letters for
 * the cross-checks).
 */
final class Invariants {
    private static final Map<Invariant, String> IDS = new EnumMap<>(Map.ofEntries(
            Map.entry(Invariant.NO_OVERSELL, "1"), Map.entry(Invariant.HOLDS_MATCH_ORDERS, "2"),
            Map.entry(Invariant.CONSERVATION, "3"), Map.entry(Invariant.ALL_OR_NOTHING, "4"),
            Map.entry(Invariant.FENCING, "6"), Map.entry(Invariant.CONFIRMED_IFF_HOLD_CONFIRMED, "7"),
            Map.entry(Invariant.SLOTS, "C"), Map.entry(Invariant.BATCH_FRESHNESS, "D"),
            Map.entry(Invariant.SOLD_BY_BATCH, "E"), Map.entry(Invariant.BATCH_CONSERVATION, "F"),
            Map.entry(Invariant.LEDGER_ADDS_UP, "G"), Map.entry(Invariant.NO_DRIFT, "H")));
    /** Exact only when nothing is in flight, and true at every such moment: checked between minutes. */
    private static final Set<Invariant> BETWEEN_MINUTES = EnumSet.of(Invariant.NO_OVERSELL,
            Invariant.HOLDS_MATCH_ORDERS, Invariant.CONSERVATION, Invariant.SLOTS, Invariant.BATCH_CONSERVATION);

    private final Oms oms;
    private final OmsInvariants kit;
    private final int customers;
    private final List<StoreId> stores;
    private final List<SkuId> skus;
    private final Map<String, Verdict> verdicts = new LinkedHashMap<>();
    private final List<String> driftNotes = new ArrayList<>();
    private long auditsDuring;
    private long checkpoints;
    private List<Order> lastOrders = List.of();
    private LedgerTotals ledgerTotals;

    /** @param customers every customer of the simulation: each checks out under one key, so has one order at most */
    Invariants(Oms oms, SampleData data, List<CustomerId> customers) {
        this.oms = oms;
        this.kit = OmsInvariants.of(oms);
        this.customers = customers.size();
        this.stores = data.stores().stream().map(Store::id).toList();
        this.skus = data.skuIds();
        Map<String, String> titles = new TreeMap<>();
        IDS.forEach((invariant, id) -> titles.put(id, invariant.title()));
        titles.put("5", "idempotency: a repeated checkout returns the first order and changes nothing");
        titles.put("A", "events agree with the order records");
        titles.put("B", "every step ran without an unexpected exception");
        titles.put("H", Invariant.NO_DRIFT.title() + " at the close, and before a loss of its data and after the "
                + "rebuild; a rebuild restores every live hold");
        titles.forEach((id, title) -> verdicts.put(id, new Verdict(title)));
    }

    /** Invariant 1, read while shoppers run. */
    void audit() {
        CheckResult r = kit.checkNoOversell(stores, skus);
        synchronized (this) {
            auditsDuring++;
            verdicts.get("1").add(r);
        }
    }

    /** The counters' checks, between minutes; returns the run's orders as read now. */
    synchronized List<Order> checkpoint() {
        checkpoints++;
        kit.check(stores, skus, BETWEEN_MINUTES).checks().forEach(c -> verdicts.get(IDS.get(c.invariant())).add(c));
        lastOrders = read().orders();
        return lastOrders;
    }

    /** Check H: drift checks that must come out clean; {@code when} says when they ran. */
    synchronized void drift(String when, List<DriftReport> reports) {
        List<String> bad = new ArrayList<>();
        for (DriftReport r : reports) {
            for (Drift d : r.drifts()) {
                bad.add(when + ": " + r.store() + "/" + d.resource() + (d.batch() == null ? "" : "/" + d.batch().code())
                        + " " + d.counter() + " " + d.actual() + " in the lock, " + d.recorded() + " by the record");
            }
        }
        verdicts.get("H").add(reports.size(), bad);
        driftNotes.add(f("%d stores clean %s", reports.stream().filter(DriftReport::isClean).count(), when)
                + (bad.isEmpty() ? "" : f(" (%d counters drifted)", (long) bad.size())));
    }

    /** Check H: a rebuild from a sound record restores every live hold and finds no problem in it. */
    synchronized void rebuilt(List<RebuildReport> reports) {
        List<String> bad = new ArrayList<>();
        reports.forEach(r -> {
            r.holdsDropped().forEach(id -> bad.add("rebuild of " + r.store() + " dropped hold " + id));
            r.problems().forEach(p -> bad.add("rebuild of " + r.store() + ": " + p));
        });
        verdicts.get("H").add(reports.size(), bad);
        driftNotes.add(f("rebuild of %s wrote %d counters and restored %d holds, dropped %d, %d problems, "
                        + "recovered %d unshipped movements from the orders",
                reports.stream().map(r -> r.store().value()).collect(Collectors.joining(", ")),
                reports.stream().mapToLong(RebuildReport::resources).sum(),
                reports.stream().mapToLong(r -> r.holdsRestored().size()).sum(),
                reports.stream().mapToLong(r -> r.holdsDropped().size()).sum(),
                reports.stream().mapToLong(r -> r.problems().size()).sum(),
                reports.stream().mapToLong(RebuildReport::movementsRecovered).sum()));
    }

    /** Just before the lock loses the data of {@code lost}: the checks will read its finished holds as they were. */
    synchronized void rememberHolds(List<StoreId> lost) {
        kit.rememberHolds(lost);
    }

    /** The verdicts, after a last {@link #checkpoint} at the close. */
    synchronized List<Check> verdicts(Journal journal, EventCounter.Snapshot events) {
        Orders read = read();
        lastOrders = read.orders();
        Map<Invariant, CheckResult> atClose = new EnumMap<>(Invariant.class);
        kit.check(stores, skus, EnumSet.complementOf(EnumSet.copyOf(BETWEEN_MINUTES)))
                .checks().forEach(c -> atClose.put(c.invariant(), c));
        atClose.forEach((i, c) -> verdicts.get(IDS.get(i)).add(c));
        long refused = refusedPayments(journal);
        verdicts.get("5").add(customers, idempotency(journal, read.duplicates()));
        verdicts.get("A").add(4, eventsAgree(lastOrders, events));
        verdicts.get("B").add(1, journal.errors());
        ledgerTotals = LedgerTotals.read(oms, stores);
        driftNotes.add(f("%d stores clean at the close", (long) stores.size()));

        long[] repeats = repeats(journal);
        verdicts.get("1").evidence += f(", read %d times while shoppers ran and %d times between minutes",
                auditsDuring, checkpoints);
        for (String id : List.of("2", "3", "C", "F")) {
            verdicts.get(id).evidence = f("at %d checkpoints; at close ", checkpoints) + verdicts.get(id).evidence;
        }
        verdicts.get("5").evidence = f("%d retries and %d double taps got the first order back (repeated=true); "
                        + "%d edited carts under a used key refused, order unchanged; %d customers, none with two orders",
                repeats[0], repeats[1], repeats[2], (long) customers);
        verdicts.get("6").evidence += f("; %d late payments refused", refused);
        verdicts.get("A").evidence = f("%d placed, %d confirmed, %d cancelled, %d status changes", events.placed(),
                events.confirmed(), events.cancelledTotal(), events.statusChanges());
        verdicts.get("B").evidence = "no errors";
        verdicts.get("H").evidence = String.join("; ", driftNotes);
        List<Check> out = new ArrayList<>();
        verdicts.forEach((id, v) -> out.add(new Check(id, v.title, v.violations == 0, v.violations == 0 ? v.evidence
                : v.violations + " violation(s) in " + v.compared + " comparisons, e.g. " + String.join("; ", v.examples))));
        return out;
    }

    /** Check 6, the payments side: a payment refused for lateness cancelled its order as RESERVATION_EXPIRED. */
    private long refusedPayments(Journal journal) {
        List<String> bad = new ArrayList<>();
        for (OrderId id : journal.refusedPayments()) {
            Order o = oms.orders().get(id);
            if (o.status() != OrderStatus.CANCELLED || o.cancelReason().orElse(null) != CancelReason.RESERVATION_EXPIRED) {
                bad.add("refused payment of " + id + " left order " + o.status() + " " + o.cancelReason().orElse(null));
            }
        }
        verdicts.get("6").add(journal.refusedPayments().size(), bad);
        return journal.refusedPayments().size();
    }

    private List<String> idempotency(Journal journal, List<String> duplicates) {
        List<String> bad = new ArrayList<>(duplicates);
        for (Journal.Checkout c : journal.checkouts()) {
            List<PlacementResult> results = c.results();
            OrderId expected = OrderId.derive(c.plan.customer(), c.plan.key());
            List<PlacementResult.Placed> placed = results.stream().filter(PlacementResult.Placed.class::isInstance)
                    .map(PlacementResult.Placed.class::cast).toList();
            placed.stream().filter(p -> !p.order().id().equals(expected)).forEach(p -> bad.add(c.plan.key()
                    + " answered order " + p.order().id() + ", expected " + expected));
            long fresh = placed.stream().filter(p -> !p.repeated()).count();
            if (!placed.isEmpty() && fresh != 1) {
                bad.add(c.plan.key() + ": " + placed.size() + " calls placed, " + fresh + " of them as new (expected 1)");
            }
            boolean stored = oms.orders().byCustomer(c.plan.customer(), 1).stream().anyMatch(o -> o.id().equals(expected));
            if (stored != !placed.isEmpty()) {
                bad.add(c.plan.key() + ": stored=" + stored + " but " + placed.size() + " calls answered Placed");
            }
            if (c.plan.retry() == ShopperPlan.Retry.SEQUENTIAL && !placed.isEmpty()) {
                // The retry comes right after the call that placed the order (a refused slot may come before).
                int first = results.indexOf(placed.get(0));
                PlacementResult second = results.size() > first + 1 ? results.get(first + 1) : null;
                if (!(second instanceof PlacementResult.Placed p) || !p.repeated()) {
                    bad.add(c.plan.key() + ": retry answered " + second + " instead of the first order, repeated");
                }
            }
            if (c.plan.retry() == ShopperPlan.Retry.KEY_REUSE && !placed.isEmpty()) {
                if (!c.keyReuseRefused) {
                    bad.add(c.plan.key() + ": an edited cart under a used key was " + c.keyReuseAnswer);
                }
                if (!lines(oms.orders().get(expected)).equals(lines(placed.get(0).order()))) {
                    bad.add(c.plan.key() + ": stored lines changed after the key was reused");
                }
            }
        }
        return bad;
    }

    private static List<String> eventsAgree(List<Order> all, EventCounter.Snapshot events) {
        List<String> bad = new ArrayList<>();
        long paid = all.stream().filter(Invariants::wasPaid).count();
        long changes = all.stream().mapToLong(o -> o.history().size() - 1).sum();
        Map<CancelReason, Long> cancelled = new EnumMap<>(CancelReason.class);
        for (CancelReason r : CancelReason.values()) {
            cancelled.put(r, all.stream().filter(o -> o.cancelReason().orElse(null) == r).count());
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
        return bad;
    }

    /** {sequential retries answered repeated, double taps answered repeated, key reuses refused}. */
    private static long[] repeats(Journal journal) {
        long[] n = new long[3];
        for (Journal.Checkout c : journal.checkouts()) {
            long repeated = c.results().stream().filter(r -> r instanceof PlacementResult.Placed p && p.repeated()).count();
            switch (c.plan.retry()) {
                case SEQUENTIAL -> n[0] += repeated;
                case DOUBLE_TAP -> n[1] += repeated;
                default -> n[2] += c.keyReuseRefused ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * What one read of the run's orders found.
     *
     * @param orders     every order of the run's stores
     * @param duplicates one line per customer with more than one order
     */
    record Orders(List<Order> orders, List<String> duplicates) {
    }

    /** Every order of the run's stores, through the order service, one status at a time; and the duplicates. */
    Orders read() {
        List<Order> all = new ArrayList<>();
        for (StoreId store : stores) {
            for (OrderStatus status : OrderStatus.values()) {
                all.addAll(oms.orders().byStoreAndStatus(store, status, Integer.MAX_VALUE));
            }
        }
        List<String> duplicates = new ArrayList<>();
        all.stream().collect(Collectors.groupingBy(o -> o.customer().value(), TreeMap::new, Collectors.toList()))
                .forEach((customer, theirs) -> {
                    if (theirs.size() > 1) {
                        duplicates.add(customer + " has " + theirs.size() + " orders, one checkout key: " + theirs.stream()
                                .map(o -> o.id() + " (" + o.idempotencyKey() + ")").toList());
                    }
                });
        return new Orders(List.copyOf(all), duplicates);
    }

    /** The ledger as read at the close; null before {@link #verdicts}. */
    synchronized LedgerTotals ledgerTotals() {
        return ledgerTotals;
    }

    /** The run's orders as the last checkpoint or verdict read them. */
    synchronized List<Order> orders() {
        return lastOrders;
    }

    /** Every store's counters for every catalog SKU, each store read in one call. */
    Map<StoreId, Map<SkuId, StockLevel>> levels() {
        Map<StoreId, Map<SkuId, StockLevel>> out = new LinkedHashMap<>();
        stores.forEach(s -> out.put(s, oms.inventory().availability(s, skus)));
        return out;
    }

    static boolean wasPaid(Order o) {
        return OmsInvariants.wasPaid(o);
    }

    static boolean backOnShelf(Order o) {
        return OmsInvariants.backOnShelf(o);
    }

    static boolean gaveSlotBack(Order o) {
        return OmsInvariants.gaveSlotBack(o);
    }

    /** Units sold (paid, not cancelled) from each batch, by {@link SampleData#batchKey}, sorted by key. */
    static Map<String, Long> soldByBatch(List<Order> all) {
        Map<String, Long> out = new TreeMap<>();
        all.stream().filter(o -> wasPaid(o) && o.status() != OrderStatus.CANCELLED).forEach(o -> o.lines()
                .forEach(l -> l.batches().forEach(t -> out.merge(SampleData.batchKey(o.store(), l.sku(), t.code()),
                        t.quantity(), Long::sum))));
        return out;
    }

    private static Map<SkuId, Integer> lines(Order o) {
        return o.lines().stream().collect(Collectors.toMap(OrderLine::sku, OrderLine::quantity, Integer::sum));
    }

    /** Counts with thousands separators, the same whatever the machine's locale. */
    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format.replace("%d", "%,d"), args);
    }

    /** One check's running count over every time it was looked at. */
    private static final class Verdict {
        final String title;
        long compared;
        long violations;
        final List<String> examples = new ArrayList<>();
        String evidence = "";

        Verdict(String title) {
            this.title = title;
        }

        void add(CheckResult r) {
            compared += r.compared();
            violations += r.violations();
            r.examples().stream().limit(OmsInvariants.EXAMPLES - examples.size()).forEach(examples::add);
            evidence = r.evidence();
        }

        void add(long n, List<String> bad) {
            compared += n;
            violations += bad.size();
            bad.stream().limit(Math.max(0, OmsInvariants.EXAMPLES - examples.size())).forEach(examples::add);
        }
    }
}
