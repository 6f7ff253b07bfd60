package io.qcommerce.oms.internal.util;

import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import java.time.Duration;
import java.util.Collection;

/** Argument checks that fail with the library's typed error rather than a bare NPE. */
public final class Checks {
    private Checks() {}

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, field, "must not be null");
        }
        return value;
    }

    public static String notBlank(String value, String field) {
        notNull(value, field);
        if (value.isBlank()) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, field, "must not be blank");
        }
        return value;
    }

    public static <C extends Collection<?>> C noNulls(C values, String field) {
        notNull(values, field);
        for (Object v : values) {
            if (v == null) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, field, "must not contain null");
            }
        }
        return values;
    }

    /** A positive unit count, as stock movements and holds need. */
    public static long positiveQuantity(long quantity, String field) {
        if (quantity <= 0) {
            throw OmsException.invalid(ErrorCode.INVALID_QUANTITY, field, "must be positive, was " + quantity);
        }
        if (quantity > Limits.MAX_UNITS) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_QUANTITY, field, "must be at most " + Limits.MAX_UNITS + ", was " + quantity);
        }
        return quantity;
    }

    public static Duration positiveDuration(Duration value, String field, ErrorCode code) {
        notNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw OmsException.invalid(code, field, "must be positive, was " + value);
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, field, "must be positive, was " + value);
        }
        return value;
    }
}
