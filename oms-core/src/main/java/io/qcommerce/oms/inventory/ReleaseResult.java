package io.qcommerce.oms.inventory;

/** The outcome of {@link InventoryLock#release}. */
public sealed interface ReleaseResult {
    Reservation reservation();

    /** The units are available again; also the answer to a repeated release. */
    record Released(Reservation reservation) implements ReleaseResult {
    }

    /** The hold had already expired: its units were already back; nothing changed. */
    record Expired(Reservation reservation) implements ReleaseResult {
    }

    /** The hold was confirmed first: the units are sold and stay sold; nothing changed. */
    record AlreadyConfirmed(Reservation reservation) implements ReleaseResult {
    }
}
