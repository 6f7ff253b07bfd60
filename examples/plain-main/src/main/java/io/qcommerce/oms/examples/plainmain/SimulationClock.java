package io.qcommerce.oms.examples.plainmain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the simulation moves by hand. Handed to {@code Oms.builder().clock(...)}, it lets ten-minute
 * holds expire in a few microseconds of real time, and every thread reading it between two ticks sees
 * the same instant.
 *
 * <p>Thread-safe. It only moves forward: the library is built to survive a clock stepping back, but a
 * simulation that did so would be reporting on a morning that never happened.
 */
public final class SimulationClock extends Clock {
    // Shared with the views made by withZone(), so that moving one moves them all.
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public SimulationClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), zone);
    }

    private SimulationClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new SimulationClock(now, newZone);
    }

    /** Moves the clock forward by {@code step} and returns the new instant. */
    public Instant advance(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("the simulation clock only moves forward, was asked " + step);
        }
        return now.updateAndGet(t -> t.plus(step));
    }

    /** The wall-clock time of day in this clock's zone, for progress lines. */
    public LocalTime localTime() {
        return LocalTime.ofInstant(instant(), zone);
    }

    // Clock asks subclasses for value semantics; two views of one shared instant are the same clock.
    @Override
    public boolean equals(Object o) {
        return o instanceof SimulationClock && ((SimulationClock) o).now == now
                && ((SimulationClock) o).zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(now) * 31 + zone.hashCode();
    }

    @Override
    public String toString() {
        return "SimulationClock[" + instant() + ", " + zone + "]";
    }
}
