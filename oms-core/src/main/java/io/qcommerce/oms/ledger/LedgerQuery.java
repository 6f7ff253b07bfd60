package io.qcommerce.oms.ledger;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.MovementType;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which movements of a store to read, oldest first (by time, then key).
 *
 * @param store    the store
 * @param resource only this SKU or slot; absent for all
 * @param types    only these types; empty for all
 * @param from     from this instant, inclusive; absent for no lower bound
 * @param to       before this instant, exclusive; absent for no upper bound
 * @param after    the last movement of the previous page; absent for the first page
 * @param limit    at most this many, 1 to {@link #MAX_LIMIT}
 */
public record LedgerQuery(
        StoreId store,
        @Nullable Resource resource,
        Set<MovementType> types,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable StockMovement after,
        int limit) {
    public static final int MAX_LIMIT = 10_000;

    public LedgerQuery {
        Checks.notNull(store, "store");
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        if (from != null && to != null && to.isBefore(from)) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "to", "must not be before from");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw OmsException.invalid(
                    ErrorCode.INVALID_ARGUMENT, "limit", "must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Every movement of the store, the first {@code limit}. */
    public static LedgerQuery of(StoreId store, int limit) {
        return new LedgerQuery(store, null, Set.of(), null, null, null, limit);
    }

    public LedgerQuery resource(Resource value) {
        return new LedgerQuery(store, value, types, from, to, after, limit);
    }

    public LedgerQuery types(Set<MovementType> value) {
        return new LedgerQuery(store, resource, value, from, to, after, limit);
    }

    public LedgerQuery between(@Nullable Instant fromInclusive, @Nullable Instant toExclusive) {
        return new LedgerQuery(store, resource, types, fromInclusive, toExclusive, after, limit);
    }

    /** The next page after {@code last}. */
    public LedgerQuery after(StockMovement last) {
        return new LedgerQuery(store, resource, types, from, to, last, limit);
    }

    /** True when the movement is one this query asks for (the page cursor aside). */
    public boolean matches(StockMovement m) {
        return m.store().equals(store)
                && (resource == null || resource.equals(m.resource()))
                && (types.isEmpty() || types.contains(m.type()))
                && (from == null || !m.at().isBefore(from))
                && (to == null || m.at().isBefore(to));
    }

    /** The order of every answer: time, then key. */
    public static final java.util.Comparator<StockMovement> ORDER =
            java.util.Comparator.comparing(StockMovement::at).thenComparing(StockMovement::key);
}
