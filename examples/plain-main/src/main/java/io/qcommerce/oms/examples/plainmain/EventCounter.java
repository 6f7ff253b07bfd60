package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.order.CancelReason;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the library's events. Listeners run on the thread that made the change, inside the shopper's
 * call, so this only bumps counters and queues the (few) low-stock alerts.
 */
public final class EventCounter implements OmsListener {
    private final LongAdder placed = new LongAdder();
    private final LongAdder confirmed = new LongAdder();
    private final LongAdder statusChanges = new LongAdder();
    private final Map<CancelReason, LongAdder> cancelled = new EnumMap<>(CancelReason.class);
    private final ConcurrentLinkedQueue<OmsEvent.StockLow> stockLow = new ConcurrentLinkedQueue<>();

    EventCounter() {
        for (CancelReason r : CancelReason.values()) {
            cancelled.put(r, new LongAdder());
        }
    }

    @Override
    public void on(OmsEvent event) {
        if (event instanceof OmsEvent.OrderPlaced) {
            placed.increment();
        } else if (event instanceof OmsEvent.OrderConfirmed) {
            confirmed.increment();
        } else if (event instanceof OmsEvent.OrderCancelled) {
            cancelled.get(((OmsEvent.OrderCancelled) event).reason()).increment();
        } else if (event instanceof OmsEvent.OrderStatusChanged) {
            statusChanges.increment();
        } else if (event instanceof OmsEvent.StockLow) {
            stockLow.add((OmsEvent.StockLow) event);
        }
    }

    /**
     * The counts so far.
     *
     * @param placed        OrderPlaced events
     * @param confirmed     OrderConfirmed events
     * @param cancelled     OrderCancelled events by reason
     * @param statusChanges OrderStatusChanged events (every change after placement, including the above)
     * @param stockLow      StockLow alerts, earliest first
     */
    public record Snapshot(long placed, long confirmed, Map<CancelReason, Long> cancelled, long statusChanges,
                    List<OmsEvent.StockLow> stockLow) {
        public long cancelledTotal() {
            return cancelled.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Snapshot snapshot() {
        Map<CancelReason, Long> byReason = new EnumMap<>(CancelReason.class);
        cancelled.forEach((r, n) -> byReason.put(r, n.sum()));
        List<OmsEvent.StockLow> lows = new ArrayList<>(stockLow);
        lows.sort(Comparator.comparing(OmsEvent.StockLow::at)
                .thenComparing(OmsEvent.StockLow::store).thenComparing(OmsEvent.StockLow::sku));
        return new Snapshot(placed.sum(), confirmed.sum(), Collections.unmodifiableMap(byReason), statusChanges.sum(),
                List.copyOf(lows));
    }
}
