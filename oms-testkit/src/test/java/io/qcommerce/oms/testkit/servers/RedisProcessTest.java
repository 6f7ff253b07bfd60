package io.qcommerce.oms.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisProcessTest {
    @BeforeAll
    static void requireBinary() {
        RedisServers.assumeBinary();
    }

    @Test
    void aStartedServerAnswersOnItsPortSurvivesARestartAndIsGoneWithItsDirectoryAfterClose() throws IOException {
        RedisProcess server = RedisProcess.start("kit-test");
        try {
            assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
            assertThat(ping(server)).isEqualTo("PONG");
            server.kill();
            assertThat(server.isAlive()).isFalse();
            server.restart();
            assertThat(ping(server)).isEqualTo("PONG");
        } finally {
            server.close();
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(Files.exists(server.dir())).isFalse();
    }

    @Test
    void aClusterServesEverySlotOnEachOfItsMasters() throws IOException {
        try (RedisCluster cluster = RedisCluster.start(3)) {
            assertThat(cluster.uris()).hasSize(3);
            for (RedisProcess node : cluster.nodes()) {
                try (Resp c = Resp.connect(node.host(), node.port())) {
                    assertThat((String) c.call("CLUSTER", "INFO"))
                            .contains(
                                    "cluster_state:ok",
                                    "cluster_slots_ok:" + RedisCluster.SLOT_COUNT,
                                    "cluster_known_nodes:3");
                }
            }
        }
    }

    private static Object ping(RedisProcess server) throws IOException {
        try (Resp c = Resp.connect(server.host(), server.port())) {
            return c.call("PING");
        }
    }
}
