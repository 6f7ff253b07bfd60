package io.qcommerce.oms.event;

/**
 * Receives the order events of the durable feed, at least once each, from the dispatcher
 * ({@link EventService#dispatch()}), under a name whose checkpoint is kept durably.
 *
 * <p>The promise: every event is handed over at least once, in feed order (so in order per order), after
 * any crash or restart; an event handed over before a crash may be handed over again, so a subscriber
 * deduplicates by {@link OrderEvent#id()} (or is idempotent). An exception means "not done": the event is
 * handed over again later, after a back-off, and no event after it is handed to this subscriber before it
 * succeeds. Other subscribers go on meanwhile.
 */
@FunctionalInterface
public interface EventSubscriber {
    /** Handles one event; returns when it is done, throws when it is not. */
    void on(OrderEvent event) throws Exception;
}
