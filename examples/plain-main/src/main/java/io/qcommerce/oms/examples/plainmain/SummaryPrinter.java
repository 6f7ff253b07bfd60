package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.examples.plainmain.Tally.Outcome;
import io.qcommerce.oms.inventory.LowStock;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.picking.PickLine;
import io.qcommerce.oms.report.StorePerformance;
import io.qcommerce.oms.store.StoreId;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a {@link MorningResult} for people: counts, money, delivery slots, picking, stock, low stock, reports,
 * batches, the loss of the lock's data and the rebuild, the stock ledger, events, and the checks with PASS/FAIL.
 */
public final class SummaryPrinter {
    /** Lines of the busiest picking list shown, the most wanted first. */
    private static final int PICK_LINES_SHOWN = 5;
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("dd MMM HH:mm", Locale.ROOT);

    private final PrintStream out;

    public SummaryPrinter(PrintStream out) {
        this.out = out;
    }

    public void print(MorningResult r) {
        out.println();
        out.printf("Summary: %s to %s simulated, %d shoppers on %d threads (seed %d), %.1f s of real time%n",
                r.opened(), r.closed(), r.options().customers(), r.options().threads(), r.options().seed(),
                r.wallTime().toMillis() / 1000.0);
        r.storage().forEach(line -> out.println("  " + line));

        section("Checkouts, as the shoppers' apps saw them");
        row("checkout calls", r.outcome(Outcome.CHECKOUT_CALLS), "");
        row("new orders placed", r.outcome(Outcome.PLACED),
                "at a fallback store: " + n(r.outcome(Outcome.PLACED_AT_FALLBACK)));
        row("idempotent repeats", r.outcome(Outcome.IDEMPOTENT_REPEAT), "same key again: the first order, repeated=true");
        row("reused key refused", r.outcome(Outcome.KEY_REUSE_REFUSED), "same key, edited cart: IDEMPOTENCY_CONFLICT");
        row("cart rejected", r.outcome(Outcome.CART_REJECTED), problems(r.cartProblems()));
        row("not serviceable", r.outcome(Outcome.NOT_SERVICEABLE), "no active store for the pincode");
        row("out of stock", r.outcome(Outcome.OUT_OF_STOCK), "no store could hold the whole cart; most often short: "
                + r.shortOf().entrySet().stream().map(e -> e.getKey() + " " + n(e.getValue()))
                .collect(Collectors.joining(", ")));
        if (r.outcome(Outcome.HOLD_LAPSED) > 0) {
            row("hold lapsed", r.outcome(Outcome.HOLD_LAPSED), "");
        }
        row("slot full", r.outcome(Outcome.SLOT_FULL), "SlotUnavailable FULL: it filled up after the shopper picked it");
        row("slot past its cut-off", r.outcome(Outcome.SLOT_CUT_OFF), "SlotUnavailable CUT_OFF: picked before, sent after");

        section("Payments and after");
        row("payment confirmed", r.outcome(Outcome.PAYMENT_CONFIRMED), "");
        row("payment refused", r.outcome(Outcome.PAYMENT_REFUSED), "paid after the hold expired: refund");
        row("payment failed", r.outcome(Outcome.PAYMENT_FAILED), "");
        row("abandoned", r.outcome(Outcome.ABANDONED), "left the hold to expire");
        row("cancelled before paying", r.outcome(Outcome.CANCELLED_BEFORE_PAYING), "");
        row("cancelled after paying", r.outcome(Outcome.CANCELLED_AFTER_PAYING), "by the customer, restocked");
        row("cancelled by the store", r.outcome(Outcome.CANCELLED_BY_STORE), "at picking, restocked");
        row("delivery failed", r.outcome(Outcome.DELIVERY_FAILED), "brought back, restocked");
        row("delivered", r.outcome(Outcome.DELIVERED), "");
        row("returned, resellable", r.outcome(Outcome.RETURNED_RESELLABLE),
                Shoppers.RETURN_AFTER_MINUTES + " min after delivery; units back into their batches (RETURNED)");
        row("returned, not resellable", r.outcome(Outcome.RETURNED_NOT_RESELLABLE), "recorded, nothing put back");

        MorningResult.OrderBook o = r.orders();
        section("Orders at the close, from the repository");
        row("placed", o.placed(), "");
        row("paid (hold confirmed)", o.paid(), "");
        row("delivered", o.status(OrderStatus.DELIVERED), "");
        row("returned", o.status(OrderStatus.RETURNED), "delivered, then sent back");
        long open = o.byStatus().entrySet().stream().filter(e -> !e.getKey().isFinal()).mapToLong(Map.Entry::getValue)
                .sum();
        row("still open", open, open == 0 ? "" : statuses(o.byStatus()));
        row("cancelled", o.status(OrderStatus.CANCELLED), "");
        for (CancelReason reason : CancelReason.values()) {
            row("  " + reason.name().toLowerCase(Locale.ROOT).replace('_', ' '), o.cancelled(reason), "");
        }

        section("Sales");
        row("units sold", o.unitsSold(), "");
        out.printf("  %-28s %14s%n", "revenue", rupees(o.revenuePaise()));
        out.printf("  %-28s %14s%n", "saved against MRP", rupees(o.savingsPaise()));
        row("units restocked", o.unitsRestocked(), "from paid orders cancelled later");
        row("units returned", o.unitsReturned(), "counted as sold above; " + n(o.unitsBackOnShelf())
                + " back on the shelf, " + rupees(o.refundedPaise()) + " refunded");
        out.printf("  %-28s %s%n", "top sellers", o.topSellers().stream()
                .map(s -> s.sku() + " " + n(s.units()))
                .collect(Collectors.joining(", ")));

        section("Delivery slots at the close (booked by paid orders, held for orders awaiting payment)");
        row("wanted a slot", r.outcome(Outcome.SLOT_ASKED) + r.outcome(Outcome.SLOT_NONE_OFFERED),
                "none offered any more: " + n(r.outcome(Outcome.SLOT_NONE_OFFERED)) + " (delivery now)");
        row("orders placed in a slot", r.outcome(Outcome.PLACED_IN_SLOT), "");
        row("slot refused, picked again", r.outcome(Outcome.SLOT_REPICKED),
                "gave up for delivery now: " + n(r.outcome(Outcome.SLOT_GAVE_UP)));
        out.printf("  %-10s %-10s %-11s %-7s %-7s %8s %6s %4s %9s  %s%n", "slot", "store", "window", "cut-off", "type",
                "capacity", "booked", "held", "remaining", "paid orders");
        for (MorningResult.SlotFill f : r.slots()) {
            String paid = n(f.paidOrders())
                    + (f.givenBack() == 0 ? "" : " (" + n(f.givenBack()) + " cancelled in time, place given back)");
            String state = !f.active() || !isOpenStore(r, f) ? "   store closed" : f.full() ? "   full" : "";
            out.printf("  %-10s %-10s %-11s %-7s %-7s %8s %6s %4s %9s  %s%s%n", f.id(), f.store(), f.start() + "-" + f.end(),
                    f.cutoff(), f.type(), n(f.capacity()), n(f.booked()), n(f.held()), n(f.remaining()), paid, state);
        }

        printPicking(r.picking());

        section("Stock at the close (summed over SKUs)");
        out.printf("  %-11s %-26s %-8s %7s %8s %9s %10s  %s%n",
                "store", "name", "status", "orders", "on hand", "reserved", "available", "sold out");
        for (MorningResult.StoreStock s : r.stock()) {
            out.printf("  %-11s %-26s %-8s %7s %8s %9s %10s  %s%n", s.id(), s.name(), s.active() ? "open" : "closed",
                    n(s.ordersSold()), n(s.onHand()), n(s.reserved()), n(s.available()),
                    soldOut(s));
        }

        printLowStock(r);
        printAcrossStores(r.acrossStores());
        printPerformance(r);

        section("Units sold by batch (paid orders not cancelled), earliest expiry first");
        Map<String, List<MorningResult.BatchSales>> bySkuAndStore = new LinkedHashMap<>();
        r.soldByBatch().stream()
                .sorted(Comparator.comparing((MorningResult.BatchSales b) -> b.sku().value())
                        .thenComparing(b -> b.store().value())
                        .thenComparing(b -> b.expiresAt() == null ? LocalDateTime.MAX : b.expiresAt())
                        .thenComparing(MorningResult.BatchSales::batch))
                .forEach(b -> bySkuAndStore.computeIfAbsent(String.format(Locale.ROOT, "%-20s %-10s", b.sku(), b.store()),
                        k -> new ArrayList<>()).add(b));
        bySkuAndStore.forEach((key, list) -> {
            long total = list.stream().mapToLong(MorningResult.BatchSales::units).sum();
            out.printf("  %s %6s = %s%n", key, n(total), list.stream()
                    .map(b -> b.batch() + " " + n(b.units()) + " (exp " + expiry(b.expiresAt()) + ")")
                    .collect(Collectors.joining(" + ")));
        });
        long fromBatches = r.soldByBatch().stream().mapToLong(MorningResult.BatchSales::units).sum();
        row("from batches", fromBatches, "of " + n(o.unitsSold()) + " units sold; the rest are SKUs kept without batches");

        section("Batches expiring within " + MorningSimulation.EXPIRING_SOON.toHours()
                + " h of the close, still on the shelf");
        if (r.expiringSoon().isEmpty()) {
            out.println("  -");
        }
        for (MorningResult.ExpiringBatch b : r.expiringSoon()) {
            out.printf("  %-10s %-20s %-14s exp %s %6s on hand%s%n", b.store(), b.sku(), b.batch(), expiry(b.expiresAt()),
                    n(b.onHand()), b.expired() ? "   expired, not for sale" : "");
        }
        row("rescanned crates refused", r.outcome(Outcome.BATCH_RESCAN_REFUSED),
                "a batch code received twice: DUPLICATE_BATCH");
        row("units written off", r.outcome(Outcome.UNITS_WRITTEN_OFF), "at " + MorningSimulation.WRITE_OFF_AT + ", from "
                + n(r.outcome(Outcome.BATCHES_WRITTEN_OFF)) + " expired batches");

        printLoss(r);
        printLedger(r);

        EventCounter.Snapshot e = r.events();
        section("Events counted by the listener");
        row("order placed", e.placed(), "");
        row("order confirmed", e.confirmed(), "");
        row("order cancelled", e.cancelledTotal(), e.cancelled().entrySet().stream().filter(x -> x.getValue() > 0)
                .map(x -> x.getKey() + " " + n(x.getValue())).collect(Collectors.joining(", ")));
        row("status changed", e.statusChanges(), "");
        row("stock low", e.stockLow().size(), firstLows(e.stockLow()));

        section("Reconciler");
        row("passes", r.outcome(Outcome.RECONCILER_RUNS), "every " + MorningSimulation.RECONCILE_EVERY_MINUTES
                + " simulated minutes, alongside the shoppers");
        row("orders cancelled", r.outcome(Outcome.RECONCILER_CANCELLED), "hold expired, RESERVATION_EXPIRED");
        row("orders completed", r.outcome(Outcome.RECONCILER_CONFIRMED), "hold confirmed, order not");
        row("movements shipped", r.outcome(Outcome.MOVEMENTS_SHIPPED),
                "copied from the inventory lock's record to the durable stock ledger");

        section("Invariants of DESIGN.md, and cross-checks");
        for (Check c : r.checks()) {
            out.printf("  %s  %s  %s%n", c.passed() ? "PASS" : "FAIL", c.id(), c.title());
            out.printf("           %s%n", c.detail());
        }
        long failed = r.checks().stream().filter(c -> !c.passed()).count();
        out.println();
        out.println(failed == 0 ? "All " + r.checks().size() + " checks passed."
                : failed + " of " + r.checks().size() + " checks FAILED.");
    }

