package io.qcommerce.oms.examples.plainmain;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.mongo.MongoBackend;
import io.qcommerce.oms.mongo.MongoOmsConfig;
import io.qcommerce.oms.mongo.MongoOmsSchema;
import io.qcommerce.oms.redis.LettuceSettings;
import io.qcommerce.oms.redis.RedisBackend;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.redis.RedisInventoryLockConfig;
import io.qcommerce.oms.store.StoreId;
import io.qcommerce.oms.testkit.LosableInventoryLock;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Where a morning keeps its state, wired by hand as a host would: the inventory lock on Redis when a Redis URI
 * is given, everything else on MongoDB when a MongoDB URI is given, the in-memory adapters for the rest. Each run
 * writes under names of its own (Redis keys {@code oms-example:<run>:*}, collections {@code oms_<run>_*}) and
 * removes them at the end: the Redis lock runs on the simulation's clock, and a rerun's 07:00 on keys that
 * reached noon would expire every hold at once. Owns the clients and closes them.
 */
final class Storage implements AutoCloseable {
    static final String DEFAULT_DATABASE = "oms_example";

    final String runId = String.format(Locale.ROOT, "%tY%<tm%<tdT%<tH%<tM%<tS-%04x",
            java.util.Date.from(Instant.now()), ThreadLocalRandom.current().nextInt(0x10000));
    final List<String> description = new ArrayList<>();
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redis;
    private RedisInventoryLock redisLock;
    private LosableInventoryLock memoryLock;
    private MongoClient mongoClient;
    private MongoDatabase database;
    private MongoOmsConfig mongoConfig;

    /** Connects to and prepares the servers named (scripts loaded, indexes made), or closes all and throws. */
    static Storage open(SimulationOptions options, Clock clock) {
        Storage s = new Storage();
        try {
            if (options.redisUri() != null) {
                s.openRedis(options.redisUri(), clock);
            } else {
                s.memoryLock = new LosableInventoryLock(clock);
                s.description.add("inventory lock  in memory");
            }
            if (options.mongoUri() != null) {
                s.openMongo(options.mongoUri());
            } else {
                s.description.add("everything else in memory");
            }
            return s;
        } catch (IllegalArgumentException e) { // never the URI in the message: it may carry a password
            s.close();
            throw new UnavailableException("the URI (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void openRedis(String uri, Clock clock) {
        RedisURI parsed = RedisURI.create(uri);
        String where = parsed.getHost() + ":" + parsed.getPort();
        try {
            redisClient = RedisClient.create(parsed);
            redisClient.setOptions(LettuceSettings.clientOptions(RedisInventoryLockConfig.DEFAULT_COMMAND_TIMEOUT));
            redis = redisClient.connect();
            // The simulation's clock, so that holds expire after ten simulated minutes; a production host leaves
            // it out and the scripts read the server's time.
            RedisBackend backend = RedisBackend.of(redis, RedisInventoryLockConfig.builder()
                    .keyPrefix(redisKeyPrefix(runId)).clock(clock).build());
            redisLock = backend.inventoryLock();
            redisLock.start();
            description.add("inventory lock  Redis at " + where + ", keys " + redisKeyPrefix(runId)
                    + ":*, hold expiry on the simulation clock");
        } catch (io.lettuce.core.RedisException | io.qcommerce.oms.error.OmsException e) {
            throw new UnavailableException("Redis at " + where + ": " + e.getMessage(), e);
        }
    }

    private void openMongo(String uri) {
        ConnectionString connection = new ConnectionString(uri);
        String where = String.join(",", connection.getHosts()) + "/" + databaseName(connection);
        try {
            // Short bounds first so that a missing server fails in seconds; the URI's own settings win.
            mongoClient = MongoClients.create(MongoClientSettings.builder()
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS))
                    .applyToSocketSettings(b -> b.connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS))
                    .applyConnectionString(connection).build());
            database = mongoClient.getDatabase(databaseName(connection));
            mongoConfig = MongoOmsConfig.builder().collectionPrefix(mongoCollectionPrefix(runId)).build();
            MongoOmsSchema.createIndexes(database, mongoConfig);
            description.add("everything else MongoDB at " + where + ", collections "
                    + String.join(", ", mongoConfig.collections()));
        } catch (MongoException | io.qcommerce.oms.error.OmsException e) {
            throw new UnavailableException("MongoDB at " + where + ": " + e.getMessage(), e);
        }
    }

    /** The ports by hand: the lock (Redis, or the losable in-memory one), MongoDB or memory for the rest. */
    Oms.Builder wire(Oms.Builder builder) {
        builder.inventoryLock(redisLock != null ? redisLock : memoryLock);
        return database != null ? builder.use(MongoBackend.of(database, mongoConfig)) : builder.inMemoryForRest();
    }

    boolean onServers() {
        return redis != null || database != null;
    }

    /** The stores a loss of the lock's data takes: on Redis all (every key of the run goes), in memory one. */
    List<StoreId> storesALossTakes(List<StoreId> all, StoreId store) {
        return redisLock != null ? all : List.of(store);
    }

    /** Loses the lock's data as a crash without persistence would; returns what was lost, for people. */
    String loseInventory(StoreId store) {
        if (redisLock != null) {
            return String.format(Locale.ROOT, "Redis: deleted the run's %,d keys", removeRunKeys());
        }
        memoryLock.lose(store);
        return "in memory: " + store + "'s counters, batches, holds and movement record dropped";
    }

    /** Removes the run's Redis keys and MongoDB collections; returns what was removed, for people. */
    String clear() {
        List<String> done = new ArrayList<>();
        if (redis != null) {
            done.add(String.format(Locale.ROOT, "%,d Redis keys", removeRunKeys()));
        }
        if (database != null) {
            mongoConfig.collections().forEach(name -> database.getCollection(name).drop());
            done.add(mongoConfig.collections().size() + " MongoDB collections");
        }
        return "Removed the run's data: " + String.join(", ", done);
    }

    /** The run's keys by SCAN on its prefix, nothing else: a FLUSHALL would take a shared server's data too. */
    private long removeRunKeys() {
        ScanArgs match = ScanArgs.Builder.matches(redisKeyPrefix(runId) + ":*").limit(1000);
        long removed = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.sync().scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                removed += redis.sync().unlink(page.getKeys().toArray(new String[0]));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    static String redisKeyPrefix(String runId) {
        return "oms-example:" + runId;
    }

    static String mongoCollectionPrefix(String runId) {
        return "oms_" + runId.replace('-', '_') + "_";
    }

    static String databaseName(ConnectionString connection) {
        return connection.getDatabase() == null ? DEFAULT_DATABASE : connection.getDatabase();
    }

    @Override
    public void close() { // a client's shutdown closes its connections
        if (redisClient != null) {
            redisClient.shutdown();
        }
        if (mongoClient != null) {
            mongoClient.close();
        }
    }

    /** A server could not be reached or set up before the morning began. */
    static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
