package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.cart.CartProblem;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.LowStock;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.picking.PickLine;
import io.qcommerce.oms.report.StorePerformance;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.slot.SlotType;
import io.qcommerce.oms.store.StoreId;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * What a simulated morning did and whether the library kept its promises; what the summary is printed
 * from, and what a test asserts on.
 *
 * @param options      how it was run
 * @param runId        names what the run wrote in Redis and MongoDB (see {@link Storage})
 * @param storage      what each group of ports ran on, one line each
 * @param opened       the first simulated minute
 * @param closed       the simulated time the last order was settled
 * @param wallTime     how long it took for real
 * @param outcomes     what the shoppers' apps and the staff saw, counted as it happened
 * @param cartProblems the problems reported in rejected carts, by kind
 * @param shortOf      the SKUs that most often left an out-of-stock cart unfilled, with how often
 * @param orders       the orders as the repository holds them at the close
 * @param stock        each store's counters at the close
 * @param slots        every delivery slot of the day at the close, as the library lists it
 * @param soldByBatch  units sold by store, SKU and batch, from the orders' lines
 * @param expiringSoon the batches on the shelves at the close that expire within a day, expired ones included
 * @param lowStock     each store's low-stock list at the close ({@code oms.inventory().lowStock})
 * @param picking      how the pickers used the picking lists
 * @param performance  each store's performance report for the morning ({@code oms.reports().storePerformance})
 * @param acrossStores one SKU's counters in every store ({@code oms.reports().stockAcrossStores})
 * @param loss         the loss of the inventory lock's data and the rebuild, or null for a morning without one
 * @param ledger       the durable stock ledger read back at the close
 * @param events       the events the listener counted
 * @param checks       the seven invariants of DESIGN.md and the example's cross-checks
 */