    private void printPicking(MorningResult.Picking p) {
        section("Picking (oms.picking().list, then startPicking for each order due, oldest first)");
        row("picking lists", p.lists(), "one per store and minute with an order due");
        row("orders started from a list", p.started(), "");
        MorningResult.PickSample b = p.busiest();
        if (b == null) {
            return;
        }
        row("busiest round", b.started(), String.format(Locale.ROOT, "orders started at %s %s, from a list of %s "
                        + "confirmed orders%s wanting %s units of %s SKUs; the most wanted:", b.store(), b.at(),
                n(b.orders()), b.orders() > b.started() ? " (" + n(b.orders() - b.started()) + " due later, in a slot)" : "",
                n(b.units()), n(b.lines().size())));
        List<PickLine> most = new ArrayList<>(b.lines());
        most.sort(Comparator.comparingLong(PickLine::units).reversed().thenComparing(PickLine::sku));
        for (PickLine l : most.subList(0, Math.min(PICK_LINES_SHOWN, most.size()))) {
            out.printf("    %-22s %4s  %s, %s%n", l.sku(), n(l.units()), l.orders() == 1 ? "1 order" : n(l.orders()) + " orders",
                    l.batches().isEmpty() ? "kept without batches" : "from " + l.batches().stream()
                            .map(t -> t.code() + " x" + t.quantity()).collect(Collectors.joining(", ")));
        }
    }

