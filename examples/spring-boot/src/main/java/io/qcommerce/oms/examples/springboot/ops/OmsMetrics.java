package io.qcommerce.oms.examples.springboot.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qcommerce.oms.event.OmsEvent;
import io.qcommerce.oms.event.OmsListener;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.OrderService;
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
 *   <li>{@code oms.orders.returned{resellable}}: delivered orders that came back, true when their units went
 *       back on the shelf;</li>
 *   <li>{@code oms.failures{code}}: backend failures answered 503 and unexpected errors;</li>
 *   <li>{@code oms.reconciler.runs}; {@code oms.ledger.shipped{by}}: stock movements copied from the inventory
 *       lock to the durable ledger, by the reconciler or before a ledger query ({@code ledger_query});</li>
 *   <li>{@code oms.stock.drift.checks} and {@code oms.stock.drift{counter}}: the scheduled drift check's passes
 *       over a store, and the counters (onHand, reserved) it found differing from the durable record.</li>
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
            StatusChange last =
                    cancelled.order().history().get(cancelled.order().history().size() - 1);
            if (last.from() == OrderStatus.AWAITING_PAYMENT && cancelled.reason() != CancelReason.RESERVATION_EXPIRED) {
                count("oms.holds", "event", "released");
            }
        } else if (event instanceof OmsEvent.OrderStatusChanged changed) {
            count("oms.orders.transitions", "to", changed.change().to().name());
            if (changed.change().to() == OrderStatus.RETURNED) {
                count(
                        "oms.orders.returned",
                        "resellable",
                        Boolean.toString(
                                OrderService.RESELLABLE.equals(changed.change().reason())));
            }
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
        shipped("reconciler", report.movementsShipped());
        if (report.failures() > 0) {
            counter("oms.failures", "code", "RECONCILER").increment(report.failures());
        }
    }

    /** Stock movements copied from the inventory lock to the durable ledger, by who copied them. */
    public void shipped(String by, int n) {
        Counter c = counter("oms.ledger.shipped", "by", by); // registered at 0, so a dashboard finds it
        if (n > 0) {
            c.increment(n);
        }
    }

    /** One scheduled drift check of a store, and every counter it found differing. */
    public void driftChecked(DriftReport report) {
        registry.counter("oms.stock.drift.checks").increment();
        for (Drift drift : report.drifts()) {
            count("oms.stock.drift", "counter", drift.counter());
        }
    }

    private void count(String name, String tag, String value) {
        counter(name, tag, value).increment();
    }

    private Counter counter(String name, String tag, String value) {
        return registry.counter(name, tag, value);
    }
}
