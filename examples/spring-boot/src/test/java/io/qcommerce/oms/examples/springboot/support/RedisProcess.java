package io.qcommerce.oms.examples.springboot.support;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} a test starts on a free loopback port (no persistence), and stops. The binary: the
 * path in {@code OMS_TEST_REDIS_SERVER} (or the word {@code embedded}), else a {@code redis-server} on the
 * PATH, else the one inside the {@code embedded-redis} test dependency.
 */
public final class RedisProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisProcess start() {
        try {
            Path dir = Files.createTempDirectory("oms-spring-redis");
            int port = freePort();
            List<String> command = List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no",
                    "--maxmemory-policy", "noeviction");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            RedisProcess redis = new RedisProcess(process, port);
            redis.awaitPong();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server (SIGTERM) and waits for it to exit. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(1000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[16];
                int n = in.read(buf);
                if (n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING");
    }

    private static String binary() throws IOException {
        String forced = System.getenv("OMS_TEST_REDIS_SERVER");
        if (forced != null && !forced.isBlank() && !forced.equals("embedded")) {
            return forced;
        }
        String path = System.getenv("PATH");
        if (path != null && (forced == null || forced.isBlank())) {
            for (String entry : path.split(File.pathSeparator)) {
                Path candidate = Path.of(entry.isEmpty() ? "." : entry, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        File embedded = ExecutableProvider.newJarResourceProvider().get();
        embedded.deleteOnExit();
        return embedded.getAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