    private void printLowStock(MorningResult r) {
        section("Low stock at the close (oms.inventory().lowStock: a SKU's own threshold in the store, else the "
                + "store's default, else the catalog's)");
        for (MorningResult.StoreLowStock s : r.lowStock()) {
            String thresholds = (s.storeDefault() == null ? "catalog" : "default " + s.storeDefault())
                    + (s.ownThresholds() == 0 ? "" : ", " + s.ownThresholds() + " of its own");
            List<String> shown = new ArrayList<>();
            for (LowStock low : s.low().subList(0, Math.min(5, s.low().size()))) {
                shown.add(low.sku() + " " + low.available() + "<" + low.threshold());
            }
            out.printf("  %-11s %-24s %3s low%s%n", s.store(), thresholds, n(s.low().size()),
                    shown.isEmpty() ? "" : ": " + String.join(", ", shown)
                            + (s.low().size() > shown.size() ? ", ..." : ""));
        }
    }

    private void printAcrossStores(MorningResult.SkuAcrossStores a) {
        section(a.sku() + " (" + a.name() + ") across the stores (oms.reports().stockAcrossStores)");
        out.printf("  %-11s %8s %9s %8s %10s%n", "store", "on hand", "reserved", "expired", "available");
        for (StockLevel l : a.levels()) {
            out.printf("  %-11s %8s %9s %8s %10s%n", l.store(), n(l.onHand()), n(l.reserved()), n(l.expired()),
                    n(l.available()));
        }
    }

