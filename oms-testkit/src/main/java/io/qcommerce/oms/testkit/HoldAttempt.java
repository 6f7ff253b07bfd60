package io.qcommerce.oms.testkit;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.ReservationStatus;
import java.util.Optional;

/**
 * One reservation tried by the {@link StressDriver}, and what the lock said became of it.
 *
 * @param request the request sent (its lines sorted, as {@link HoldRequest} keeps them)
 * @param outcome the last answer the driver got for it
 */
public record HoldAttempt(HoldRequest request, Outcome outcome) {
    /** What the driver learned about a reservation through the port. */
    public enum Outcome {
        /** {@code reserve} answered {@code Insufficient}: nothing may exist under the id. */
        NOT_HELD,
        /** {@code confirm} answered {@code Confirmed}: the units are sold. */
        CONFIRMED,
        /** {@code release} answered {@code Released}: the units are back. */
        RELEASED,
        /** {@code confirm} or {@code release} answered {@code Expired}: the units are back. */
        EXPIRED,
        /** Held, then left alone: once the clock passes its expiry it must read EXPIRED. */
        ABANDONED,
        /**
         * A call kept failing after its retries (a backend fault): only the lock knows; see
         * {@link StressReport#settle}.
         */
        UNCERTAIN
    }

    public HoldAttempt {
        Checks.notNull(request, "request");
        Checks.notNull(outcome, "outcome");
    }

    /**
     * The status {@code find} must show once the clock is past the hold's expiry; empty for
     * {@link Outcome#NOT_HELD} (find must be empty) and {@link Outcome#UNCERTAIN} (anything goes).
     */
    public Optional<ReservationStatus> expectedStatus() {
        switch (outcome) {
            case CONFIRMED:
                return Optional.of(ReservationStatus.CONFIRMED);
            case RELEASED:
                return Optional.of(ReservationStatus.RELEASED);
            case EXPIRED:
            case ABANDONED:
                return Optional.of(ReservationStatus.EXPIRED);
            default:
                return Optional.empty();
        }
    }

    /** Units of every line of the request. */
    public long units() {
        long sum = 0;
        for (HoldLine line : request.lines()) {
            sum += line.quantity();
        }
        return sum;
    }

    public HoldAttempt withOutcome(Outcome newOutcome) {
        return new HoldAttempt(request, newOutcome);
    }
}
