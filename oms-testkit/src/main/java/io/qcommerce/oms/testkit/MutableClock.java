package io.qcommerce.oms.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that a test moves by hand, so every rule about expiry is tested without sleeping.
 *
 * <p>Thread-safe: any thread may read or move it while others read it; a reader sees either the old or
 * the new instant, never a torn value. It only moves when told to. The zone is UTC; {@link #withZone}
 * returns a view in another zone that reads the same instant.
 */
public final class MutableClock extends Clock {
    /** A fixed, unremarkable start instant for tests that do not care which instant it is. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-15T10:00:00Z");

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** A clock at {@link #DEFAULT_START}. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /**
     * Moves the clock forward by {@code amount} (zero allowed) and returns the new instant. Concurrent
     * advances add up: none is lost.
     *
     * @throws IllegalArgumentException when {@code amount} is negative; use {@link #set} to step back
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("advance takes a non-negative amount, was " + amount + "; use set()");
        }
        return now.updateAndGet(t -> t.plus(amount));
    }

    /** Puts the clock at {@code instant}, earlier or later than now. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return Objects.requireNonNull(now.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(ZoneOffset.UTC) ? this : new ZonedView(this, zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }

    /** The same instant, seen from another zone. */
    private static final class ZonedView extends Clock {
        private final MutableClock source;
        private final ZoneId zone;

        ZonedView(MutableClock source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return source.withZone(other);
        }

        @Override
        public Instant instant() {
            return source.instant();
        }
    }
}
