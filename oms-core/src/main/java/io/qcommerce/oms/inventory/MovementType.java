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
 *   WRITTEN_OFF    .        .      (sold units that never reached the customer, or came back unsellable)
 * </pre>
 * A write-off changes no counter: its units left the stock when they were sold. It records that they were
 * lost (missing at picking, damaged, unsellable after a return) rather than delivered, and is written by the
 * order flow straight to the durable ledger.
 */
public enum MovementType {
    RECEIVED,
    ADJUSTED,
    HELD,
    RELEASED,
    EXPIRED,
    SOLD,
    RESTOCKED,
    RETURNED,
    WRITTEN_OFF;

    /** The change of {@code onHand} of a movement of this type and quantity. */
    public long onHandEffect(long quantity) {
        return switch (this) {
            case RECEIVED, ADJUSTED, RESTOCKED, RETURNED -> quantity;
            case SOLD -> -quantity;
            default -> 0;
        };
    }

    /** The change of {@code reserved} of a movement of this type and quantity. */
    public long reservedEffect(long quantity) {
        return switch (this) {
            case HELD -> quantity;
            case RELEASED, EXPIRED, SOLD -> -quantity;
            default -> 0;
        };
    }

    /**
     * True for the movements that are the durable record of a store's units besides the orders: what came
     * in, was corrected, or was put back. A rebuild counts these, and takes sales from the orders.
     */
    public boolean isStockChange() {
        return this == RECEIVED || this == ADJUSTED || this == RESTOCKED || this == RETURNED;
    }
}
