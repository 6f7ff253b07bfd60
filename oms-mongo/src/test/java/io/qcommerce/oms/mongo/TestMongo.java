package io.qcommerce.oms.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The MongoDB server the tests of this module run against, chosen once per JVM, in this order:
 * <ol>
 *   <li>{@code OMS_TEST_MONGO_URI}, when set: a server the developer or CI runs;</li>
 *   <li>a real MongoDB ({@value #IMAGE}) in a Testcontainers container, where Docker runs;</li>
 *   <li>else mongo-java-server, in process, on a random port.</li>
 * </ol>
 * The system property {@code oms.test.mongo=in-process} skips the first two (a quick run on a machine with Docker).
 * Each test class takes a database of its own ({@link #freshDatabase}) and drops it when done, so the suites may
 * share a server with each other and with anything else.
 */
final class TestMongo {
    /** The pinned image of the Testcontainers server. */
    static final String IMAGE = "mongo:7.0.14";

    private static TestMongo shared;

    private final String kind;
    private final String connectionString;
    private final MongoClient client;

    private TestMongo(String kind, String connectionString) {
        this.kind = kind;
        this.connectionString = connectionString;
        this.client = MongoClients.create(settings(connectionString, b -> { }));
    }

    /** The server of this JVM's tests, started on first use. */
    static synchronized TestMongo shared() {
        if (shared == null) {
            shared = choose();
            String version = shared.client.getDatabase("admin").runCommand(new Document("buildInfo", 1))
                    .getString("version");
            System.out.println("oms-mongo tests run against " + shared.kind + " (reports MongoDB " + version + ")");
        }
        return shared;
    }

    private static TestMongo choose() {
        String uri = System.getenv("OMS_TEST_MONGO_URI");
        boolean inProcessOnly = "in-process".equals(System.getProperty("oms.test.mongo", "").toLowerCase(Locale.ROOT));
        if (!inProcessOnly && uri != null && !uri.isBlank()) {
            return new TestMongo("OMS_TEST_MONGO_URI", uri);
        }
        if (!inProcessOnly && dockerAvailable()) {
            MongoDBContainer container = new MongoDBContainer(DockerImageName.parse(IMAGE));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-mongo"));
            return new TestMongo("Testcontainers " + IMAGE, container.getReplicaSetUrl());
        }
        InProcessMongo server = InProcessMongo.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-in-process-mongo"));
        return new TestMongo("mongo-java-server (in process)", server.connectionString());
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Client settings for {@code connectionString}, with a bounded server selection so that a missing server fails a
     * test quickly, then {@code extra} applied.
     */
    static MongoClientSettings settings(String connectionString, Consumer<MongoClientSettings.Builder> extra) {
        MongoClientSettings.Builder b = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS));
        extra.accept(b);
        return b.build();
    }

    /** What the server is, for the test report. */
    String kind() {
        return kind;
    }

    boolean isInProcess() {
        return kind.startsWith("mongo-java-server");
    }

    String connectionString() {
        return connectionString;
    }

    MongoClient client() {
        return client;
    }

    /** A new, empty database for one test class; drop it with {@link #drop}. */
    MongoDatabase freshDatabase(String stem) {
        String name = "oms_test_" + stem + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        return client.getDatabase(name);
    }

    /**
     * Drops a test database, best effort: mongo-java-server fails to drop a collection holding two indexes of one
     * name (which it lets a test create), and a leftover test database harms nothing.
     */
    static void drop(MongoDatabase database) {
        if (database == null) {
            return;
        }
        try {
            database.drop();
        } catch (MongoException e) {
            System.out.println("could not drop test database " + database.getName() + ": " + e.getMessage());
        }
    }
}
