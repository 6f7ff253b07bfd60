package io.qcommerce.oms.testkit.servers;

import java.util.Map;
import java.util.Optional;

/**
 * A server that tests talk to: its URI, where it came from (for the test report), and how to let it go.
 * Closing stops a server the tests started and does nothing to one they were given by URI.
 */
public interface TestServer extends AutoCloseable {
    /** The address a client connects to, e.g. {@code redis://127.0.0.1:6379} or {@code mongodb://127.0.0.1:27017}. */
    String uri();

    /** Where the server came from, e.g. "the server in OMS_TEST_REDIS_URI" or "redis-server 7.2 on the PATH". */
    String source();

    @Override
    void close();

    /** The server whose URI {@code env} holds in {@code variable}, if it is set and not blank. */
    static Optional<TestServer> given(Map<String, String> env, String variable) {
        String uri = env.get(variable);
        return uri == null || uri.isBlank() ? Optional.empty() : Optional.of(external(uri.trim(), variable));
    }

    /** A server the tests were given by URI: closing it leaves it running. */
    static TestServer external(String uri, String variable) {
        return new TestServer() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public String source() {
                return "the server in " + variable;
            }

            @Override
            public void close() {}

            @Override
            public String toString() {
                return source();
            }
        };
    }
}
