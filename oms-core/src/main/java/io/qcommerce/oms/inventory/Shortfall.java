package io.qcommerce.oms.inventory;

/**
 * One line a store could not fill.
 *
 * @param resource  what was short
 * @param requested units asked for
 * @param available units the store had available at the time
 */
public record Shortfall(Resource resource, long requested, long available) {
    /** Units missing. */
    public long missing() {
        return requested - Math.max(available, 0);
    }
}
