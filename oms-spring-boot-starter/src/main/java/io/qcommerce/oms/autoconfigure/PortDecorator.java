package io.qcommerce.oms.autoconfigure;

/**
 * Wraps a port before the auto-configured {@code Oms} is built on it (the metrics time every call this way). The
 * port beans themselves stay as they are.
 */
interface PortDecorator {
    /**
     * @param type   the port's interface
     * @param name   the port's short name: lock, orders, catalog, stores, slots, ledger, thresholds, checkpoints
     * @param target the port
     * @return a port of the same interface
     */
    <T> T decorate(Class<T> type, String name, T target);
}
