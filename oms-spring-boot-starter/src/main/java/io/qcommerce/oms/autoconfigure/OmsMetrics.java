package io.qcommerce.oms.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.placement.PlacementResult;

/**
 * The library's order and stock counters in Micrometer, from its in-process events, and the placements a host
 * reports:
 * <ul>
 *   <li>{@code oms.placements{outcome}}: placed, repeated, cart_rejected, not_serviceable, out_of_stock,
 *       slot_unavailable, hold_lapsed, as the host reports them with {@link #placement(PlacementResult)} (the
 *       auto-configured {@code Oms} has no hook of its own for results that change nothing);</li>
 *   <li>{@code oms.orders{event}}: placed, confirmed; {@code oms.orders.cancelled{reason}};
 *       {@code oms.orders.transitions{to}};</li>
 *   <li>{@code oms.stock.low{store}}: a SKU's available units fell below its threshold.</li>
 * </ul>
 * The auto-configuration also times every call to the ports ({@code oms.lock.calls{method,outcome}},
 * {@code oms.store.calls{port,method,outcome}}), counts holds ({@code oms.holds{outcome}}), confirmations
 * ({@code oms.confirmations{outcome}}), releases ({@code oms.releases{outcome}}) and expiries
 * ({@code oms.holds.expired}) as the inventory lock answers them, and the scheduled jobs' work: reconciler passes
 * and repairs, event delivery and lag per subscriber, drift found. Events arrive at most once, on the thread that
 * made the change: counting is all this does with them. Thread-safe.
 */
public final class OmsMetrics implements OmsListener {
    private final MeterRegistry registry;

    public OmsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void on(OmsEvent event) {
        if (event instanceof OmsEvent.OrderPlaced) {
            registry.counter("oms.orders", "event", "placed").increment();
        } else if (event instanceof OmsEvent.OrderConfirmed) {
            registry.counter("oms.orders", "event", "confirmed").increment();
        } else if (event instanceof OmsEvent.OrderCancelled cancelled) {
            registry.counter(
                            "oms.orders.cancelled", "reason", cancelled.reason().name())
                    .increment();
        } else if (event instanceof OmsEvent.OrderStatusChanged changed) {
            registry.counter(
                            "oms.orders.transitions",
                            "to",
                            changed.change().to().name())
                    .increment();
        } else if (event instanceof OmsEvent.StockLow low) {
            registry.counter("oms.stock.low", "store", low.store().value()).increment();
        }
    }

    /**
     * Counts one placement by its outcome in {@code oms.placements{outcome}}, and returns it:
     * {@code metrics.placement(oms.place(request))}.
     */
    public PlacementResult placement(PlacementResult result) {
        registry.counter("oms.placements", "outcome", outcome(result)).increment();
        return result;
    }

    static String outcome(PlacementResult result) {
        if (result instanceof PlacementResult.Placed) {
            return "placed";
        } else if (result instanceof PlacementResult.Repeated) {
            return "repeated";
        } else if (result instanceof PlacementResult.CartRejected) {
            return "cart_rejected";
        } else if (result instanceof PlacementResult.NotServiceable) {
            return "not_serviceable";
        } else if (result instanceof PlacementResult.OutOfStock) {
            return "out_of_stock";
        } else if (result instanceof PlacementResult.SlotUnavailable) {
            return "slot_unavailable";
        } else if (result instanceof PlacementResult.HoldLapsed) {
            return "hold_lapsed";
        }
        return "other";
    }
}
