package io.qcommerce.oms.redis;

import io.lettuce.core.RedisURI;
import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process that a test starts on a free loopback port, in a temporary directory of
 * its own, and can kill (SIGKILL) and start again on the same port and directory.
 *
 * <p>The binary, in order: the path or the word {@code embedded} in {@code OMS_TEST_REDIS_SERVER};
 * {@code redis-server} on the PATH; the binary inside the {@code embedded-redis} test dependency (Redis 6.2
 * for Linux, macOS and Windows on common CPUs).
 */
final class RedisServerProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static Optional<Path> binary;

    private final String name;
    private final Path dir;
    private final int port;
    private final List<String> settings;
    private Process process;

    private RedisServerProcess(String name, Path dir, int port, List<String> settings) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.settings = List.copyOf(settings);
    }

    /** The binary tests start, if there is one on this machine. */
    static synchronized Optional<Path> binary() {
        if (binary == null) {
            binary = findBinary();
        }
        return binary;
    }

    /**
     * Starts a server with the given extra settings ({@code "--appendonly", "yes"}, ...) and waits until it
     * answers PING.
     */
    static RedisServerProcess start(String name, String... extraSettings) {
        Path dir;
        try {
            dir = Files.createTempDirectory("oms-redis-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisServerProcess server = new RedisServerProcess(name, dir, freePort(), List.of(extraSettings));
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                // Most likely the free port was taken between probing and binding: try another one.
                server.kill();
                last = e;
            }
        }
        throw last;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    RedisURI uri() {
        return RedisURI.Builder.redis("127.0.0.1", port).build();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the server gets no chance to flush or say goodbye. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the server again on the same port and directory (so it reloads its append-only file). */
    synchronized void restart() {
        kill();
        launch();
    }

    @Override
    public synchronized void close() {
        kill();
        deleteRecursively(dir);
    }

    private synchronized void launch() {
        Path exe = binary().orElseThrow(() -> new IllegalStateException("no redis-server binary on this machine"));
        List<String> command = new ArrayList<>();
        command.add(exe.toString());
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(settings);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile());
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        awaitReady();
    }

    /** Polls PING until the server answers PONG (not LOADING), the process dies, or the time is up. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastAnswer = "nothing";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server " + name + " on port " + port + " exited: " + log());
            }
            lastAnswer = ping();
            if (lastAnswer.startsWith("+PONG")) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IllegalStateException("redis-server " + name + " on port " + port + " not ready within "
                + READY_TIMEOUT + " (last answer " + lastAnswer + "): " + log());
    }

    private String ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[256];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return e.toString();
        }
    }

    String log() {
        try {
            Path log = dir.resolve("redis.log");
            Path out = dir.resolve("stdout.log");
            String text = (Files.exists(out) ? Files.readString(out) : "")
                    + (Files.exists(log) ? Files.readString(log) : "");
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> findBinary() {
        String forced = System.getenv("OMS_TEST_REDIS_SERVER");
        if (forced != null && !forced.isBlank()) {
            return forced.equals("embedded") ? embedded() : Optional.of(Path.of(forced));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(entry, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return embedded();
    }

    private static Optional<Path> embedded() {
        try {
            File file = ExecutableProvider.newJarResourceProvider().get();
            file.deleteOnExit();
            file.getParentFile().deleteOnExit();
            return Optional.of(file.toPath());
        } catch (IOException | RuntimeException e) {
            // No binary for this OS and CPU in the jar.
            return Optional.empty();
        }
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

    @Override
    public String toString() {
        return "redis-server " + name + " on 127.0.0.1:" + port;
    }
}
