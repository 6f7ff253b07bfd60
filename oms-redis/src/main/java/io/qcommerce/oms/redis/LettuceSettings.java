package io.qcommerce.oms.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.internal.util.Checks;
import java.time.Duration;

/**
 * The Lettuce client options recommended for a {@link RedisInventoryLock}; set them on the client before
 * connecting ({@code client.setOptions(LettuceSettings.clientOptions(timeout))}).
 *
 * <ul>
 *   <li>{@code autoReconnect(true)}: the connection heals by itself after a restart or a network cut.</li>
 *   <li>{@code disconnectedBehavior(REJECT_COMMANDS)}: while the connection is down, a call fails at once
 *       with {@code BACKEND_UNAVAILABLE} (certainly not applied) instead of waiting in a buffer until its
 *       timeout ({@code OUTCOME_UNKNOWN}); and commands in flight when the connection drops fail with
 *       {@code OUTCOME_UNKNOWN} at once instead of being replayed after the reconnect, perhaps long after their
 *       caller gave up. Lettuce's default (buffer and replay) is harmless too, because every script answers a
 *       repeat with the first outcome; it is only slower to report an outage.</li>
 *   <li>{@code timeoutOptions}: Lettuce drops commands that got no answer after a little more than the
 *       adapter's own command timeout, so nothing lingers in its queue.</li>
 *   <li>Cluster: {@code ACCEPT_COMMANDS} instead, because a cluster connection opens its connection to each
 *       node lazily, and since Lettuce 6.9 a rejecting connection fails the first commands to a node while
 *       that connection is being made; accepted commands wait for it (at most the command timeout) and are
 *       replayed after a reconnect, which the scripts make harmless. Lettuce 7 refreshes the topology on
 *       redirects and reconnects by default, so a failover or a moved slot is followed at once.</li>
 * </ul>
 */
public final class LettuceSettings {
    private LettuceSettings() {}

    /** Options for a {@code RedisClient}, given the adapter's command timeout. */
    public static ClientOptions clientOptions(Duration commandTimeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(backstop(commandTimeout)))
                .build();
    }

    /** Options for a {@code RedisClusterClient}, given the adapter's command timeout. */
    public static ClusterClientOptions clusterClientOptions(Duration commandTimeout) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(backstop(commandTimeout)))
                .build();
    }

    private static Duration backstop(Duration commandTimeout) {
        Checks.positiveDuration(commandTimeout, "commandTimeout", ErrorCode.INVALID_CONFIGURATION);
        return commandTimeout.plus(commandTimeout.dividedBy(2)).plusMillis(100);
    }
}
