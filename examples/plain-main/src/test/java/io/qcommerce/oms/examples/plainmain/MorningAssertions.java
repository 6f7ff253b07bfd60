package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.examples.plainmain.Tally.Outcome;
import io.qcommerce.oms.inventory.LowStock;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.report.StorePerformance;
import io.qcommerce.oms.store.StoreId;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What every small morning (300 shoppers) must show, whatever it ran on. */
final class MorningAssertions {
    private static final StoreId WHITEFIELD = StoreId.of("BLR-WHF-01");

    private MorningAssertions() {
    }

    /** Every check passed, and every outcome the data and the plans make certain at this size happened. */
    static void assertAGoodMorning(MorningResult r) {
        assertThat(r.checks()).extracting(Check::id)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "A", "B", "C", "D", "E", "F", "G", "H");
        for (Check c : r.checks()) {
            assertThat(c.passed()).as("%s %s: %s", c.id(), c.title(), c.detail()).isTrue();
        }
        assertThat(r.allPassed()).isTrue();

        // Every outcome the data and the shoppers' plans make certain at this size happened at least once.
        assertThat(r.outcome(Outcome.PLACED)).as("placed").isPositive();
        assertThat(r.outcome(Outcome.PAYMENT_CONFIRMED)).as("confirmed").isPositive();
        assertThat(r.orders().status(OrderStatus.DELIVERED)).as("delivered").isPositive();
        assertThat(r.orders().cancelled(CancelReason.RESERVATION_EXPIRED)).as("expired holds cancelled").isPositive();
        assertThat(r.orders().cancelled(CancelReason.PAYMENT_FAILED)).as("payment failed").isPositive();
        assertThat(r.outcome(Outcome.RECONCILER_CANCELLED)).as("cancelled by the reconciler").isPositive();
        assertThat(r.outcome(Outcome.CART_REJECTED)).as("cart rejected").isPositive();
        assertThat(r.outcome(Outcome.NOT_SERVICEABLE)).as("not serviceable").isPositive();
        assertThat(r.outcome(Outcome.OUT_OF_STOCK)).as("out of stock (2 mangoes a store)").isPositive();
        assertThat(r.outcome(Outcome.IDEMPOTENT_REPEAT)).as("idempotent repeats").isPositive();
        assertThat(r.outcome(Outcome.KEY_REUSE_REFUSED)).as("reused key refused").isPositive();
        assertThat(r.events().stockLow()).as("stock-low alerts").isNotEmpty();

        // The app's view and the repository's agree where they overlap.
        assertThat(r.orders().placed()).isEqualTo(r.outcome(Outcome.PLACED));
        assertThat(r.orders().paid()).isEqualTo(r.outcome(Outcome.PAYMENT_CONFIRMED));
        assertThat(r.orders().status(OrderStatus.AWAITING_PAYMENT)).isZero();
        assertThat(r.stock()).allSatisfy(s -> assertThat(s.reserved()).isZero());
        // The closed store was never touched.
        assertThat(r.stock()).filteredOn(s -> !s.active()).allSatisfy(s -> assertThat(s.ordersSold()).isZero());