public record MorningResult(SimulationOptions options, String runId, List<String> storage, LocalTime opened, LocalTime closed, Duration wallTime,
                            Map<Tally.Outcome, Long> outcomes, Map<CartProblem.Code, Long> cartProblems,
                            Map<SkuId, Long> shortOf,
                            OrderBook orders, List<StoreStock> stock, List<SlotFill> slots,
                            List<BatchSales> soldByBatch, List<ExpiringBatch> expiringSoon, List<StoreLowStock> lowStock,
                            Picking picking, List<StorePerformance> performance, SkuAcrossStores acrossStores,
                            StockLoss loss, LedgerTotals ledger, EventCounter.Snapshot events,
                            List<Check> checks) {

    /**
     * The orders at the close.
     *
     * @param placed          orders stored
     * @param paid            orders whose hold was confirmed (including those cancelled afterwards)
     * @param byStatus        orders by current status
     * @param cancelledBy     cancelled orders by reason
     * @param unitsSold       units of paid orders that were not cancelled
     * @param revenuePaise    what those orders cost their customers
     * @param savingsPaise    MRP minus selling price over those orders
     * @param unitsRestocked  units of paid orders cancelled later, put back on the shelf
     * @param unitsReturned   units of delivered orders the customers sent back (they count as sold above too)
     * @param unitsBackOnShelf of those, units the store could sell again and put back
     * @param refundedPaise   what the returned orders had cost (their revenue is included above)
     * @param topSellers      the SKUs that sold most units, best first
     */
    public record OrderBook(long placed, long paid, Map<OrderStatus, Long> byStatus, Map<CancelReason, Long> cancelledBy,
                            long unitsSold, long revenuePaise, long savingsPaise, long unitsRestocked,
                            long unitsReturned, long unitsBackOnShelf, long refundedPaise,
                            List<SkuSales> topSellers) {
        public long status(OrderStatus s) {
            return byStatus.getOrDefault(s, 0L);
        }

        public long cancelled(CancelReason r) {
            return cancelledBy.getOrDefault(r, 0L);
        }
    }

    public record SkuSales(SkuId sku, String name, long units, long revenuePaise) {
    }

    /**
     * One store at the close, summed over its SKUs.
     *
     * @param soldOut active SKUs with nothing available
     */
    public record StoreStock(StoreId id, String name, boolean active, long ordersSold, long onHand, long reserved,
                             long available, List<SkuId> soldOut) {
    }

    /**
     * A delivery slot at the close.
     *
     * @param booked     places taken by paid orders (the library's count)
     * @param held       places held for orders awaiting payment
     * @param remaining  places still bookable
     * @param paidOrders orders that paid for the slot, including those cancelled later
     * @param givenBack  of those, the ones cancelled before the slot started: their place went back on sale
     */
    public record SlotFill(SlotId id, StoreId store, LocalTime start, LocalTime end, LocalTime cutoff, SlotType type,
                           boolean active, int capacity, long booked, long held, long remaining, long paidOrders,
                           long givenBack) {
        public boolean full() {
            return remaining == 0 && capacity > 0;
        }
    }

    /**
     * Units of one batch sold by orders paid and not cancelled.
     *
     * @param expiresAt local time of its expiry, or null if the data does not know the batch (a check fails then)
     */
    public record BatchSales(StoreId store, SkuId sku, String batch, LocalDateTime expiresAt, long units) {
    }

    /** A batch on a shelf at the close that expires soon (or has expired), as the library reports it. */
    public record ExpiringBatch(StoreId store, SkuId sku, String batch, LocalDateTime expiresAt, long onHand,
                                long reserved, boolean expired) {
    }

    /**
     * A store's low-stock list at the close.
     *
     * @param storeDefault the store's default threshold, or null when the catalog's thresholds apply
     * @param ownThresholds SKUs with a threshold of their own in this store
     * @param low          the SKUs with fewer units available than their threshold, fewest first
     */
    public record StoreLowStock(StoreId store, Long storeDefault, int ownThresholds, List<LowStock> low) {
    }

    /**
     * The pickers' morning.
     *
     * @param lists   picking lists asked for
     * @param started orders started from a list
     * @param busiest the longest list, or null when none was asked for
     */
    public record Picking(long lists, long started, PickSample busiest) {
    }

    /**
     * One picking list as the library made it.
     *
     * @param orders  confirmed orders on it, oldest first
     * @param started of those, the ones that were due and that the picker started
     * @param lines   what they need, by SKU, with the batches to take
     */
    public record PickSample(StoreId store, LocalTime at, int orders, int started, long units, List<PickLine> lines) {
    }

    /** One SKU in every store, as {@code oms.reports().stockAcrossStores} has it, in allocation order. */
    public record SkuAcrossStores(SkuId sku, String name, List<StockLevel> levels) {
    }

    /**
     * The inventory lock's data lost mid-morning and the stores rebuilt from the durable record.
     *
     * @param at               the simulated time; no step ran from the pass before the loss to the drift check after
     *                         the rebuild
     * @param what             what was lost, for people
     * @param stores           the stores whose data went
     * @param before           every store's drift check just before the loss
     * @param afterLoss        the lost stores' drift checks after the loss, before the rebuild
     * @param rebuilt          what {@code oms.recovery().rebuild} wrote, per lost store
     * @param afterRebuild     every store's drift check after the rebuild
     * @param restoredPaid     orders whose hold the rebuild restored that were paid afterwards
     * @param restoredUnpaid   ...that ended without payment (failed, abandoned, cancelled, too late)
     */
    public record StockLoss(LocalTime at, String what, List<StoreId> stores, List<DriftReport> before,
                            List<DriftReport> afterLoss, List<RebuildReport> rebuilt, List<DriftReport> afterRebuild,
                            long restoredPaid, long restoredUnpaid) {
        public long holdsRestored() {
            return rebuilt.stream().mapToLong(r -> r.holdsRestored().size()).sum();
        }

        /** Hold movements the lock had not copied to the ledger when it lost its data, recovered from the orders. */
        public long movementsRecovered() {
            return rebuilt.stream().mapToLong(RebuildReport::movementsRecovered).sum();
        }

        public long holdsDropped() {
            return rebuilt.stream().mapToLong(r -> r.holdsDropped().size()).sum();
        }

        public long problems() {
            return rebuilt.stream().mapToLong(r -> r.problems().size()).sum();
        }

        static long drifts(List<DriftReport> reports) {
            return reports.stream().mapToLong(d -> d.drifts().size()).sum();
        }
    }

    public long outcome(Tally.Outcome o) {
        return outcomes.getOrDefault(o, 0L);
    }

    public boolean allPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    public Check check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check " + id));
    }
}
