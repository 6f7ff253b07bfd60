package io.qcommerce.oms.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.testkit.servers.RedisBinary;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import java.time.Duration;
import java.util.Map;

/**
 * The Redis server a benchmark talks to: the one named by {@code --redis-uri} or {@code OMS_BENCH_REDIS_URI}
 * (a scratch server: its database is emptied between runs), else a {@code redis-server} from the PATH that the
 * testkit's {@link RedisProcess} starts on a free loopback port, with persistence off and
 * {@code maxmemory-policy noeviction}, and stops on {@link #close()}. Only the PATH's binary, never the
 * embedded-redis one: the figures are compared with {@code redis-benchmark} of the same installation.
 */
final class BenchRedis implements AutoCloseable {
    static final String ENV_URI = "OMS_BENCH_REDIS_URI";

    private final RedisURI uri;
    private final RedisProcess process;
    private final RedisClient adminClient;
    private final StatefulRedisConnection<String, String> admin;

    private BenchRedis(RedisURI uri, RedisProcess process) {
        this.uri = uri;
        this.process = process;
        this.adminClient = RedisClient.create(uri);
        this.admin = adminClient.connect();
    }

    /** Connects to the given URI, else the one in the environment, else starts a server. */
    static BenchRedis open(String uriOption) {
        String given = uriOption != null ? uriOption : System.getenv(ENV_URI);
        if (given != null && !given.isBlank()) {
            RedisURI uri = RedisURI.create(given);
            if (!isLoopback(uri.getHost())) {
                throw new IllegalArgumentException("benchmarks talk to a loopback server only, not " + uri.getHost());
            }
            return new BenchRedis(uri, null);
        }
        return start();
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1"));
    }

    private static BenchRedis start() {
        RedisBinary binary = RedisBinary.pick(null, System.getenv("PATH"));
        if (binary.embedded()) {
            throw new IllegalStateException("no redis-server on the PATH (install it, e.g."
                    + " apt-get install redis-server, or pass --redis-uri)");
        }
        RedisProcess p = RedisProcess.start(binary, "bench", "--protected-mode", "yes");
        Runtime.getRuntime().addShutdownHook(new Thread(p::close, "stop-bench-redis"));
        return new BenchRedis(RedisURI.create(p.uri()), p);
    }

    RedisURI uri() {
        return uri;
    }

    String host() {
        return uri.getHost();
    }

    int port() {
        return uri.getPort();
    }

    boolean startedHere() {
        return process != null;
    }

    /** Empties the current database; waits until the memory is given back (no lazy free in flight). */
    void flush() {
        admin.sync().flushdb();
        for (int i = 0; i < 100 && lazyfreePending() > 0; i++) {
            sleep(20);
        }
    }

    String version() {
        return infoField("server", "redis_version");
    }

    long usedMemory() {
        return Long.parseLong(infoField("memory", "used_memory"));
    }

    /** CPU seconds the server process has used so far (user + system, INFO cpu). */
    double cpuSeconds() {
        return Double.parseDouble(infoField("cpu", "used_cpu_user"))
                + Double.parseDouble(infoField("cpu", "used_cpu_sys"));
    }

    long lazyfreePending() {
        String v = infoField("memory", "lazyfree_pending_objects");
        return v == null ? 0 : Long.parseLong(v);
    }

    long keyCount() {
        return admin.sync().dbsize();
    }

    String configGet(String name) {
        Map<String, String> m = admin.sync().configGet(name);
        return m.get(name);
    }

    String infoField(String section, String field) {
        String info = admin.sync().info(section);
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    StatefulRedisConnection<String, String> admin() {
        return admin;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        admin.close();
        adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (process != null) {
            process.close();
        }
    }
}
