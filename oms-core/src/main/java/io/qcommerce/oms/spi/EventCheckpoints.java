package io.qcommerce.oms.spi;

/**
 * Port: the durable checkpoint of each event subscriber: the feed position of the last event it took.
 * Kept with the orders (MongoDB) so that a restarted dispatcher goes on where the last one stopped.
 * Implementations are thread-safe.
 */
public interface EventCheckpoints {
    /** The subscriber's checkpoint; 0 when it has none yet. */
    long position(String subscriber);

    /**
     * Moves the subscriber's checkpoint to {@code position}, never back: a lower position than the stored
     * one changes nothing (two dispatchers at once cannot undo each other's progress).
     */
    void advance(String subscriber, long position);
}
