package io.qcommerce.oms.testkit.servers;

import java.util.Locale;
import java.util.Map;

/**
 * Where the MongoDB of the tests comes from, in this order:
 * <ol>
 *   <li>the URI in {@value #URI_ENV}, when set: a server the developer or CI runs (tests use databases of their own
 *       names, since it is shared);</li>
 *   <li>a real MongoDB ({@value #IMAGE}) in a Testcontainers container, where Docker runs and
 *       {@code org.testcontainers:mongodb} is on the test class path;</li>
 *   <li>else {@link InProcessMongo}, mongo-java-server in this JVM on a free loopback port.</li>
 * </ol>
 * The system property {@code oms.test.mongo=in-process} skips the first two (a quick run on a machine with Docker).
 * {@value #REQUIRE_ENV}{@code =real} forbids the last: a suite that would fall back to the in-process server fails
 * instead, so a team that points it at its own replica set knows it ran there.
 * The module declares, in its test scope, the server libraries it wants: {@code de.bwaldvogel:mongo-java-server},
 * and {@code org.testcontainers:mongodb} for the container.
 */
public final class MongoServers {
    /** The URI of a MongoDB server for the tests, e.g. {@code mongodb://127.0.0.1:27017}. */
    public static final String URI_ENV = "OMS_TEST_MONGO_URI";
    /** Set to {@code real} to fail rather than fall back to the in-process server. */
    public static final String REQUIRE_ENV = "OMS_TEST_MONGO_REQUIRE";
    /** The pinned image of the Testcontainers server. */
    public static final String IMAGE = "mongo:7.0.14";

    private static final SharedServer SHARED = new SharedServer(
            "mongo",
            () -> "in-process".equals(System.getProperty("oms.test.mongo", "").toLowerCase(Locale.ROOT))
                    ? inProcessUnlessRealRequired(System.getenv())
                    : fromEnvironment(System.getenv()));

    private MongoServers() {}

    /** The server this JVM's tests share, found or started on first use and stopped (if started) at JVM exit. */
    public static TestServer shared() {
        return SHARED.get();
    }

    /**
     * A server as {@code env} says (see the class comment): the one in {@value #URI_ENV}, or a new container or
     * in-process server the caller closes.
     */
    public static TestServer fromEnvironment(Map<String, String> env) {
        return TestServer.given(env, URI_ENV)
                .orElseGet(() -> testcontainersPresent() && MongoContainer.dockerAvailable()
                        ? MongoContainer.start(IMAGE)
                        : inProcessUnlessRealRequired(env));
    }

    /** The in-process server, or an {@link IllegalStateException} when {@value #REQUIRE_ENV} asks for a real one. */
    static TestServer inProcessUnlessRealRequired(Map<String, String> env) {
        if ("real".equalsIgnoreCase(env.getOrDefault(REQUIRE_ENV, "").trim())) {
            throw new IllegalStateException(REQUIRE_ENV + "=real, but no real MongoDB was found: set " + URI_ENV
                    + " (e.g. mongodb://db1,db2,db3/?replicaSet=rs0) or run where Docker runs; the in-process"
                    + " server is refused");
        }
        return InProcessMongo.start();
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.containers.MongoDBContainer", false, MongoServers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
