package io.qcommerce.oms.examples.springboot.ops;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.common.OmsException;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The two jobs a host of the library runs on a schedule. Both are idempotent and safe beside live traffic
 * and beside the same jobs on other instances, so every instance may run them.
 */
public final class ScheduledJobs {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobs.class);

    private ScheduledJobs() {
    }

    /**
     * The reconciler ({@code oms.reconciler.interval}, default 60 s): settles orders whose payment flow was
     * cut off (hold lapsed unpaid: cancelled; hold confirmed but order not: confirmed), then expires quiet
     * stores' holds.
     */
    @Component
    @ConditionalOnProperty(name = "oms.reconciler.enabled", havingValue = "true", matchIfMissing = true)
    public static class ReconcilerJob {
        private final Oms oms;
        private final OmsMetrics metrics;

        public ReconcilerJob(Oms oms, OmsMetrics metrics) {
            this.oms = oms;
            this.metrics = metrics;
        }

        @Scheduled(fixedDelayString = "${oms.reconciler.interval:60s}",
                initialDelayString = "${oms.reconciler.interval:60s}")
        public void run() {
            Reconciler.Report report;
            try {
                report = oms.reconciler().run();
            } catch (OmsException e) {
                // Listing the stores for the reaping pass is not guarded inside the library: count it here.
                metrics.failure("RECONCILER");
                LOG.warn("reconciler pass failed; the next pass retries: {}", e.getMessage());
                return;
            }
            metrics.reconciled(report);
            if (report.ordersCancelled() + report.ordersConfirmed() + report.holdsExpired() + report.failures() > 0) {
                LOG.info("reconciler: {} orders cancelled, {} confirmed, {} holds expired, {} failures",
                        report.ordersCancelled(), report.ordersConfirmed(), report.holdsExpired(), report.failures());
            }
        }
    }

    /**
     * The reaper ({@code oms.reaper.interval}, default 15 s): returns the units of every store's expired holds
     * to {@code available}, so a quiet store does not carry a backlog of lapsed holds into its next call.
     * Correctness does not depend on it (every read and write expires due holds first); it keeps those calls
     * short.
     */
    @Component
    @ConditionalOnProperty(name = "oms.reaper.enabled", havingValue = "true", matchIfMissing = true)
    public static class ReaperJob {
        private final Oms oms;
        private final OmsMetrics metrics;

        public ReaperJob(Oms oms, OmsMetrics metrics) {
            this.oms = oms;
            this.metrics = metrics;
        }

        @Scheduled(fixedDelayString = "${oms.reaper.interval:15s}", initialDelayString = "${oms.reaper.interval:15s}")
        public void run() {
            int expired = 0;
            try {
                for (Store store : oms.stores().all()) {
                    expired += oms.inventoryLock().expireDue(store.id(), oms.config().reapBatchSize());
                }
            } catch (OmsException e) {
                metrics.failure("REAPER");
                LOG.warn("reaper pass failed; the next pass retries: {}", e.getMessage());
            }
            metrics.holdsExpired(expired);
        }
    }
}
