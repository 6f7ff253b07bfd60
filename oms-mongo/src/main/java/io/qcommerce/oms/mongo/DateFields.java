package io.qcommerce.oms.mongo;

import io.qcommerce.oms.common.ErrorCode;
import io.qcommerce.oms.common.OmsException;

import java.time.Instant;
import java.util.Date;

/** How an instant is stored: a BSON date, whole milliseconds since 1970 (a finer instant is cut). */
final class DateFields {
    private DateFields() {
    }

    /**
     * The BSON date of {@code instant}, cut to its millisecond. {@code INVALID_ARGUMENT} for an instant a BSON date
     * cannot hold (about 292 million years either side of 1970), so that no {@link ArithmeticException} leaves a
     * port.
     */
    static Date toDate(Instant instant) {
        try {
            return new Date(instant.toEpochMilli());
        } catch (ArithmeticException e) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "instant",
                    "is outside the range of a stored date: " + instant);
        }
    }

    /** {@code instant} as a reader gets it back: cut to its millisecond. */
    static Instant asStored(Instant instant) {
        return toDate(instant).toInstant();
    }
}
