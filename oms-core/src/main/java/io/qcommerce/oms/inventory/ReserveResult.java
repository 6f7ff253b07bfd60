package io.qcommerce.oms.inventory;

import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The outcome of {@link io.qcommerce.oms.spi.InventoryLock#reserve}: held, not enough of some line, or too late
 * to book (in both of the latter nothing is held).
 */
public sealed interface ReserveResult {
    /**
     * The hold exists. On a repeat of an earlier request with the same id this is that hold, in whatever
     * state it is now (it may have been confirmed, released or expired since).
     *
     * @param reservation the hold
     * @param levels      the counters of the held resources right after the call, in line order
     * @param repeated    true when the hold already existed and this call changed nothing
     */
    record Reserved(Reservation reservation, List<StockLevel> levels, boolean repeated) implements ReserveResult {
        public Reserved {
            levels = List.copyOf(levels);
        }
    }

    /**
     * At least one line could not be held; nothing was held.
     *
     * @param store      the store asked
     * @param shortfalls every line that was short, not just the first
     */
    record Insufficient(StoreId store, List<Shortfall> shortfalls) implements ReserveResult {
        public Insufficient {
            shortfalls = List.copyOf(shortfalls);
        }
    }

    /**
     * The request came at or after its {@link HoldRequest#bookableUntil()} instant (a slot's cut-off);
     * nothing was held.
     *
     * @param store         the store asked
     * @param bookableUntil the instant that had passed
     */
    record TooLate(StoreId store, Instant bookableUntil) implements ReserveResult {}

    /**
     * Handles every case with one function each and returns what the function of this case returns: a way to
     * branch over the cases that the compiler checks on Java 17 too (a new case adds a parameter, so code that
     * misses it no longer compiles). On Java 21 and newer, a {@code switch} over the cases does the same.
     */
    default <R> R fold(
            Function<? super Reserved, ? extends R> onReserved,
            Function<? super Insufficient, ? extends R> onInsufficient,
            Function<? super TooLate, ? extends R> onTooLate) {
        if (this instanceof Reserved x) {
            return onReserved.apply(x);
        }
        if (this instanceof Insufficient x) {
            return onInsufficient.apply(x);
        }
        return onTooLate.apply((TooLate) this);
    }
}
