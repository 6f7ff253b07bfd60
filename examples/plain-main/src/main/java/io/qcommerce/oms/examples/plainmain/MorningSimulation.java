package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.common.Actor;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.examples.plainmain.Shoppers.Outcome;
import io.qcommerce.oms.inventory.BatchLevel;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.ledger.DriftReport;
import io.qcommerce.oms.ledger.RebuildReport;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.order.OrderStatus;
import io.qcommerce.oms.placement.Reconciler;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.RecordingSubscriber;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import static io.qcommerce.oms.examples.plainmain.Invariants.f;

/**
 * A morning of the dark stores, minute by minute. The clock stands still while a minute's steps run, all at once
 * on the worker threads (shoppers, pickers, riders, the truck, the reconciler every five minutes, an auditor);
 * then it moves one minute on. So holds expire exactly when the library says, nobody sleeps, and the threads
 * really race for the last units. After 11:00 the clock runs on until every order is settled. At 09:00 the truck
 * comes, at 10:30 expired batches are written off, and at the loss time the lock loses its data: the stores it
 * took are rebuilt from the ledger and the orders, and the morning goes on.
 */
record MorningSimulation(SimulationOptions options, City city, PrintStream out) {
    static final ZoneId BENGALURU = ZoneId.of("Asia/Kolkata");
    static final LocalDate DAY = LocalDate.of(2025, 6, 2);
    static final LocalTime OPENING = LocalTime.of(7, 0);
    static final Duration HOLD_TTL = Duration.ofMinutes(10);
    /** The promise for delivery now: a batch must outlast it plus the SKU's minimum shelf life. */
    static final Duration DELIVERY_ALLOWANCE = Duration.ofMinutes(30);

    /** @throws Storage.UnavailableException when Redis or MongoDB cannot be used, before anything is written */
    MorningResult run() {
        long started = System.nanoTime();
        Instant opening = DAY.atTime(OPENING).atZone(BENGALURU).toInstant();
        MutableClock clock = MutableClock.at(opening);
        try (Storage storage = Storage.open(options, clock)) {
            RecordingSubscriber refunds = RecordingSubscriber.failingOnceAfter(49); // a refunds desk, down once
            Oms oms = storage.wire(Oms.builder()).clock(clock).config(OmsConfig.builder().holdTtl(HOLD_TTL)
                    .deliveryAllowance(DELIVERY_ALLOWANCE).lowStock(city.lowStockThresholds()).build())
                    .subscribe("refunds", refunds).build();
            out.printf("Dark-store morning: %d shoppers, %d threads, seed %d; %d stores, %d SKUs%n",
                    options.customers(), options.threads(), options.seed(), city.stores.size(), city.products.size());
            out.println("Backends" + (storage.onServers() ? " (run " + storage.runId + "):" : ":"));
            storage.description.forEach(line -> out.println("  " + line));
            city.install(oms);
            MorningResult result = play(oms, storage, clock, opening, started, refunds);
            if (storage.onServers()) {
                out.println(storage.clear());
            }
            return result;
        }
    }

    private MorningResult play(Oms oms, Storage storage, MutableClock clock, Instant opening, long started,
            RecordingSubscriber refunds) {
        Shoppers shoppers = new Shoppers(oms, opening);
        Invariants invariants = new Invariants(oms, city);
        List<ShopperPlan> plans = ShopperPlan.draw(city, options.customers(), options.seed());
        plans.forEach(shoppers::expect);
        city.deliveries.forEach(d -> shoppers.at(minuteOf(d.at()), m -> receive(oms, d, shoppers)));
        shoppers.at(minuteOf(LocalTime.of(10, 30)), m -> writeOffExpired(oms, shoppers));
        int lossMinute = options.loseStockAt() == null ? -1 : minuteOf(options.loseStockAt());
        MorningResult.Loss loss = null;
        ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        try {
            for (int minute = 0; ; minute++) {
                if (minute == lossMinute) { // between two minutes: nothing runs until the stores are rebuilt
                    loss = loseAndRebuild(oms, storage, invariants, clock);
                }
                List<IntConsumer> steps = shoppers.stepsAt(minute);
                if (minute > 0 && minute % 5 == 0) {
                    steps.add(m -> reconcile(oms, shoppers));
                }
                if (!steps.isEmpty()) {
                    steps.add(m -> oms.events().dispatch()); // the refunds desk gets what changed, at least once
                    steps.add(m -> invariants.audit());
                }
                runAll(pool, steps, minute, shoppers);
                boolean settled = minute >= ShopperPlan.MORNING_MINUTES && shoppers.idle() && city.storeIds().stream()
                        .allMatch(s -> oms.orders().byStoreAndStatus(s, OrderStatus.AWAITING_PAYMENT, 1).isEmpty());
                if (minute % 30 == 0 || settled) {
                    invariants.checkpoint();
                    progress(clock, orders(oms), shoppers);
                }
                if (settled) {
                    break;
                } else if (minute > ShopperPlan.MORNING_MINUTES + 24 * 60) {
                    throw new IllegalStateException("orders still open a day after the morning ended");
                }
                clock.advance(Duration.ofMinutes(1));
            }
        } finally {
            pool.shutdownNow();
        }
        reconcile(oms, shoppers); // the close: a last pass, which also ships the lock's last movements to the ledger
        for (int pass = 0; pass < 100 && (pass == 0 || oms.events().subscribers().get(0).lag() > 0); pass++) {
            oms.events().dispatch(); // and the refunds desk catches up
            clock.advance(Duration.ofMinutes(1));
        }
        invariants.checkpoint();
        List<Order> all = orders(oms);
        return new MorningResult(storage.runId, List.copyOf(storage.description), LocalTime.ofInstant(clock.instant(),
                BENGALURU), Duration.ofNanos(System.nanoTime() - started), shoppers, all, loss,
                city.storeIds().stream().flatMap(s -> oms.inventory().lowStock(s).stream()).toList(),
                invariants.verdicts(shoppers, all, refunds));
    }

