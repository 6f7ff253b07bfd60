package io.qcommerce.oms.inventory;

import io.qcommerce.oms.common.Identifiers;

/** The id of one stock change (a receipt, an adjustment, a restock); a change is applied once per id. */
public record MovementId(String value) {
    public MovementId {
        Identifiers.check(value, "movementId");
    }

    public static MovementId of(String value) {
        return new MovementId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
