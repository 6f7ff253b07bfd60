package io.qcommerce.oms.inventory;

import java.util.function.Function;

/** The outcome of {@link io.qcommerce.oms.spi.InventoryLock#confirm}. */
public sealed interface ConfirmResult {
    Reservation reservation();

    /** The units left {@code onHand}; also the answer to a repeated confirm. */
    record Confirmed(Reservation reservation) implements ConfirmResult {}

    /** Too late: the hold expired before the confirmation; its units are available again. */
    record Expired(Reservation reservation) implements ConfirmResult {}

    /** The hold was released before the confirmation; its units are available again. */
    record Released(Reservation reservation) implements ConfirmResult {}

    /**
     * Handles every case with one function each and returns what the function of this case returns: a way to
     * branch over the cases that the compiler checks on Java 17 too (a new case adds a parameter, so code that
     * misses it no longer compiles). On Java 21 and newer, a {@code switch} over the cases does the same.
     */
    default <R> R fold(
            Function<? super Confirmed, ? extends R> onConfirmed,
            Function<? super Expired, ? extends R> onExpired,
            Function<? super Released, ? extends R> onReleased) {
        if (this instanceof Confirmed x) {
            return onConfirmed.apply(x);
        }
        if (this instanceof Expired x) {
            return onExpired.apply(x);
        }
        return onReleased.apply((Released) this);
    }
}
