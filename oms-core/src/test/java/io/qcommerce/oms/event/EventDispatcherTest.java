package io.qcommerce.oms.event;

import static io.qcommerce.oms.Fixture.A;
import static io.qcommerce.oms.Fixture.MILK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qcommerce.oms.Fixture;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.cart.Cart;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatcher's rules the contract does not spell out: its back-off, and the names and reads it refuses. */
class EventDispatcherTest {
    private static Fixture worldWith(EventSubscriber subscriber) {
        return new Fixture(Oms.builder()
                        .config(OmsConfig.builder()
                                .eventRetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                                .build())
                        .subscribe("ledger-export", subscriber))
                .stock(A, MILK, 10);
    }

    @Test
    void aSubscriberThatKeepsFailingWaitsTwiceAsLongEachTimeUpToTheMaximum() {
        List<EventId> attempts = new ArrayList<>();
        Fixture world = worldWith(event -> {
            attempts.add(event.id());
            throw new IllegalStateException("export target down");
        });
        world.placeOk(Cart.builder().add("MILK-1L", 1).build());
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant before = world.clock.instant();
            world.oms.events().dispatch();
            SubscriberStatus status = world.oms.events().subscribers().get(0);
            Instant next = status.nextAttempt();
            assertThat(next).isNotNull();
            waits.add(Duration.between(before, next));
            world.oms.events().dispatch(); // too early: not tried
            world.clock.advance(Duration.between(before, next));
        }

        assertThat(waits)
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(4));
        assertThat(attempts).hasSize(5);
        SubscriberStatus status = world.oms.events().subscribers().get(0);
        assertThat(status.failuresInRow()).isEqualTo(5);
        assertThat(status.checkpoint()).isZero();
        assertThat(status.lag()).isEqualTo(1);
    }

    @Test
    void aSubscriberThatThrowsAnErrorIsRetriedLaterAndStopsNoOther() {
        List<EventId> good = new ArrayList<>();
        Fixture world = new Fixture(Oms.builder()
                        .subscribe("broken", event -> {
                            throw new AssertionError("a bug in the subscriber");
                        })
                        .subscribe("good", event -> good.add(event.id())))
                .stock(A, MILK, 10);
        world.placeOk(Cart.builder().add("MILK-1L", 1).build());

        DispatchReport report = world.oms.events().dispatch();

        assertThat(report.failed()).containsExactly("broken");
        assertThat(good).hasSize(1);
        assertThat(world.oms.events().subscribers().get(0).nextAttempt()).isNotNull();
        assertThat(world.oms.events().subscribers().get(0).lastError()).contains("a bug in the subscriber");
    }

    @Test
    void aSubscriberNameIsNeitherBlankNorTakenNorLong() {
        EventSubscriber any = event -> {};
        for (String bad : List.of(" ", "x".repeat(101))) {
            assertThatThrownBy(() -> Oms.builder().subscribe(bad, any))
                    .isInstanceOfSatisfying(
                            OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
        assertThatThrownBy(() -> Oms.builder().subscribe("refunds", any).subscribe("refunds", any))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("taken");
    }

    @Test
    void theFeedIsReadFromAPositionNotBelowZeroWithAPositiveLimit() {
        Fixture world = worldWith(event -> {});
        assertThatThrownBy(() -> world.oms.events().read(-1, 10))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> world.oms.events().read(0, 0)).isInstanceOf(OmsException.class);
        assertThat(world.oms.events().read(0, 10)).isEqualTo(new FeedPage(List.of(), 0));
    }
}
