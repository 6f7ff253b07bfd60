package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.OmsConfig;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderRepository;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A morning of the dark stores, minute by minute: on the embedded default (every port in memory), or with the
 * inventory lock on Redis and the orders, catalog and stores on MongoDB when the options give their URIs
 * ({@link Storage}). The simulation and its checks are the same on every backend.
 *
 * <p>The clock stands still while a minute's steps run, all at once on the worker threads: shoppers
 * checking out and paying, pickers and riders, the supply truck, the reconciler every five minutes and an
 * auditor reading the counters. Then the clock moves one minute on. So holds expire exactly when the
 * library says they do, without anyone sleeping, and the threads really race for the last units.
 *
 * <p>The morning runs from 07:00 to 11:00; after that the clock keeps going until every order that was
 * placed has been paid, cancelled or delivered.
 */
public final class MorningSimulation {
    public static final ZoneId BENGALURU = ZoneId.of("Asia/Kolkata");
    public static final LocalDate DAY = LocalDate.of(2025, 6, 2);
    public static final LocalTime OPENING = LocalTime.of(7, 0);
    public static final Duration HOLD_TTL = Duration.ofMinutes(10);
    static final int RECONCILE_EVERY_MINUTES = 5;
    static final int PROGRESS_EVERY_MINUTES = 30;
    /** A morning that has not settled a day after closing is stuck, not slow. */
    private static final int MAX_OVERTIME_MINUTES = 24 * 60;

    private final SimulationOptions options;
    private final SampleData data;
    private final PrintStream progress;

    /**
     * @param progress where the progress lines go; the summary is the caller's ({@link SummaryPrinter})
     */
    public MorningSimulation(SimulationOptions options, SampleData data, PrintStream progress) {
        this.options = options;
        this.data = data;
        this.progress = progress;
    }

    /**
     * Plays the morning and checks it.
     *
     * @throws Storage.UnavailableException when Redis or MongoDB cannot be reached or set up before the start
     */
    public MorningResult run() {
        long started = System.nanoTime();
        SimulationClock clock = new SimulationClock(DAY.atTime(OPENING).atZone(BENGALURU).toInstant(), BENGALURU);
        try (Storage storage = Storage.open(options, clock, Storage.newRunId())) {
            MorningResult result = run(storage, clock, started);
            if (storage.onRedis() || storage.onMongo()) {
                if (options.keepData()) {
                    progress.println(storage.kept());
                } else {
                    try {
                        progress.println(storage.clear());
                    } catch (RuntimeException e) {
                        progress.println("Could not remove the run's data (" + e + "): " + storage.kept());
                    }
                }
            }
            return result;
        }
    }

