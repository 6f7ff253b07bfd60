package io.qcommerce.oms.event;

/**
 * Receives events synchronously, on the thread that made the change, after the change is stored. A
 * listener should be quick (hand slow work to a queue); an exception it throws is logged and does not undo
 * or fail the change that was reported.
 */
@FunctionalInterface
public interface OmsListener {
    void on(OmsEvent event);
}
