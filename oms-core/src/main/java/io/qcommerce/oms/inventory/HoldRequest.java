package io.qcommerce.oms.inventory;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A request to hold several resources of one store, all or none, until {@code ttl} has passed.
 *
 * @param id    the caller's reservation id; a repeat with the same id returns the first hold
 * @param store the store whose counters are held
 * @param lines one line per resource, no resource twice; kept sorted by resource so that equal requests
 *              compare equal whatever order the caller wrote them in
 * @param ttl   how long the hold lives; positive and at most {@link #MAX_TTL}
 * @param bookableUntil when given, no new hold is made at or after this instant by the lock's clock
 *              ({@link ReserveResult.TooLate}): a delivery slot's cut-off, checked in the same atomic step
 *              as the counters. A repeat of an existing hold is answered whatever the time.
 */
public record HoldRequest(
        ReservationId id,
        StoreId store,
        List<HoldLine> lines,
        Duration ttl,
        @Nullable Instant bookableUntil) {
    /** Holds are for a checkout, not for a warehouse: a day is far beyond any payment flow. */
    public static final Duration MAX_TTL = Duration.ofDays(1);
    /** Bounds the work of one atomic step in any backend. */
    public static final int MAX_LINES = 500;

    public HoldRequest {
        Checks.notNull(id, "reservationId");
        Checks.notNull(store, "store");
        Checks.noNulls(lines, "lines");
        if (lines.isEmpty()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "lines", "a hold needs at least one line");
        }
        if (lines.size() > MAX_LINES) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT,
                    "lines",
                    "a hold may have at most " + MAX_LINES + " lines, had " + lines.size());
        }
        Set<Resource> seen = new HashSet<>();
        for (HoldLine line : lines) {
            if (!seen.add(line.resource())) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT,
                        "lines",
                        "resource " + line.resource() + " appears twice; merge the lines");
            }
        }
        Checks.positiveDuration(ttl, "ttl", ErrorCode.INVALID_TTL);
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw OmsException.invalid(ErrorCode.INVALID_TTL, "ttl", "must be at most " + MAX_TTL + ", was " + ttl);
        }
        List<HoldLine> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(HoldLine::resource));
        lines = List.copyOf(sorted);
    }

    public HoldRequest(ReservationId id, StoreId store, List<HoldLine> lines, Duration ttl) {
        this(id, store, lines, ttl, null);
    }
}
