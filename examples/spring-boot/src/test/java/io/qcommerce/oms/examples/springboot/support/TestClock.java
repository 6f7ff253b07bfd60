package io.qcommerce.oms.examples.springboot.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Instant;

/** Replaces the service's clock with one the tests move. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClock {
    @Bean
    @Primary
    public MutableClock testClock() {
        return new MutableClock(Instant.now());
    }
}
