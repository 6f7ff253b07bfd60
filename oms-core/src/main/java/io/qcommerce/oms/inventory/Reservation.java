package io.qcommerce.oms.inventory;

import io.qcommerce.oms.common.Checks;
import io.qcommerce.oms.store.StoreId;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a hold.
 *
 * @param id         the reservation id
 * @param store      the store whose units are held
 * @param lines      the held lines, sorted by resource
 * @param createdAt  when the hold was taken
 * @param expiresAt  the instant the hold stops counting; at and after it, it can no longer be confirmed
 * @param status     where it is in its life
 * @param finishedAt when it left HELD, or {@code null} while HELD
 */
public record Reservation(ReservationId id, StoreId store, List<HoldLine> lines, Instant createdAt,
                          Instant expiresAt, ReservationStatus status, Instant finishedAt) {
    public Reservation {
        Checks.notNull(id, "id");
        Checks.notNull(store, "store");
        lines = List.copyOf(Checks.noNulls(lines, "lines"));
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notNull(status, "status");
        if (status.isFinal() && finishedAt == null) {
            throw new IllegalArgumentException("a finished reservation needs finishedAt");
        }
    }

    /** Total units of all lines. */
    public long totalUnits() {
        long sum = 0;
        for (HoldLine l : lines) {
            sum += l.quantity();
        }
        return sum;
    }

    /** True when the hold is HELD and its time-to-live has run out at {@code now}. */
    public boolean isDue(Instant now) {
        return status == ReservationStatus.HELD && !now.isBefore(expiresAt);
    }

    public Reservation finish(ReservationStatus newStatus, Instant at) {
        return new Reservation(id, store, lines, createdAt, expiresAt, newStatus, at);
    }

    /** True when this hold holds the same lines of the same store as the request. */
    public boolean matches(HoldRequest request) {
        return store.equals(request.store()) && lines.equals(request.lines());
    }
}
