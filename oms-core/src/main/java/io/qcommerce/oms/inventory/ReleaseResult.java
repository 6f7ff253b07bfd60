package io.qcommerce.oms.inventory;

import java.util.function.Function;

/** The outcome of {@link io.qcommerce.oms.spi.InventoryLock#release}. */
public sealed interface ReleaseResult {
    Reservation reservation();

    /** The units are available again; also the answer to a repeated release. */
    record Released(Reservation reservation) implements ReleaseResult {}

    /** The hold had already expired: its units were already back; nothing changed. */
    record Expired(Reservation reservation) implements ReleaseResult {}

    /** The hold was confirmed first: the units are sold and stay sold; nothing changed. */
    record AlreadyConfirmed(Reservation reservation) implements ReleaseResult {}

    /**
     * Handles every case with one function each and returns what the function of this case returns: a way to
     * branch over the cases that the compiler checks on Java 17 too (a new case adds a parameter, so code that
     * misses it no longer compiles). On Java 21 and newer, a {@code switch} over the cases does the same.
     */
    default <R> R fold(
            Function<? super Released, ? extends R> onReleased,
            Function<? super Expired, ? extends R> onExpired,
            Function<? super AlreadyConfirmed, ? extends R> onAlreadyConfirmed) {
        if (this instanceof Released x) {
            return onReleased.apply(x);
        }
        if (this instanceof Expired x) {
            return onExpired.apply(x);
        }
        return onAlreadyConfirmed.apply((AlreadyConfirmed) this);
    }
}
