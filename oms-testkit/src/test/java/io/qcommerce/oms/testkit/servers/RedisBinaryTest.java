package io.qcommerce.oms.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class RedisBinaryTest {
    @Test
    void aRedisServerOnThePathIsPickedBeforeTheEmbeddedOne() throws IOException {
        Path dir = Files.createTempDirectory("redis-on-path");
        try {
            Path fake = dir.resolve("redis-server");
            Files.createFile(fake, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            assertThat(RedisBinary.pick(null, "/nonexistent" + File.pathSeparator + dir)
                            .path())
                    .contains(fake);
            assertThat(RedisBinary.pick("embedded", dir.toString()).embedded()).isTrue();
            assertThat(RedisBinary.pick("/opt/redis/bin/redis-server", dir.toString())
                            .path())
                    .contains(Path.of("/opt/redis/bin/redis-server"));
            Files.delete(fake);
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void aPathWithoutRedisServerPicksTheEmbeddedBinary() throws IOException {
        Path empty = Files.createTempDirectory("no-redis-here");
        try {
            RedisBinary picked = RedisBinary.pick(null, empty + File.pathSeparator + "/nonexistent");
            assertThat(picked.embedded()).isTrue();
            assertThat(picked).hasToString("the embedded-redis binary");
        } finally {
            Files.deleteIfExists(empty);
        }
    }
}
