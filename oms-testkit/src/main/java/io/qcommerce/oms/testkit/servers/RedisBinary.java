package io.qcommerce.oms.testkit.servers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;

/**
 * Which {@code redis-server} binary the tests start, in this order: the path or the word {@code embedded} in
 * {@value #SERVER_ENV}; a {@code redis-server} on the PATH; the binary inside the {@code embedded-redis} jar
 * (Redis 6.2 for Linux, macOS and Windows on common CPUs), which the module that starts servers declares as a
 * test dependency ({@code com.github.codemonstur:embedded-redis}).
 *
 * @param path the binary, or empty for the one inside the embedded-redis jar
 */
public record RedisBinary(Optional<Path> path) {
    /** A path to a {@code redis-server}, or {@code embedded} to force the embedded-redis binary. */
    public static final String SERVER_ENV = "OMS_TEST_REDIS_SERVER";

    private static @Nullable Optional<Path> extracted;

    public RedisBinary {
        Objects.requireNonNull(path, "path");
    }

    /** The binary this process's environment picks. */
    public static RedisBinary fromEnvironment() {
        return pick(System.getenv(SERVER_ENV), System.getenv("PATH"));
    }

    /**
     * Picks the binary from the given settings rather than from this process's environment, so that a test can
     * ask what a machine without {@code redis-server} on its PATH would get.
     *
     * @param forced the value of {@value #SERVER_ENV}: a path, {@code embedded}, or null
     * @param path   the value of {@code PATH}, or null
     */
    public static RedisBinary pick(@Nullable String forced, @Nullable String path) {
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

    /** Whether this is the binary inside the embedded-redis jar. */
    public boolean embedded() {
        return path.isEmpty();
    }

    /**
     * The file to run, if there is one: the path, or the embedded binary extracted from its jar (empty when the
     * jar is not on the class path or has no binary for this OS and CPU).
     */
    public Optional<Path> executable() {
        return path.isPresent() ? path : extractEmbedded();
    }

    /** Whether the embedded-redis jar is on the class path with a binary for this OS and CPU. */
    public static boolean embeddedAvailable() {
        return extractEmbedded().isPresent();
    }

    private static synchronized Optional<Path> extractEmbedded() {
        if (extracted == null) {
            extracted = extract();
        }
        return extracted;
    }

    private static Optional<Path> extract() {
        try {
            File file = ExecutableProvider.newJarResourceProvider().get();
            file.deleteOnExit();
            file.getParentFile().deleteOnExit();
            return file.canExecute() ? Optional.of(file.toPath()) : Optional.empty();
        } catch (Exception | LinkageError e) {
            // No embedded-redis on the class path (LinkageError), or no binary for this OS and CPU in it.
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return path.map(Path::toString).orElse("the embedded-redis binary");
    }
}
