package io.qcommerce.oms.inventory;

/** The outcome of {@link InventoryLock#confirm}. */
public sealed interface ConfirmResult {
    Reservation reservation();

    /** The units left {@code onHand}; also the answer to a repeated confirm. */
    record Confirmed(Reservation reservation) implements ConfirmResult {
    }

    /** Too late: the hold expired before the confirmation; its units are available again. */
    record Expired(Reservation reservation) implements ConfirmResult {
    }

    /** The hold was released before the confirmation; its units are available again. */
    record Released(Reservation reservation) implements ConfirmResult {
    }
}
