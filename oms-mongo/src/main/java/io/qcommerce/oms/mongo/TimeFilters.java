package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.nor;

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
     *
     * <p>Written so that the index range starts at the cursor: a plain range {@code timeField >= at}, which an index
     * on (..., time, key) turns into bounds beginning at {@code at}, plus {@code $nor} of the same-millisecond keys
     * up to {@code key}, which only filters. The natural {@code time > t or (time == t and key > k)} gives the planner
     * no bounds on the time unless it splits the {@code $or}, so each page would scan the index from the first entry
     * of the store: a store's history read page by page would cost the square of its length. A page now reads the
     * entries of the cursor's millisecond up to the cursor, then the page itself.
     */
    static boolean addAfter(List<Bson> filters, String timeField, String keyField, Instant at, String key) {
        if (DateFields.isWholeMillisecond(at) && !at.isBefore(DateFields.FIRST) && !at.isAfter(DateFields.LAST)) {
            Date same = new Date(at.toEpochMilli());
            filters.add(gte(timeField, same));
            filters.add(nor(and(eq(timeField, same), lte(keyField, key))));
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

    /**
     * The cursor of a listing sorted by time descending, then key ascending: adds {@code time < at, or time == at and
     * key > key}, as a range {@code timeField <= at} (where the index scan of the descending order starts) plus
     * {@code $nor} of the same-millisecond keys up to {@code key}. Returns false when no stored date is before
     * {@code at}.
     */
    static boolean addBefore(List<Bson> filters, String timeField, String keyField, Instant at, String key) {
        if (at.isBefore(DateFields.FIRST)) {
            return false;
        }
        if (at.isAfter(DateFields.LAST)) {
            return true;
        }
        if (DateFields.isWholeMillisecond(at)) {
            Date same = new Date(at.toEpochMilli());
            filters.add(lte(timeField, same));
            filters.add(nor(and(eq(timeField, same), lte(keyField, key))));
            return true;
        }
        // No stored date equals this instant: the earlier ones are those up to its millisecond (floored).
        filters.add(lte(timeField, new Date(at.toEpochMilli())));
        return true;
    }
}
