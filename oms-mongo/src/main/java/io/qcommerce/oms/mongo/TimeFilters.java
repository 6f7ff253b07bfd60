package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * Range and page-cursor conditions on a stored instant, exact against what is stored: instants are stored as whole
 * milliseconds ({@link DateFields}), so a bound with a fraction of a millisecond, or beyond what a BSON date holds,
 * is turned into the stored date that selects exactly the same documents as the bound would select among the
 * values read back. No bound throws.
 */
final class TimeFilters {
    private TimeFilters() {}

    /**
     * Adds {@code from <= field < to} (either bound may be {@code null}: open). Returns false, adding nothing, when no
     * stored date can be in the range, so the caller can answer without a query.
     */
    static boolean addRange(List<Bson> filters, String field, @Nullable Instant from, @Nullable Instant to) {
        Bson lower = null;
        if (from != null) {
            Date first = DateFields.firstAtOrAfter(from);
            if (first == null) {
                return false;
            }
            if (first.getTime() != Long.MIN_VALUE) {
                lower = gte(field, first);
            }
        }
        Bson upper = null;
        if (to != null) {
            Date end = DateFields.firstAtOrAfter(to);
            if (end != null) {
                if (end.getTime() == Long.MIN_VALUE) {
                    return false;
                }
                upper = lt(field, end);
            }
        }
        if (lower != null) {
            filters.add(lower);
        }
        if (upper != null) {
            filters.add(upper);
        }
        return true;
    }

    /**
     * Adds {@code (timeField, keyField) > (at, key)}, compared as a pair: later, or at the same millisecond with a
     * greater key. Returns false, adding nothing, when no stored date can be after {@code at}.
     */
    static boolean addAfter(List<Bson> filters, String timeField, String keyField, Instant at, String key) {
        if (DateFields.isWholeMillisecond(at) && !at.isBefore(DateFields.FIRST) && !at.isAfter(DateFields.LAST)) {
            Date same = new Date(at.toEpochMilli());
            filters.add(or(gt(timeField, same), and(eq(timeField, same), gt(keyField, key))));
            return true;
        }
        // No stored date equals this instant: every later one is at or after the next stored date.
        Date next = DateFields.firstAtOrAfter(at);
        if (next == null) {
            return false;
        }
        if (next.getTime() != Long.MIN_VALUE) {
            filters.add(gte(timeField, next));
        }
        return true;
    }
}
