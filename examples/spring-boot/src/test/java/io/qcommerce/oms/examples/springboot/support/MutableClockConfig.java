package io.qcommerce.oms.examples.springboot.support;

import io.qcommerce.oms.testkit.MutableClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Replaces the service's clock with the testkit's {@link MutableClock}, which the tests move by hand so that expiry
 * rules are tested without sleeping. It starts now, in whole milliseconds, as the instants the API returns are.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MutableClockConfig {
    @Bean
    @Primary
    public MutableClock testClock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
