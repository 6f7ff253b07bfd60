package io.qcommerce.oms.autoconfigure;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the last drift-check pass found, for the health details: when it ran, the stores it checked and how many
 * differed from the durable record
 * (at that pass, and at the one before too). Thread-safe.
 */
final class DriftStatus implements JobObserver {
    private volatile @Nullable Snapshot last;

    record Snapshot(Instant at, int stores, int differing, int differingAgain) {}

    @Override
    public void driftPassDone(int stores, int differing, int differingAgain) {
        last = new Snapshot(Instant.now(), stores, differing, differingAgain);
    }

    @Nullable
    Snapshot last() {
        return last;
    }
}
