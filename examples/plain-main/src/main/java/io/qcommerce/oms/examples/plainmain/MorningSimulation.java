package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.Batch;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderLine;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.report.StorePerformance;
import io.qcommerce.oms.slot.SlotAvailability;
import io.qcommerce.oms.slot.SlotId;
import io.qcommerce.oms.store.Store;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
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
import java.util.Locale;
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
 * inventory lock on Redis and the orders, catalog, stores and slots on MongoDB when the options give their URIs
 * ({@link Storage}). The simulation and its checks are the same on every backend.
 *
 * <p>The clock stands still while a minute's steps run, all at once on the worker threads: shoppers
 * checking out and paying, pickers and riders, the supply truck, the reconciler every five minutes and an
 * auditor reading the counters. Then the clock moves one minute on. So holds expire exactly when the
 * library says they do, without anyone sleeping, and the threads really race for the last units.
 *
 * <p>The morning runs from 07:00 to 11:00; after that the clock keeps going until every order that was
 * placed has been paid, cancelled or delivered (orders booked in the lunch slot are delivered after 12:00).
 *
 * <p>Milk, curd, bread and paneer are kept in batches with an expiry; the truck brings fresh batches at 09:00,
 * and at 10:30 the shift lead writes off what has expired on the shelf.
 *
 * <p>At {@code --lose-stock-at} (10:00 by default) the inventory lock loses its data, as a Redis restarted without
 * persistence would: the shoppers pause, the stores that lost their counters are rebuilt from the durable record
 * (the stock ledger and the orders, {@code oms.recovery().rebuild}), with drift checks before and after, and the
 * morning goes on. Every check must pass all the same.
 */
public final class MorningSimulation {
    public static final ZoneId BENGALURU = ZoneId.of("Asia/Kolkata");
    public static final LocalDate DAY = LocalDate.of(2025, 6, 2);
    public static final LocalTime OPENING = LocalTime.of(7, 0);
    public static final Duration HOLD_TTL = Duration.ofMinutes(10);
    /** The promise for delivery now: batches must outlast it plus the SKU's minimum shelf life. */
    public static final Duration DELIVERY_ALLOWANCE = Duration.ofMinutes(30);
    static final int RECONCILE_EVERY_MINUTES = 5;
    static final int PROGRESS_EVERY_MINUTES = 30;
    /** When the shift lead takes expired batches off the shelf. */
    static final LocalTime WRITE_OFF_AT = LocalTime.of(10, 30);
    /** The summary lists the batches that expire within this much of the close. */
    static final Duration EXPIRING_SOON = Duration.ofHours(24);
    /** The store whose data the in-memory lock loses (on Redis every store loses its data). */
    static final StoreId LOST_STORE = StoreId.of("BLR-KOR-01");
    /** The SKU whose stock across the stores the summary shows ({@code oms.reports().stockAcrossStores}). */
    static final SkuId ACROSS_STORES_SKU = SkuId.of("AMUL-TAAZA-500ML");
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
        MutableClock clock = MutableClock.at(DAY.atTime(OPENING).atZone(BENGALURU).toInstant());
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

