package io.qcommerce.oms.slot;

/** The kind of delivery a slot offers; a label for the customer and for reports, with no rule of its own. */
public enum SlotType {
    /** The usual scheduled delivery window. */
    NORMAL,
    /** A short window soon after the order, usually at a fee. */
    EXPRESS,
    /** Any time later the same day. */
    SAME_DAY
}
