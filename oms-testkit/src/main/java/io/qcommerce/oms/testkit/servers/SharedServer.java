package io.qcommerce.oms.testkit.servers;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One server for every test of a JVM: found or started by {@code start} on first use, and closed (stopped, if the
 * tests started it) when the JVM exits. Thread-safe.
 */
final class SharedServer {
    private final String name;
    private final Supplier<TestServer> start;
    private @Nullable TestServer server;

    SharedServer(String name, Supplier<TestServer> start) {
        this.name = name;
        this.start = start;
    }

    synchronized TestServer get() {
        if (server == null) {
            TestServer started = start.get();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "oms-test-" + name + "-shutdown"));
            server = started;
        }
        return server;
    }
}