    /**
     * With no step running: drift checks of every store, the loss, a rebuild of each lost store from the ledger
     * and the orders, and drift checks again. No reconciler pass runs first, so what the lock recorded since the
     * last one is lost with it; the rebuild recovers those movements from the orders.
     */
    private MorningResult.Loss loseAndRebuild(Oms oms, Storage storage, Invariants invariants, MutableClock clock) {
        List<StoreId> stores = city.storeIds();
        invariants.checkpoint();
        List<DriftReport> drifts = new ArrayList<>(stores.stream().map(s -> oms.recovery().checkDrift(s)).toList());
        List<StoreId> lost = storage.storesALossTakes(stores, City.KORAMANGALA);
        invariants.kit.rememberHolds(lost); // the checks read its finished holds as they were
        String what = storage.loseInventory(City.KORAMANGALA);
        long driftedAfterLoss = lost.stream().mapToLong(s -> oms.recovery().checkDrift(s).drifts().size()).sum();
        List<RebuildReport> rebuilt = lost.stream().map(s -> oms.recovery().rebuild(s)).toList();
        stores.forEach(s -> drifts.add(oms.reconciler().checkDrift(s)));
        invariants.loss(drifts, rebuilt);
        invariants.checkpoint();
        MorningResult.Loss loss = new MorningResult.Loss(LocalTime.ofInstant(clock.instant(), BENGALURU), what, lost,
                driftedAfterLoss, rebuilt.stream().mapToLong(RebuildReport::resources).sum(),
                rebuilt.stream().mapToLong(r -> r.holdsRestored().size()).sum(),
                rebuilt.stream().mapToLong(RebuildReport::movementsRecovered).sum(),
                drifts.stream().mapToLong(d -> d.drifts().size()).sum());
        out.println("  " + loss);
        return loss;
    }

    /** The truck's drop, every note sent twice (the movement id makes the second a no-op), one batch rescanned. */
    private static void receive(Oms oms, City.Delivery d, Shoppers shoppers) {
        StockChange change = StockChange.receive(d.store(), d.sku(), d.units()).batch(d.batch()).id(d.grn())
                .by(Actor.staff("receiving@" + d.store().value())).build();
        oms.inventory().apply(change);
        oms.inventory().apply(change);
        if (d.batch() != null) {
            StockChange rescan = StockChange.receive(d.store(), d.sku(), d.units()).batch(d.batch())
                    .id(MovementId.of(d.grn().value() + "-RESCAN")).build();
            if (Shoppers.refused(ErrorCode.DUPLICATE_BATCH, () -> oms.inventory().apply(rescan).level())) {
                shoppers.count(Outcome.BATCH_RESCAN_REFUSED, 1);
            }
        }
    }

    /** The shift lead takes every batch expired on the shelf off it (idempotent on a movement id per batch). */
    private void writeOffExpired(Oms oms, Shoppers shoppers) {
        for (StoreId s : city.storeIds()) {
            for (BatchLevel b : oms.inventory().expiringWithin(s, Duration.ZERO)) {
                if (b.batch().isExpiredAt(oms.clock().instant()) && b.onHand() > 0) {
                    oms.inventory().apply(StockChange.adjust(s, b.sku(), -b.onHand()).batch(b.batch().code())
                            .reason("expired, written off").by(Actor.staff("lead@" + s.value()))
                            .id(MovementId.of("wo-" + s.value() + "-" + b.batch().code().value())).build()).level();
                    shoppers.count(Outcome.UNITS_WRITTEN_OFF, b.onHand());
                }
            }
        }
    }

    private static void reconcile(Oms oms, Shoppers shoppers) {
        Reconciler.Report report = oms.reconciler().run();
        shoppers.count(Outcome.RECONCILER_CANCELLED, report.ordersCancelled());
        shoppers.count(Outcome.MOVEMENTS_SHIPPED, report.movementsShipped());
        if (report.failures() > 0) {
            shoppers.errors.add("reconciler pass had " + report.failures() + " failures");
        }
    }

    /** Runs one minute's steps at once and waits for all; a step that throws is reported, not fatal. */
    private static void runAll(ExecutorService pool, List<IntConsumer> steps, int minute, Shoppers shoppers) {
        List<Callable<Void>> tasks = steps.stream().<Callable<Void>>map(s -> () -> {
            s.accept(minute);
            return null;
        }).toList();
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    shoppers.errors.add(OPENING.plusMinutes(minute) + " " + e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every order of the run's stores, through the order service. */
    private List<Order> orders(Oms oms) {
        return city.storeIds().stream().flatMap(s -> Arrays.stream(OrderStatus.values())
                .flatMap(status -> oms.orders().byStoreAndStatus(s, status, Integer.MAX_VALUE).stream())).toList();
    }

    private void progress(MutableClock clock, List<Order> all, Shoppers shoppers) {
        out.println(f("  %s  orders %d  delivered %d  cancelled %d  awaiting payment %d  out of stock %d",
                LocalTime.ofInstant(clock.instant(), BENGALURU), all.size(), count(all, OrderStatus.DELIVERED),
                count(all, OrderStatus.CANCELLED), count(all, OrderStatus.AWAITING_PAYMENT),
                shoppers.get(Outcome.OUT_OF_STOCK)));
    }

    static long count(List<Order> all, OrderStatus status) {
        return all.stream().filter(o -> o.status() == status).count();
    }

    private static int minuteOf(LocalTime t) {
        return (int) Duration.between(OPENING, t).toMinutes();
    }
}
