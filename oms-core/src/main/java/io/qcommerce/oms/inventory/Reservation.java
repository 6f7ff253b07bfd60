package io.qcommerce.oms.inventory;

import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a hold.
 *
 * @param id         the reservation id
 * @param store      the store whose units are held
 * @param lines      the held lines, sorted by resource
 * @param createdAt  when the hold was taken
 * @param expiresAt  the instant the hold stops counting; at and after it, it can no longer be confirmed
 * @param status     where it is in its life
 * @param finishedAt when it left HELD; absent while HELD
 * @param takes      per held resource kept in batches, the units taken from each batch, first expiry
 *                   first; a line's units not listed here come from units kept without a batch
 */
public record Reservation(
        ReservationId id,
        StoreId store,
        List<HoldLine> lines,
        Instant createdAt,
        Instant expiresAt,
        ReservationStatus status,
        @Nullable Instant finishedAt,
        Map<Resource, List<BatchTake>> takes) {
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
        Checks.notNull(takes, "takes");
        if (takes.isEmpty()) {
            takes = Map.of(); // most holds take no batch: no copy to make
        } else {
            Map<Resource, List<BatchTake>> copy = new TreeMap<>();
            takes.forEach((resource, list) -> {
                if (!list.isEmpty()) {
                    copy.put(resource, List.copyOf(list));
                }
            });
            takes = Collections.unmodifiableMap(copy);
        }
    }

    public Reservation(
            ReservationId id,
            StoreId store,
            List<HoldLine> lines,
            Instant createdAt,
            Instant expiresAt,
            ReservationStatus status,
            Instant finishedAt) {
        this(id, store, lines, createdAt, expiresAt, status, finishedAt, Map.of());
    }

    /** The batches a line's units come from; empty for units kept without a batch. */
    public List<BatchTake> takesOf(Resource resource) {
        return takes.getOrDefault(resource, List.of());
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
        return new Reservation(id, store, lines, createdAt, expiresAt, newStatus, at, takes);
    }

    /** True when this hold holds the same lines of the same store as the request. */
    public boolean matches(HoldRequest request) {
        if (!store.equals(request.store()) || lines.size() != request.lines().size()) {
            return false;
        }
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).sameUnits(request.lines().get(i))) {
                return false;
            }
        }
        return true;
    }
}
