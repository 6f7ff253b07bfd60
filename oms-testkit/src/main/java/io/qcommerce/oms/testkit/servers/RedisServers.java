package io.qcommerce.oms.testkit.servers;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the Redis of the tests comes from, in this order: the URI in {@value #URI_ENV} (a server the developer or
 * CI runs; tests must use ids and key prefixes of their own, since it is shared); else a {@link RedisProcess} this
 * JVM starts on a free loopback port, from the binary {@link RedisBinary} picks ({@value RedisBinary#SERVER_ENV},
 * then {@code redis-server} on the PATH, then the binary inside the {@code embedded-redis} test dependency). So a
 * machine with only Java and Maven runs the tests too.
 *
 * <p>Tests that need a server of their own (to kill it, flush it, or change its settings) start a
 * {@link RedisProcess} or a {@link RedisCluster} directly, after {@link #assumeBinary()}.
 */
public final class RedisServers {
    /** The URI of a Redis server for the tests, e.g. {@code redis://127.0.0.1:6379}. */
    public static final String URI_ENV = "OMS_TEST_REDIS_URI";

    private static final SharedServer SHARED = new SharedServer("redis", () -> {
        if (TestServer.given(System.getenv(), URI_ENV).isEmpty()) {
            assumeBinary();
        }
        return fromEnvironment(System.getenv());
    });

    private RedisServers() {}

    /**
     * The server this JVM's tests share, found or started on first use and stopped (if started) when the JVM
     * exits. Skips the calling test, as {@link #assumeBinary()} does, when none can be had.
     */
    public static TestServer shared() {
        return SHARED.get();
    }

    /**
     * A server as {@code env} says (see the class comment): the one in {@value #URI_ENV}, or a new process the
     * caller closes.
     */
    public static TestServer fromEnvironment(Map<String, String> env) {
        return TestServer.given(env, URI_ENV)
                .orElseGet(() -> RedisProcess.start(
                        RedisBinary.pick(env.get(RedisBinary.SERVER_ENV), env.get("PATH")), "shared"));
    }

    /** Skips the calling test (a JUnit assumption) when no {@code redis-server} binary can be found. */
    public static void assumeBinary() {
        Assumptions.assumeTrue(
                RedisProcess.binaryAvailable(),
                "no redis-server on the PATH and no embedded-redis binary for this OS/CPU");
    }
}
