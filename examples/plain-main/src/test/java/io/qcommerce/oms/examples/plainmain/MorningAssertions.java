package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.examples.plainmain.Tally.Outcome;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.OrderStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** What every small morning (300 shoppers) must show, whatever it ran on. */
final class MorningAssertions {
    private MorningAssertions() {
    }

    /** Every check passed, and every outcome the data and the plans make certain at this size happened. */
    static void assertAGoodMorning(MorningResult r) {
        assertThat(r.checks()).extracting(Check::id).containsExactly("1", "2", "3", "4", "5", "6", "7", "A", "B");
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
    }
}
