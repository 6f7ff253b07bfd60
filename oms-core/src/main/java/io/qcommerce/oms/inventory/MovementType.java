package io.qcommerce.oms.inventory;

/**
 * What a stock movement did. The code is stored by the adapters and never changes.
 *
 * <p>Effects on the counters of the (store, resource) it names, for {@code q} units:
 * <pre>
 *   type        onHand   reserved
 *   RECEIVED      +q        .
 *   ADJUSTED      ±q        .      (the quantity is signed)
 *   HELD           .       +q
 *   RELEASED       .       -q
 *   EXPIRED        .       -q
 *   SOLD          -q       -q
 *   RESTOCKED     +q        .      (a cancelled paid order, or a slot's capacity given back)
 *   RETURNED      +q        .      (a delivered item the store can sell again)
 * </pre>
 */
public enum MovementType {
    RECEIVED,
    ADJUSTED,
    HELD,
    RELEASED,
    EXPIRED,
    SOLD,
    RESTOCKED,
    RETURNED;

    /** The change of {@code onHand} of a movement of this type and quantity. */
    public long onHandEffect(long quantity) {
        switch (this) {
            case RECEIVED:
            case ADJUSTED:
            case RESTOCKED:
            case RETURNED:
                return quantity;
            case SOLD:
                return -quantity;
            default:
                return 0;
        }
    }

    /** The change of {@code reserved} of a movement of this type and quantity. */
    public long reservedEffect(long quantity) {
        switch (this) {
            case HELD:
                return quantity;
            case RELEASED:
            case EXPIRED:
            case SOLD:
                return -quantity;
            default:
                return 0;
        }
    }

    /**
     * True for the movements that are the durable record of a store's units besides the orders: what came
     * in, was corrected, or was put back. A rebuild counts these, and takes sales from the orders.
     */
    public boolean isStockChange() {
        return this == RECEIVED || this == ADJUSTED || this == RESTOCKED || this == RETURNED;
    }
}
