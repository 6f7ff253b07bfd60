package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.examples.plainmain.Shoppers.Outcome;
import io.qcommerce.oms.inventory.LowStock;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.invariants.OmsInvariants;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.qcommerce.oms.examples.plainmain.Invariants.f;

/**
 * What a morning came to, every figure read from the run: the apps' and staff's counts, the orders as stored at
 * the close, the loss and rebuild, the low-stock lists, and the checks.
 */
record MorningResult(String runId, List<String> storage, LocalTime closedAt, Duration wallTime, Shoppers shoppers,
                     List<Order> orders, Loss loss, List<LowStock> lowStock, List<Check> checks) {

    /** The verdict on one check: what is claimed, whether it held, and the evidence or the first violations. */
    record Check(String title, boolean passed, String detail) {
    }

    /** The loss of the lock's data and the rebuild; drifts counted over every store's check before and after. */
    record Loss(LocalTime at, String what, List<StoreId> stores, long driftedAfterLoss, long countersRebuilt,
                long holdsRestored, long movementsRecovered, long driftedBeforeOrAfter) {
        @Override
        public String toString() {
            return f("%s  the inventory lock lost the data of %s; %d counters off after the loss; rebuilt %d "
                            + "counters, restored %d holds, recovered %d movements from the orders; drifted: %d", at,
                    stores.stream().map(StoreId::value).collect(Collectors.joining(", ")), driftedAfterLoss,
                    countersRebuilt, holdsRestored, movementsRecovered, driftedBeforeOrAfter);
        }
    }

    long count(Outcome o) {
        return shoppers.get(o);
    }

    boolean allPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    void print(PrintStream out) {
        List<Order> paid = orders.stream().filter(OmsInvariants::wasPaid).toList();
        List<Order> kept = paid.stream().filter(o -> o.status() != OrderStatus.CANCELLED).toList();
        Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
        Map<CancelReason, Long> cancelled = new EnumMap<>(CancelReason.class);
        orders.forEach(o -> {
            byStatus.merge(o.status(), 1L, Long::sum);
            o.cancelReason().ifPresent(r -> cancelled.merge(r, 1L, Long::sum));
        });
        out.println();
        out.println(f("Summary: 07:00 to %s simulated, %.1f s on the wall", closedAt, wallTime.toMillis() / 1000.0));
        out.println(f("  checkout    %d calls: %d orders placed (%d at a fallback store, %d in a slot), %d repeats "
                        + "answered with the first order, %d edited carts refused", count(Outcome.CHECKOUT_CALLS),
                count(Outcome.PLACED), count(Outcome.PLACED_AT_FALLBACK), count(Outcome.PLACED_IN_SLOT),
                count(Outcome.IDEMPOTENT_REPEAT), count(Outcome.KEY_REUSE_REFUSED)));
        out.println(f("  refused     %d carts rejected, %d not serviceable, %d out of stock, %d asked for a slot "
                        + "gone full or past its cut-off (%d picked again)", count(Outcome.CART_REJECTED),
                count(Outcome.NOT_SERVICEABLE), count(Outcome.OUT_OF_STOCK), count(Outcome.SLOT_REFUSED),
                count(Outcome.SLOT_REPICKED)));
        out.println(f("  payment     %d confirmed, %d refused as late, %d failed, %d abandoned, %d cancelled "
                        + "before paying", count(Outcome.PAYMENT_CONFIRMED), count(Outcome.PAYMENT_REFUSED),
                count(Outcome.PAYMENT_FAILED), count(Outcome.ABANDONED), count(Outcome.CANCELLED_BEFORE_PAYING)));
        out.println(f("  fulfilment  %d picking lists, %d orders picked (%d short-picked), %d delivered, %d returned "
                        + "(%d back on the shelf), %d failed deliveries returned; cancelled after paying: %d by the "
                        + "customer, %d by the store; %d customer cancels refused on the way",
                count(Outcome.PICKING_LISTS), count(Outcome.ORDERS_PICKED), count(Outcome.SHORT_PICKED),
                count(Outcome.DELIVERED), count(Outcome.RETURNED_RESELLABLE) + count(Outcome.RETURNED_NOT_RESELLABLE),
                count(Outcome.RETURNED_RESELLABLE), count(Outcome.DELIVERY_FAILED), count(Outcome.CANCELLED_AFTER_PAYING),
                count(Outcome.CANCELLED_BY_STORE), count(Outcome.LATE_CANCEL_REFUSED)));
        out.println(f("  orders      %d stored, %d paid; by status %s; cancelled by reason %s", orders.size(),
                paid.size(), byStatus, cancelled));
        out.println(f("  sales       %d units, Rs %,.2f, of orders paid and not cancelled",
                kept.stream().mapToLong(o -> o.totals().itemCount()).sum(),
                kept.stream().mapToLong(o -> o.totals().total().minor()).sum() / 100.0));
        out.println(f("  stock       %d batch rescans refused, %d expired units written off, %d movements shipped "
                        + "to the ledger, %d unpaid orders cancelled by the reconciler",
                count(Outcome.BATCH_RESCAN_REFUSED), count(Outcome.UNITS_WRITTEN_OFF), count(Outcome.MOVEMENTS_SHIPPED),
                count(Outcome.RECONCILER_CANCELLED)));
        lowStock.stream().collect(Collectors.groupingBy(LowStock::store, TreeMap::new, Collectors.mapping(l ->
                l.sku().value() + " " + l.available() + "<" + l.threshold(), Collectors.toList())))
                .forEach((store, skus) -> out.println(f("  low stock   %s: %d SKUs, %s%s", store, skus.size(),
                        String.join(", ", skus.subList(0, Math.min(6, skus.size()))), skus.size() > 6 ? ", ..." : "")));
        if (loss != null) {
            out.println("  loss        " + loss.what());
        }
        out.println();
        out.println("Checks (the testkit's OmsInvariants on this wiring, and the simulation's own):");
        checks.forEach(c -> out.println("  " + (c.passed() ? "PASS  " : "FAIL  ") + c.title()
                + System.lineSeparator() + "        " + c.detail()));
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? f("All %d checks passed.", checks.size())
                : f("%d of %d checks FAILED.", failed, checks.size()));
    }
}
