package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.testkit.servers.InProcessMongo;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

class HealthTest {

    /** The starter inside an application with the actuator's health endpoint and its Kubernetes probes. */
    private static ApplicationContextRunner withActuator() {
        return Runners.starterWithJobsOff()
                .withConfiguration(AutoConfigurations.of(
                        ApplicationAvailabilityAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class,
                        AvailabilityHealthContributorAutoConfiguration.class,
                        AvailabilityProbesAutoConfiguration.class))
                .withPropertyValues("management.endpoint.health.probes.enabled=true");
    }

    private static Health health(HealthContributor oms, String part) {
        return ((HealthIndicator) ((CompositeHealthContributor) oms).getContributor(part)).health();
    }

    @Test
    void theLockAndTheStoresAreUpInMemory() {
        Runners.starterWithJobsOff().run(context -> {
            HealthContributor oms = context.getBean("omsHealthContributor", HealthContributor.class);
            Health lock = health(oms, "lock");
            assertThat(lock.getStatus()).isEqualTo(Status.UP);
            assertThat(lock.getDetails()).containsEntry("adapter", "InMemoryInventoryLock");
            Health stores = health(oms, "stores");
            assertThat(stores.getStatus()).isEqualTo(Status.UP);
            assertThat(stores.getDetails())
                    .containsEntry("stores", "InMemoryStoreDirectory")
                    .containsEntry("orders", "InMemoryOrderRepository");
        });
    }

    @Test
    void aLockThatCannotBeReadIsDownWithItsErrorCodeAndNoAddress() {
        Runners.starterWithJobsOff()
                .withBean(InventoryLock.class, SwitchableLock::new)
                .run(context -> {
                    context.getBean(SwitchableLock.class).down(true);
                    HealthContributor oms = context.getBean("omsHealthContributor", HealthContributor.class);
                    Health lock = health(oms, "lock");
                    assertThat(lock.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(lock.getDetails()).containsEntry("error", "BACKEND_UNAVAILABLE");
                    assertThat(lock.getDetails().toString()).doesNotContain("10.0.0.7");
                });
    }

    @Test
    void storesOnAMongoDbThatStoppedAreDown() {
        InProcessMongo mongo = InProcessMongo.start();
        try {
            Runners.starterWithJobsOff()
                    .withPropertyValues("oms.mongo.uri=" + mongo.uri())
                    .run(context -> {
                        HealthContributor oms = context.getBean("omsHealthContributor", HealthContributor.class);
                        assertThat(health(oms, "stores").getStatus()).isEqualTo(Status.UP);
                        mongo.stop();
                        Health stores = health(oms, "stores");
                        assertThat(stores.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(stores.getDetails()).containsKey("storesError");
                        mongo.restart();
                        assertThat(health(oms, "stores").getStatus()).isEqualTo(Status.UP);
                    });
        } finally {
            mongo.close();
        }
    }

    @Test
    void readinessFollowsTheBackendsAndLivenessDoesNot() {
        withActuator().withBean(InventoryLock.class, SwitchableLock::new).run(context -> {
            assertThat(context).hasNotFailed();
            acceptTraffic(context);
            HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
            assertThat(status(endpoint, "readiness")).isEqualTo(Status.UP);
            context.getBean(SwitchableLock.class).down(true);
            assertThat(status(endpoint, "readiness")).isEqualTo(Status.DOWN);
            assertThat(status(endpoint, "liveness")).isEqualTo(Status.UP);
            assertThat(endpoint.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void readinessLeavesTheBackendsOutWhenToldTo() {
        withActuator()
                .withPropertyValues("oms.health.readiness=false")
                .withBean(InventoryLock.class, SwitchableLock::new)
                .run(context -> {
                    acceptTraffic(context);
                    context.getBean(SwitchableLock.class).down(true);
                    assertThat(status(context.getBean(HealthEndpoint.class), "readiness"))
                            .isEqualTo(Status.UP);
                });
    }

    @Test
    void withoutSpringBootHealthThereIsNoContributorAndTheRestWorks() {
        Runners.starterWithJobsOff()
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("omsHealthContributor");
                    assertThat(context).hasSingleBean(io.qcommerce.oms.Oms.class);
                });
    }

    /** What SpringApplication announces once the application has started; the context runner does not. */
    private static void acceptTraffic(ApplicationContext context) {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    private static Status status(HealthEndpoint endpoint, String group) {
        HealthDescriptor descriptor = endpoint.healthForPath(group);
        assertThat(descriptor).as("health group %s", group).isNotNull();
        return descriptor.getStatus();
    }
}
