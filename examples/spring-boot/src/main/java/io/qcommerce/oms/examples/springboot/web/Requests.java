package io.qcommerce.oms.examples.springboot.web;

import java.util.List;

/**
 * The JSON bodies the service accepts. Every field is nullable here so that a missing one is reported with
 * all the other problems of the request (see {@link Input}), not as a parse failure.
 */
public final class Requests {
    private Requests() {}

    /** One line of a cart: {@code {"sku": "MILK-1L", "quantity": 2}}. */
    public record Line(String sku, Integer quantity) {}

    /** Where the customer is, in WGS84 degrees. */
    public record Location(Double latitude, Double longitude) {}

    public record Cart(List<Line> lines) {}

    /** A cart to place or to find a store for; {@code location} puts nearer stores first. */
    public record CartAt(String pincode, List<Line> lines, Location location) {}

    /**
     * An order to place. {@code store} ties the order to the store the customer's cart shows (otherwise the
     * service picks one); {@code customer} is for an admin placing on a customer's behalf; {@code slotId} books
     * a delivery slot with the order (and ties it to the slot's store).
     */
    public record PlaceOrder(
            String pincode, List<Line> lines, String store, Location location, String customer, String slotId) {}

    /** A store; on update the id comes from the path. */
    public record Store(
            String id,
            String name,
            List<String> pincodes,
            Integer priority,
            Boolean active,
            Location location,
            Integer deliveryRadiusMeters) {}

    /**
     * A SKU; prices in minor units (paise), currency INR unless given. {@code minShelfLife} is an ISO-8601
     * duration ({@code P2D}, {@code PT12H}): how long a batch must still be good after delivery to be sold.
     */
    public record Sku(
            String name,
            Long mrp,
            Long sellingPrice,
            String currency,
            Boolean active,
            Integer maxPerOrder,
            String minShelfLife) {}

    /**
     * Units delivered to a store; {@code movementId} (a goods-receipt number) makes a retry harmless. With
     * {@code batch} (its code) and {@code expiresAt} (an ISO-8601 instant) the units are a new batch.
     */
    public record Receipt(String sku, Long units, String movementId, String batch, String expiresAt) {}

    /** A correction of on-hand units after a count, damage or loss; of one batch when {@code batch} is given. */
    public record Adjustment(String sku, Long delta, String reason, String movementId, String batch) {}

    /**
     * A delivery slot of a store; times are ISO-8601 instants, {@code date} the local date it is listed
     * under. On change, {@code version} is the version read (the change is refused if it moved since) and
     * the id comes from the path; {@code movementId} makes a retried capacity change count once.
     */
    public record Slot(
            String id,
            String date,
            String start,
            String end,
            String type,
            Integer capacity,
            String cutoff,
            Boolean active,
            Long version,
            String movementId) {}

    public record Cancel(String reason) {}

    public record Advance(String status) {}

    /**
     * A delivered order that came back: {@code resellable} true when the store can sell its items again (their
     * units go back on the shelf), false when they are written off.
     */
    public record Return(Boolean resellable) {}

    /** A SKU's low-stock threshold in a store, in available units; 0 turns its alerts off. */
    public record Threshold(Long threshold) {}

    /** A store's default low-stock threshold, for its SKUs without one of their own; 0 turns alerts off. */
    public record StoreThresholds(Long storeDefault) {}
}
