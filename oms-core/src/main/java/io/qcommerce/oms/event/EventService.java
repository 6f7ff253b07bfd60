package io.qcommerce.oms.event;

import io.qcommerce.oms.store.StoreId;
import java.util.List;

/**
 * The durable feed of order events and its dispatcher.
 *
 * <p>Every order change is recorded with its event in one atomic write. The feed orders the events; it can
 * be read from any position, as a whole or for one store. The dispatcher hands the feed to the subscribers
 * registered on the builder ({@code Oms.builder().subscribe(name, subscriber)}), each from its own durable
 * checkpoint: at least once, in order per order; deduplicate by event id. A host runs {@link #dispatch()} on
 * a schedule (every second, say), from one instance or from several: checkpoints only move forward, so two
 * dispatchers at once deliver some events twice, never lose one.
 *
 * <p>Stock alerts come from the stock ledger the same way: each pass reads the movements the inventory lock
 * recorded since the last pass, raises LOW and RECOVERED alerts into the durable alert log (numbered per SKU,
 * so never twice), and delivers the log to alert subscribers at least once from their own checkpoints.
 */
public interface EventService {
    /** Events after {@code position} (0 for the start), at most {@code limit}, in feed order. */
    FeedPage read(long position, int limit);

    /** The events of one store after {@code position}, at most {@code limit}, in feed order. */
    FeedPage read(StoreId store, long position, int limit);

    /**
     * Stock alerts after {@code position} (0 for the start), at most {@code limit}, in the alert log's order:
     * the LOW and RECOVERED alerts {@link #dispatch()} raised from the stock ledger.
     */
    List<StockAlert> alerts(long position, int limit);

    /** The stock alerts of one store after {@code position}, at most {@code limit}, in log order. */
    List<StockAlert> alerts(StoreId store, long position, int limit);

    /**
     * One pass: gives feed positions to recorded changes that have none yet (an adapter may position events
     * after the write), then hands each subscriber that is not waiting out a back-off the events after its
     * checkpoint, up to the configured batch, and moves its checkpoint past the events it took at the end of the
     * batch (or just before the event that failed): a crash in the middle of a batch hands that batch over
     * again. A subscriber that throws stops at that event until its back-off has passed; the others go on.
     * The same pass reads each store's stock ledger since the last pass, raises a {@link StockAlert} for each
     * SKU it touched that went below its threshold (or came back to it), and hands the alert log to the alert
     * subscribers ({@code Oms.builder().subscribeAlerts(name, subscriber)}) in the same way.
     * Subscribers are served one after another on the calling thread: a subscriber that blocks delays the
     * others, so one that calls a slow service should bound its own wait.
     */
    DispatchReport dispatch();

    /** Each registered subscriber: its checkpoint, how far behind the feed it is, its failures. */
    List<SubscriberStatus> subscribers();
}