    private void printPerformance(MorningResult r) {
        section("Store performance, " + r.opened() + " to " + r.closed()
                + " (oms.reports().storePerformance, orders by placement time)");
        out.printf("  %-11s %7s %6s %10s %9s %10s %12s %8s  %s%n", "store", "placed", "paid", "delivered", "returned",
                "cancelled", "in progress", "success", "revenue (delivered, kept)");
        for (StorePerformance p : r.performance()) {
            out.printf("  %-11s %7s %6s %10s %9s %10s %12s %7.1f%%  %s%n", p.store(), n(p.placed()), n(p.paid()),
                    n(p.delivered()), n(p.returned()), n(p.cancelled()), n(p.inProgress()), 100 * p.successRate(),
                    rupees(p.revenue().minor()));
        }
    }

    private void printLoss(MorningResult r) {
        MorningResult.StockLoss loss = r.loss();
        if (loss == null) {
            section("Loss of the inventory lock's data: none this run (--lose-stock-at none)");
            return;
        }
        section("Loss of the inventory lock's data at " + loss.at() + " (no step ran from the loss to the drift check "
                + "after the rebuild; what the lock recorded since the last reconciler pass went with it)");
        out.printf("  %-28s %s%n", "lost", loss.what());
        out.printf("  %-28s %s%n", "drift check before the loss", drifts(loss.before()));
        out.printf("  %-28s %s%n", "drift check after the loss", drifts(loss.afterLoss()));
        for (RebuildReport b : loss.rebuilt()) {
            out.printf("  %-28s %s counters written, %s holds restored, %s dropped, %s unshipped movements recovered, %s%n",
                    "rebuilt " + b.store(), n(b.resources()), n(b.holdsRestored().size()), n(b.holdsDropped().size()),
                    n(b.movementsRecovered()),
                    b.problems().isEmpty() ? "no problems" : b.problems().size() + " problems: "
                            + String.join("; ", b.problems().subList(0, Math.min(3, b.problems().size()))));
        }
        out.printf("  %-28s %s%n", "drift check after rebuild", drifts(loss.afterRebuild()));
        row("restored holds, then paid", loss.restoredPaid(), "not paid: " + n(loss.restoredUnpaid())
                + " (failed, abandoned, cancelled or too late)");
    }

    /** "clean in 4 stores", or how many counters differ and a few of them. */
    private static String drifts(List<DriftReport> reports) {
        long dirty = reports.stream().filter(d -> !d.isClean()).count();
        if (dirty == 0) {
            return "clean in " + reports.size() + (reports.size() == 1 ? " store" : " stores");
        }
        List<String> shown = new ArrayList<>();
        long counters = 0;
        for (DriftReport d : reports) {
            counters += d.drifts().size();
            for (Drift x : d.drifts()) {
                if (shown.size() < 3) {
                    shown.add(d.store() + "/" + x.resource() + (x.batch() == null ? "" : "/" + x.batch().code()) + " "
                            + x.counter() + " " + x.actual() + " in the lock, " + x.recorded() + " by the record");
                }
            }
        }
        return n(counters) + " counters differ in " + dirty + " of " + reports.size() + " stores, e.g. "
                + String.join("; ", shown);
    }

