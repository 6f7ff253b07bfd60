package io.qcommerce.oms.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import io.qcommerce.oms.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisInventoryLockConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        RedisInventoryLockConfig config = RedisInventoryLockConfig.ofDefaults();

        assertThat(config.keyPrefix()).isEqualTo("oms");
        assertThat(config.retention()).isEqualTo(Duration.ofHours(24));
        assertThat(config.reapBatchSize()).isEqualTo(100);
        assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.clock()).as("the server's clock by default").isEmpty();
        assertThat(config).isEqualTo(RedisInventoryLockConfig.builder().build());
    }

    @Test
    void everySettingIsKeptAndToBuilderChangesOnlyWhatItIsTold() {
        MutableClock clock = new MutableClock();
        RedisInventoryLockConfig config = RedisInventoryLockConfig.builder()
                .keyPrefix("shop.blr:inv")
                .retention(Duration.ofHours(2))
                .reapBatchSize(7)
                .commandTimeout(Duration.ofMillis(300))
                .clock(clock)
                .build();

        RedisInventoryLockConfig changed =
                config.toBuilder().serverTime().reapBatchSize(8).build();

        assertThat(config.keyPrefix()).isEqualTo("shop.blr:inv");
        assertThat(config.clock()).contains(clock);
        assertThat(changed.clock()).isEmpty();
        assertThat(changed.reapBatchSize()).isEqualTo(8);
        assertThat(changed.retention()).isEqualTo(Duration.ofHours(2));
        assertThat(changed.commandTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(changed.keyPrefix()).isEqualTo(config.keyPrefix());
    }

    @Test
    void everyBadSettingIsReportedAtOnce() {
        RedisInventoryLockConfig.Builder builder = RedisInventoryLockConfig.builder()
                .keyPrefix("a{b}")
                .retention(Duration.ZERO)
                .reapBatchSize(0)
                .commandTimeout(null);

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(OmsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
            assertThat(e.violations())
                    .extracting(Violation::field)
                    .containsExactlyInAnyOrder("keyPrefix", "retention", "reapBatchSize", "commandTimeout");
        });
    }

    @Test
    void aPrefixThatCouldBreakTheKeyLayoutIsRefused() {
        for (String bad : new String[] {"", "a b", "x{", "}", "é", "a*", "x".repeat(65), null}) {
            assertThatThrownBy(() ->
                            RedisInventoryLockConfig.builder().keyPrefix(bad).build())
                    .as("prefix %s", bad)
                    .isInstanceOfSatisfying(
                            OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
        }
        assertThatThrownBy(() -> RedisInventoryLockConfig.builder().clock(null))
                .isInstanceOfSatisfying(
                        OmsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
        assertThatThrownBy(() -> RedisInventoryLockConfig.builder()
                        .retention(Duration.ofDays(31))
                        .build())
                .isInstanceOf(OmsException.class);
    }

    @Test
    void theRecommendedLettuceOptionsReconnectAndTimeCommandsOut() {
        ClientOptions options = LettuceSettings.clientOptions(Duration.ofSeconds(2));
        ClusterClientOptions cluster = LettuceSettings.clusterClientOptions(Duration.ofSeconds(2));

        for (ClientOptions o : new ClientOptions[] {options, cluster}) {
            assertThat(o.isAutoReconnect()).isTrue();
            assertThat(o.getTimeoutOptions().isTimeoutCommands()).isTrue();
        }
        assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(cluster.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
        assertThat(cluster.getTopologyRefreshOptions().getAdaptiveRefreshTriggers())
                .isNotEmpty();
    }
}
