package io.qcommerce.oms.examples.plainmain;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The servers the morning runs on in tests, on loopback only. As for the adapters' own tests (DESIGN.md,
 * "Tests"), in this order:
 *
 * <ul>
 *   <li>Redis: {@code OMS_TEST_REDIS_URI} when set; else a server the test starts on a free port, from the
 *       binary in {@code OMS_TEST_REDIS_SERVER} (a path, or {@code embedded}), else {@code redis-server} on the
 *       PATH, else the binary inside the {@code embedded-redis} test dependency, started through its Java API.
 *       So a machine with only Java and Maven runs the tests too.</li>
 *   <li>MongoDB: {@code OMS_TEST_MONGO_URI} when set; else mongo-java-server, in process.</li>
 * </ul>
 */
final class TestServers {
    static final String REDIS_URI_ENV = "OMS_TEST_REDIS_URI";
    static final String REDIS_SERVER_ENV = "OMS_TEST_REDIS_SERVER";
    static final String MONGO_URI_ENV = "OMS_TEST_MONGO_URI";

    private TestServers() {
    }

    /** A server the tests use: its URI, where it came from, and how to stop it (a no-op for an external one). */
    interface Server extends AutoCloseable {
        String uri();

        String source();

        @Override
        void close();
    }

    /**
     * Which {@code redis-server} to start.
     *
     * @param path the binary, or empty for the one inside the embedded-redis jar
     */
    record RedisBinary(Optional<Path> path) {
        boolean embedded() {
            return path.isEmpty();
        }

        @Override
        public String toString() {
            return path.map(Path::toString).orElse("the embedded-redis binary");
        }
    }

    /**
     * Picks the binary from the given settings rather than from this process's environment, so that a test can
     * ask what a machine without {@code redis-server} on its PATH would get.
     *
     * @param forced the value of {@code OMS_TEST_REDIS_SERVER}: a path, {@code embedded}, or null
     * @param path   the value of {@code PATH}, or null
     */
    static RedisBinary pickRedis(String forced, String path) {
        if (forced != null && !forced.isBlank()) {
            return new RedisBinary(forced.equals("embedded") ? Optional.empty() : Optional.of(Path.of(forced)));
        }
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new RedisBinary(Optional.of(candidate));
                }
            }
        }
        return new RedisBinary(Optional.empty());
    }

    /** Whether the embedded-redis jar has a binary for this OS and CPU. */
    static boolean embeddedRedisAvailable() {
        try {
            return ExecutableProvider.newJarResourceProvider().get().canExecute();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Redis as the environment says (see the class comment). */
    static Server redis(Map<String, String> env) {
        String uri = env.get(REDIS_URI_ENV);
        if (uri != null && !uri.isBlank()) {
            return external(uri.trim(), REDIS_URI_ENV);
        }
        return startRedis(pickRedis(env.get(REDIS_SERVER_ENV), env.get("PATH")));
    }

    /** Starts {@code binary} on a free loopback port, with no persistence, in a temporary directory of its own. */
    static Server startRedis(RedisBinary binary) {
        Path dir;
        try {
            dir = Files.createTempDirectory("oms-example-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            RedisServerBuilder builder = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dir)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory-policy noeviction");
            if (!binary.embedded()) {
                File exe = binary.path().get().toFile();
                builder.executableProvider(() -> exe);
            }
            RedisServer server;
            try {
                server = builder.build();
                // Returns once the server logged that it accepts connections; throws if it exited instead.
                server.start();
            } catch (IOException e) {
                // Most likely the free port was taken between probing and binding: try another one.
                last = e;
                continue;
            }
            String source = binary + " on 127.0.0.1:" + port;
            return new Server() {
                @Override
                public String uri() {
                    return "redis://127.0.0.1:" + port;
                }

                @Override
                public String source() {
                    return source;
                }

                @Override
                public void close() {
                    try {
                        server.stop();
                    } catch (IOException e) {
                        // The process is gone either way.
                    }
                    deleteRecursively(dir);
                }
            };
        }
        deleteRecursively(dir);
        throw new IllegalStateException("cannot start " + binary, last);
    }

    /** MongoDB as the environment says: its URI, or mongo-java-server in process on a free loopback port. */
    static Server mongo(Map<String, String> env) {
        String uri = env.get(MONGO_URI_ENV);
        if (uri != null && !uri.isBlank()) {
            return external(uri.trim(), MONGO_URI_ENV);
        }
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        return new Server() {
            @Override
            public String uri() {
                return "mongodb://127.0.0.1:" + address.getPort() + "/oms_example";
            }

            @Override
            public String source() {
                return "mongo-java-server (in process) on 127.0.0.1:" + address.getPort();
            }

            @Override
            public void close() {
                server.shutdownNow();
            }
        };
    }

    /** A port nothing listens on right now (and, closed at once, nothing will for the next moment). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Server external(String uri, String variable) {
        return new Server() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public String source() {
                return "the server in " + variable;
            }

            @Override
            public void close() {
            }
        };
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a test for.
        }
    }
}
