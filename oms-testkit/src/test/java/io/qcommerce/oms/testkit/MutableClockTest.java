package io.qcommerce.oms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {
    private static final Instant START = Instant.parse("2025-03-01T08:00:00Z");

    @Test
    void readsTheInstantItWasSetToAndMovesOnlyWhenTold() {
        MutableClock clock = new MutableClock(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.advance(Duration.ofNanos(1))).isEqualTo(START.plusNanos(1));
        clock.set(START.minusSeconds(5));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(5));
    }

    @Test
    void refusesToAdvanceBackwards() {
        MutableClock clock = new MutableClock(START);

        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void concurrentAdvancesAreNotLost() {
        MutableClock clock = new MutableClock(START);

        Race.run(8, t -> {
            for (int i = 0; i < 1000; i++) {
                clock.advance(Duration.ofMillis(1));
            }
            return null;
        });

        assertThat(clock.instant()).isEqualTo(START.plusSeconds(8));
    }

    @Test
    void aViewInAnotherZoneReadsTheSameInstant() {
        MutableClock clock = new MutableClock(START);
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");

        java.time.Clock view = clock.withZone(kolkata);
        clock.advance(Duration.ofMinutes(3));

        assertThat(view.getZone()).isEqualTo(kolkata);
        assertThat(view.instant()).isEqualTo(START.plusSeconds(180));
        assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    }
}
