package io.qcommerce.oms.examples.plainmain;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.testkit.servers.InProcessMongo;
import io.qcommerce.oms.testkit.servers.MongoServers;
import io.qcommerce.oms.testkit.servers.RedisBinary;
import io.qcommerce.oms.testkit.servers.RedisProcess;
import io.qcommerce.oms.testkit.servers.RedisServers;
import io.qcommerce.oms.testkit.servers.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same morning on real storage: the inventory lock (stock, batches, slot bookings) on a Redis server the test
 * starts, the orders, catalog, stores, delivery slots, stock ledger and low-stock thresholds on an in-process
 * mongo-java-server (the testkit's {@link RedisServers} and {@link MongoServers} say where the servers come from).
 * The URIs go through the options parsing the main uses, and the checks are the same as on the embedded default, the
 * loss of the lock's data at 10:00 included (on Redis every key of the run goes, and every store is rebuilt).
 */
class DarkStoreMorningOnServersTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static TestServer redis;
    private static TestServer mongo;
    /** The MongoDB URI of the runs: the in-process server's with the example's database, or the one given. */
    private static String mongoUri;

    @BeforeAll
    static void startServers() {
        mongo = MongoServers.fromEnvironment(System.getenv());
        mongoUri = mongo instanceof InProcessMongo ? mongo.uri() + "/oms_example" : mongo.uri();
        redis = RedisServers.fromEnvironment(System.getenv());
        System.out.println("DarkStoreMorningOnServersTest: Redis from " + redis.source() + "; MongoDB from "
                + mongo.source());
    }

    @AfterAll
    static void stopServers() {
        if (redis != null) {
            redis.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void aSmallMorningOnRedisAndMongoKeepsEveryInvariant() {
        MorningResult r = morningOn(redis.uri(), mongoUri);

        DarkStoreMorningTest.assertAGoodMorning(r);
        assertThat(r.storage()).hasSize(2);
        assertThat(r.storage().get(0)).contains("Redis", "hold expiry on the simulation clock");
        assertThat(r.checks()).extracting(MorningResult.Check::title).contains(Invariants.REBUILD);
        assertThat(r.storage().get(1)).contains("MongoDB", "oms_example", "_slots", "_stock_ledger",
                "_stock_ledger_positions", "_stock_thresholds");
        // On Redis the loss takes every key of the run, so every store was rebuilt, from the ledger on MongoDB.
        assertThat(r.loss().stores()).hasSize(4);
        assertThat(r.loss().what()).startsWith("Redis: deleted the run's").contains("keys");
        assertThat(redisKeys(redis.uri(), r.runId())).as("the run's Redis keys, removed at the end").isEmpty();
        assertThat(mongoCollections(mongoUri, r.runId())).as("the run's collections, dropped at the end").isEmpty();
    }

    /**
     * What a machine with only Java and Maven runs: a PATH without {@code redis-server} picks the binary inside the
     * embedded-redis jar (the testkit's {@code RedisBinaryTest} proves the pick), and the morning passes on it.
     */
    @Test
    void theSameMorningWhereNoRedisServerIsOnThePath() {
        assumeTrue(RedisBinary.embeddedAvailable(), "embedded-redis has a binary for this OS and CPU");
        try (TestServer embedded = RedisProcess.start(RedisBinary.pick("embedded", null), "embedded")) {
            assertThat(embedded.source()).contains("embedded-redis");
            DarkStoreMorningTest.assertAGoodMorning(morningOn(embedded.uri(), mongoUri));
        }
    }

    /**
     * The main with the URIs in its environment, twice on the same servers: each run writes under names of its own
     * and removes them at the end.
     */
    @Test
    void theMainTakesTheUrisFromTheEnvironmentAndARerunSeesNothingOld() {
        Map<String, String> env = Map.of(SimulationOptions.REDIS_URI_ENV, redis.uri(),
                SimulationOptions.MONGO_URI_ENV, mongoUri);
        List<String> runs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int status = DarkStoreMorning.run(new PrintStream(out, true, StandardCharsets.UTF_8), QUIET, env,
                        "--customers", "150", "--threads", "3", "--seed", "11");
                String text = out.toString(StandardCharsets.UTF_8);
                assertThat(status).as(text).isZero();
                assertThat(text).containsPattern("(?m)^  inventory lock  Redis at ")
                        .containsPattern("(?m)^  everything else MongoDB at ")
                        .containsPattern("(?m)^  10:00  the inventory lock lost the data of BLR-KOR-01, BLR-IND-01, "
                                + "BLR-HSR-01, BLR-WHF-01; ")
                        .contains("All 18 checks passed.", "Removed the run's data: ", "10 MongoDB collections")
                        .doesNotContainPattern("(?m)^  FAIL ");
                Matcher run = Pattern.compile("Backends \\(run ([^)]+)\\)").matcher(text);
                assertThat(run.find()).isTrue();
                runs.add(run.group(1));
                assertThat(redisKeys(redis.uri(), run.group(1))).isEmpty();
                assertThat(mongoCollections(mongoUri, run.group(1))).isEmpty();
            }
            assertThat(runs.get(0)).isNotEqualTo(runs.get(1));
        } finally {
            runs.forEach(DarkStoreMorningOnServersTest::remove);
        }
    }

    @Test
    void aServerThatIsNotThereEndsTheRunWithThree() {
        int nobody = RedisProcess.freePort();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), "--redis-uri", "redis://127.0.0.1:" + nobody))
                .isEqualTo(3);
        assertThat(DarkStoreMorning.run(QUIET, errStream, Map.of(), "--redis-uri", redis.uri(),
                "--mongo-uri", "mongodb://127.0.0.1:" + nobody + "/oms_example")).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("error: cannot use Redis at 127.0.0.1:" + nobody)
                .contains("error: cannot use MongoDB at 127.0.0.1:" + nobody + "/oms_example");
    }

    // ------------------------------------------------------------------------------------------------------

    private static MorningResult morningOn(String redisUri, String mongoUri) {
        SimulationOptions options = SimulationOptions.parse(Map.of(), "--customers", "300", "--threads", "4",
                "--redis-uri", redisUri, "--mongo-uri", mongoUri);
        return new MorningSimulation(options, new City(), QUIET).run();
    }

    private static List<String> redisKeys(String uri, String runId) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().keys(Storage.redisKeyPrefix(runId) + ":*");
        } finally {
            client.shutdown();
        }
    }

    private static List<String> mongoCollections(String uri, String runId) {
        try (MongoClient client = MongoClients.create(uri)) {
            List<String> names = new ArrayList<>();
            database(client, uri).listCollectionNames().forEach(n -> {
                if (n.startsWith(Storage.mongoCollectionPrefix(runId))) {
                    names.add(n);
                }
            });
            return names;
        }
    }

    private static void remove(String runId) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys(Storage.redisKeyPrefix(runId) + ":*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(new String[0]));
            }
        } finally {
            client.shutdown();
        }
        try (MongoClient mongoClient = MongoClients.create(mongoUri)) {
            MongoDatabase db = database(mongoClient, mongoUri);
            for (String name : mongoCollections(mongoUri, runId)) {
                db.getCollection(name).drop();
            }
        }
    }

    private static MongoDatabase database(MongoClient client, String uri) {
        return client.getDatabase(Storage.databaseName(new ConnectionString(uri)));
    }
}
