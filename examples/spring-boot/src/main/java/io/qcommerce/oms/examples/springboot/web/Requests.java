package io.qcommerce.oms.examples.springboot.web;

import java.util.List;

/**
 * The JSON bodies the service accepts. Every field is nullable here so that a missing one is reported with
 * all the other problems of the request (see {@link Input}), not as a parse failure.
 */
public final class Requests {
    private Requests() {
    }

    /** One line of a cart: {@code {"sku": "MILK-1L", "quantity": 2}}. */
    public record Line(String sku, Integer quantity) {
    }

    /** Where the customer is, in WGS84 degrees. */
    public record Location(Double latitude, Double longitude) {
    }

    public record Cart(List<Line> lines) {
    }

    /** A cart to place or to find a store for; {@code location} puts nearer stores first. */
    public record CartAt(String pincode, List<Line> lines, Location location) {
    }

    /**
     * An order to place. {@code store} ties the order to the store the customer's cart shows (otherwise the
     * service picks one); {@code customer} is for an admin placing on a customer's behalf.
     */
    public record PlaceOrder(String pincode, List<Line> lines, String store, Location location, String customer) {
    }

    /** A store; on update the id comes from the path. */
    public record Store(String id, String name, List<String> pincodes, Integer priority, Boolean active,
                        Location location, Integer deliveryRadiusMeters) {
    }

    /** A SKU; prices in minor units (paise), currency INR unless given. */
    public record Sku(String name, Long mrp, Long sellingPrice, String currency, Boolean active, Integer maxPerOrder) {
    }

    /** Units delivered to a store; {@code movementId} (a goods-receipt number) makes a retry harmless. */
    public record Receipt(String sku, Long units, String movementId) {
    }

    /** A correction of on-hand units after a count, damage or loss. */
    public record Adjustment(String sku, Long delta, String reason, String movementId) {
    }

    public record Cancel(String reason) {
    }

    public record Advance(String status) {
    }
}
