package io.qcommerce.oms.event;

/**
 * Takes stock alerts from the durable alert log, registered with
 * {@code Oms.builder().subscribeAlerts(name, subscriber)}: every alert at least once, in log order, which keeps
 * each SKU's alerts in their order. Deduplicate by {@link StockAlert#id()}. An exception stops delivery at that
 * alert until the subscriber's back-off has passed, then it comes again.
 */
@FunctionalInterface
public interface StockAlertSubscriber {
    void on(StockAlert alert) throws Exception;
}
