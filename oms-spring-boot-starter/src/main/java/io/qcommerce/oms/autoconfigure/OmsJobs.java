package io.qcommerce.oms.autoconfigure;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.event.DispatchReport;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The library's jobs on a schedule of their own (no {@code @EnableScheduling} needed in the host): the reconciler,
 * the event dispatcher and the drift check, each on its own daemon thread with a fixed delay between runs.
 *
 * <p>Every instance of a service runs them, which the library makes safe: the reconciler is idempotent and safe
 * beside live traffic and other reconcilers (each repair is an atomic step on the hold, then a compare-and-set on
 * the order: see {@link Reconciler}); dispatchers on several instances deliver some events twice and lose none
 * (checkpoints only move forward: see {@link io.qcommerce.oms.event.EventService}); the drift check only reads.
 * A failed pass is logged and counted, and the next pass retries. Stopped with the application context, before
 * the beans it uses are destroyed.
 */
final class OmsJobs implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(OmsJobs.class);

    private final Oms oms;
    private final OmsProperties properties;
    private final List<JobObserver> observers;
    private @Nullable ScheduledExecutorService executor;
    /** The stores the previous drift-check pass found differing. */
    private volatile Set<StoreId> previouslyDiffering = Set.of();

    OmsJobs(Oms oms, OmsProperties properties, List<JobObserver> observers) {
        this.oms = oms;
        this.properties = properties;
        this.observers = List.copyOf(observers);
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(3, daemonThreads());
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        schedule(ex, "reconciler", properties.getReconciler(), this::reconcile);
        schedule(ex, "events", properties.getEvents(), this::dispatch);
        schedule(ex, "drift-check", properties.getDriftCheck(), this::checkDrift);
        executor = ex;
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex;
        synchronized (this) {
            ex = executor;
            executor = null;
        }
        if (ex == null) {
            return;
        }
        ex.shutdown();
        try {
            if (!ex.awaitTermination(10, TimeUnit.SECONDS)) {
                ex.shutdownNow();
            }
        } catch (InterruptedException e) {
            ex.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** One reconciler pass. */
    void reconcile() {
        Reconciler.Report report = oms.reconciler().run();
        observers.forEach(o -> o.reconciled(report));
        if (report.ordersCancelled() + report.ordersConfirmed() + report.failures() > 0) {
            LOG.info(
                    "reconciler: {} orders cancelled, {} confirmed, {} holds expired, {} failures, {} movements shipped",
                    report.ordersCancelled(),
                    report.ordersConfirmed(),
                    report.holdsExpired(),
                    report.failures(),
                    report.movementsShipped());
        }
    }

    /** One event-dispatcher pass. */
    void dispatch() {
        DispatchReport report = oms.events().dispatch();
        var subscribers = oms.events().subscribers();
        observers.forEach(o -> o.dispatched(report, subscribers));
        if (!report.failed().isEmpty()) {
            LOG.warn("event subscribers failed and will be retried after their back-off: {}", report.failed());
        }
    }

    /** One drift-check pass over every store: compares, logs what differs, changes nothing. */
    void checkDrift() {
        List<Store> stores = oms.stores().all();
        Set<StoreId> differing = new HashSet<>();
        for (Store store : stores) {
            DriftReport report;
            try {
                report = oms.reconciler().checkDrift(store.id());
            } catch (RuntimeException e) {
                observers.forEach(o -> o.failed("drift-check", e));
                LOG.warn("drift check of store {} failed; the next pass retries: {}", store.id(), e.toString());
                continue;
            }
            observers.forEach(o -> o.driftChecked(report));
            if (!report.isClean()) {
                differing.add(store.id());
                LOG.warn(
                        "store {}: {} counter(s) of the inventory lock differ from the stock ledger and the orders"
                                + " (one that stays at the next pass is real: rebuild the store with"
                                + " oms.recovery().rebuild): {}",
                        store.id().value(),
                        report.drifts().size(),
                        describe(report.drifts()));
            }
        }
        int checked = stores.size();
        int again =
                (int) differing.stream().filter(previouslyDiffering::contains).count();
        previouslyDiffering = Set.copyOf(differing);
        observers.forEach(o -> o.driftPassDone(checked, differing.size(), again));
    }

    private void schedule(ScheduledThreadPoolExecutor ex, String job, OmsProperties.Schedule schedule, Runnable pass) {
        if (!schedule.isEnabled()) {
            return;
        }
        Duration interval = schedule.getInterval();
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(
                    "oms scheduled job " + job + ": interval must be positive, is " + interval);
        }
        ex.scheduleWithFixedDelay(
                () -> runGuarded(job, pass),
                Math.max(0, schedule.getInitialDelay().toMillis()),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void runGuarded(String job, Runnable pass) {
        try {
            pass.run();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule: log, count, and let the next pass retry.
            observers.forEach(o -> o.failed(job, e));
            LOG.warn("oms {} pass failed; the next pass retries: {}", job, e.toString());
        }
    }

    private static String describe(List<Drift> drifts) {
        List<String> parts = new ArrayList<>();
        for (Drift d : drifts) {
            String batch = d.batch() == null ? "" : " batch " + d.batch().code().value();
            parts.add(d.resource().key() + batch + " " + d.counter() + " recorded " + d.recorded() + ", lock has "
                    + d.actual());
        }
        return String.join("; ", parts);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "oms-jobs-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