    private MorningResult run(Storage storage, SimulationClock clock, long started) {
        EventCounter events = new EventCounter();
        AtomicLong ids = new AtomicLong();
        Oms oms = storage.wire(Oms.builder())
                .clock(clock)
                .config(OmsConfig.builder().holdTtl(HOLD_TTL).lowStock(data.lowStockThresholds()).build())
                .idGenerator(() -> "gen-" + ids.incrementAndGet())
                .listener(events)
                .build();
        OrderRepository orders = oms.orderRepository();

        progress.printf("Dark-store morning: %d shoppers, %d threads, seed %d; %d stores, %d SKUs, hold %d min%n",
                options.customers(), options.threads(), options.seed(), data.stores().size(),
                data.products().size(), HOLD_TTL.toMinutes());
        progress.println(storage.onRedis() || storage.onMongo() ? "Backends (run " + storage.runId() + "):" : "Backends:");
        storage.describe().forEach(line -> progress.println("  " + line));

        data.install(oms);

        Timeline timeline = new Timeline();
        Tally tally = new Tally();
        Journal journal = new Journal();
        List<ShopperPlan> plans = ShopperPlan.draw(data, options.customers(), options.seed());
        Invariants invariants = new Invariants(oms, data, plans.stream().map(ShopperPlan::customer).toList(),
                options.threads());
        Shoppers shoppers = new Shoppers(oms, data, timeline, tally, journal);
        plans.forEach(shoppers::expect);
        for (SampleData.Delivery d : data.deliveries()) {
            int at = (int) ChronoUnit.MINUTES.between(OPENING, d.at());
            timeline.at(Math.max(at, 0), m -> {
                // The truck's scanner sends every note twice; the movement id makes the second a no-op,
                // which the conservation check would catch if it were not.
                oms.inventory().receive(d.store(), d.sku(), d.units(), d.grn());
                oms.inventory().receive(d.store(), d.sku(), d.units(), d.grn());
                invariants.received(d.store(), d.sku(), d.units());
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), workers());
        int minute = 0;
        try {
            int arrived = 0;
            for (;; minute++) {
                List<Timeline.Step> steps = new ArrayList<>(timeline.start(minute));
                if (minute > 0 && minute % RECONCILE_EVERY_MINUTES == 0) {
                    steps.add(m -> reconcile(oms, tally));
                }
                if (!steps.isEmpty()) {
                    steps.add(m -> invariants.audit());
                }
                runAll(pool, steps, minute, journal);
                while (arrived < plans.size() && plans.get(arrived).arrivalMinute() <= minute) {
                    arrived++;
                }

                boolean morningOver = minute >= ShopperPlan.MORNING_MINUTES;
                boolean settled = morningOver && timeline.isEmpty() && noneAwaitingPayment(orders, clock);
                if (minute % PROGRESS_EVERY_MINUTES == 0 || settled) {
                    List<Order> all = invariants.checkpoint(clock.instant());
                    progressLine(clock, arrived, plans.size(), all, tally);
                }
                if (settled) {
                    break;
                }
                if (minute > ShopperPlan.MORNING_MINUTES + MAX_OVERTIME_MINUTES) {
                    throw new IllegalStateException("orders still open a day after the morning ended");
                }
                clock.advance(Duration.ofMinutes(1));
            }
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        // The close: one more reconciler pass, as a host would run on its schedule, then every check.
        try {
            reconcile(oms, tally);
        } catch (RuntimeException e) {
            journal.error("closing reconciler pass: " + e);
        }
        invariants.checkpoint(clock.instant());
        EventCounter.Snapshot seen = events.snapshot();
        List<Check> checks = invariants.verdicts(journal, seen);

        List<Order> all = invariants.orders();
        return new MorningResult(options, storage.runId(), storage.describe(), OPENING, clock.localTime(),
                Duration.ofNanos(System.nanoTime() - started), tally.outcomes(), tally.cartProblems(), tally.shortOf(5),
                orderBook(all), stock(invariants, all), seen, checks);
    }

    private static void reconcile(Oms oms, Tally tally) {
        Reconciler.Report report = oms.reconciler().run();
        tally.add(Tally.Outcome.RECONCILER_RUNS);
        tally.add(Tally.Outcome.RECONCILER_CANCELLED, report.ordersCancelled());
        tally.add(Tally.Outcome.RECONCILER_CONFIRMED, report.ordersConfirmed());
        tally.add(Tally.Outcome.HOLDS_REAPED, report.holdsExpired());
        if (report.failures() > 0) {
            throw new IllegalStateException("reconciler pass had " + report.failures() + " failures");
        }
    }

    /** Runs one minute's steps concurrently and waits for all; a step that throws is journaled, not fatal. */
    private static void runAll(ExecutorService pool, List<Timeline.Step> steps, int minute, Journal journal) {
        if (steps.isEmpty()) {
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>(steps.size());
        for (Timeline.Step step : steps) {
            tasks.add(() -> {
                step.run(minute);
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    journal.error(clockText(minute) + " " + e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at " + clockText(minute), e);
        }
    }

    private static String clockText(int minute) {
        return OPENING.plusMinutes(minute).toString();
    }

    /**
     * True when no order awaits payment. Asked through the reconciler's query of the port, with a
     * cutoff past the expiry of any hold placed so far, so it is one cheap query on every backend.
     */
    private static boolean noneAwaitingPayment(OrderRepository orders, SimulationClock clock) {
        return orders.findAwaitingPaymentExpiredBy(clock.instant().plus(Duration.ofDays(1)), 1).isEmpty();
    }

    private void progressLine(SimulationClock clock, int arrived, int total, List<Order> all, Tally tally) {
        long paid = 0;
        long cancelled = 0;
        long awaiting = 0;
        long delivered = 0;
        for (Order o : all) {
            if (Invariants.wasPaid(o)) {
                paid++;
            }
            switch (o.status()) {
                case CANCELLED:
                    cancelled++;
                    break;
                case AWAITING_PAYMENT:
                    awaiting++;
                    break;
                case DELIVERED:
                    delivered++;
                    break;
                default:
                    break;
            }
        }
        progress.printf("  %s  shoppers %5d/%-5d  orders %5d  paid %5d  delivered %5d  cancelled %4d  "
                        + "awaiting payment %3d  out of stock %4d%n",
                clock.localTime(), arrived, total, all.size(), paid, delivered, cancelled, awaiting,
                tally.get(Tally.Outcome.OUT_OF_STOCK));
    }

    private static MorningResult.OrderBook orderBook(List<Order> all) {
        Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
        Map<CancelReason, Long> cancelledBy = new EnumMap<>(CancelReason.class);
        Map<SkuId, long[]> perSku = new HashMap<>();
        Map<SkuId, String> names = new HashMap<>();
        long paid = 0;
        long units = 0;
        long revenue = 0;
        long savings = 0;
        long restocked = 0;
        for (Order o : all) {
            byStatus.merge(o.status(), 1L, Long::sum);
            o.cancelReason().ifPresent(r -> cancelledBy.merge(r, 1L, Long::sum));
            if (!Invariants.wasPaid(o)) {
                continue;
            }
            paid++;
            if (o.status() == OrderStatus.CANCELLED) {
                restocked += o.totals().itemCount();
                continue;
            }
            units += o.totals().itemCount();
            revenue += o.totals().total().minor();
            savings += o.totals().savings().minor();
            for (OrderLine l : o.lines()) {
                long[] s = perSku.computeIfAbsent(l.sku(), k -> new long[2]);
                s[0] += l.quantity();
                s[1] += l.lineTotal().minor();
                names.put(l.sku(), l.name());
            }
        }
        List<MorningResult.SkuSales> top = new ArrayList<>();
        perSku.forEach((sku, s) -> top.add(new MorningResult.SkuSales(sku, names.get(sku), s[0], s[1])));
        top.sort(Comparator.comparingLong(MorningResult.SkuSales::units).reversed()
                .thenComparing(MorningResult.SkuSales::sku));
        return new MorningResult.OrderBook(all.size(), paid, Collections.unmodifiableMap(byStatus),
                Collections.unmodifiableMap(cancelledBy), units, revenue, savings, restocked,
                List.copyOf(top.subList(0, Math.min(5, top.size()))));
    }

    private List<MorningResult.StoreStock> stock(Invariants invariants, List<Order> all) {
        Map<StoreId, Long> sold = new HashMap<>();
        for (Order o : all) {
            if (o.status().isPaidFor()) {
                sold.merge(o.store(), 1L, Long::sum);
            }
        }
        Map<StoreId, Map<SkuId, StockLevel>> levels = invariants.levels();
        Map<StoreId, MorningResult.StoreStock> out = new LinkedHashMap<>();
        for (Store s : data.stores()) {
            long onHand = 0;
            long reserved = 0;
            List<SkuId> soldOut = new ArrayList<>();
            for (Map.Entry<SkuId, StockLevel> e : levels.get(s.id()).entrySet()) {
                onHand += e.getValue().onHand();
                reserved += e.getValue().reserved();
                if (e.getValue().available() <= 0 && data.product(e.getKey()).sku().active()) {
                    soldOut.add(e.getKey());
                }
            }
            out.put(s.id(), new MorningResult.StoreStock(s.id(), s.name(), s.active(), sold.getOrDefault(s.id(), 0L),
                    onHand, reserved, onHand - reserved, List.copyOf(soldOut)));
        }
        return List.copyOf(out.values());
    }

    /** Daemon workers with readable names, so a stuck run shows who is stuck and never blocks JVM exit. */
    private static ThreadFactory workers() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "morning-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

}
