package io.qcommerce.oms.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MongoServersTest {
    @Test
    void requiringARealServerRefusesTheInProcessFallbackWithAnErrorThatSaysWhatToSet() {
        Throwable thrown = catchThrowable(
                () -> MongoServers.inProcessUnlessRealRequired(Map.of(MongoServers.REQUIRE_ENV, "real")));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining(MongoServers.URI_ENV);
    }

    @Test
    void withoutTheRequirementTheInProcessServerStarts() throws Exception {
        try (TestServer server = MongoServers.inProcessUnlessRealRequired(Map.of())) {
            assertThat(server.uri()).startsWith("mongodb://");
        }
    }
}
