package io.qcommerce.oms.autoconfigure;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.qcommerce.oms.event.DispatchReport;
import io.qcommerce.oms.event.SubscriberStatus;
import io.qcommerce.oms.ledger.Drift;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.placement.Reconciler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduled jobs' work in Micrometer:
 * <ul>
 *   <li>{@code oms.reconciler.passes}; {@code oms.reconciler.repairs{repair}}: orders_cancelled (hold lapsed
 *       unpaid), orders_confirmed (hold sold, order not yet confirmed); {@code oms.reconciler.failures};
 *       {@code oms.ledger.shipped{by=reconciler}}: stock movements copied to the durable ledger;</li>
 *   <li>{@code oms.events.delivered{subscriber}}, {@code oms.events.failures{subscriber}}, and the gauges
 *       {@code oms.events.lag{subscriber}} (events of the feed after its checkpoint) and
 *       {@code oms.events.failures.in.row{subscriber}}, as of the last dispatcher pass;</li>
 *   <li>{@code oms.stock.drift.checks} (stores checked), {@code oms.stock.drift{counter}} (counters found
 *       differing from the durable record) and the gauges {@code oms.stock.drift.stores} (stores differing at the
 *       last pass) and {@code oms.stock.drift.stores.persistent} (differing at the last two passes: a hold in
 *       flight while a pass read shows once, a lost or wrong counter stays; alert on this one);</li>
 *   <li>{@code oms.jobs.failures{job}}: passes that failed as a whole (reconciler, events, drift-check).</li>
 * </ul>
 */
final class MeteredJobs implements JobObserver {
    private final MeterRegistry registry;
    private final AtomicLong storesDiffering = new AtomicLong();
    private final AtomicLong storesDifferingAgain = new AtomicLong();
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failuresInRow = new ConcurrentHashMap<>();

    MeteredJobs(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("oms.stock.drift.stores", storesDiffering, AtomicLong::get)
                .description("Stores whose inventory-lock counters differed from the durable record at the last check")
                .register(registry);
        Gauge.builder("oms.stock.drift.stores.persistent", storesDifferingAgain, AtomicLong::get)
                .description("Stores whose counters differed from the durable record at the last two checks")
                .register(registry);
        registry.counter("oms.reconciler.passes");
        registry.counter("oms.stock.drift.checks");
    }

    @Override
    public void reconciled(Reconciler.Report report) {
        registry.counter("oms.reconciler.passes").increment();
        registry.counter("oms.reconciler.repairs", "repair", "orders_cancelled").increment(report.ordersCancelled());
        registry.counter("oms.reconciler.repairs", "repair", "orders_confirmed").increment(report.ordersConfirmed());
        registry.counter("oms.reconciler.failures").increment(report.failures());
        registry.counter("oms.ledger.shipped", "by", "reconciler").increment(report.movementsShipped());
    }

    @Override
    public void dispatched(DispatchReport report, List<SubscriberStatus> subscribers) {
        report.delivered().forEach((name, n) -> registry.counter("oms.events.delivered", "subscriber", name)
                .increment(n));
        report.failed().forEach(name -> registry.counter("oms.events.failures", "subscriber", name)
                .increment());
        for (SubscriberStatus status : subscribers) {
            gauge(lag, "oms.events.lag", status.name()).set(status.lag());
            gauge(failuresInRow, "oms.events.failures.in.row", status.name()).set(status.failuresInRow());
        }
    }

    @Override
    public void driftChecked(DriftReport report) {
        registry.counter("oms.stock.drift.checks").increment();
        for (Drift drift : report.drifts()) {
            registry.counter("oms.stock.drift", "counter", drift.counter()).increment();
        }
    }

    @Override
    public void driftPassDone(int stores, int differing, int differingAgain) {
        storesDiffering.set(differing);
        storesDifferingAgain.set(differingAgain);
    }

    @Override
    public void failed(String job, RuntimeException e) {
        registry.counter("oms.jobs.failures", "job", job).increment();
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String subscriber) {
        return gauges.computeIfAbsent(subscriber, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get)
                    .tags(Tags.of("subscriber", s))
                    .register(registry);
            return value;
        });
    }
}
