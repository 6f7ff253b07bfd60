package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.Oms;
import io.qcommerce.oms.config.OmsConfig;
import io.qcommerce.oms.event.EventSubscriber;
import io.qcommerce.oms.event.OrderEvent;
import io.qcommerce.oms.memory.InMemoryInventoryLock;
import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.order.Order;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.spi.Catalog;
import io.qcommerce.oms.spi.EventCheckpoints;
import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.SlotDirectory;
import io.qcommerce.oms.spi.StockLedger;
import io.qcommerce.oms.spi.StockThresholds;
import io.qcommerce.oms.spi.StoreDirectory;
import io.qcommerce.oms.testkit.MutableClock;
import io.qcommerce.oms.testkit.RecordingSubscriber;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class InMemoryWiringTest {

    @Test
    void withNothingConfiguredTheLibraryRunsInMemoryAndPlacesAndPaysAnOrder() {
        Runners.starterWithJobsOff().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Oms.class);
            assertThat(context).getBean(InventoryLock.class).isInstanceOf(InMemoryInventoryLock.class);
            assertThat(context).getBean(OrderRepository.class).isInstanceOf(InMemoryOrderRepository.class);
            for (Class<?> port : List.of(
                    Catalog.class,
                    StoreDirectory.class,
                    SlotDirectory.class,
                    StockLedger.class,
                    StockThresholds.class,
                    EventCheckpoints.class)) {
                assertThat(context).hasSingleBean(port);
            }
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 10);
            Order order = Shop.placeAndPay(oms, "k-1", 2);
            assertThat(oms.inventory().available(Shop.STORE, Shop.MILK)).isEqualTo(8);
            assertThat(context.getBean(OrderRepository.class).find(order.id())).isPresent();
        });
    }

    @Test
    void omsPropertiesBindToTheLibrarysConfiguration() {
        Runners.starterWithJobsOff()
                .withPropertyValues(
                        "oms.hold-ttl=3m",
                        "oms.max-cart-lines=7",
                        "oms.low-stock-threshold=5",
                        "oms.event-batch-size=20",
                        "oms.redis.key-prefix=shop",
                        "oms.redis.time-source=application",
                        "oms.mongo.database=orders",
                        "oms.reconciler.interval=5s",
                        "oms.drift-check.enabled=false",
                        "oms.health.readiness=false")
                .run(context -> {
                    OmsConfig config = context.getBean(Oms.class).config();
                    assertThat(config.holdTtl()).isEqualTo(Duration.ofMinutes(3));
                    assertThat(config.maxCartLines()).isEqualTo(7);
                    assertThat(config.eventBatchSize()).isEqualTo(20);
                    assertThat(config.lowStock().thresholdFor(Shop.STORE, Shop.MILK))
                            .isEqualTo(5);
                    OmsProperties properties = context.getBean(OmsProperties.class);
                    assertThat(properties.getRedis().getKeyPrefix()).isEqualTo("shop");
                    assertThat(properties.getRedis().getTimeSource()).isEqualTo(OmsProperties.TimeSource.APPLICATION);
                    assertThat(properties.getMongo().getDatabase()).isEqualTo("orders");
                    assertThat(properties.getReconciler().getInterval()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.getReconciler().isEnabled()).isFalse();
                    assertThat(properties.getDriftCheck().isEnabled()).isFalse();
                    assertThat(properties.getHealth().isReadiness()).isFalse();
                });
    }

    @Test
    void theDefaultsAreTheLibrarysDefaultsAndEveryJobOn() {
        Runners.starter()
                .withPropertyValues(
                        "oms.reconciler.initial-delay=1h",
                        "oms.events.initial-delay=1h",
                        "oms.drift-check.initial-delay=1h")
                .run(context -> {
                    assertThat(context.getBean(Oms.class).config().holdTtl())
                            .isEqualTo(OmsConfig.ofDefaults().holdTtl());
                    OmsProperties properties = context.getBean(OmsProperties.class);
                    assertThat(properties.getReconciler().isEnabled()).isTrue();
                    assertThat(properties.getEvents().isEnabled()).isTrue();
                    assertThat(properties.getDriftCheck().isEnabled()).isTrue();
                    assertThat(properties.getDriftCheck().getInterval()).isEqualTo(Duration.ofMinutes(15));
                    assertThat(context.getBean(OmsJobs.class).isRunning()).isTrue();
                });
    }

    @Test
    void aPortTheHostDefinesIsTheOneTheLibraryUses() {
        Runners.starterWithJobsOff().withUserConfiguration(HostOrders.class).run(context -> {
            assertThat(context).hasSingleBean(OrderRepository.class);
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 5);
            Order order = Shop.placeAndPay(oms, "k-1", 1);
            assertThat(HostOrders.REPOSITORY.find(order.id())).isPresent();
        });
    }

    @Test
    void anOmsTheHostDefinesReplacesTheWholeWiring() {
        Runners.starterWithJobsOff().withUserConfiguration(HostOms.class).run(context -> {
            assertThat(context).hasSingleBean(Oms.class);
            assertThat(context.getBean(Oms.class)).isSameAs(context.getBean("hostOms"));
        });
    }

    @Test
    void theHostsClockAndConfigurationAreTheLibrarys() {
        Runners.starterWithJobsOff()
                .withPropertyValues("oms.hold-ttl=3m")
                .withUserConfiguration(HostClockAndConfig.class)
                .run(context -> {
                    Oms oms = context.getBean(Oms.class);
                    assertThat(oms.clock()).isSameAs(context.getBean(Clock.class));
                    assertThat(oms.config().holdTtl()).isEqualTo(Duration.ofMinutes(1));
                    Shop.open(oms, 5);
                    Order order =
                            ((io.qcommerce.oms.placement.PlacementResult.Placed) Shop.place(oms, "k-1", 1)).order();
                    assertThat(order.createdAt()).isEqualTo(MutableClock.DEFAULT_START);
                });
    }

    @Test
    void eventSubscriberBeansGetTheOrderEventsUnderTheirBeanNames() {
        Runners.starterWithJobsOff().withUserConfiguration(Subscribers.class).run(context -> {
            Oms oms = context.getBean(Oms.class);
            Shop.open(oms, 5);
            Shop.placeAndPay(oms, "k-1", 1);
            oms.events().dispatch();
            RecordingSubscriber audit = context.getBean("audit", RecordingSubscriber.class);
            assertThat(audit.distinct()).isEqualTo(2); // placed, confirmed
            assertThat(oms.events().subscribers())
                    .extracting(s -> s.name())
                    .containsExactlyInAnyOrder("audit", "relay");
        });
    }

    @Test
    void theEventDispatcherRunsOnItsScheduleWithoutTheHostEnablingScheduling() {
        Runners.starter()
                .withPropertyValues(
                        "oms.events.interval=20ms",
                        "oms.events.initial-delay=0s",
                        "oms.reconciler.enabled=false",
                        "oms.drift-check.enabled=false")
                .withUserConfiguration(Subscribers.class)
                .run(context -> {
                    Oms oms = context.getBean(Oms.class);
                    Shop.open(oms, 5);
                    Shop.placeAndPay(oms, "k-1", 1);
                    Latching relay = context.getBean("relay", Latching.class);
                    assertThat(relay.twoEvents.await(30, TimeUnit.SECONDS)).isTrue();
                });
    }

    @Test
    void theJobsStopWithTheContext() {
        Runners.starter().withPropertyValues("oms.events.interval=20ms").run(context -> {
            OmsJobs jobs = context.getBean(OmsJobs.class);
            assertThat(jobs.isRunning()).isTrue();
            context.close();
            assertThat(jobs.isRunning()).isFalse();
        });
    }

    @Test
    void withoutTheRedisAdapterOnTheClassPathARedisUriLeavesTheLockInMemory() {
        Runners.starterWithJobsOff()
                .withClassLoader(new FilteredClassLoader(RedisInventoryLock.class))
                .withPropertyValues("oms.redis.uri=redis://127.0.0.1:7599")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .getBean(InventoryLock.class)
                        .isInstanceOf(InMemoryInventoryLock.class));
    }

    @Test
    void anEmptyUriIsNotSet() {
        Runners.starterWithJobsOff()
                .withPropertyValues("oms.redis.uri=", "oms.mongo.uri= ")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(InventoryLock.class).isInstanceOf(InMemoryInventoryLock.class);
                    assertThat(context).getBean(OrderRepository.class).isInstanceOf(InMemoryOrderRepository.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class HostOrders {
        static final InMemoryOrderRepository REPOSITORY = new InMemoryOrderRepository();

        @Bean
        OrderRepository hostOrders() {
            return REPOSITORY;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HostOms {
        @Bean
        Oms hostOms() {
            return Oms.inMemory();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HostClockAndConfig {
        @Bean
        Clock clock() {
            return new MutableClock();
        }

        @Bean
        OmsConfig config() {
            return OmsConfig.builder().holdTtl(Duration.ofMinutes(1)).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Subscribers {
        @Bean
        RecordingSubscriber audit() {
            return RecordingSubscriber.recording();
        }

        @Bean
        Latching relay() {
            return new Latching();
        }
    }

    static final class Latching implements EventSubscriber {
        final CountDownLatch twoEvents = new CountDownLatch(2);
        final List<OrderEvent> got = new CopyOnWriteArrayList<>();

        @Override
        public void on(OrderEvent event) {
            got.add(event);
            twoEvents.countDown();
        }
    }
}
