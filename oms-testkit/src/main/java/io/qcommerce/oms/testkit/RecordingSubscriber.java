package io.qcommerce.oms.testkit;

import io.qcommerce.oms.event.EventId;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.order.Order;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An event subscriber for a host's own tests: it counts how often each event id reached it, may fail once on
 * purpose (as a downstream service that is briefly down), and tells which changes of a set of orders never arrived.
 */
public final class RecordingSubscriber implements EventSubscriber {
    private final Map<EventId, Integer> got = new ConcurrentHashMap<>();
    private final int failAt;
    private final AtomicBoolean failed = new AtomicBoolean();

    private RecordingSubscriber(int failAt) {
        this.failAt = failAt;
    }

    /** Takes every event. */
    public static RecordingSubscriber recording() {
        return new RecordingSubscriber(-1);
    }

    /** Throws once, when it has taken {@code taken} distinct events; takes everything after. */
    public static RecordingSubscriber failingOnceAfter(int taken) {
        return new RecordingSubscriber(taken);
    }

    @Override
    public void on(OrderEvent event) {
        if (got.size() == failAt && failed.compareAndSet(false, true)) {
            throw new IllegalStateException("subscriber down on purpose at " + event.id());
        }
        got.merge(event.id(), 1, Integer::sum);
    }

    /** True once it has failed on purpose. */
    public boolean failed() {
        return failed.get();
    }

    /** Distinct events taken. */
    public int distinct() {
        return got.size();
    }

    /** Events taken again after the first time (what a crash or a failed checkpoint write causes). */
    public long repeats() {
        return got.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** Every change of these orders whose event never arrived, described; empty when all did. */
    public List<String> missing(Collection<Order> orders) {
        List<String> out = new ArrayList<>();
        for (Order o : orders) {
            for (int n = 1; n <= o.history().size(); n++) {
                if (!got.containsKey(new EventId(o.id(), n))) {
                    out.add(o.id() + " change " + n + " ("
                            + o.history().get(n - 1).to() + ") never delivered");
                }
            }
        }
        return out;
    }
}
