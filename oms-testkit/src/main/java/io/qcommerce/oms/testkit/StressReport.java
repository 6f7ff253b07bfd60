package io.qcommerce.oms.testkit;

import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.StockChangeResult;
import io.qcommerce.oms.spi.InventoryLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one {@link StressDriver} run did and saw: every reservation and movement tried with its outcome,
 * the violations noticed while running (oversold samples, answers that contradict the port), and counts.
 * Immutable.
 *
 * <p>Check the end state with {@link InventoryInvariants#checkAfterRun}. When the run had backend faults,
 * some outcomes may be {@code UNCERTAIN}; {@link #settle} asks the lock about them with the same ids.
 */
public final class StressReport {
    private final long seed;
    private final int threads;
    private final int operationsPerThread;
    private final long calls;
    private final long samples;
    private final Duration elapsed;
    private final boolean stoppedAtDeadline;
    private final List<HoldAttempt> holds;
    private final List<MovementAttempt> movements;
    private final List<String> violations;

    StressReport(
            long seed,
            int threads,
            int operationsPerThread,
            long calls,
            long samples,
            Duration elapsed,
            boolean stoppedAtDeadline,
            List<HoldAttempt> holds,
            List<MovementAttempt> movements,
            List<String> violations) {
        this.seed = seed;
        this.threads = threads;
        this.operationsPerThread = operationsPerThread;
        this.calls = calls;
        this.samples = samples;
        this.elapsed = elapsed;
        this.stoppedAtDeadline = stoppedAtDeadline;
        this.holds = List.copyOf(holds);
        this.movements = List.copyOf(movements);
        this.violations = List.copyOf(violations);
    }

    /** The seed of the run's random choices; a failing run is worth re-running with it. */
    public long seed() {
        return seed;
    }

    public int threads() {
        return threads;
    }

    public int operationsPerThread() {
        return operationsPerThread;
    }

    /** Calls made to the port by the workers, retries included (the monitor's reads not). */
    public long calls() {
        return calls;
    }

    /** Level readings taken by the monitor while the workers ran. */
    public long samples() {
        return samples;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** True when the workers stopped at the driver's deadline before finishing their operations. */
    public boolean stoppedAtDeadline() {
        return stoppedAtDeadline;
    }

    public List<HoldAttempt> holds() {
        return holds;
    }

    public List<MovementAttempt> movements() {
        return movements;
    }

    /** Problems seen while running, each in words; empty when the lock kept every promise it was asked. */
    public List<String> violations() {
        return violations;
    }

    public long count(HoldAttempt.Outcome outcome) {
        return holds.stream().filter(h -> h.outcome() == outcome).count();
    }

    public long count(MovementAttempt.Outcome outcome) {
        return movements.stream().filter(m -> m.outcome() == outcome).count();
    }

    /** Outcomes still unknown: uncertain holds and movements. */
    public long uncertain() {
        return count(HoldAttempt.Outcome.UNCERTAIN) + count(MovementAttempt.Outcome.UNCERTAIN);
    }

    /** Units sold per counter: the lines of every hold whose confirmation was answered {@code Confirmed}. */
    public Map<StockKey, Long> confirmedUnits() {
        Map<StockKey, Long> out = new TreeMap<>();
        for (HoldAttempt h : holds) {
            if (h.outcome() == HoldAttempt.Outcome.CONFIRMED) {
                for (HoldLine line : h.request().lines()) {
                    out.merge(new StockKey(h.request().store(), line.resource()), line.quantity(), Long::sum);
                }
            }
        }
        return out;
    }

    /** Net change of {@code onHand} per counter by the movements that were applied. */
    public Map<StockKey, Long> movedUnits() {
        Map<StockKey, Long> out = new TreeMap<>();
        for (MovementAttempt m : movements) {
            if (m.outcome() == MovementAttempt.Outcome.APPLIED) {
                out.merge(m.key(), m.change().delta(), Long::sum);
            }
        }
        return out;
    }

    public long confirmedUnitsTotal() {
        return confirmedUnits().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Settles uncertain outcomes by asking the lock with the same ids: {@code find} for holds (call it after
     * the clock has passed every hold's expiry, so each is final), a repeat of {@code apply} for movements
     * (idempotent: applied once, whatever happened before). What still fails stays uncertain.
     */
    public StressReport settle(InventoryLock lock) {
        Checks.notNull(lock, "lock");
        List<HoldAttempt> settledHolds = new ArrayList<>(holds.size());
        for (HoldAttempt h : holds) {
            settledHolds.add(h.outcome() == HoldAttempt.Outcome.UNCERTAIN ? settle(lock, h) : h);
        }
        List<MovementAttempt> settledMovements = new ArrayList<>(movements.size());
        for (MovementAttempt m : movements) {
            settledMovements.add(m.outcome() == MovementAttempt.Outcome.UNCERTAIN ? settle(lock, m) : m);
        }
        return new StressReport(
                seed,
                threads,
                operationsPerThread,
                calls,
                samples,
                elapsed,
                stoppedAtDeadline,
                settledHolds,
                settledMovements,
                violations);
    }

    private static HoldAttempt settle(InventoryLock lock, HoldAttempt h) {
        Optional<Reservation> found;
        try {
            found = Retrying.call(
                    () -> lock.find(h.request().store(), h.request().id()));
        } catch (OmsException e) {
            return h;
        }
        if (found.isEmpty()) {
            return h.withOutcome(HoldAttempt.Outcome.NOT_HELD);
        }
        switch (found.get().status()) {
            case CONFIRMED:
                return h.withOutcome(HoldAttempt.Outcome.CONFIRMED);
            case RELEASED:
                return h.withOutcome(HoldAttempt.Outcome.RELEASED);
            case EXPIRED:
                return h.withOutcome(HoldAttempt.Outcome.EXPIRED);
            default:
                return h;
        }
    }

    private static MovementAttempt settle(InventoryLock lock, MovementAttempt m) {
        try {
            StockChangeResult result = Retrying.call(() -> lock.apply(m.change()));
            return m.withOutcome(
                    result instanceof StockChangeResult.Applied
                            ? MovementAttempt.Outcome.APPLIED
                            : MovementAttempt.Outcome.REJECTED);
        } catch (OmsException e) {
            return m;
        }
    }

    /** One line for a log: sizes, outcome counts, units sold, samples, violations and time. */
    public String summary() {
        Map<HoldAttempt.Outcome, Long> byOutcome = new EnumMap<>(HoldAttempt.Outcome.class);
        for (HoldAttempt.Outcome o : HoldAttempt.Outcome.values()) {
            byOutcome.put(o, count(o));
        }
        return threads + " threads x " + operationsPerThread + " ops (seed " + seed + "): " + calls + " calls, "
                + holds.size() + " holds " + byOutcome + ", " + confirmedUnitsTotal() + " units confirmed, "
                + count(MovementAttempt.Outcome.APPLIED) + " movements applied / "
                + count(MovementAttempt.Outcome.REJECTED) + " rejected, " + samples + " monitor samples, "
                + violations.size() + " violations" + (stoppedAtDeadline ? ", STOPPED AT DEADLINE" : "")
                + ", " + elapsed.toMillis() + " ms";
    }

    @Override
    public String toString() {
        return "StressReport[" + summary() + "]";
    }
}
