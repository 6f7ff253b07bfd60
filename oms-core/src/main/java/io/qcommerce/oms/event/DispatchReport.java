package io.qcommerce.oms.event;

import java.util.Map;

/**
 * What one dispatcher pass did.
 *
 * @param positioned events given a feed position in this pass
 * @param delivered  per subscriber, the events (or, for an alert subscriber, the alerts) it took in this pass
 * @param failed     the subscribers that threw in this pass (they are retried after their back-off)
 * @param errors     reads or checkpoint writes that failed in this pass; the next pass retries them
 * @param alertsRaised stock alerts raised from the stock ledger in this pass
 */
public record DispatchReport(
        int positioned, Map<String, Integer> delivered, java.util.Set<String> failed, int errors, int alertsRaised) {
    public DispatchReport {
        delivered = Map.copyOf(delivered);
        failed = java.util.Set.copyOf(failed);
    }

    /** A pass that raised no stock alert. */
    public DispatchReport(int positioned, Map<String, Integer> delivered, java.util.Set<String> failed, int errors) {
        this(positioned, delivered, failed, errors, 0);
    }

    /** Events and alerts taken by all subscribers together in this pass. */
    public int deliveredTotal() {
        return delivered.values().stream().mapToInt(Integer::intValue).sum();
    }
}
