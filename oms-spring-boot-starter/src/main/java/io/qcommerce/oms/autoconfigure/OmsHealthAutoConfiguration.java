package io.qcommerce.oms.autoconfigure;

import io.qcommerce.oms.spi.InventoryLock;
import io.qcommerce.oms.spi.OrderRepository;
import io.qcommerce.oms.spi.StoreDirectory;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code oms} health contributor (needs {@code spring-boot-health}): {@code oms/lock}, a read through the
 * inventory lock with the last drift check's finding, and {@code oms/stores}, a read through the store directory
 * and the order repository. With the actuator present it is also put in the readiness group
 * ({@code oms.health.readiness}, on by default). Define a bean named {@code omsHealthContributor} to replace it.
 */
@AutoConfiguration(
        after = OmsAutoConfiguration.class,
        // Registered after the probe groups, so its post-processor (same order) runs after theirs.
        afterName = {
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration"
        })
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
public final class OmsHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "omsHealthContributor")
    HealthContributor omsHealthContributor(
            InventoryLock lock, StoreDirectory stores, OrderRepository orders, DriftStatus drift) {
        return CompositeHealthContributor.fromMap(
                Map.of("lock", PortHealth.lock(lock, drift), "stores", PortHealth.stores(stores, orders)));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor",
                "org.springframework.boot.actuate.endpoint.SecurityContext"
            })
    @ConditionalOnBooleanProperty(name = "oms.health.readiness", matchIfMissing = true)
    static class Readiness {
        @Bean
        @ConditionalOnMissingBean(name = "omsReadinessGroup")
        ReadinessIncludesOms omsReadinessGroup() {
            return new ReadinessIncludesOms();
        }
    }
}
