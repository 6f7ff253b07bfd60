package io.qcommerce.oms.mongo;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import java.time.Instant;
import java.util.Date;
import org.jspecify.annotations.Nullable;

/** How an instant is stored: a BSON date, whole milliseconds since 1970 (a finer instant is cut). */
final class DateFields {
    /** The earliest and the latest instant a BSON date holds. */
    static final Instant FIRST = Instant.ofEpochMilli(Long.MIN_VALUE);

    static final Instant LAST = Instant.ofEpochMilli(Long.MAX_VALUE);

    private DateFields() {}

    /**
     * The BSON date of {@code instant}, cut to its millisecond. {@code INVALID_ARGUMENT} for an instant a BSON date
     * cannot hold (about 292 million years either side of 1970), so that no {@link ArithmeticException} leaves a
     * port.
     */
    static Date toDate(Instant instant) {
        try {
            return new Date(instant.toEpochMilli());
        } catch (ArithmeticException e) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT, "instant", "is outside the range of a stored date: " + instant);
        }
    }

    /** {@code instant} as a reader gets it back: cut to its millisecond. */
    static Instant asStored(Instant instant) {
        return toDate(instant).toInstant();
    }

    /**
     * The first stored date at or after {@code instant}, for the bounds of a range query: {@code stored >= instant}
     * holds exactly when {@code stored >= firstAtOrAfter(instant)}, and {@code stored < instant} exactly when
     * {@code stored < firstAtOrAfter(instant)}. Absent when no stored date is at or after it (the instant is
     * beyond {@link #LAST}); an instant before {@link #FIRST} gives the earliest date, which every stored one is at
     * or after. Never throws for a non-null instant.
     */
    static @Nullable Date firstAtOrAfter(Instant instant) {
        if (instant.isAfter(LAST)) {
            return null;
        }
        if (instant.isBefore(FIRST)) {
            return new Date(Long.MIN_VALUE);
        }
        long millis = instant.toEpochMilli();
        // toEpochMilli floors; a fraction of a millisecond rounds up to the next stored date. It cannot overflow:
        // an instant with a fraction is below LAST, which is a whole millisecond.
        return new Date(isWholeMillisecond(instant) ? millis : millis + 1);
    }

    /** True when {@code instant} has nothing below the millisecond, so a stored date can equal it. */
    static boolean isWholeMillisecond(Instant instant) {
        return instant.getNano() % 1_000_000 == 0;
    }
}
