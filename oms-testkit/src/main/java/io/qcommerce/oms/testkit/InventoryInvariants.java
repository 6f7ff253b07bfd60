package io.qcommerce.oms.testkit;

import io.qcommerce.oms.common.Limits;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.inventory.Reservation;
import io.qcommerce.oms.inventory.ReservationStatus;
import io.qcommerce.oms.inventory.Resource;
import io.qcommerce.oms.inventory.StockLevel;
import io.qcommerce.oms.ledger.StockMovement;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.LedgerPage;
import io.qcommerce.oms.store.StoreId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the invariants of an {@link InventoryLock} through its port, and says what is wrong in words:
 * <ul>
 *   <li>no oversell: {@code 0 <= reserved <= onHand <= Limits.MAX_UNITS} for every counter;</li>
 *   <li>conservation: once every hold has finished, {@code onHand = stock - confirmed} and
 *       {@code reserved = 0}, where stock is the initial units plus applied movements;</li>
 *   <li>all-or-nothing and truthful answers: each hold that was answered as held exists with all its lines
 *       in the status its last answer implies; each hold refused as insufficient does not exist.</li>
 * </ul>
 * Every method returns the list of violations, empty when all hold; none throws on a violation, so a test
 * can print them all. Stateless; the end-state checks expect a quiet lock (no concurrent writers).
 */
public final class InventoryInvariants {
    private InventoryInvariants() {}

    /** A violation of {@code 0 <= reserved <= onHand <= MAX_UNITS} by one reading, if any. */
    public static Optional<String> checkLevel(StockLevel level) {
        Checks.notNull(level, "level");
        String where =
                level.store() + "/" + level.resource() + " onHand=" + level.onHand() + " reserved=" + level.reserved();
        if (level.reserved() < 0) {
            return Optional.of(where + ": negative reserved");
        }
        if (level.onHand() < 0) {
            return Optional.of(where + ": negative onHand");
        }
        if (level.reserved() > level.onHand()) {
            return Optional.of(where + ": oversold, more units held than on hand");
        }
        if (level.onHand() > Limits.MAX_UNITS) {
            return Optional.of(where + ": onHand above " + Limits.MAX_UNITS);
        }
        if (level.expired() < 0 || level.reserved() + level.expired() > level.onHand()) {
            return Optional.of(
                    where + " expired=" + level.expired() + ": expired units held, or more expired than on hand");
        }
        return Optional.empty();
    }

    /** The current levels of the given counters, with one {@code levels} call per store. */
    public static Map<StockKey, StockLevel> read(InventoryLock lock, Collection<StockKey> keys) {
        Checks.notNull(lock, "lock");
        Checks.noNulls(keys, "keys");
        Map<StoreId, List<Resource>> byStore = new TreeMap<>();
        for (StockKey key : new TreeSet<>(keys)) {
            byStore.computeIfAbsent(key.store(), s -> new ArrayList<>()).add(key.resource());
        }
        Map<StockKey, StockLevel> out = new TreeMap<>();
        byStore.forEach((store, resources) -> {
            Map<Resource, StockLevel> levels = Retrying.call(() -> lock.levels(store, resources));
            for (Resource r : resources) {
                StockLevel level = levels.get(r);
                out.put(new StockKey(store, r), level);
            }
        });
        return out;
    }

    /** Every movement {@code lock} recorded for {@code store}, oldest first, read page after page to an empty one. */
    public static List<StockMovement> movements(InventoryLock lock, StoreId store) {
        Checks.notNull(lock, "lock");
        Checks.notNull(store, "store");
        List<StockMovement> out = new ArrayList<>();
        String position = null;
        while (true) {
            LedgerPage page = lock.movements(store, position, 500);
            if (page.movements().isEmpty()) {
                return out;
            }
            out.addAll(page.movements());
            position = page.position();
        }
    }

    /** Every counter within {@code 0 <= reserved <= onHand}, now. */
    public static List<String> checkLevels(InventoryLock lock, Collection<StockKey> keys) {
        List<String> violations = new ArrayList<>();
        read(lock, keys).forEach((key, level) -> {
            if (level == null) {
                violations.add("levels left out " + key);
            } else {
                checkLevel(level).ifPresent(violations::add);
            }
        });
        return violations;
    }

