package io.qcommerce.oms.inventory;

import io.qcommerce.oms.internal.util.Identifiers;

/**
 * The id of a hold. Chosen by the caller (placement derives it from the order id) so that a retried call
 * lands on the same hold: every {@link io.qcommerce.oms.spi.InventoryLock} operation is idempotent on it.
 */
public record ReservationId(String value) {
    public ReservationId {
        Identifiers.check(value, "reservationId");
    }

    public static ReservationId of(String value) {
        return new ReservationId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
