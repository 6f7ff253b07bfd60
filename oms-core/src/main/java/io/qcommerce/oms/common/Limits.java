package io.qcommerce.oms.common;

/**
 * Hard bounds that keep every count far from overflow in any backend: a Redis integer, a Lua number
 * (a double, exact to 2^53) and a Java long all hold sums of these without loss.
 */
public final class Limits {
    /** The most units of one resource that a single movement, hold line or counter may carry. */
    public static final long MAX_UNITS = 1_000_000_000L;
    /** The longest identifier, in characters. */
    public static final int MAX_ID_LENGTH = 64;
    /** The longest idempotency key, in characters. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    private Limits() {}
}
