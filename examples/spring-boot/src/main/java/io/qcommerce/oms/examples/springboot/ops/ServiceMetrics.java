package io.qcommerce.oms.examples.springboot.ops;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The service's own counters, beside the library's (holds, confirmations, port latency, reconciler, events, drift:
 * see {@code io.qcommerce.oms.autoconfigure.OmsMetrics}), in Micrometer (see {@code /actuator/metrics}):
 * <ul>
 *   <li>{@code oms.failures{code}}: backend failures answered 503 and unexpected errors;</li>
 *   <li>{@code oms.placements{outcome=error}}: placements that failed with an exception (the other outcomes are
 *       counted by the starter's {@code OmsMetrics.placement});</li>
 *   <li>{@code oms.ledger.shipped{by}}: stock movements copied to the durable ledger by a run of the reconciler
 *       an admin asked for ({@code reconciler}) or before a ledger query ({@code ledger_query}).</li>
 * </ul>
 */
@Component
public class ServiceMetrics {
    private final MeterRegistry registry;

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A failure answered 5xx, by code. */
    public void failure(String code) {
        registry.counter("oms.failures", "code", code).increment();
    }

    /** A placement that failed with an exception. */
    public void placementFailed() {
        registry.counter("oms.placements", "outcome", "error").increment();
    }

    /** Stock movements copied from the inventory lock to the durable ledger, by who copied them. */
    public void shipped(String by, int n) {
        registry.counter("oms.ledger.shipped", "by", by).increment(n);
    }
}
