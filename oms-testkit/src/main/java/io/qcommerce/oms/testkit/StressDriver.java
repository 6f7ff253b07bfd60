package io.qcommerce.oms.testkit;

import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.ConfirmResult;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.MovementId;
import io.qcommerce.oms.inventory.ReleaseResult;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.ReserveResult;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.Shortfall;
import io.qcommerce.oms.inventory.StockChange;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.store.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Hammers an {@link InventoryLock} from many threads and records what it answered, so that any lost or
 * invented unit shows up afterwards.
 *
 * <p>Each worker thread repeats: pick a store and 1 to {@code maxLines} of its resources, reserve 1 to
 * {@code maxUnitsPerLine} units of each under a reservation id of its own, then confirm, release or
 * abandon the hold (left to expire). Some calls are repeated with the same ids, as a client retrying after
 * a timeout would (a repeated reserve lists the lines in another order); some steps receive or adjust
 * stock instead, when {@code movementShare} is above zero. When given the {@link MutableClock} the lock
 * reads, workers move it forward as they go, so holds expire while others confirm them.
 *
 * <p>While the workers run, a monitor thread reads the levels of every counter without pause and records
 * any reading outside {@code 0 <= reserved <= onHand}. Every answer is checked against the port's promises
 * as it arrives (lines all held, shortfalls real, repeats answered alike, no confirmation at or after
 * expiry, no release of a confirmed hold); what breaks one is a violation in the {@link StressReport}.
 *
 * <p>Retryable errors ({@link OmsException#isRetryable()}) are retried with the same ids, at most
 * {@code backendRetries} times; what still fails is recorded as uncertain (see
 * {@link StressReport#settle}). Any other exception is a violation. The run is bounded by the operation
 * count and by {@code timeout}; nothing in it sleeps. A driver is immutable and may be run more than once
 * (each run needs fresh ids: give each its own {@code idPrefix}).
 */
public final class StressDriver {
    private static final int MAX_VIOLATIONS_KEPT = 200;

    private final InventoryLock lock;
    private final List<StoreId> stores;
    private final Map<StoreId, List<Resource>> resourcesByStore;
    private final List<StockKey> keys;
    private final int threads;
    private final int operationsPerThread;
    private final long seed;
    private final String idPrefix;
    private final int maxLines;
    private final int maxUnitsPerLine;
    private final Duration minTtl;
    private final Duration maxTtl;
    private final double confirmShare;
    private final double releaseShare;
    private final double retryShare;
    private final double movementShare;
    private final @Nullable MutableClock clock;
    private final int advanceEvery;
    private final Duration advanceStep;
    private final int backendRetries;
    private final Duration timeout;
    private final boolean monitor;

    private StressDriver(Builder b) {
        this.lock = b.lock;
        Map<StoreId, List<Resource>> byStore = new LinkedHashMap<>();
        for (StockKey key : new TreeSet<>(b.keys)) {
            byStore.computeIfAbsent(key.store(), s -> new ArrayList<>()).add(key.resource());
        }
        byStore.replaceAll((s, list) -> List.copyOf(list));
        this.resourcesByStore = Collections.unmodifiableMap(byStore);
        this.stores = List.copyOf(byStore.keySet());
        this.keys = List.copyOf(new TreeSet<>(b.keys));
        this.threads = b.threads;
        this.operationsPerThread = b.operationsPerThread;
        this.seed = b.seed;
        this.idPrefix = b.idPrefix;
        this.maxLines = b.maxLines;
        this.maxUnitsPerLine = b.maxUnitsPerLine;
        this.minTtl = b.minTtl;
        this.maxTtl = b.maxTtl;
        this.confirmShare = b.confirmShare;
        this.releaseShare = b.releaseShare;
        this.retryShare = b.retryShare;
        this.movementShare = b.movementShare;
        this.clock = b.clock;
        this.advanceEvery = b.advanceEvery;
        this.advanceStep = b.advanceStep;
        this.backendRetries = b.backendRetries;
        this.timeout = b.timeout;
        this.monitor = b.monitor;
    }

    public static Builder builder(InventoryLock lock) {
        return new Builder(lock);
    }

    /** The longest time-to-live a hold of this driver may have: advance the clock past it to settle all. */
    public Duration maxTtl() {
        return maxTtl;
    }

    /** The counters the driver works on. */
    public List<StockKey> keys() {
        return keys;
    }

    /**
     * Runs the workers (and the monitor) to the end or to the deadline and returns what happened. Does not
     * move the clock at the end: to check the end state, advance it past {@link #maxTtl()} first.
     */
    public StressReport run() {
        Violations violations = new Violations();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean workersDone = new AtomicBoolean();
        AtomicLong samples = new AtomicLong();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Worker> workers = new ArrayList<>(threads);
        List<Thread> workerThreads = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Worker w = new Worker(i, new Random(seed * 1_000_003L + i), violations, start, deadline);
            workers.add(w);
            Thread t = new Thread(w, "oms-stress-" + idPrefix + "-" + i);
            t.setDaemon(true);
            workerThreads.add(t);
        }
        Thread monitorThread = null;
        if (monitor) {
            monitorThread = new Thread(
                    () -> monitorLevels(workersDone, samples, violations, start), "oms-stress-monitor-" + idPrefix);
            monitorThread.setDaemon(true);
            monitorThread.start();
        }
        workerThreads.forEach(Thread::start);
        long began = System.nanoTime();
        start.countDown();
        boolean stuck = false;
        for (Thread t : workerThreads) {
            if (!join(t, deadline + TimeUnit.SECONDS.toNanos(10))) {
                stuck = true;
                violations.add("worker " + t.getName() + " did not finish within " + timeout.plusSeconds(10)
                        + ": stuck in a call to the lock?");
                t.interrupt();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
        workersDone.set(true);
        if (monitorThread != null && !join(monitorThread, System.nanoTime() + TimeUnit.SECONDS.toNanos(10))) {
            violations.add("the level monitor did not stop: stuck in a call to the lock?");
            monitorThread.interrupt();
        }
        List<HoldAttempt> holds = new ArrayList<>();
        List<MovementAttempt> movements = new ArrayList<>();
        long calls = 0;
        boolean stopped = false;
        for (Worker w : workers) {
            // A stuck worker's lists may still change; what it did last is unknown anyway.
            synchronized (w) {
                holds.addAll(w.holds);
                movements.addAll(w.movements);
                calls += w.calls;
                stopped |= w.stoppedAtDeadline;
            }
        }
        if (stuck) {
            stopped = true;
        }
        return new StressReport(
                seed,
                threads,
                operationsPerThread,
                calls,
                samples.get(),
                elapsed,
                stopped,
                holds,
                movements,
                violations.list());
    }

    private static boolean join(Thread t, long untilNanos) {
        try {
            long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilNanos - System.nanoTime()));
            t.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    private void monitorLevels(AtomicBoolean done, AtomicLong samples, Violations violations, CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // At least one pass, even when the workers finish before this thread first runs.
        do {
            for (StoreId store : stores) {
                List<Resource> resources = Objects.requireNonNull(resourcesByStore.get(store), "resources");
                Map<Resource, StockLevel> levels;
                try {
                    levels = lock.levels(store, resources);
                } catch (OmsException e) {
                    if (!e.isRetryable()) {
                        violations.add("levels(" + store + ") threw " + e);
                    }
                    continue;
                } catch (RuntimeException e) {
                    violations.add("levels(" + store + ") threw " + e);
                    continue;
                }
                samples.incrementAndGet();
                for (Resource r : resources) {
                    StockLevel level = levels.get(r);
                    if (level == null) {
                        violations.add("levels(" + store + ") left out " + r);
                    } else {
                        InventoryInvariants.checkLevel(level).ifPresent(v -> violations.add("monitor saw " + v));
                    }
                }
            }
            Thread.yield();
        } while (!done.get() && !Thread.currentThread().isInterrupted());
    }

    /** What one call came to: its answer (null when still unknown after retries) and whether it was retried. */
    private static final class Answer<T> {
        final @Nullable T value;
        final boolean retried;

        Answer(@Nullable T value, boolean retried) {
            this.value = value;
            this.retried = retried;
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final Random random;
        final Violations violations;
        final CountDownLatch start;
        final long deadline;
        final List<HoldAttempt> holds = new ArrayList<>();
        final List<MovementAttempt> movements = new ArrayList<>();
        long calls;
        boolean stoppedAtDeadline;

        Worker(int index, Random random, Violations violations, CountDownLatch start, long deadline) {
            this.index = index;
            this.random = random;
            this.violations = violations;
            this.start = start;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int op = 0; op < operationsPerThread; op++) {
                if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
                    synchronized (this) {
                        stoppedAtDeadline = true;
                    }
                    return;
                }
                try {
                    step(op);
                } catch (RuntimeException e) {
                    violations.add("worker " + index + " failed at operation " + op + ": " + e);
                }
            }
        }

        private void step(int op) {
            if (clock != null && advanceEvery > 0 && (op + 1) % advanceEvery == 0) {
                clock.advance(advanceStep);
            }
            if (movementShare > 0 && random.nextDouble() < movementShare) {
                move(op);
            } else {
                hold(op);
            }
        }

        private boolean retry() {
            return retryShare > 0 && random.nextDouble() < retryShare;
        }

        private void record(HoldAttempt attempt) {
            synchronized (this) {
                holds.add(attempt);
            }
        }

        private void record(MovementAttempt attempt) {
            synchronized (this) {
                movements.add(attempt);
            }
        }

        /** Calls the lock, retrying retryable errors with the same arguments; null value = still unknown. */
        private <T> Answer<T> call(String what, Supplier<T> op) {
            boolean retried = false;
            for (int attempt = 0; ; attempt++) {
                synchronized (this) {
                    calls++;
                }
                try {
                    T value = op.get();
                    if (value == null) {
                        violations.add(what + " returned null");
                    }
                    return new Answer<>(value, retried);
                } catch (OmsException e) {
                    if (!e.isRetryable()) {
                        violations.add(what + " threw " + e);
                        return new Answer<>(null, retried);
                    }
                    if (attempt >= backendRetries) {
                        return new Answer<>(null, true);
                    }
                    retried = true;
                } catch (RuntimeException e) {
                    violations.add(what + " threw " + e + " (not an OmsException: a driver error crossed the port?)");
                    return new Answer<>(null, retried);
                }
            }
        }

        private void hold(int op) {
            StoreId store = stores.get(random.nextInt(stores.size()));
            List<Resource> pool = new ArrayList<>(resourcesByStore.get(store));
            Collections.shuffle(pool, random);
            int lineCount = 1 + random.nextInt(Math.min(maxLines, pool.size()));
            List<HoldLine> lines = new ArrayList<>(lineCount);
            for (int i = 0; i < lineCount; i++) {
                lines.add(new HoldLine(pool.get(i), 1 + random.nextInt(maxUnitsPerLine)));
            }
            long spanMillis = maxTtl.toMillis() - minTtl.toMillis();
            Duration ttl = minTtl.plusMillis(spanMillis == 0 ? 0 : (long) (random.nextDouble() * (spanMillis + 1)));
            HoldRequest request =
                    new HoldRequest(new ReservationId(idPrefix + "-" + index + "-" + op), store, lines, ttl);
            String name = "reserve " + request.id();

            Answer<ReserveResult> first = call(name, () -> lock.reserve(request));
            if (first.value == null) {
                record(new HoldAttempt(request, HoldAttempt.Outcome.UNCERTAIN));
                return;
            }
            if (first.value instanceof ReserveResult.Insufficient) {
                checkShortfalls(request, (ReserveResult.Insufficient) first.value);
                record(new HoldAttempt(request, HoldAttempt.Outcome.NOT_HELD));
                return;
            }
            ReserveResult.Reserved reserved = (ReserveResult.Reserved) first.value;
            checkReserved(request, reserved, first.retried);
            if (retry()) {
                List<HoldLine> reordered = new ArrayList<>(lines);
                Collections.reverse(reordered);
                HoldRequest again = new HoldRequest(request.id(), store, reordered, ttl);
                Answer<ReserveResult> second = call(name + " (repeat)", () -> lock.reserve(again));
                if (second.value != null) {
                    checkRepeatedReserve(reserved.reservation(), second.value);
                }
            }
            double action = random.nextDouble();
            HoldAttempt.Outcome outcome;
            if (action < confirmShare) {
                outcome = confirm(reserved.reservation());
            } else if (action < confirmShare + releaseShare) {
                outcome = release(reserved.reservation());
            } else {
                outcome = HoldAttempt.Outcome.ABANDONED;
            }
            record(new HoldAttempt(request, outcome));
        }

        private HoldAttempt.Outcome confirm(Reservation held) {
            String name = "confirm " + held.id();
            Instant before = clock == null ? null : clock.instant();
            Answer<ConfirmResult> answer = call(name, () -> lock.confirm(held.store(), held.id()));
            Instant after = clock == null ? null : clock.instant();
            if (answer.value == null) {
                return HoldAttempt.Outcome.UNCERTAIN;
            }
            HoldAttempt.Outcome outcome;
            ConfirmResult result = answer.value;
            checkSameHold(name, held, result.reservation());
            if (result instanceof ConfirmResult.Confirmed) {
                outcome = HoldAttempt.Outcome.CONFIRMED;
                checkStatus(name, result.reservation(), ReservationStatus.CONFIRMED);
                Instant finished = result.reservation().finishedAt();
                if (finished != null && !finished.isBefore(held.expiresAt())) {
                    violations.add(name + " confirmed at " + finished + ", at or after its expiry " + held.expiresAt());
                }
                if (before != null && !before.isBefore(held.expiresAt())) {
                    violations.add(name + " was confirmed although the clock read " + before
                            + " before the call, at or after its expiry " + held.expiresAt());
                }
            } else if (result instanceof ConfirmResult.Expired) {
                outcome = HoldAttempt.Outcome.EXPIRED;
                checkStatus(name, result.reservation(), ReservationStatus.EXPIRED);
                if (after != null && after.isBefore(held.expiresAt())) {
                    violations.add(name + " answered Expired although the clock read " + after
                            + " after the call, before its expiry " + held.expiresAt());
                }
            } else {
                violations.add(name + " answered " + result + " but nobody released it");
                return HoldAttempt.Outcome.RELEASED;
            }
            if (retry()) {
                Answer<ConfirmResult> again = call(name + " (repeat)", () -> lock.confirm(held.store(), held.id()));
                if (again.value != null && again.value.getClass() != result.getClass()) {
                    violations.add(name + " answered " + kind(result) + " then, repeated, " + kind(again.value));
                }
                if (retry()) {
                    Answer<ReleaseResult> release = call(
                            "release " + held.id() + " (after confirm)", () -> lock.release(held.store(), held.id()));
                    Class<?> expected = outcome == HoldAttempt.Outcome.CONFIRMED
                            ? ReleaseResult.AlreadyConfirmed.class
                            : ReleaseResult.Expired.class;
                    if (release.value != null && release.value.getClass() != expected) {
                        violations.add("release " + held.id() + ", after confirm answered " + kind(result)
                                + ", answered " + kind(release.value) + "; expected " + expected.getSimpleName());
                    }
                }
            }
            return outcome;
        }

        private HoldAttempt.Outcome release(Reservation held) {
            String name = "release " + held.id();
            Answer<ReleaseResult> answer = call(name, () -> lock.release(held.store(), held.id()));
            Instant after = clock == null ? null : clock.instant();
            if (answer.value == null) {
                return HoldAttempt.Outcome.UNCERTAIN;
            }
            HoldAttempt.Outcome outcome;
            ReleaseResult result = answer.value;
            checkSameHold(name, held, result.reservation());
            if (result instanceof ReleaseResult.Released) {
                outcome = HoldAttempt.Outcome.RELEASED;
                checkStatus(name, result.reservation(), ReservationStatus.RELEASED);
            } else if (result instanceof ReleaseResult.Expired) {
                outcome = HoldAttempt.Outcome.EXPIRED;
                checkStatus(name, result.reservation(), ReservationStatus.EXPIRED);
                if (after != null && after.isBefore(held.expiresAt())) {
                    violations.add(name + " answered Expired although the clock read " + after
                            + " after the call, before its expiry " + held.expiresAt());
                }
            } else {
                violations.add(name + " answered " + result + " but nobody confirmed it");
                return HoldAttempt.Outcome.CONFIRMED;
            }
            if (retry()) {
                Answer<ReleaseResult> again = call(name + " (repeat)", () -> lock.release(held.store(), held.id()));
                if (again.value != null && again.value.getClass() != result.getClass()) {
                    violations.add(name + " answered " + kind(result) + " then, repeated, " + kind(again.value));
                }
                if (retry()) {
                    Answer<ConfirmResult> confirm = call(
                            "confirm " + held.id() + " (after release)", () -> lock.confirm(held.store(), held.id()));
                    Class<?> expected = outcome == HoldAttempt.Outcome.RELEASED
                            ? ConfirmResult.Released.class
                            : ConfirmResult.Expired.class;
                    if (confirm.value != null && confirm.value.getClass() != expected) {
                        violations.add("confirm " + held.id() + ", after release answered " + kind(result)
                                + ", answered " + kind(confirm.value) + "; expected " + expected.getSimpleName());
                    }
                }
            }
            return outcome;
        }

        private void move(int op) {
            StockKey key = keys.get(random.nextInt(keys.size()));
            MovementId id = new MovementId(idPrefix + "-m" + index + "-" + op);
            StockChange change;
            if (random.nextDouble() < 0.6) {
                change = StockChange.of(StockChange.Kind.RECEIVE, key.store(), key.resource(), 1 + random.nextInt(5))
                        .id(id)
                        .reason("stress receipt")
                        .build();
            } else {
                long delta = 1 + random.nextInt(3);
                change = StockChange.of(
                                StockChange.Kind.ADJUST,
                                key.store(),
                                key.resource(),
                                random.nextBoolean() ? delta : -delta)
                        .id(id)
                        .reason("stress count")
                        .build();
            }
            String name = "apply " + id + " (" + change.kind() + " " + change.delta() + " of " + key + ")";
            Answer<StockChangeResult> first = call(name, () -> lock.apply(change));
            if (first.value == null) {
                record(new MovementAttempt(change, MovementAttempt.Outcome.UNCERTAIN));
                return;
            }
            MovementAttempt.Outcome outcome = checkMovement(name, change, first.value, first.retried, null);
            if (retry()) {
                Answer<StockChangeResult> again = call(name + " (repeat)", () -> lock.apply(change));
                if (again.value != null) {
                    outcome = checkMovement(name + " (repeat)", change, again.value, true, outcome);
                } else if (outcome == MovementAttempt.Outcome.REJECTED) {
                    // A refusal is not remembered: the repeat may have been applied (the stock changed since),
                    // and its answer is lost.
                    outcome = MovementAttempt.Outcome.UNCERTAIN;
                }
            }
            record(new MovementAttempt(change, outcome));
        }

        private MovementAttempt.Outcome checkMovement(
                String name,
                StockChange change,
                StockChangeResult result,
                boolean mayBeRepeat,
                MovementAttempt.@Nullable Outcome before) {
            StockLevel level = result.level();
            if (level == null
                    || !level.store().equals(change.store())
                    || !level.resource().equals(change.resource())) {
                violations.add(name + " answered a level of another counter: " + level);
                return before == null ? MovementAttempt.Outcome.REJECTED : before;
            }
            InventoryInvariants.checkLevel(level).ifPresent(v -> violations.add(name + " answered " + v));
            if (result instanceof StockChangeResult.Applied) {
                boolean repeated = ((StockChangeResult.Applied) result).repeated();
                if (before == MovementAttempt.Outcome.APPLIED && !repeated) {
                    violations.add(name + " applied the same movement id twice");
                } else if (before == MovementAttempt.Outcome.REJECTED && repeated) {
                    violations.add(name + " was rejected, then answered as applied before");
                } else if (before == null && repeated && !mayBeRepeat) {
                    violations.add(name + " was new but answered repeated=true");
                }
                return MovementAttempt.Outcome.APPLIED;
            }
            if (before == MovementAttempt.Outcome.APPLIED) {
                violations.add(name + " was applied, then rejected when repeated");
                return MovementAttempt.Outcome.APPLIED;
            }
            long after = level.onHand() + change.delta();
            if (after >= level.reserved() && after >= 0 && after <= Limits.MAX_UNITS) {
                violations.add(name + " was rejected (" + ((StockChangeResult.Rejected) result).why()
                        + ") although the level it answered, " + level + ", allows it");
            }
            return MovementAttempt.Outcome.REJECTED;
        }

        private void checkShortfalls(HoldRequest request, ReserveResult.Insufficient result) {
            String name = "reserve " + request.id();
            if (!request.store().equals(result.store())) {
                violations.add(name + " answered Insufficient for another store " + result.store());
            }
            if (result.shortfalls().isEmpty()) {
                violations.add(name + " answered Insufficient with no shortfall");
            }
            Map<Resource, Long> asked = new LinkedHashMap<>();
            request.lines().forEach(l -> asked.put(l.resource(), l.quantity()));
            Set<Resource> seen = new HashSet<>();
            for (Shortfall s : result.shortfalls()) {
                Long quantity = asked.get(s.resource());
                if (quantity == null) {
                    violations.add(name + " reported a shortfall of " + s.resource() + ", which it did not ask for");
                    continue;
                }
                if (!seen.add(s.resource())) {
                    violations.add(name + " reported " + s.resource() + " short twice");
                }
                if (s.requested() != quantity) {
                    violations.add(name + " reported " + s + " but asked for " + quantity);
                }
                if (s.available() >= s.requested() || s.available() < 0) {
                    violations.add(name + " reported " + s + ", which is not short");
                }
            }
        }

        private void checkReserved(HoldRequest request, ReserveResult.Reserved result, boolean mayBeRepeat) {
            String name = "reserve " + request.id();
            Reservation r = result.reservation();
            if (!r.id().equals(request.id()) || !r.store().equals(request.store())) {
                violations.add(name + " answered another hold: " + r);
                return;
            }
            if (!r.lines().equals(request.lines())) {
                violations.add(name + " held " + r.lines() + " instead of " + request.lines());
            }
            if (result.repeated() && !mayBeRepeat) {
                violations.add(name + " was new but answered repeated=true");
            }
            if (!result.repeated()) {
                if (r.status() != ReservationStatus.HELD) {
                    violations.add(name + " answered a new hold in status " + r.status());
                }
                if (!r.expiresAt().equals(r.createdAt().plus(request.ttl()))) {
                    violations.add(name + " expires at " + r.expiresAt() + ", not createdAt " + r.createdAt()
                            + " + ttl " + request.ttl());
                }
            }
            if (result.levels().size() != request.lines().size()) {
                violations.add(name + " answered " + result.levels().size() + " levels for "
                        + request.lines().size() + " lines");
                return;
            }
            for (int i = 0; i < request.lines().size(); i++) {
                HoldLine line = request.lines().get(i);
                StockLevel level = result.levels().get(i);
                if (!level.resource().equals(line.resource()) || !level.store().equals(request.store())) {
                    violations.add(name + " answered level " + level + " for line " + line);
                    continue;
                }
                InventoryInvariants.checkLevel(level).ifPresent(v -> violations.add(name + " answered " + v));
                if (!result.repeated() && level.reserved() < line.quantity()) {
                    violations.add(name + " answered " + level + ", which does not count its own " + line.quantity()
                            + " units");
                }
            }
        }

        private void checkRepeatedReserve(Reservation first, ReserveResult repeat) {
            String name = "repeated reserve " + first.id();
            if (!(repeat instanceof ReserveResult.Reserved)) {
                violations.add(name + " answered " + repeat + " instead of the existing hold");
                return;
            }
            ReserveResult.Reserved again = (ReserveResult.Reserved) repeat;
            if (!again.repeated()) {
                violations.add(name + " answered repeated=false: held the units a second time?");
            }
            Reservation r = again.reservation();
            if (!r.id().equals(first.id())
                    || !r.lines().equals(first.lines())
                    || !r.expiresAt().equals(first.expiresAt())
                    || !r.createdAt().equals(first.createdAt())) {
                violations.add(name + " answered " + r + ", not the first hold " + first);
            }
        }

        private void checkSameHold(String name, Reservation held, Reservation answered) {
            if (answered == null
                    || !answered.id().equals(held.id())
                    || !answered.store().equals(held.store())
                    || !answered.lines().equals(held.lines())) {
                violations.add(name + " answered another hold: " + answered + " (held " + held + ")");
            }
        }

        private void checkStatus(String name, Reservation r, ReservationStatus expected) {
            if (r != null && r.status() != expected) {
                violations.add(name + " answered a hold in status " + r.status() + ", expected " + expected);
            }
        }

        private String kind(Object result) {
            return result.getClass().getSimpleName();
        }
    }

    /** Thread-safe, bounded list of violation messages; counts the ones it drops. */
    private static final class Violations {
        private final ConcurrentLinkedQueue<String> kept = new ConcurrentLinkedQueue<>();
        private final AtomicInteger total = new AtomicInteger();

        void add(String message) {
            if (total.incrementAndGet() <= MAX_VIOLATIONS_KEPT) {
                kept.add(message);
            }
        }

        List<String> list() {
            List<String> out = new ArrayList<>(kept);
            int dropped = total.get() - out.size();
            if (dropped > 0) {
                out.add("... and " + dropped + " more violations");
            }
            return out;
        }
    }

    /** Settings of a {@link StressDriver}; every one has a default but the counters to work on. */
    public static final class Builder {
        private final InventoryLock lock;
        private final List<StockKey> keys = new ArrayList<>();
        private int threads = 8;
        private int operationsPerThread = 200;
        private long seed = ThreadLocalRandom.current().nextLong();
        private String idPrefix =
                "st" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        private int maxLines = 1;
        private int maxUnitsPerLine = 3;
        private Duration minTtl = Duration.ofMillis(500);
        private Duration maxTtl = Duration.ofSeconds(60);
        private double confirmShare = 0.4;
        private double releaseShare = 0.4;
        private double retryShare = 0.2;
        private double movementShare;
        private @Nullable MutableClock clock;
        private int advanceEvery;
        private Duration advanceStep = Duration.ZERO;
        private int backendRetries = 5;
        private Duration timeout = Duration.ofSeconds(60);
        private boolean monitor = true;

        private Builder(InventoryLock lock) {
            this.lock = Checks.notNull(lock, "lock");
        }

        /** The counters to work on; their stock is the caller's business (receive it before the run). */
        public Builder keys(Collection<StockKey> counters) {
            keys.addAll(Checks.noNulls(counters, "keys"));
            return this;
        }

        public Builder threads(int value) {
            this.threads = Checks.positive(value, "threads");
            return this;
        }

        public Builder operationsPerThread(int value) {
            this.operationsPerThread = Checks.positive(value, "operationsPerThread");
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Starts every reservation and movement id of the run, so runs against a shared server do not
         * collide; letters, digits, '-' and '_', at most 32 characters. Default: random.
         */
        public Builder idPrefix(String value) {
            Checks.notNull(value, "idPrefix");
            if (value.isEmpty() || value.length() > 32 || !value.matches("[A-Za-z0-9_-]+")) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ID,
                        "idPrefix",
                        "must be 1 to 32 letters, digits, '-' or '_', was '" + value + "'");
            }
            this.idPrefix = value;
            return this;
        }

        /** The most lines of one hold (a cart); each hold has 1 to this many, of distinct resources. */
        public Builder maxLines(int value) {
            this.maxLines = Checks.positive(value, "maxLines");
            return this;
        }

        public Builder maxUnitsPerLine(int value) {
            this.maxUnitsPerLine = Checks.positive(value, "maxUnitsPerLine");
            return this;
        }

        /** Each hold's time-to-live is drawn between these, in whole milliseconds. */
        public Builder ttl(Duration min, Duration max) {
            Checks.positiveDuration(min, "minTtl", ErrorCode.INVALID_TTL);
            Checks.positiveDuration(max, "maxTtl", ErrorCode.INVALID_TTL);
            if (max.compareTo(min) < 0 || max.compareTo(HoldRequest.MAX_TTL) > 0) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_TTL,
                        "ttl",
                        "needs min <= max <= " + HoldRequest.MAX_TTL + ", was " + min + ".." + max);
            }
            this.minTtl = min;
            this.maxTtl = max;
            return this;
        }

        /** What share of holds is confirmed and what share released; the rest is abandoned to expire. */
        public Builder shares(double confirm, double release) {
            if (confirm < 0 || release < 0 || confirm + release > 1) {
                throw OmsException.invalid(
                        ErrorCode.INVALID_ARGUMENT, "shares", "need confirm, release >= 0 and confirm + release <= 1");
            }
            this.confirmShare = confirm;
            this.releaseShare = release;
            return this;
        }

        /** How often a call is repeated with the same ids, as a client retrying after a timeout would. */
        public Builder retryShare(double value) {
            this.retryShare = share(value, "retryShare");
            return this;
        }

        /** What share of steps receives or adjusts stock (under fresh movement ids) instead of holding it. */
        public Builder movementShare(double value) {
            this.movementShare = share(value, "movementShare");
            return this;
        }

        /**
         * The clock the lock reads. With it, each worker moves it forward by {@code step} every
         * {@code every} operations (0: never), and the driver checks the fencing by time: no hold is
         * confirmed at or after its expiry, none is answered expired before it.
         */
        public Builder clock(MutableClock value, int every, Duration step) {
            this.clock = Checks.notNull(value, "clock");
            if (every < 0) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "every", "must not be negative");
            }
            Checks.notNull(step, "step");
            if (step.isNegative()) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "step", "must not be negative");
            }
            this.advanceEvery = every;
            this.advanceStep = step;
            return this;
        }

        /** How many times a retryable error is retried with the same ids before the outcome is uncertain. */
        public Builder backendRetries(int value) {
            if (value < 0) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "backendRetries", "must not be negative");
            }
            this.backendRetries = value;
            return this;
        }

        /** Workers stop starting operations after this long; the run is reported as stopped early. */
        public Builder timeout(Duration value) {
            this.timeout = Checks.positiveDuration(value, "timeout", ErrorCode.INVALID_ARGUMENT);
            return this;
        }

        /** Whether a monitor thread samples the levels while the workers run (default on). */
        public Builder monitor(boolean value) {
            this.monitor = value;
            return this;
        }

        private static double share(double value, String field) {
            if (!(value >= 0 && value <= 1)) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, field, "must be within [0, 1]");
            }
            return value;
        }

        public StressDriver build() {
            if (keys.isEmpty()) {
                throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "keys", "name at least one counter to work on");
            }
            return new StressDriver(this);
        }
    }
}
