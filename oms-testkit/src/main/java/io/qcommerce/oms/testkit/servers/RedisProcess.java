package io.qcommerce.oms.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} process that a test starts on a free loopback port, in a temporary directory of its own,
 * with no persistence and {@code maxmemory-policy noeviction} unless the extra settings say otherwise; it can be
 * killed (SIGKILL) and started again on the same port and directory. Which binary: {@link RedisBinary}.
 *
 * <p>Thread-safe. {@link #close()} kills the process and deletes its directory.
 */
public final class RedisProcess implements TestServer {
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final RedisBinary binary;
    private final Path executable;
    private final String name;
    private final Path dir;
    private final int port;
    private final List<String> settings;
    private @Nullable Process process;

    private RedisProcess(RedisBinary binary, Path executable, String name, Path dir, int port, List<String> settings) {
        this.binary = binary;
        this.executable = executable;
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.settings = List.copyOf(settings);
    }

    /** Whether this machine has a binary to start ({@link RedisBinary#fromEnvironment()}). */
    public static boolean binaryAvailable() {
        return RedisBinary.fromEnvironment().executable().isPresent();
    }

    /**
     * Starts the binary of this environment with the given extra settings ({@code "--appendonly", "yes"}, ...)
     * and waits until it answers PING.
     *
     * @throws IllegalStateException when there is no binary, or it does not come up
     */
    public static RedisProcess start(String name, String... extraSettings) {
        return start(RedisBinary.fromEnvironment(), name, extraSettings);
    }

    /** Starts {@code binary}, as {@link #start(String, String...)} does. */
    public static RedisProcess start(RedisBinary binary, String name, String... extraSettings) {
        Path exe = binary.executable()
                .orElseThrow(() -> new IllegalStateException(
                        "no redis-server binary on this machine: none on the PATH and no embedded-redis binary for this"
                                + " OS and CPU (or com.github.codemonstur:embedded-redis is not a test dependency)"));
        Path dir;
        try {
            dir = Files.createTempDirectory("oms-redis-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisProcess server = new RedisProcess(binary, exe, name, dir, freePort(), List.of(extraSettings));
            try {
                server.launch();
                return server;
            } catch (IllegalStateException | UncheckedIOException e) {
                // Most likely the free port was taken between probing and binding: try another one.
                server.kill();
                last = new IllegalStateException(e.getMessage(), e);
            }
        }
        deleteRecursively(dir);
        throw last;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The server's working directory (its append-only file, its log). */
    public Path dir() {
        return dir;
    }

    @Override
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    @Override
    public String source() {
        return binary + " on " + HOST + ":" + port;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the server gets no chance to flush or say goodbye. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the server again on the same port and directory (so it reloads its append-only file, if any). */
    public synchronized void restart() {
        kill();
        launch();
    }

    @Override
    public synchronized void close() {
        kill();
        deleteRecursively(dir);
    }

    private synchronized void launch() {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(
                "--port",
                Integer.toString(port),
                "--bind",
                HOST,
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--protected-mode",
                "no",
                "--maxmemory-policy",
                "noeviction",
                "--logfile",
                dir.resolve("redis.log").toString()));
        command.addAll(settings);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
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
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException(this + " exited: " + log());
            }
            try (Resp connection = Resp.connect(HOST, port)) {
                lastAnswer = String.valueOf(connection.call("PING"));
                if (lastAnswer.equals("PONG")) {
                    return;
                }
            } catch (IOException | Resp.ErrorReply e) {
                lastAnswer = e.toString();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IllegalStateException(
                this + " not ready within " + READY_TIMEOUT + " (last answer " + lastAnswer + "): " + log());
    }

    /** The last lines of the server's log and output, for a failure message. */
    public String log() {
        try {
            Path log = dir.resolve("redis.log");
            Path out = dir.resolve("stdout.log");
            String text =
                    (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(log) ? Files.readString(log) : "");
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A port nothing listens on right now (and, closed at once, nothing will for the next moment). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        return "redis-server " + name + " on " + HOST + ":" + port;
    }
}
