package io.qcommerce.oms.testkit.invariants;

/**
 * The system-wide invariants {@link OmsInvariants} checks, each with what a pass proves. Read in a quiet moment
 * (no call in flight), except {@link #NO_OVERSELL}, which must hold at every moment and may be read under load
 * ({@link OmsInvariants#checkNoOversell}).
 */
public enum Invariant {
    /**
     * {@code 0 <= reserved <= onHand} for every (store, SKU), no expired unit held
     * ({@link io.qcommerce.oms.testkit.InventoryInvariants#checkLevel}), and a slot never booked beyond its capacity
     * ({@code 0 <= held <= unbooked <= capacity}): no unit and no place is promised twice. Each store's counters
     * are read in one call, so the check is exact under load. (Batches: {@link #BATCH_CONSERVATION}.)
     */
    NO_OVERSELL("no oversell: 0 <= reserved <= onHand for every (store, SKU) and slot, at every moment"),
    /**
     * {@code reserved} of every (store, SKU) equals the units of the orders awaiting payment whose hold has not
     * expired, and each such order's hold is HELD (EXPIRED once its time is up): no hold is left behind by a
     * fallback store, a lost race or a crash, and none is missing.
     */
    HOLDS_MATCH_ORDERS("reserved == units of HELD, unexpired holds (orders awaiting payment)"),
    /**
     * {@code onHand} of every (store, SKU) equals the stock changes of the durable ledger (receipts, adjustments)
     * plus the units of paid orders cancelled (restocked) or returned resellable, minus the units of every paid
     * order: no unit appears or vanishes. Assumes stock changes go through the services (which record them) and
     * that units come back only through cancellations and returns of orders.
     */
    CONSERVATION("conservation: onHand == received + adjusted + restocked + returned - sold"),
    /**
     * Every order's hold exists in the order's store with exactly the order's lines (SKUs, units, batches taken
     * and slot), is CONFIRMED when the order was paid, and no other checked store keeps a hold under the same id
     * that was not released: a multi-line hold held every line or none, in one store.
     */
    ALL_OR_NOTHING("all-or-nothing: an order's lines were all held in its one store; nothing held elsewhere"),
    /**
     * No hold was confirmed at or after its expiry, and no order moved to CONFIRMED at or after its hold's
     * expiry (except by the reconciler finishing a flow whose hold was confirmed in time).
     */
    FENCING("fencing by time: no hold was confirmed at or after its expiry"),
    /** An order was paid (went through CONFIRMED) if and only if its hold is CONFIRMED. */
    CONFIRMED_IFF_HOLD_CONFIRMED("an order is confirmed if and only if its hold is confirmed"),
    /**
     * Every slot's counter agrees with the orders: booked places ({@code capacity - onHand}) equal the paid
     * orders that keep the slot (a paid order cancelled before the slot starts gives it back), held places
     * equal the orders awaiting payment with a live hold, and no slot has more paid orders than places.
     */
    SLOTS("slots: booked == paid orders in the slot, held == orders awaiting payment"),
    /**
     * Every unit a paid order took from a batch came from a batch the store received, still good when the hold
     * was confirmed, and good past delivery (the slot's end, or placement plus the configured delivery
     * allowance) plus the SKU's minimum shelf life.
     */
    BATCH_FRESHNESS(
            "batches: no unit from a batch expired at confirmation or within the SKU's minimum shelf life at delivery"),
    /**
     * A sold line of a SKU the store keeps in batches is covered unit for unit by its batch takes; a line of any
     * other SKU names no batch.
     */
    SOLD_BY_BATCH("units sold by batch add up to the units sold"),
    /**
     * Each batch's {@code onHand} equals its receipts and adjustments in the ledger, minus what paid orders took
     * from it, plus what cancellations and resellable returns put back; its {@code reserved} equals the takes of
     * orders awaiting payment and stays within {@code 0 <= reserved <= onHand}; a SKU kept in batches has at least
     * the units of its batches, and its {@code expired} equals the units of its expired batches.
     */
    BATCH_CONSERVATION("conservation per batch: onHand == received + adjusted - sold + restocked + returned"),
    /**
     * The durable stock ledger alone adds up to the lock's counters: per (store, SKU or slot) and per batch,
     * the movements' effects equal {@code onHand} and {@code reserved}, and agree with the totals of their
     * types (received + adjusted + restocked + returned - sold; held - released - expired - sold). Run it after
     * the lock's movements have been shipped (the reconciler does it).
     */
    LEDGER_ADDS_UP("the stock ledger alone: the recorded movements add up to the lock's onHand and reserved"),
    /**
     * The library's own drift check ({@code oms.reconciler().checkDrift}) is clean for every store: the lock
     * agrees with the durable record (ledger and orders), so a rebuild would change nothing.
     */
    NO_DRIFT("no drift: the lock's counters agree with the durable record (ledger and orders)"),
    /**
     * The order event feed holds every change of every checked order exactly once: the events of an order are
     * its changes 1 to n, each at one position, in the order of their sequence, and positions only grow. Run it
     * after a dispatcher pass ({@code oms.events().dispatch()}), which positions events an adapter positions
     * after the write.
     */
    EVENTS("events: every order change is in the feed once, under one id, in order per order");

    private final String title;

    Invariant(String title) {
        this.title = title;
    }

    /** One line saying what is checked. */
    public String title() {
        return title;
    }
}
