package io.qcommerce.oms.inventory;

/** The life of a hold: HELD, then exactly one of the three final states. */
public enum ReservationStatus {
    /** Units counted in {@code reserved} until confirmed, released or expired. */
    HELD,
    /** Units left {@code onHand}: sold. */
    CONFIRMED,
    /** Units returned to {@code available} by the caller. */
    RELEASED,
    /** Units returned to {@code available} because the time-to-live ran out. */
    EXPIRED;

    public boolean isFinal() {
        return this != HELD;
    }
}
