package io.qcommerce.oms.examples.springboot.ops;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.store.Store;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The jobs a host of the library runs on a schedule: the reconciler and the reaper, and (when enabled) the
 * drift check. All are idempotent and safe beside live traffic and beside the same jobs on other instances,
 * so every instance may run them.
 */
public final class ScheduledJobs {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobs.class);

    private ScheduledJobs() {}

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

        @Scheduled(
                fixedDelayString = "${oms.reconciler.interval:60s}",
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
                LOG.info(
                        "reconciler: {} orders cancelled, {} confirmed, {} holds expired, {} failures, {} stock"
                                + " movements copied to the ledger",
                        report.ordersCancelled(),
                        report.ordersConfirmed(),
                        report.holdsExpired(),
                        report.failures(),
                        report.movementsShipped());
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
                    expired +=
                            oms.inventory().expireDue(store.id(), oms.config().reapBatchSize());
                }
            } catch (OmsException e) {
                metrics.failure("REAPER");
                LOG.warn("reaper pass failed; the next pass retries: {}", e.getMessage());
            }
            metrics.holdsExpired(expired);
        }
    }

    /**
     * The drift check ({@code oms.drift-check.enabled}, off by default; every {@code oms.drift-check.interval},
     * default 15 min): compares every store's counters in the inventory lock with the durable record (the
     * stock ledger and the orders) and changes nothing. A store that differs is logged with each counter, and
     * counted in {@code oms.stock.drift{counter}}. A {@code reserved} difference that is gone at the next pass
     * was a hold in flight while the check read; one that stays is real: look at it, or rebuild the store
     * ({@code POST /stores/{id}/stock/rebuild}). Costs a read of every store's ledger and orders per pass.
     */
    @Component
    @ConditionalOnProperty(name = "oms.drift-check.enabled", havingValue = "true")
    public static class DriftCheckJob {
        private final Oms oms;
        private final OmsMetrics metrics;

        public DriftCheckJob(Oms oms, OmsMetrics metrics) {
            this.oms = oms;
            this.metrics = metrics;
        }

        @Scheduled(
                fixedDelayString = "${oms.drift-check.interval:15m}",
                initialDelayString = "${oms.drift-check.interval:15m}")
        public void run() {
            List<Store> stores;
            try {
                stores = oms.stores().all();
            } catch (OmsException e) {
                metrics.failure("DRIFT_CHECK");
                LOG.warn("drift check could not list the stores; the next pass retries: {}", e.getMessage());
                return;
            }
            for (Store store : stores) {
                try {
                    DriftReport report = oms.reconciler().checkDrift(store.id());
                    metrics.driftChecked(report);
                    if (!report.isClean()) {
                        LOG.warn(
                                "store {}: {} counter(s) differ from the stock ledger and orders: {}",
                                store.id(),
                                report.drifts().size(),
                                describe(report.drifts()));
                    }
                } catch (OmsException e) {
                    metrics.failure("DRIFT_CHECK");
                    LOG.warn("drift check of store {} failed; the next pass retries: {}", store.id(), e.getMessage());
                }
            }
        }

        private static String describe(List<Drift> drifts) {
            StringBuilder out = new StringBuilder();
            for (Drift d : drifts) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(d.resource().key());
                if (d.batch() != null) {
                    out.append(" batch ").append(d.batch().code().value());
                }
                out.append(' ')
                        .append(d.counter())
                        .append(" recorded ")
                        .append(d.recorded())
                        .append(", lock has ")
                        .append(d.actual());
            }
            return out.toString();
        }
    }
}
