package io.qcommerce.oms.internal.util;

import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;

/**
 * The safe character set of every identifier: ASCII letters, digits, '-' and '_', 1 to
 * {@link Limits#MAX_ID_LENGTH} characters. Such an id cannot break a Redis key (no ':' separators, no
 * '{' '}' hash tags, no spaces), nor a MongoDB filter or field path (no '$', no '.').
 */
public final class Identifiers {
    private Identifiers() {}

    public static String check(String value, String kind, int maxLength) {
        if (value == null) {
            throw OmsException.invalid(ErrorCode.INVALID_ID, kind, "must not be null");
        }
        if (value.isEmpty() || value.length() > maxLength) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ID, kind, "must have 1 to " + maxLength + " characters, had " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ID,
                        kind,
                        "may hold only letters, digits, '-' and '_'; found '" + printable(c) + "' at " + i);
            }
        }
        return value;
    }

    public static String check(String value, String kind) {
        return check(value, kind, Limits.MAX_ID_LENGTH);
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("\\u%04x", (int) c)
                : String.valueOf(c);
    }
}
