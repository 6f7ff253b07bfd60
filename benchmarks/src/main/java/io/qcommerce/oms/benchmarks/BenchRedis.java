package io.qcommerce.oms.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Redis server a benchmark talks to: the one named by {@code --redis-uri} or {@code OMS_BENCH_REDIS_URI}
 * (a scratch server: its database is emptied between runs), else a {@code redis-server} from the PATH that this
 * class starts on a free loopback port, with persistence off and {@code maxmemory-policy noeviction}, and stops
 * on {@link #close()}.
 */
final class BenchRedis implements AutoCloseable {
    static final String ENV_URI = "OMS_BENCH_REDIS_URI";

    private final RedisURI uri;
    private final Process process;
    private final Path dir;
    private final RedisClient adminClient;
    private final StatefulRedisConnection<String, String> admin;

    private BenchRedis(RedisURI uri, Process process, Path dir) {
        this.uri = uri;
        this.process = process;
        this.dir = dir;
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
            return new BenchRedis(uri, null, null);
        }
        return start();
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1"));
    }

    private static BenchRedis start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("oms-bench-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of("redis-server",
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction",
                    "--protected-mode", "yes", "--daemonize", "no"));
            Process p;
            try {
                p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start redis-server from the PATH (install it, e.g."
                        + " apt-get install redis-server, or pass --redis-uri): " + e.getMessage(), e);
            }
            if (awaitPort(port, p, Duration.ofSeconds(10))) {
                BenchRedis server = new BenchRedis(RedisURI.Builder.redis("127.0.0.1", port).build(), p, dir);
                Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-bench-redis"));
                return server;
            }
            p.destroyForcibly();
            last = new IllegalStateException("redis-server did not come up on port " + port + "; see " + dir);
        }
        throw last;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean awaitPort(int port, Process p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
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
        if (process != null) {
            try {
                admin.sync().shutdown(false);
            } catch (RuntimeException e) {
                // the connection drops as the server stops: expected
            }
        }
        admin.close();
        adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (process != null) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