    private MorningResult run(Storage storage, MutableClock clock, long started) {
        EventCounter events = new EventCounter();
        AtomicLong ids = new AtomicLong();
        Oms oms = storage.wire(Oms.builder())
                .clock(clock)
                .config(OmsConfig.builder().holdTtl(HOLD_TTL).deliveryAllowance(DELIVERY_ALLOWANCE)
                        .lowStock(data.lowStockThresholds()).build())
                .idGenerator(() -> "gen-" + ids.incrementAndGet())
                .listener(events)
                .build();

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
        Invariants invariants = new Invariants(oms, data, plans.stream().map(ShopperPlan::customer).toList());
        Pickers pickers = new Pickers(oms, tally, journal, OPENING);
        Shoppers shoppers = new Shoppers(oms, data, timeline, tally, journal, pickers, clock.instant());
        plans.forEach(shoppers::expect);
        for (SampleData.Delivery d : data.deliveries()) {
            int at = (int) ChronoUnit.MINUTES.between(OPENING, d.at());
            timeline.at(Math.max(at, 0), m -> receive(oms, d, tally));
        }
        timeline.at((int) ChronoUnit.MINUTES.between(OPENING, WRITE_OFF_AT),
                m -> writeOffExpired(oms, data, tally, journal));

        int lossMinute = options.lossAt().map(t -> (int) ChronoUnit.MINUTES.between(OPENING, t)).orElse(-1);
        MorningResult.StockLoss loss = null;
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), workers());
        int minute = 0;
        try {
            int arrived = 0;
            for (;; minute++) {
                if (minute == lossMinute) {
                    // Between two minutes: no step runs until the stores are rebuilt.
                    loss = loseAndRebuild(oms, storage, invariants, journal, tally, clock);
                }
                List<Timeline.Step> steps = new ArrayList<>(timeline.start(minute));
                if (minute > 0 && minute % RECONCILE_EVERY_MINUTES == 0) {
                    steps.add(m -> reconcile(oms, tally));
                }
                for (StoreId store : pickers.storesWithWork(minute)) {
                    steps.add(m -> pickers.round(store, m));
                }
                if (!steps.isEmpty()) {
                    steps.add(m -> invariants.audit());
                }
                runAll(pool, steps, minute, journal);
                while (arrived < plans.size() && plans.get(arrived).arrivalMinute() <= minute) {
                    arrived++;
                }

                boolean morningOver = minute >= ShopperPlan.MORNING_MINUTES;
                boolean settled = morningOver && timeline.isEmpty() && pickers.idle()
                        && noneAwaitingPayment(oms);
                if (minute % PROGRESS_EVERY_MINUTES == 0 || settled) {
                    List<Order> all = invariants.checkpoint();
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

        // The close: one more reconciler pass, as a host would run on its schedule (it also copies the lock's last
        // movements to the durable ledger), then every check.
        try {
            reconcile(oms, tally);
        } catch (RuntimeException e) {
            journal.error("closing reconciler pass: " + e);
        }
        invariants.checkpoint();
        EventCounter.Snapshot seen = events.snapshot();
        List<Check> checks = invariants.verdicts(journal, seen);

        List<Order> all = invariants.orders();
        if (loss != null) {
            loss = withFates(loss, all);
        }
        Instant opened = DAY.atTime(OPENING).atZone(BENGALURU).toInstant();
        return new MorningResult(options, storage.runId(), storage.describe(), OPENING, localTime(clock),
                Duration.ofNanos(System.nanoTime() - started), tally.outcomes(), tally.cartProblems(), tally.shortOf(5),
                orderBook(all), stock(invariants, all), slotFills(oms, all), soldByBatch(all),
                expiringSoon(oms, clock.instant()), lowStock(oms), picking(tally, pickers),
                performance(oms, opened, clock.instant()), acrossStores(oms), loss, invariants.ledgerTotals(), seen,
                checks);
    }

    /**
     * The inventory lock loses its data at this minute, with no step running: the checks of the counters and every
     * store's drift check, then the loss, the lost stores' drift checks (now far off), a rebuild of each from the
     * ledger and the orders, and every store's drift check and the counters' checks again. No reconciler pass runs
     * first: what the lock recorded since the last one (up to {@link #RECONCILE_EVERY_MINUTES} minutes of holds and
     * sales) is lost with it, and the rebuild recovers those movements from the orders.
     */
    private MorningResult.StockLoss loseAndRebuild(Oms oms, Storage storage, Invariants invariants, Journal journal,
                                                   Tally tally, MutableClock clock) {
        List<StoreId> stores = data.stores().stream().map(Store::id).toList();
        invariants.checkpoint();
        List<DriftReport> before = new ArrayList<>();
        // The recovery's own drift check, which copies nothing to the ledger (the reconciler's would ship first).
        stores.forEach(s -> before.add(oms.recovery().checkDrift(s)));
        invariants.drift("before the loss at " + localTime(clock), before);

        List<StoreId> lost = storage.storesALossTakes(stores, LOST_STORE);
        invariants.rememberHolds(lost);
        String what = storage.loseInventory(LOST_STORE);
        List<DriftReport> afterLoss = new ArrayList<>();
        lost.forEach(s -> afterLoss.add(oms.reconciler().checkDrift(s)));

        List<RebuildReport> rebuilt = new ArrayList<>();
        lost.forEach(s -> rebuilt.add(oms.recovery().rebuild(s)));
        invariants.rebuilt(rebuilt);
        List<DriftReport> after = new ArrayList<>();
        stores.forEach(s -> after.add(oms.reconciler().checkDrift(s)));
        invariants.drift("after the rebuild", after);
        invariants.checkpoint();

        MorningResult.StockLoss loss = new MorningResult.StockLoss(localTime(clock), what, lost, before, afterLoss,
                rebuilt, after, 0, 0);
        progress.printf(Locale.ROOT, "  %s  the inventory lock lost the data of %s; counters drifted: %d before, %d after "
                        + "the loss; rebuilt: %d counters, %d holds restored, %d dropped, %d problems, %d movements "
                        + "recovered; drifted after: %d%n",
                localTime(clock), lost.stream().map(StoreId::value).collect(java.util.stream.Collectors.joining(", ")),
                MorningResult.StockLoss.drifts(before), MorningResult.StockLoss.drifts(afterLoss),
                rebuilt.stream().mapToLong(RebuildReport::resources).sum(), loss.holdsRestored(), loss.holdsDropped(),
                loss.problems(), loss.movementsRecovered(), MorningResult.StockLoss.drifts(after));
        return loss;
    }

    /** The loss, with what became of the orders whose hold the rebuild restored. */
    private static MorningResult.StockLoss withFates(MorningResult.StockLoss loss, List<Order> all) {
        java.util.Set<io.qcommerce.oms.inventory.ReservationId> restored = new java.util.HashSet<>();
        loss.rebuilt().forEach(r -> restored.addAll(r.holdsRestored()));
        long paid = 0;
        long unpaid = 0;
        for (Order o : all) {
            if (restored.contains(o.reservationId())) {
                if (Invariants.wasPaid(o)) {
                    paid++;
                } else {
                    unpaid++;
                }
            }
        }
        return new MorningResult.StockLoss(loss.at(), loss.what(), loss.stores(), loss.before(), loss.afterLoss(),
                loss.rebuilt(), loss.afterRebuild(), paid, unpaid);
    }

    /** Each store's low-stock list at the close, with the thresholds that decide it. */
    private List<MorningResult.StoreLowStock> lowStock(Oms oms) {
        List<MorningResult.StoreLowStock> out = new ArrayList<>();
        for (Store s : data.stores()) {
            java.util.OptionalLong storeDefault = data.storeDefaultThreshold(s.id());
            int own = (int) data.thresholds().stream()
                    .filter(t -> t.store().equals(s.id()) && !t.isStoreDefault()).count();
            out.add(new MorningResult.StoreLowStock(s.id(), storeDefault.isPresent() ? storeDefault.getAsLong() : null,
                    own, oms.inventory().lowStock(s.id())));
        }
        return List.copyOf(out);
    }

    private static MorningResult.Picking picking(Tally tally, Pickers pickers) {
        Pickers.Sample b = pickers.busiest();
        MorningResult.PickSample sample = b == null ? null : new MorningResult.PickSample(b.list().store(), b.at(),
                b.list().orders().size(), b.started(), b.units(), b.list().lines());
        return new MorningResult.Picking(tally.get(Tally.Outcome.PICKING_LISTS), tally.get(Tally.Outcome.ORDERS_PICKED),
                sample);
    }

    /** Each store's report for the orders placed from the opening to the close. */
    private List<StorePerformance> performance(Oms oms, Instant from, Instant to) {
        List<StorePerformance> out = new ArrayList<>();
        for (Store s : data.stores()) {
            out.add(oms.reports().storePerformance(s.id(), from, to));
        }
        return List.copyOf(out);
    }

    private MorningResult.SkuAcrossStores acrossStores(Oms oms) {
        return new MorningResult.SkuAcrossStores(ACROSS_STORES_SKU, data.product(ACROSS_STORES_SKU).sku().name(),
                oms.reports().stockAcrossStores(ACROSS_STORES_SKU));
    }

    /**
     * The truck's drop. Its scanner sends every note twice; the movement id makes the second a no-op, which the
     * conservation checks would catch if it were not. A batch's crate is then scanned once more by the second
     * driver under a note of his own: the batch code is already in the store, so the library must refuse it
     * (DUPLICATE_BATCH) rather than count the crate twice.
     */
    private static void receive(Oms oms, SampleData.Delivery d, Tally tally) {
        if (d.batch() == null) {
            oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.receive(d.store(), d.sku(), d.units()).id(d.grn()).build()).level();
            oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.receive(d.store(), d.sku(), d.units()).id(d.grn()).build()).level();
            return;
        }
        oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.receive(d.store(), d.sku(), d.units()).batch(d.batch()).id(d.grn()).build()).level();
        oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.receive(d.store(), d.sku(), d.units()).batch(d.batch()).id(d.grn()).build()).level();
        try {
            oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.receive(d.store(), d.sku(), d.units()).batch(d.batch()).id(MovementId.of(d.grn().value() + "-RESCAN")).build()).level();
        } catch (OmsException e) {
            if (e.code() != ErrorCode.DUPLICATE_BATCH) {
                throw e;
            }
            tally.add(Tally.Outcome.BATCH_RESCAN_REFUSED);
        }
    }

    /**
     * The shift lead's round: every batch that has expired on a store's shelf is written off, its units taken out
     * with an adjustment of that batch (idempotent on a movement id of the store and batch).
     */
    private static void writeOffExpired(Oms oms, SampleData data, Tally tally,
                                        Journal journal) {
        Instant now = oms.clock().instant();
        for (Store s : data.stores()) {
            for (BatchLevel b : oms.inventory().expiringWithin(s.id(), Duration.ZERO)) {
                if (!b.batch().isExpiredAt(now) || b.onHand() <= 0) {
                    continue;
                }
                StockChangeResult result = oms.inventory().apply(io.qcommerce.oms.inventory.StockChange.adjust(s.id(), b.sku(), -b.onHand()).batch(b.batch().code()).reason("expired " + b.batch().expiresAt() + ", written off").id(MovementId.of("wo-" + s.id().value() + "-" + b.batch().code().value())).build());
                if (result instanceof StockChangeResult.Rejected) {
                    journal.error("write-off of " + b + " refused: " + ((StockChangeResult.Rejected) result).why());
                    continue;
                }
                tally.add(Tally.Outcome.BATCHES_WRITTEN_OFF);
                tally.add(Tally.Outcome.UNITS_WRITTEN_OFF, b.onHand());
            }
        }
    }

    /** Every slot of the day as the library lists it at the close, with the orders that paid for it. */
    private List<MorningResult.SlotFill> slotFills(Oms oms, List<Order> all) {
        Map<SlotId, long[]> orders = new HashMap<>();
        for (Order o : all) {
            if (o.slot() != null && Invariants.wasPaid(o)) {
                long[] n = orders.computeIfAbsent(o.slot().id(), k -> new long[2]);
                n[0]++;
                if (Invariants.gaveSlotBack(o)) {
                    n[1]++;
                }
            }
        }
        List<MorningResult.SlotFill> out = new ArrayList<>();
        for (Store s : data.stores()) {
            for (SlotAvailability a : oms.slots().list(s.id(), DAY, DAY)) {
                long[] n = orders.getOrDefault(a.slot().id(), new long[2]);
                out.add(new MorningResult.SlotFill(a.slot().id(), a.slot().store(),
                        LocalTime.ofInstant(a.slot().start(), BENGALURU), LocalTime.ofInstant(a.slot().end(), BENGALURU),
                        LocalTime.ofInstant(a.slot().cutoff(), BENGALURU), a.slot().type(), a.slot().active(),
                        a.slot().capacity(), a.booked(), a.held(), a.remaining(), n[0], n[1]));
            }
        }
        return List.copyOf(out);
    }

    /** Units sold (orders paid and not cancelled) by store, SKU and batch, from the orders' lines. */
    private List<MorningResult.BatchSales> soldByBatch(List<Order> all) {
        Map<String, Batch> batches = data.knownBatches();
        List<MorningResult.BatchSales> out = new ArrayList<>();
        Invariants.soldByBatch(all).forEach((key, units) -> {
            String[] parts = key.split("/");
            Batch batch = batches.get(key);
            out.add(new MorningResult.BatchSales(StoreId.of(parts[0]), SkuId.of(parts[1]), parts[2],
                    batch == null ? null : batch.expiresAt().atZone(BENGALURU).toLocalDateTime(), units));
        });
        return List.copyOf(out);
    }

    /** The batches on the shelves at the close that expire within {@link #EXPIRING_SOON}, expired ones included. */
    private List<MorningResult.ExpiringBatch> expiringSoon(Oms oms, Instant now) {
        List<MorningResult.ExpiringBatch> out = new ArrayList<>();
        for (Store s : data.stores()) {
            for (BatchLevel b : oms.inventory().expiringWithin(s.id(), EXPIRING_SOON)) {
                out.add(new MorningResult.ExpiringBatch(s.id(), b.sku(), b.batch().code().value(),
                        b.batch().expiresAt().atZone(BENGALURU).toLocalDateTime(), b.onHand(), b.reserved(),
                        b.batch().isExpiredAt(now)));
            }
        }
        return List.copyOf(out);
    }

    private static void reconcile(Oms oms, Tally tally) {
        Reconciler.Report report = oms.reconciler().run();
        tally.add(Tally.Outcome.RECONCILER_RUNS);
        tally.add(Tally.Outcome.RECONCILER_CANCELLED, report.ordersCancelled());
        tally.add(Tally.Outcome.RECONCILER_CONFIRMED, report.ordersConfirmed());
        tally.add(Tally.Outcome.HOLDS_REAPED, report.holdsExpired());
        tally.add(Tally.Outcome.MOVEMENTS_SHIPPED, report.movementsShipped());
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

    /** True when no order awaits payment: one short query per store. */
    private boolean noneAwaitingPayment(Oms oms) {
        return data.stores().stream()
                .allMatch(s -> oms.orders().byStoreAndStatus(s.id(), OrderStatus.AWAITING_PAYMENT, 1).isEmpty());
    }

    private void progressLine(MutableClock clock, int arrived, int total, List<Order> all, Tally tally) {
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
                localTime(clock), arrived, total, all.size(), paid, delivered, cancelled, awaiting,
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
        long returned = 0;
        long backOnShelf = 0;
        long refunded = 0;
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
            if (o.status() == OrderStatus.RETURNED) {
                returned += o.totals().itemCount();
                refunded += o.totals().total().minor();
                if (Invariants.backOnShelf(o)) {
                    backOnShelf += o.totals().itemCount();
                }
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
                Collections.unmodifiableMap(cancelledBy), units, revenue, savings, restocked, returned, backOnShelf,
                refunded, List.copyOf(top.subList(0, Math.min(5, top.size()))));
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

    /** The time of day in Bengaluru on the simulation's clock. */
    static LocalTime localTime(java.time.Clock clock) {
        return LocalTime.ofInstant(clock.instant(), BENGALURU);
    }
}
