package io.qcommerce.oms.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.qcommerce.oms.testkit.servers.MongoServers;
import io.qcommerce.oms.testkit.servers.TestServer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * The MongoDB client of this module's tests, to the server the testkit finds or starts once per JVM
 * ({@link MongoServers#shared()}: {@code OMS_TEST_MONGO_URI}, else a real MongoDB in a Testcontainers container where
 * Docker runs, else mongo-java-server in process; {@code -Doms.test.mongo=in-process} skips the first two). Each test
 * class takes a database of its own ({@link #freshDatabase}) and drops it when done, so the suites may share a server
 * with each other and with anything else.
 */
final class TestMongo {
    private static TestMongo shared;

    private final TestServer server;
    private final MongoClient client;

    private TestMongo(TestServer server) {
        this.server = server;
        this.client = MongoClients.create(settings(server.uri(), b -> {}));
    }

    /** The server of this JVM's tests, started on first use. */
    static synchronized TestMongo shared() {
        if (shared == null) {
            shared = new TestMongo(MongoServers.shared());
            String version = shared.client
                    .getDatabase("admin")
                    .runCommand(new Document("buildInfo", 1))
                    .getString("version");
            System.out.println("oms-mongo tests run against " + shared.kind() + " (reports MongoDB " + version + ")");
        }
        return shared;
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
        return server.source();
    }

    String connectionString() {
        return server.uri();
    }

    MongoClient client() {
        return client;
    }

    /** A new, empty database for one test class; drop it with {@link #drop}. */
    MongoDatabase freshDatabase(String stem) {
        String name = "oms_test_" + stem + "_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
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
