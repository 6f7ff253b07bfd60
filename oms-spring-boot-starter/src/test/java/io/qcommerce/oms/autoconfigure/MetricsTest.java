package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.order.CancelReason;
import io.qcommerce.oms.placement.PlacementResult;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.LosableInventoryLock;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.RecordingSubscriber;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MetricsTest {

    private static ApplicationContextRunner withRegistry() {
        return Runners.starterWithJobsOff().withBean(MeterRegistry.class, SimpleMeterRegistry::new);
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long timed(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).timers().stream()
                .mapToLong(t -> t.count())
                .sum();
    }

    private static double gauge(MeterRegistry registry, String name, String... tags) {
        var gauge = registry.find(name).tags(tags).gauge();
        assertThat(gauge).as("gauge %s", name).isNotNull();
        return gauge.value();
    }

    @Test
    void anOrderPlacedAndPaidCountsItsHoldConfirmationEventsAndTimesEveryPortCall() {
        withRegistry().run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 10);
            Shop.placeAndPay(oms, "k-1", 2);
            assertThat(count(registry, "oms.holds", "outcome", "held")).isEqualTo(1);
            assertThat(count(registry, "oms.confirmations", "outcome", "confirmed"))
                    .isEqualTo(1);
            assertThat(count(registry, "oms.orders", "event", "placed")).isEqualTo(1);
            assertThat(count(registry, "oms.orders", "event", "confirmed")).isEqualTo(1);
            assertThat(timed(registry, "oms.lock.calls", "method", "reserve", "outcome", "success"))
                    .isEqualTo(1);
            assertThat(timed(registry, "oms.lock.calls", "method", "confirm", "outcome", "success"))
                    .isEqualTo(1);
            assertThat(timed(registry, "oms.store.calls", "port", "orders")).isPositive();
            assertThat(timed(registry, "oms.store.calls", "port", "catalog")).isPositive();
            assertThat(timed(registry, "oms.store.calls", "port", "stores")).isPositive();
        });
    }

    @Test
    void placementsAreCountedByOutcomeAsTheHostReportsThem() {
        withRegistry().run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            OmsMetrics metrics = context.getBean(OmsMetrics.class);
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 2);
            assertThat(metrics.placement(Shop.place(oms, "k-1", 2))).isInstanceOf(PlacementResult.Placed.class);
            metrics.placement(Shop.place(oms, "k-1", 2));
            metrics.placement(Shop.place(oms, "k-2", 1));
            assertThat(count(registry, "oms.placements", "outcome", "placed")).isEqualTo(1);
            assertThat(count(registry, "oms.placements", "outcome", "repeated")).isEqualTo(1);
            assertThat(count(registry, "oms.placements", "outcome", "out_of_stock"))
                    .isEqualTo(1);
            assertThat(count(registry, "oms.holds", "outcome", "insufficient")).isEqualTo(1);
        });
    }

    @Test
    void aFailedLockCallIsTimedUnderItsErrorCode() {
        withRegistry().withBean(InventoryLock.class, SwitchableLock::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 5);
            context.getBean(SwitchableLock.class).down(true);
            assertThatThrownBy(() -> Shop.place(oms, "k-1", 1)).isInstanceOf(OmsException.class);
            assertThat(timed(registry, "oms.lock.calls", "method", "reserve", "outcome", "BACKEND_UNAVAILABLE"))
                    .isEqualTo(1);
        });
    }

    @Test
    void aReconcilerPassCountsItsRepairsAndTheExpiredHold() {
        withRegistry().withBean(Clock.class, MutableClock::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            MutableClock clock = context.getBean(MutableClock.class);
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 5);
            Shop.place(oms, "k-1", 2); // never paid
            clock.advance(oms.config().holdTtl().plus(Duration.ofSeconds(1)));
            context.getBean(OmsJobs.class).reconcile();
            assertThat(count(registry, "oms.reconciler.passes")).isEqualTo(1);
            assertThat(count(registry, "oms.reconciler.repairs", "repair", "orders_cancelled"))
                    .isEqualTo(1);
            assertThat(count(registry, "oms.orders.cancelled", "reason", CancelReason.RESERVATION_EXPIRED.name()))
                    .isEqualTo(1);
            assertThat(oms.inventory().available(Shop.STORE, Shop.MILK)).isEqualTo(5);
        });
    }

    @Test
    void eachSubscribersLagAndFailuresAreMeasuredAfterADispatcherPass() {
        withRegistry().withUserConfiguration(StuckSubscriber.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 5);
            Shop.placeAndPay(oms, "k-1", 1); // two events: placed, confirmed
            context.getBean(OmsJobs.class).dispatch();
            assertThat(gauge(registry, "oms.events.lag", "subscriber", "audit")).isZero();
            assertThat(count(registry, "oms.events.delivered", "subscriber", "audit"))
                    .isEqualTo(2);
            assertThat(gauge(registry, "oms.events.lag", "subscriber", "stuck")).isEqualTo(2);
            assertThat(count(registry, "oms.events.failures", "subscriber", "stuck"))
                    .isEqualTo(1);
            assertThat(gauge(registry, "oms.events.failures.in.row", "subscriber", "stuck"))
                    .isEqualTo(1);
        });
    }

    @Test
    void aLockThatLostItsDataIsFoundByTheDriftCheckAndCounted() {
        withRegistry().withUserConfiguration(LosableLock.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Oms oms = context.getBean(Oms.class);
            OmsJobs jobs = context.getBean(OmsJobs.class);
            Shop.open(oms, 10);
            Shop.placeAndPay(oms, "k-1", 2);
            jobs.reconcile(); // ships the lock's movements to the durable ledger
            jobs.checkDrift();
            assertThat(gauge(registry, "oms.stock.drift.stores")).isZero();
            context.getBean(LosableInventoryLock.class).lose(Shop.STORE); // a Redis restarted empty
            jobs.checkDrift();
            assertThat(gauge(registry, "oms.stock.drift.stores")).isEqualTo(1);
            assertThat(gauge(registry, "oms.stock.drift.stores.persistent")).isZero(); // seen once so far
            assertThat(count(registry, "oms.stock.drift", "counter", "onHand")).isPositive();
            jobs.checkDrift();
            assertThat(gauge(registry, "oms.stock.drift.stores.persistent")).isEqualTo(1);
            assertThat(count(registry, "oms.stock.drift.checks")).isEqualTo(3);
            var lock = (HealthIndicator) context.getBean("omsHealthContributor", CompositeHealthContributor.class)
                    .getContributor("lock");
            assertThat(lock.health().getDetails())
                    .containsEntry("storesDiffering", 1)
                    .containsEntry("storesDifferingAgain", 1);
        });
    }

    @Test
    void theDriftCheckRunsOnItsOwnScheduleByDefault() {
        Runners.starter()
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(LosableLock.class, DriftPasses.class)
                .withPropertyValues(
                        "oms.reconciler.enabled=false",
                        "oms.events.enabled=false",
                        "oms.drift-check.interval=20ms",
                        "oms.drift-check.initial-delay=0s")
                .run(context -> {
                    Oms oms = context.getBean(Oms.class);
                    Shop.open(oms, 10);
                    oms.recovery().ship(Shop.STORE, 10);
                    context.getBean(LosableInventoryLock.class).lose(Shop.STORE);
                    DriftPasses passes = context.getBean(DriftPasses.class);
                    assertThat(passes.drifted.await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(count(context.getBean(MeterRegistry.class), "oms.stock.drift", "counter", "onHand"))
                            .isPositive();
                });
    }

    @Test
    void aSkuFallingBelowItsThresholdIsCountedAsLowStock() {
        withRegistry().withPropertyValues("oms.low-stock-threshold=5").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 6);
            Shop.placeAndPay(oms, "k-1", 2);
            assertThat(count(registry, "oms.stock.low", "store", Shop.STORE.value()))
                    .isEqualTo(1);
        });
    }

    @Test
    void withoutMicrometerThereAreNoMetricsAndTheLibraryWorksTheSame() {
        Runners.starterWithJobsOff()
                .withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(OmsMetrics.class);
                    Oms oms = context.getBean(Oms.class);
                    Shop.open(oms, 3);
                    Shop.placeAndPay(oms, "k-1", 1);
                });
    }

    @Test
    void withMicrometerButNoRegistryThereAreNoMetrics() {
        Runners.starterWithJobsOff().run(context -> assertThat(context).doesNotHaveBean(OmsMetrics.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class StuckSubscriber {
        @Bean
        RecordingSubscriber audit() {
            return RecordingSubscriber.recording();
        }

        @Bean
        EventSubscriber stuck() {
            return event -> {
                throw new IllegalStateException("the relay is down");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LosableLock {
        @Bean
        LosableInventoryLock losableLock(Clock clock) {
            return new LosableInventoryLock(clock);
        }
    }

    /** Counts drift-check passes that found a store differing; fires after two (the metrics are set by then). */
    @Configuration(proxyBeanMethods = false)
    static class DriftPasses implements JobObserver {
        final CountDownLatch drifted = new CountDownLatch(2);

        @Override
        public void driftPassDone(int stores, int differing, int differingAgain) {
            if (differing > 0) {
                drifted.countDown();
            }
        }
    }
}