    private void printLedger(MorningResult r) {
        LedgerTotals l = r.ledger();
        section("Stock ledger at the close, read back from the durable copy (oms.stockLedger(), after the closing "
                + "reconciler pass)");
        if (l == null) {
            out.println("  -");
            return;
        }
        List<StoreId> stores = new ArrayList<>(l.byStore().keySet());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-10s %9s %10s", "type", "movements",
                "SKU units"));
        stores.forEach(s -> head.append(String.format(Locale.ROOT, " %11s", s)));
        head.append(String.format(Locale.ROOT, " %10s %12s", "slot mvts", "slot places"));
        out.println(head);
        for (Map.Entry<MovementType, LedgerTotals.TypeTotal> e : l.overall().entrySet()) {
            LedgerTotals.TypeTotal t = e.getValue();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s %9s %10s", e.getKey(),
                    n(t.count()), n(t.skuUnits())));
            stores.forEach(s -> line.append(String.format(Locale.ROOT, " %11s", n(l.of(s, e.getKey()).skuUnits()))));
            line.append(String.format(Locale.ROOT, " %10s %12s", n(t.slotCount()), n(t.slotUnits())));
            out.println(line);
        }
        out.printf("  %-10s %9s%n", "in all", n(l.movements()));
        out.printf("  SKU units on hand by the ledger alone: %s received %s adjusted + %s restocked + %s returned"
                        + " - %s sold = %s; reserved: %s held - %s released - %s expired - %s sold = %s%n",
                n(l.skuUnits(MovementType.RECEIVED)), signed(l.skuUnits(MovementType.ADJUSTED)),
                n(l.skuUnits(MovementType.RESTOCKED)), n(l.skuUnits(MovementType.RETURNED)),
                n(l.skuUnits(MovementType.SOLD)), n(l.skuOnHand()), n(l.skuUnits(MovementType.HELD)),
                n(l.skuUnits(MovementType.RELEASED)), n(l.skuUnits(MovementType.EXPIRED)),
                n(l.skuUnits(MovementType.SOLD)), n(l.skuReserved()));
    }

    private static String signed(long v) {
        return (v < 0 ? "- " : "+ ") + n(Math.abs(v));
    }

    private static boolean isOpenStore(MorningResult r, MorningResult.SlotFill f) {
        return r.stock().stream().noneMatch(s -> s.id().equals(f.store()) && !s.active());
    }

    private static String expiry(LocalDateTime at) {
        return at == null ? "unknown" : EXPIRY.format(at);
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    private void row(String label, long value, String note) {
        out.printf("  %-28s %8s%s%n", label, n(value), note.isEmpty() ? "" : "   " + note);
    }

    /** The sold-out SKUs, the first few by name, so that a store's row stays one readable line. */
    private static String soldOut(MorningResult.StoreStock s) {
        if (s.soldOut().isEmpty()) {
            return "-";
        }
        int shown = Math.min(4, s.soldOut().size());
        String names = s.soldOut().subList(0, shown).stream().map(Object::toString).collect(Collectors.joining(", "));
        return s.soldOut().size() + (s.soldOut().size() == 1 ? " SKU: " : " SKUs: ") + names + (shown < s.soldOut().size() ? ", ..." : "");
    }

    private static String problems(Map<CartProblem.Code, Long> problems) {
        return problems.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + n(e.getValue())).collect(Collectors.joining(", "));
    }

    private static String statuses(Map<OrderStatus, Long> byStatus) {
        return byStatus.entrySet().stream().filter(e -> !e.getKey().isFinal())
                .map(e -> e.getKey() + " " + n(e.getValue())).collect(Collectors.joining(", "));
    }

    private static String firstLows(List<OmsEvent.StockLow> lows) {
        List<String> shown = new ArrayList<>();
        for (OmsEvent.StockLow low : lows.subList(0, Math.min(3, lows.size()))) {
            shown.add(String.format("%s %s %s %d<%d", LocalTime.ofInstant(low.at(), MorningSimulation.BENGALURU),
                    low.store(), low.sku(), low.available(), low.threshold()));
        }
        return shown.isEmpty() ? "" : "first: " + String.join(", ", shown);
    }

    /** A count with thousands separators. */
    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** Paise as rupees in the Indian grouping: 12345678 paise is INR 1,23,456.78. */
    static String rupees(long paise) {
        String sign = paise < 0 ? "-" : "";
        long abs = Math.abs(paise);
        String whole = Long.toString(abs / 100);
        StringBuilder grouped = new StringBuilder();
        if (whole.length() <= 3) {
            grouped.append(whole);
        } else {
            String head = whole.substring(0, whole.length() - 3);
            for (int i = 0; i < head.length(); i++) {
                if (i > 0 && (head.length() - i) % 2 == 0) {
                    grouped.append(',');
                }
                grouped.append(head.charAt(i));
            }
            grouped.append(',').append(whole.substring(whole.length() - 3));
        }
        return String.format(Locale.ROOT, "INR %s%s.%02d", sign, grouped, abs % 100);
    }
}
