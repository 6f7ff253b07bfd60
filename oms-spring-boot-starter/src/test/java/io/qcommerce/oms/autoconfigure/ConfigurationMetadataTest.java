package io.qcommerce.oms.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an IDE completes {@code oms.*} from: the metadata the jar carries, and the imports Spring Boot reads. */
class ConfigurationMetadataTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = OmsAutoConfiguration.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyOmsPropertyIsDescribedForIdes() throws IOException {
        String metadata = resource("META-INF/spring-configuration-metadata.json");
        for (String property : List.of(
                "oms.hold-ttl",
                "oms.max-cart-lines",
                "oms.low-stock-threshold",
                "oms.redis.uri",
                "oms.redis.time-source",
                "oms.mongo.uri",
                "oms.mongo.database",
                "oms.reconciler.enabled",
                "oms.events.interval",
                "oms.drift-check.interval",
                "oms.health.readiness")) {
            assertThat(metadata).contains("\"name\": \"" + property + "\"");
        }
        assertThat(metadata)
                .contains("\"defaultValue\": \"15m\"")
                .contains("\"value\": \"redis:\\/\\/localhost:6379\""); // JSON escapes the slashes
    }

    @Test
    void springBootFindsEveryAutoConfiguration() throws IOException {
        String imports = resource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
        assertThat(imports.lines().filter(l -> !l.isBlank()))
                .containsExactlyInAnyOrder(
                        OmsAutoConfiguration.class.getName(),
                        OmsRedisAutoConfiguration.class.getName(),
                        OmsMongoAutoConfiguration.class.getName(),
                        OmsHealthAutoConfiguration.class.getName(),
                        OmsMetricsAutoConfiguration.class.getName());
    }
}
