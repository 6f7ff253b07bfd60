package io.qcommerce.oms;

/**
 * A storage backend that installs the ports it provides into a builder in one call, so a host wires
 * MongoDB or Redis with one line instead of an adapter per port: {@code Oms.builder().use(backend)}.
 * Implemented by the adapter modules ({@code MongoBackend}, {@code RedisBackend}).
 */
@FunctionalInterface
public interface OmsBackend {
    /** Sets every port this backend provides on {@code builder}. */
    void installInto(Oms.Builder builder);
}
