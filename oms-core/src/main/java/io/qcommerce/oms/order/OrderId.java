package io.qcommerce.oms.order;

import io.qcommerce.oms.internal.util.Identifiers;
import io.qcommerce.oms.inventory.ReservationId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The id of an order; validated at construction (ASCII letters, digits, '-' and '_', else {@code INVALID_ID}), at
 * most {@link #MAX_LENGTH} characters so that the derived reservation id fits the id bound too.
 */
public record OrderId(String value) implements Comparable<OrderId> {
    public static final int MAX_LENGTH = 56;

    public OrderId {
        Identifiers.check(value, "orderId", MAX_LENGTH);
    }

    public static OrderId of(String value) {
        return new OrderId(value);
    }

    /**
     * The order id of a customer's idempotency key: the same key of the same customer always gives the same
     * order, so a retried placement finds the order (and the hold) of the first attempt. Keys of different
     * customers never collide in practice (SHA-256, 128 bits kept).
     */
    public static OrderId derive(CustomerId customer, IdempotencyKey key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((customer.value() + "\n" + key.value()).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("o-");
            for (int i = 0; i < 16; i++) {
                hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
                        .append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return new OrderId(hex.toString());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The id of this order's hold, so that a retried placement finds the hold it made before. */
    public ReservationId reservationId() {
        return new ReservationId("r-" + value);
    }

    @Override
    public int compareTo(OrderId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
