package io.qcommerce.oms.ledger;

import io.qcommerce.oms.store.StoreId;
import java.time.Instant;
import java.util.List;

/**
 * The result of comparing a store's counters in the inventory lock with its durable record.
 *
 * <p>A check runs while orders flow, so a hold taken between reading the orders and reading the lock (an
 * order not yet stored) shows as a {@code reserved} difference that the next check no longer sees. A
 * difference that persists across checks is real: rebuild the store, or look at the named counter.
 *
 * @param store  the store
 * @param at     when the check ran
 * @param drifts every counter that differs; empty when they agree
 */
public record DriftReport(StoreId store, Instant at, List<Drift> drifts) {
    public DriftReport {
        drifts = List.copyOf(drifts);
    }

    public boolean isClean() {
        return drifts.isEmpty();
    }
}