    /**
     * Conservation once every hold has finished (call it after moving the clock past the longest
     * time-to-live): for each counter, {@code onHand == stock - confirmed}, {@code reserved == 0}, and no
     * more units confirmed than there were.
     *
     * @param stock     per counter, the units there would be with no sale: initial units plus applied
     *                  receipts, adjustments and restocks
     * @param confirmed per counter, the units of holds whose confirmation was answered {@code Confirmed}
     */
    public static List<String> checkSettled(
            InventoryLock lock, Map<StockKey, Long> stock, Map<StockKey, Long> confirmed) {
        Checks.notNull(stock, "stock");
        Checks.notNull(confirmed, "confirmed");
        TreeSet<StockKey> keys = new TreeSet<>(stock.keySet());
        keys.addAll(confirmed.keySet());
        List<String> violations = new ArrayList<>();
        Map<StockKey, StockLevel> levels = read(lock, keys);
        for (StockKey key : keys) {
            StockLevel level = levels.get(key);
            if (level == null) {
                violations.add("levels left out " + key);
                continue;
            }
            checkLevel(level).ifPresent(violations::add);
            long had = stock.getOrDefault(key, 0L);
            long sold = confirmed.getOrDefault(key, 0L);
            if (sold > had) {
                violations.add(key + ": " + sold + " units confirmed out of " + had + ": oversold");
            }
            long expected = had - sold;
            if (level.onHand() != expected) {
                long diff = level.onHand() - expected;
                violations.add(key + ": onHand is " + level.onHand() + ", expected " + had + " - " + sold
                        + " confirmed = " + expected + " (" + Math.abs(diff) + " units "
                        + (diff > 0 ? "appeared" : "vanished") + ")");
            }
            if (level.reserved() != 0) {
                violations.add(key + ": reserved is " + level.reserved() + " when no hold should be live"
                        + " (was the clock moved past every expiry?)");
            }
        }
        return violations;
    }

    /**
     * Each hold is what its last answer said, seen through {@code find}: a refused one does not exist; any
     * other exists in its store with every line it asked for (all-or-nothing) and in the final status its
     * last answer implies (abandoned ones EXPIRED: move the clock past every expiry first). Uncertain ones
     * are only checked for their lines.
     */
    public static List<String> checkHolds(InventoryLock lock, Collection<HoldAttempt> attempts) {
        Checks.notNull(lock, "lock");
        Checks.noNulls(attempts, "attempts");
        List<String> violations = new ArrayList<>();
        for (HoldAttempt attempt : attempts) {
            String name = "hold " + attempt.request().id() + " in "
                    + attempt.request().store();
            Optional<Reservation> found;
            try {
                found = Retrying.call(() ->
                        lock.find(attempt.request().store(), attempt.request().id()));
            } catch (OmsException e) {
                violations.add(name + ": find threw " + e);
                continue;
            }
            if (attempt.outcome() == HoldAttempt.Outcome.NOT_HELD) {
                found.ifPresent(r -> violations.add(name + " was refused as insufficient but exists: " + r));
                continue;
            }
            if (found.isEmpty()) {
                if (attempt.outcome() != HoldAttempt.Outcome.UNCERTAIN) {
                    violations.add(name + " was answered " + attempt.outcome() + " but find does not know it");
                }
                continue;
            }
            Reservation r = found.get();
            if (!r.store().equals(attempt.request().store())
                    || !r.lines().equals(attempt.request().lines())) {
                violations.add(name + " holds " + r.lines() + " in " + r.store() + ", but asked for "
                        + attempt.request().lines() + ": not all-or-nothing");
            }
            Optional<ReservationStatus> expected = attempt.expectedStatus();
            if (expected.isPresent() && r.status() != expected.get()) {
                violations.add(name + " is " + r.status() + " but its last answer was " + attempt.outcome()
                        + " (expected " + expected.get() + ")");
            }
        }
        return violations;
    }

    /**
     * Everything at the end of a {@link StressDriver} run: the violations seen while it ran, conservation of
     * every counter it worked on, and every hold as answered. Move the clock past {@link StressDriver#maxTtl()}
     * (and {@link StressReport#settle} a run with backend faults) before calling it.
     *
     * @param initial the units of each counter before the run (a counter left out had none)
     */
    public static List<String> checkAfterRun(InventoryLock lock, Map<StockKey, Long> initial, StressReport report) {
        Checks.notNull(initial, "initial");
        Checks.notNull(report, "report");
        List<String> violations = new ArrayList<>(report.violations());
        if (report.uncertain() > 0) {
            violations.add(report.uncertain() + " outcomes are still unknown after retries: settle the report"
                    + " (StressReport.settle) once the backend is back, then check again");
        }
        Map<StockKey, Long> stock = new TreeMap<>(initial);
        report.movedUnits().forEach((key, delta) -> stock.merge(key, delta, Long::sum));
        violations.addAll(checkSettled(lock, stock, report.confirmedUnits()));
        violations.addAll(checkHolds(lock, report.holds()));
        return violations;
    }
}
