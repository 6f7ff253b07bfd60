package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.RecordingSubscriber;
import io.qcommerce.oms.testkit.invariants.CheckResult;
import io.qcommerce.oms.testkit.invariants.Invariant;
import io.qcommerce.oms.testkit.invariants.OmsInvariants;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The morning's checks: the testkit's system-wide invariants ({@link OmsInvariants}), run as a host runs them on
 * its own wiring, plus what only the simulation can judge: idempotency as the apps saw it, late payments, drift
 * around the loss, and no step blowing up. No oversell is also read while shoppers run ({@link #audit()}), the
 * counters' checks between minutes ({@link #checkpoint()}), everything at the close ({@link #verdicts}).
 */
final class Invariants {
    /** Exact only with nothing in flight: checked between minutes, and at the close. */
    private static final Set<Invariant> BETWEEN_MINUTES = EnumSet.of(Invariant.NO_OVERSELL,
            Invariant.HOLDS_MATCH_ORDERS, Invariant.CONSERVATION, Invariant.SLOTS, Invariant.BATCH_CONSERVATION);
    static final String IDEMPOTENCY = "idempotency: a repeated checkout returns the first order and changes nothing";
    static final String LATE_PAYMENTS = "a payment refused as late cancelled its order as RESERVATION_EXPIRED";
    static final String NO_ERRORS = "every step ran without an unexpected exception";
    static final String REBUILD = "a loss of the lock's data: drift-free before and after the rebuild, every live "
            + "hold restored";
    static final String DELIVERY = "every order change reached the refunds desk, down once, at least once";

    private final Oms oms;
    final OmsInvariants kit;
    private final List<StoreId> stores;
    private final List<SkuId> skus;
    private final Map<String, Verdict> verdicts = new LinkedHashMap<>();
    private long checkpoints;

    Invariants(Oms oms, City city) {
        this.oms = oms;
        this.kit = OmsInvariants.of(oms);
        this.stores = city.storeIds();
        this.skus = city.skuIds();
        EnumSet.allOf(Invariant.class).forEach(i -> verdicts.put(i.title(), new Verdict()));
        List.of(IDEMPOTENCY, LATE_PAYMENTS, REBUILD, DELIVERY, NO_ERRORS).forEach(t -> verdicts.put(t, new Verdict()));
    }

    /** No oversell, read while shoppers run. */
    void audit() {
        CheckResult r = kit.checkNoOversell(stores, skus);
        synchronized (this) {
            verdicts.get(r.invariant().title()).add(r);
        }
    }

    /** The counters' checks, between minutes. */
    synchronized void checkpoint() {
        checkpoints++;
        kit.check(stores, skus, BETWEEN_MINUTES).checks().forEach(c -> verdicts.get(c.invariant().title()).add(c));
    }

    /** Drift checks that must come out clean, and rebuilds that must restore every live hold. */
    synchronized void loss(List<DriftReport> drifts, List<RebuildReport> rebuilds) {
        List<String> bad = new ArrayList<>();
        drifts.forEach(r -> r.drifts().forEach(d -> bad.add(r.store() + "/" + d.resource() + " " + d.counter() + " "
                + d.actual() + " in the lock, " + d.recorded() + " by the record")));
        for (RebuildReport r : rebuilds) {
            r.holdsDropped().forEach(id -> bad.add("rebuild of " + r.store() + " dropped hold " + id));
            r.problems().forEach(p -> bad.add("rebuild of " + r.store() + ": " + p));
        }
        verdicts.get(REBUILD).add(drifts.size() + rebuilds.size(), bad, f("%d drift checks and %d rebuilds",
                drifts.size(), rebuilds.size()));
    }

    /** Every verdict, after the last checkpoint at the close. */
    synchronized List<MorningResult.Check> verdicts(Shoppers shoppers, List<Order> all, RecordingSubscriber refunds) {
        List<String> missed = refunds.missing(all);
        long changes = all.stream().mapToLong(o -> o.history().size()).sum();
        if ((changes > 49 && !refunds.failed()) || refunds.distinct() != changes) {
            missed.add(f("down once: %s; %d events taken for %d changes", refunds.failed(), refunds.distinct(), changes));
        }
        verdicts.get(DELIVERY).add(changes, missed, f("%d changes delivered at least once, %d handed over again",
                changes, refunds.repeats()));
        kit.check(stores, skus, EnumSet.complementOf(EnumSet.copyOf(BETWEEN_MINUTES)))
                .checks().forEach(c -> verdicts.get(c.invariant().title()).add(c));
        verdicts.get(IDEMPOTENCY).add(shoppers.checkouts.size(), idempotency(shoppers, all),
                f("%d checkouts, %d repeated calls answered with the first order, %d edited carts refused",
                        shoppers.checkouts.size(), shoppers.get(Shoppers.Outcome.IDEMPOTENT_REPEAT),
                        shoppers.get(Shoppers.Outcome.KEY_REUSE_REFUSED)));
        List<String> late = shoppers.refusedPayments.stream().map(id -> oms.orders().get(id))
                .filter(o -> o.cancelReason().orElse(null) != CancelReason.RESERVATION_EXPIRED) // cancelled: a reason
                .map(o -> "refused payment of " + o.id() + " left order " + o.status()).toList();
        verdicts.get(LATE_PAYMENTS).add(shoppers.refusedPayments.size(), late,
                f("%d late payments refused", shoppers.refusedPayments.size()));
        verdicts.get(NO_ERRORS).add(1, List.copyOf(shoppers.errors), "no errors");
        BETWEEN_MINUTES.forEach(i -> verdicts.get(i.title()).evidence += f(" (checked at %d moments)", checkpoints));
        List<MorningResult.Check> out = new ArrayList<>();
        verdicts.forEach((title, v) -> {
            if (v.compared > 0 || v.violations > 0) { // nothing to compare, e.g. no loss: no verdict
                out.add(new MorningResult.Check(title, v.violations == 0, v.violations == 0 ? v.evidence
                        : f("%d violation(s) in %d comparisons, e.g. ", v.violations, v.compared)
                        + String.join("; ", v.examples)));
            }
        });
        return out;
    }

    /** Each shopper's key placed at most one order, every call on it answered that order, an edit was refused. */
    private static List<String> idempotency(Shoppers shoppers, List<Order> all) {
        List<String> bad = new ArrayList<>();
        Map<String, Order> byCustomer = new LinkedHashMap<>();
        all.forEach(o -> {
            if (byCustomer.put(o.customer().value(), o) != null) {
                bad.add(o.customer() + " has two orders");
            }
        });
        for (Shoppers.Checkout c : shoppers.checkouts.values()) {
            List<Order> placed = new ArrayList<>();
            long fresh;
            synchronized (c.results()) {
                fresh = c.results().stream().filter(PlacementResult.Placed.class::isInstance).count();
                c.results().forEach(r -> r.fold(p -> placed.add(p.order()), p -> placed.add(p.order()), x -> false,
                        x -> false, x -> false, x -> false, x -> false));
            }
            Order stored = byCustomer.get(c.plan().customer().value());
            if ((stored == null) != placed.isEmpty() || (!placed.isEmpty() && fresh != 1)
                    || placed.stream().anyMatch(o -> !o.id().equals(stored.id()))) {
                bad.add(c.plan().key() + ": " + placed.size() + " calls answered the order, " + fresh + " as new; stored "
                        + (stored == null ? "none" : stored.id()));
            }
            if (c.plan().retry() == ShopperPlan.Retry.KEY_REUSE && stored != null && (!c.keyReuseRefused().get()
                    || sold(stored) != sold(placed.get(0)))) { // a short pick shrinks a line, not the sale
                bad.add(c.plan().key() + ": an edited cart under a used key was not refused, or changed the order");
            }
        }
        return bad;
    }

    private static long sold(Order o) {
        return o.lines().stream().mapToLong(OrderLine::soldQuantity).sum();
    }

    /** Counts with thousands separators, whatever the machine's locale. */
    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format.replace("%d", "%,d"), args);
    }

    /** One check's running count over every time it was looked at. */
    private static final class Verdict {
        long compared;
        long violations;
        final List<String> examples = new ArrayList<>();
        String evidence = "";

        void add(CheckResult r) {
            add(r.compared(), r.examples(), r.evidence());
            violations += r.violations() - r.examples().size();
        }

        void add(long n, List<String> bad, String evidence) {
            compared += n;
            violations += bad.size();
            bad.stream().limit(Math.max(0, OmsInvariants.EXAMPLES - examples.size())).forEach(examples::add);
            this.evidence = evidence;
        }
    }
}
