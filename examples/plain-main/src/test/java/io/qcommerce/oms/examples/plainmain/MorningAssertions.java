package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.examples.plainmain.Tally.Outcome;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.store.StoreId;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What every small morning (300 shoppers) must show, whatever it ran on. */
final class MorningAssertions {
    private MorningAssertions() {
    }

    /** Every check passed, and every outcome the data and the plans make certain at this size happened. */
    static void assertAGoodMorning(MorningResult r) {
        assertThat(r.checks()).extracting(Check::id)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "A", "B", "C", "D", "E", "F");
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
