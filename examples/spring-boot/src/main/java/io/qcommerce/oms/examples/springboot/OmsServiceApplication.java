package io.qcommerce.oms.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The order-management library as a REST service: stores, catalog, carts, orders and inventory over HTTP,
 * on memory by default, on Redis and MongoDB when their URIs are configured.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OmsServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(OmsServiceApplication.class, args);
    }
}
