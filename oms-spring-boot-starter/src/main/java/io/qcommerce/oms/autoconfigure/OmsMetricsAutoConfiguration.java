package io.qcommerce.oms.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the library, when Micrometer is on the class path and the context has a
 * {@link MeterRegistry}: the order and stock counters ({@link OmsMetrics}), every port call timed, holds,
 * confirmations and expiries as the inventory lock answers them, and the scheduled jobs' work (reconciler passes
 * and repairs, event delivery and lag per subscriber, drift found). Without Micrometer nothing here exists and
 * nothing else changes.
 */
@AutoConfiguration(
        beforeName = "io.qcommerce.oms.autoconfigure.OmsAutoConfiguration",
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class OmsMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OmsMetrics omsMetrics(MeterRegistry registry) {
        return new OmsMetrics(registry);
    }

    @Bean
    @ConditionalOnMissingBean(name = "omsTimedPorts")
    TimedPorts omsTimedPorts(MeterRegistry registry) {
        return new TimedPorts(registry);
    }

    @Bean
    @ConditionalOnMissingBean(name = "omsJobMetrics")
    MeteredJobs omsJobMetrics(MeterRegistry registry) {
        return new MeteredJobs(registry);
    }
}
