package io.qcommerce.oms;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves by hand, so every rule about time is tested without sleeping.
 *
 * <p>The one mutable clock outside {@code oms-testkit}: every other module's tests use the kit's
 * {@code MutableClock}, but the kit depends on this module, so this module's tests cannot depend on the kit (a
 * reactor cycle), and the core's main code is no place for a test clock.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public static TestClock atMorning() {
        return new TestClock(Instant.parse("2026-11-25T07:00:00Z"));
    }

    public void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
