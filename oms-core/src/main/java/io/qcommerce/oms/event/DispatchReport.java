package io.qcommerce.oms.event;

import java.util.Map;

/**
 * What one dispatcher pass did.
 *
 * @param positioned events given a feed position in this pass
 * @param delivered  per subscriber, the events it took in this pass
 * @param failed     the subscribers that threw in this pass (they are retried after their back-off)
 * @param errors     reads or checkpoint writes that failed in this pass; the next pass retries them
 */
public record DispatchReport(int positioned, Map<String, Integer> delivered, java.util.Set<String> failed, int errors) {
    public DispatchReport {
        delivered = Map.copyOf(delivered);
        failed = java.util.Set.copyOf(failed);
    }

    /** Events taken by all subscribers together in this pass. */
    public int deliveredTotal() {
        return delivered.values().stream().mapToInt(Integer::intValue).sum();
    }
}
