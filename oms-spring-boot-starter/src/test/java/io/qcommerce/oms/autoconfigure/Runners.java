package io.qcommerce.oms.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter's auto-configurations, as a Spring Boot application gets them from the imports file. */
final class Runners {
    /** The scheduled jobs off: a test runs a pass itself when it wants one. */
    static final String[] JOBS_OFF = {
        "oms.reconciler.enabled=false", "oms.events.enabled=false", "oms.drift-check.enabled=false"
    };

    private Runners() {}

    static ApplicationContextRunner starter() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        OmsRedisAutoConfiguration.class,
                        OmsMongoAutoConfiguration.class,
                        OmsMetricsAutoConfiguration.class,
                        OmsAutoConfiguration.class,
                        OmsHealthAutoConfiguration.class));
    }

    static ApplicationContextRunner starterWithJobsOff() {
        return starter().withPropertyValues(JOBS_OFF);
    }
}
