package io.qcommerce.oms.testkit;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.StockChange;

/**
 * One stock movement (a receipt or an adjustment) tried by the {@link StressDriver}.
 *
 * @param change  the change sent
 * @param outcome whether the lock applied it
 */
public record MovementAttempt(StockChange change, Outcome outcome) {
    public enum Outcome {
        /** {@code apply} answered {@code Applied}: {@code onHand} moved by the delta, once. */
        APPLIED,
        /** {@code apply} answered {@code Rejected}: nothing changed. */
        REJECTED,
        /** A call kept failing after its retries; see {@link StressReport#settle}. */
        UNCERTAIN
    }

    public MovementAttempt {
        Checks.notNull(change, "change");
        Checks.notNull(outcome, "outcome");
    }

    public StockKey key() {
        return new StockKey(change.store(), change.resource());
    }

    public MovementAttempt withOutcome(Outcome newOutcome) {
        return new MovementAttempt(change, newOutcome);
    }
}
