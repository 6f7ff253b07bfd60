package io.qcommerce.oms.examples.springboot.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.order.StatusChange;
import io.qcommerce.oms.placement.Reconciler;
import org.springframework.stereotype.Component;

/**
 * The service's counters, in Micrometer (see {@code /actuator/metrics}):
 * <ul>
 *   <li>{@code oms.placements{outcome}}: placed, repeated, cart_rejected, not_serviceable, out_of_stock,
 *       slot_unavailable, hold_lapsed, error;</li>
 *   <li>{@code oms.holds{event}}: taken (an order placed), released (an unpaid order cancelled), expired (a
 *       lapsed hold returned by the reconciler or the reaper);</li>
 *   <li>{@code oms.confirmations{outcome}}: confirmed (an order's hold sold), refused (a payment too late);</li>
 *   <li>{@code oms.orders.cancelled{reason}}, {@code oms.orders.transitions{to}}, {@code oms.stock.low};</li>
 *   <li>{@code oms.failures{code}}: backend failures answered 503 and unexpected errors;</li>
 *   <li>{@code oms.reconciler.runs}.</li>
 * </ul>
 * Also the library's event listener: events arrive on the thread that made the change, so counting is all
 * it does.
 */
@Component
public class OmsMetrics implements OmsListener {
    private final MeterRegistry registry;

    public OmsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void on(OmsEvent event) {
        if (event instanceof OmsEvent.OrderPlaced) {
            count("oms.holds", "event", "taken");
        } else if (event instanceof OmsEvent.OrderConfirmed) {
            count("oms.confirmations", "outcome", "confirmed");
        } else if (event instanceof OmsEvent.OrderCancelled cancelled) {
            count("oms.orders.cancelled", "reason", cancelled.reason().name());
            StatusChange last = cancelled.order().history().get(cancelled.order().history().size() - 1);
            if (last.from() == OrderStatus.AWAITING_PAYMENT && cancelled.reason() != CancelReason.RESERVATION_EXPIRED) {
                count("oms.holds", "event", "released");
            }
        } else if (event instanceof OmsEvent.OrderStatusChanged changed) {
            count("oms.orders.transitions", "to", changed.change().to().name());
        } else if (event instanceof OmsEvent.StockLow) {
            registry.counter("oms.stock.low").increment();
        }
    }

    /** One placement answered, by outcome. */
    public void placement(String outcome) {
        count("oms.placements", "outcome", outcome);
    }

    /** A payment that came after the order's hold had lapsed. */
    public void paymentRefused() {
        count("oms.confirmations", "outcome", "refused");
    }

    /** A failure answered 5xx, by code. */
    public void failure(String code) {
        count("oms.failures", "code", code);
    }

    public void holdsExpired(int n) {
        if (n > 0) {
            counter("oms.holds", "event", "expired").increment(n);
        }
    }

    public void reconciled(Reconciler.Report report) {
        registry.counter("oms.reconciler.runs").increment();
        holdsExpired(report.holdsExpired());
        if (report.failures() > 0) {
            counter("oms.failures", "code", "RECONCILER").increment(report.failures());
        }
    }

    private void count(String name, String tag, String value) {
        counter(name, tag, value).increment();
    }

    private Counter counter(String name, String tag, String value) {
        return registry.counter(name, tag, value);
    }
}
