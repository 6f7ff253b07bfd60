package io.qcommerce.oms.event;

/**
 * Receives events synchronously, on the thread that made the change, right after the change is stored: at
 * most once, a hint for caches, logs and dashboards. A crash between the change and the call loses the call,
 * and a change finished by a retry or by the reconciler may not be told at all; what must not be missed is
 * read from the durable feed by an {@link EventSubscriber}. A listener should be quick (hand slow work to a
 * queue); an exception it throws is logged and does not undo or fail the change that was reported.
 */
@FunctionalInterface
public interface OmsListener {
    void on(OmsEvent event);
}