        assertSlots(r);
        assertBatches(r);
        assertReturnsAndPicking(r);
        assertReports(r);
        assertLedger(r);
        if (r.options().loseStockAt() != null) {
            assertLossAndRebuild(r);
        } else {
            assertThat(r.loss()).isNull();
        }
    }

    /** Some delivered orders came back, some resellable; every paid order that was not cancelled first was picked
     * from a picking list. */
    static void assertReturnsAndPicking(MorningResult r) {
        assertThat(r.outcome(Outcome.RETURNED_RESELLABLE)).as("resellable returns").isPositive();
        assertThat(r.outcome(Outcome.RETURNED_NOT_RESELLABLE)).as("returns not resellable").isPositive();
        assertThat(r.orders().status(OrderStatus.RETURNED))
                .isEqualTo(r.outcome(Outcome.RETURNED_RESELLABLE) + r.outcome(Outcome.RETURNED_NOT_RESELLABLE));
        assertThat(r.orders().unitsReturned()).isEqualTo(r.outcome(Outcome.UNITS_RETURNED));
        assertThat(r.orders().unitsBackOnShelf()).isEqualTo(r.outcome(Outcome.UNITS_RETURNED_TO_SHELF))
                .isPositive().isLessThan(r.orders().unitsReturned());
        // Picked: delivered (returned or not), failed on the road, or cancelled by the store at picking.
        assertThat(r.picking().started()).isEqualTo(r.outcome(Outcome.DELIVERED)
                + r.outcome(Outcome.DELIVERY_FAILED) + r.outcome(Outcome.CANCELLED_BY_STORE));
        assertThat(r.picking().lists()).isPositive();
        assertThat(r.picking().busiest()).isNotNull()
                .satisfies(b -> assertThat(b.orders()).isGreaterThanOrEqualTo(b.started()).isPositive());
    }

    /**
     * The store reports agree with the repository; the thresholds of the data decide the low-stock lists; the
     * SKU across stores is the lock's own counters.
     */
    static void assertReports(MorningResult r) {
        assertThat(r.performance()).extracting(StorePerformance::store).containsExactlyElementsOf(
                r.stock().stream().map(MorningResult.StoreStock::id).toList());
        assertThat(r.performance().stream().mapToLong(StorePerformance::placed).sum()).isEqualTo(r.orders().placed());
        assertThat(r.performance().stream().mapToLong(StorePerformance::paid).sum()).isEqualTo(r.orders().paid());
        assertThat(r.performance().stream().mapToLong(StorePerformance::returned).sum())
                .isEqualTo(r.orders().status(OrderStatus.RETURNED));
        assertThat(r.performance().stream().mapToLong(StorePerformance::delivered).sum())
                .isEqualTo(r.orders().status(OrderStatus.DELIVERED));
        assertThat(r.performance()).allSatisfy(p -> assertThat(p.inProgress()).isZero());
        assertThat(r.performance()).filteredOn(p -> p.store().equals(WHITEFIELD)).singleElement()
                .satisfies(p -> assertThat(p.placed()).isZero());

        assertThat(r.lowStock()).extracting(MorningResult.StoreLowStock::store)
                .containsExactly(StoreId.of("BLR-KOR-01"), StoreId.of("BLR-IND-01"), StoreId.of("BLR-HSR-01"), WHITEFIELD);
        assertThat(r.lowStock().get(0).storeDefault()).isEqualTo(10L);
        assertThat(r.lowStock()).allSatisfy(s -> assertThat(s.low()).allSatisfy(low -> {
            assertThat(low.available()).isLessThan(low.threshold());
            assertThat(low.store()).isEqualTo(s.store());
        }));
        // HSR Layout turned the mango's alerts off; Koramangala's default (10) replaces the catalog's there.
        assertThat(r.lowStock().get(2).low()).noneMatch(low -> low.sku().equals(SkuId.of("ALPHONSO-MANGO-1KG")));
        assertThat(r.lowStock().get(0).low()).allSatisfy(low -> assertThat(low.threshold())
                .isIn(10L, 20L, 1L));
        // Whitefield is closed: untouched, only its curd (4 units, catalog threshold 8) is low.
        assertThat(r.lowStock().get(3).low()).extracting(LowStock::sku).containsExactly(SkuId.of("NANDINI-CURD-500G"));

        assertThat(r.acrossStores().sku()).isEqualTo(MorningSimulation.ACROSS_STORES_SKU);
        assertThat(r.acrossStores().levels()).hasSize(4).allSatisfy(l -> assertThat(l.reserved()).isZero());
    }

    /** The ledger read back at the close has every kind of movement the morning makes, and adds up (check G). */
    static void assertLedger(MorningResult r) {
        LedgerTotals l = r.ledger();
        assertThat(l).isNotNull();
        for (MovementType t : MovementType.values()) {
            assertThat(l.overall().get(t).count()).as("%s movements", t).isPositive();
        }
        assertThat(l.skuUnits(MovementType.RETURNED)).isEqualTo(r.orders().unitsBackOnShelf());
        assertThat(l.skuUnits(MovementType.ADJUSTED)).isEqualTo(-r.outcome(Outcome.UNITS_WRITTEN_OFF));
        assertThat(l.skuReserved()).isZero();
        long onHand = r.stock().stream().mapToLong(MorningResult.StoreStock::onHand).sum();
        assertThat(l.skuOnHand()).as("SKU units on hand by the ledger = the lock's").isEqualTo(onHand);
        assertThat(l.byStore()).containsOnlyKeys(r.stock().stream().map(MorningResult.StoreStock::id).toList());
        // Every movement is in the lock's record (stock changes too, which the service also writes to the ledger
        // as they happen): the reconciler's passes copied each one, once. A loss takes the lock's record since the
        // last pass: the rebuild recovers the holds' movements of that window from the orders, and the stock changes
        // of that window are in the ledger already.
        long shipped = r.outcome(Outcome.MOVEMENTS_SHIPPED);
        if (r.loss() == null) {
            assertThat(shipped).isEqualTo(l.movements());
        } else {
            assertThat(shipped + r.loss().movementsRecovered()).isLessThanOrEqualTo(l.movements());
        }
    }

    /** The loss: clean drift before and after, the lost stores off before the rebuild, every live hold restored. */
    static void assertLossAndRebuild(MorningResult r) {
        MorningResult.StockLoss loss = r.loss();
        assertThat(loss).isNotNull();
        assertThat(loss.at()).isEqualTo(r.options().loseStockAt());
        assertThat(loss.before()).hasSize(4).allMatch(DriftReport::isClean);
        assertThat(loss.afterRebuild()).hasSize(4).allMatch(DriftReport::isClean);
        assertThat(loss.afterLoss()).hasSameSizeAs(loss.stores()).noneMatch(DriftReport::isClean);
        assertThat(loss.rebuilt()).extracting(RebuildReport::store).containsExactlyElementsOf(loss.stores());
        assertThat(loss.rebuilt()).allSatisfy(b -> {
            assertThat(b.holdsDropped()).isEmpty();
            assertThat(b.problems()).isEmpty();
            assertThat(b.resources()).isPositive();
        });
        assertThat(loss.restoredPaid() + loss.restoredUnpaid()).isEqualTo(loss.holdsRestored());
        assertThat(loss.movementsRecovered())
                .as("the lock lost what it recorded since the last reconciler pass; the rebuild recovers it")
                .isPositive();
    }

    /** Slots were booked, one filled up, a cut-off passed under a shopper, and no slot took more than it holds. */
    static void assertSlots(MorningResult r) {
        assertThat(r.slots()).as("every slot of the data, listed by the library").hasSize(14);
        assertThat(r.outcome(Outcome.SLOT_ASKED)).as("shoppers asked for a slot").isPositive();
        assertThat(r.outcome(Outcome.PLACED_IN_SLOT)).as("orders placed in a slot").isPositive();
        assertThat(r.outcome(Outcome.SLOT_CUT_OFF)).as("a slot's cut-off passed between picking and paying").isPositive();
        assertThat(r.slots()).as("a slot filled up (the two-place express slot)").anyMatch(MorningResult.SlotFill::full);
        assertThat(r.slots()).allSatisfy(f -> {
            assertThat(f.booked() + f.held() + f.remaining()).as("%s adds up", f.id()).isEqualTo(f.capacity());
            assertThat(f.booked()).as("%s booked by paid orders that kept their place", f.id())
                    .isEqualTo(f.paidOrders() - f.givenBack());
            assertThat(f.held()).as("%s held at the close", f.id()).isZero();
        });
        assertThat(r.slots()).filteredOn(f -> f.store().equals(StoreId.of("BLR-WHF-01")))
                .as("the closed store's slot is never offered").singleElement()
                .satisfies(f -> assertThat(f.paidOrders()).isZero());
        // The app's view and the repository's agree: every new order in a slot was counted as such.
        assertThat(r.slots().stream().mapToLong(MorningResult.SlotFill::paidOrders).sum())
                .isLessThanOrEqualTo(r.outcome(Outcome.PLACED_IN_SLOT));
    }

    /**
     * First expiry first and the minimum shelf life, as the data makes certain: batches too close to their
     * expiry are never sold and stay on the shelf, the batches that expired on the shelf were written off, the
     * truck's crates scanned twice under two notes were refused the second time.
     */
    static void assertBatches(MorningResult r) {
        Map<String, Long> sold = r.soldByBatch().stream()
                .collect(Collectors.toMap(MorningResult.BatchSales::batch, MorningResult.BatchSales::units));
        assertThat(sold).as("units sold by batch").isNotEmpty().allSatisfy((batch, units) -> assertThat(units).isPositive());
        // Inside the minimum shelf life from the start: milk expiring tonight (24 h needed), curd tomorrow (48 h).
        assertThat(sold).doesNotContainKeys("K-TAAZA-0531", "K-CURD-0528", "K-BREAD-0530", "H-CURD-0529");
        // First expiry first: the batch that stops being sellable at 08:00 sold before the next one did.
        assertThat(sold).containsKey("I-TAAZA-0601");
        assertThat(r.soldByBatch()).allSatisfy(b -> assertThat(b.expiresAt()).as("%s is a batch of the data", b.batch())
                .isNotNull());
        long batchedUnits = r.soldByBatch().stream().mapToLong(MorningResult.BatchSales::units).sum();
        assertThat(batchedUnits).isPositive().isLessThan(r.orders().unitsSold());

        assertThat(r.expiringSoon()).as("what is left to sell or write off")
                .anySatisfy(b -> {
                    assertThat(b.batch()).isEqualTo("K-TAAZA-0531");
                    assertThat(b.onHand()).isEqualTo(12);
                })
                .noneMatch(b -> List.of("K-BREAD-0530", "H-CURD-0529", "W-CURD-0529").contains(b.batch()));
        assertThat(r.outcome(Outcome.BATCH_RESCAN_REFUSED)).as("the 09:00 crates scanned again").isEqualTo(6);
        assertThat(r.outcome(Outcome.BATCHES_WRITTEN_OFF)).as("batches expired on the shelf by 10:30").isEqualTo(3);
        assertThat(r.outcome(Outcome.UNITS_WRITTEN_OFF)).isEqualTo(10 + 12 + 30);
        assertThat(r.stock()).filteredOn(s -> s.id().equals(StoreId.of("BLR-WHF-01"))).singleElement()
                .satisfies(s -> assertThat(s.soldOut()).containsExactly(SkuId.of("NANDINI-CURD-500G")));
    }
}
