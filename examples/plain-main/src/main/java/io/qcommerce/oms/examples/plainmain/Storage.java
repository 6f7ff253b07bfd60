package io.qcommerce.oms.examples.plainmain;

import io.qcommerce.oms.memory.InMemoryOrderRepository;
import io.qcommerce.oms.spi.OrderRepository;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.qcommerce.oms.Oms;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.mongo.MongoOmsConfig;
import io.qcommerce.oms.mongo.MongoOmsSchema;
import io.qcommerce.oms.mongo.MongoBackend;
import io.qcommerce.oms.redis.LettuceSettings;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.redis.RedisInventoryLockConfig;
import io.qcommerce.oms.store.StoreId;
import org.bson.Document;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where a simulated morning keeps its state, wired by hand the way a host would: the inventory lock (stock,
 * batches, and the slots' bookings) on Redis when a Redis URI is given, the orders, catalog, stores, delivery
 * slots, the durable stock ledger and the low-stock thresholds on MongoDB when a MongoDB URI is given, the
 * library's in-memory adapters for whatever is not (the in-memory lock wrapped so that it can lose a store's
 * data, {@link LosableInventoryLock}).
 *
 * <p>Every run writes under names of its own, made from a run id: Redis keys under
 * {@code oms-example:<run>:}, MongoDB collections {@code oms_<run>_orders}, {@code _skus}, {@code _stores},
 * {@code _slots}, {@code _stock_ledger}, {@code _stock_ledger_positions}, {@code _stock_thresholds} in the URI's
 * database. A rerun therefore never meets an earlier run's holds, orders or counters. This matters
 * more than tidiness on Redis: the lock there runs on the simulation's clock, and a store never lets time
 * run backwards, so a second 07:00 on the keys of a run that reached noon would expire every hold at once.
 * {@link #clear()} removes what the run wrote.
 *
 * <p>This object owns the clients it creates and closes them in {@link #close()}; the adapters own nothing.
 */
final class Storage implements AutoCloseable {
    /** The database when the MongoDB URI has no path. */
    static final String DEFAULT_DATABASE = "oms_example";
    /** The first part of every Redis key of the example; the run id follows. */
    static final String REDIS_KEY_PREFIX = "oms-example";
    /** The Redis lock's command timeout, and with it Lettuce's backstop (see LettuceSettings). */
    static final Duration REDIS_COMMAND_TIMEOUT = RedisInventoryLockConfig.DEFAULT_COMMAND_TIMEOUT;

    /** The labels of the two lines of {@link #describe()}, padded to one width. */
    static final String INVENTORY_LABEL = "inventory lock                                    ";
    static final String DIRECTORIES_LABEL = "orders, catalog, stores, slots, ledger, thresholds ";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT);

    private final String runId;
    private final List<String> description = new ArrayList<>();

    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redisConnection;
    private RedisInventoryLock lock;
    /** The in-memory lock, when the lock is not on Redis. */
    private LosableInventoryLock memoryLock;

    private MongoClient mongoClient;
    private MongoDatabase database;
    private OrderRepository orders;
    private MongoOmsConfig mongoConfig;

    private Storage(String runId) {
        this.runId = runId;
    }

    /** A fresh run id: the UTC time of the start and four random hex digits, e.g. {@code 20250602T013000-3fa9}. */
    static String newRunId() {
        return RUN_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
                + String.format(Locale.ROOT, "%04x", RANDOM.nextInt(0x10000));
    }

    /**
     * Connects to the servers the options name and gets them ready: the Redis scripts loaded and the eviction
     * policy checked ({@code RedisInventoryLock.start()}), the MongoDB indexes made
     * ({@code MongoOmsSchema.createIndexes}). Nothing of the run is written yet.
     *
     * @param clock the simulation's clock: the Redis lock reads it for every hold's expiry, as the library does
     * @throws UnavailableException when a server cannot be reached or refuses to be set up; whatever was opened
     *                              by then is closed
     */
    static Storage open(SimulationOptions options, Clock clock, String runId) {
        Storage storage = new Storage(runId);
        try {
            options.redis().ifPresentOrElse(uri -> storage.openRedis(uri, clock), () -> {
                storage.memoryLock = new LosableInventoryLock(clock);
                storage.description.add(INVENTORY_LABEL + "in memory");
            });
            options.mongo().ifPresentOrElse(storage::openMongo,
                    () -> storage.description.add(DIRECTORIES_LABEL + "in memory"));
            return storage;
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    private void openRedis(String uri, Clock clock) {
        String where = describeRedis(uri);
        try {
            redisClient = RedisClient.create(uri);
            redisClient.setOptions(LettuceSettings.clientOptions(REDIS_COMMAND_TIMEOUT));
            redisConnection = redisClient.connect();
            RedisInventoryLockConfig config = RedisInventoryLockConfig.builder()
                    .keyPrefix(redisKeyPrefix())
                    .commandTimeout(REDIS_COMMAND_TIMEOUT)
                    // The simulation's clock, so that ten-minute holds expire after ten simulated minutes. A
                    // production host leaves this out: the scripts then read the Redis server's own time.
                    .clock(clock)
                    .build();
            lock = new RedisInventoryLock(redisConnection, config);
            lock.start();
            String version = redisVersion();
            description.add(INVENTORY_LABEL + "Redis " + version + " at " + where + ", keys " + redisKeyPrefix()
                    + ":*, hold expiry on the simulation clock");
        } catch (RedisException | OmsException e) {
            throw new UnavailableException("Redis at " + where + ": " + rootMessage(e), e);
        }
    }

    private void openMongo(String uri) {
        ConnectionString connection = new ConnectionString(uri);
        String where = describeMongo(uri);
        try {
            // The adapters' recommended bounds first, so that a server that is not there fails in seconds; then
            // the URI, whose own settings (timeouts, replica set, credentials) win.
            mongoClient = MongoClients.create(MongoClientSettings.builder()
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(2, TimeUnit.SECONDS))
                    .applyToSocketSettings(b -> b.connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS))
                    .applyConnectionString(connection)
                    .build());
            database = mongoClient.getDatabase(databaseName(connection));
            mongoConfig = MongoOmsConfig.builder().collectionPrefix(mongoCollectionPrefix()).build();
            MongoOmsSchema.createIndexes(database, mongoConfig);
            String version = database.runCommand(new Document("buildInfo", 1)).get("version", "?");
            description.add(DIRECTORIES_LABEL + "MongoDB " + version + " at " + where + ", collections "
                    + String.join(", ", mongoConfig.collections()));
        } catch (MongoException | OmsException e) {
            throw new UnavailableException("MongoDB at " + where + ": " + rootMessage(e), e);
        }
    }

    /**
     * Sets the ports: the inventory lock always (Redis, or the in-memory one that can lose a store), the others
     * when this run keeps them on MongoDB; the builder's in-memory defaults take the rest (on the embedded
     * default: {@code InMemoryOrderRepository}, ..., {@code InMemoryStockLedger}, {@code InMemoryStockThresholds}).
     */
    Oms.Builder wire(Oms.Builder builder) {
        builder.inventoryLock(lock != null ? lock : memoryLock);
        if (database != null) {
            MongoBackend mongo = MongoBackend.of(database, mongoConfig);
            orders = mongo.orderRepository();
            builder.use(mongo);
        } else {
            orders = new InMemoryOrderRepository();
            builder.orderRepository(orders).inMemoryForRest();
        }
        return builder;
    }

    /** The order port the last {@link #wire} installed, for the checks that read it directly. */
    OrderRepository orders() {
        return orders;
    }

    /**
     * The stores a loss of the inventory lock's data would take now: on Redis every store (every key of the run
     * goes), in memory only {@code store}.
     */
    List<StoreId> storesALossTakes(List<StoreId> all, StoreId store) {
        return lock != null ? List.copyOf(all) : List.of(store);
    }

    /**
     * Loses the inventory lock's data, as a crash of its server without persistence would: in memory the
     * counters, batches, holds and movement record of {@code store}; on Redis every key of the run, so every
     * store. The durable record (orders, stock ledger) is untouched.
     *
     * @return what was lost, for people
     */
    String loseInventory(StoreId store) {
        if (lock != null) {
            long removed = removeRunKeys();
            return String.format(Locale.ROOT, "Redis: deleted the run's %,d keys (%s:*), every store's counters, "
                    + "batches, holds and movement record", removed, redisKeyPrefix());
        }
        memoryLock.lose(store);
        return "in memory: " + store + "'s counters, batches, holds and movement record dropped "
                + "(a fresh InMemoryInventoryLock for it)";
    }

    String runId() {
        return runId;
    }

    /** One line per port group: what it runs on. */
    List<String> describe() {
        return List.copyOf(description);
    }

    boolean onRedis() {
        return lock != null;
    }

    boolean onMongo() {
        return database != null;
    }

    String redisKeyPrefix() {
        return redisKeyPrefix(runId);
    }

    String mongoCollectionPrefix() {
        return mongoCollectionPrefix(runId);
    }

    /** Every Redis key of the run starts with this and a colon. */
    static String redisKeyPrefix(String runId) {
        return REDIS_KEY_PREFIX + ":" + runId;
    }

    /** Every MongoDB collection of the run starts with this. */
    static String mongoCollectionPrefix(String runId) {
        return "oms_" + runId.replace('-', '_') + "_";
    }

    /**
     * Removes what this run wrote: its Redis keys (found by SCAN on its prefix) and its collections.
     *
     * @return what was removed, for people
     */
    String clear() {
        List<String> done = new ArrayList<>();
        if (redisConnection != null) {
            long removed = removeRunKeys();
            done.add(String.format(Locale.ROOT, "%,d Redis keys under %s:", removed, redisKeyPrefix()));
        }
        if (database != null) {
            List<String> suffixes = new ArrayList<>();
            for (String name : mongoConfig.collections()) {
                database.getCollection(name).drop();
                suffixes.add(name.substring(mongoCollectionPrefix().length()));
            }
            done.add("MongoDB collections " + mongoCollectionPrefix() + "{" + String.join(",", suffixes) + "}");
        }
        return done.isEmpty() ? "" : "Removed the run's data: " + String.join(", ", done);
    }

    /**
     * Every Redis key of the run, found by SCAN on its prefix and unlinked, and nothing else on the server: a
     * FLUSHALL would take the lock's data the same way, and any other data on a shared server with it.
     */
    private long removeRunKeys() {
        RedisCommands<String, String> redis = redisConnection.sync();
        ScanArgs match = ScanArgs.Builder.matches(redisKeyPrefix() + ":*").limit(1000);
        long removed = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                removed += redis.unlink(page.getKeys().toArray(new String[0]));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    /** Where the run's data stays, for {@code --keep-data}. */
    String kept() {
        List<String> where = new ArrayList<>();
        if (redisConnection != null) {
            where.add("Redis keys " + redisKeyPrefix() + ":*");
        }
        if (database != null) {
            where.add("MongoDB collections " + mongoCollectionPrefix() + "* in database " + database.getName());
        }
        return where.isEmpty() ? "" : "Kept the run's data: " + String.join(", ", where);
    }

    /** Closes the connections and clients, after the last call to the adapters. */
    @Override
    public void close() {
        if (redisConnection != null) {
            redisConnection.close();
            redisConnection = null;
        }
        if (redisClient != null) {
            redisClient.shutdown();
            redisClient = null;
        }
        if (mongoClient != null) {
            mongoClient.close();
            mongoClient = null;
        }
    }

    static String databaseName(ConnectionString connection) {
        return connection.getDatabase() == null ? DEFAULT_DATABASE : connection.getDatabase();
    }

    /** Host, port and database of a Redis URI, without credentials. */
    static String describeRedis(String uri) {
        RedisURI parsed = RedisURI.create(uri);
        if (parsed.getSocket() != null) {
            return parsed.getSocket();
        }
        if (parsed.getHost() == null) {
            return "sentinels " + parsed.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort()).toList()
                    + " master " + parsed.getSentinelMasterId();
        }
        return parsed.getHost() + ":" + parsed.getPort() + "/" + parsed.getDatabase();
    }

    /** Hosts and database of a MongoDB URI, without credentials or options. */
    static String describeMongo(String uri) {
        ConnectionString parsed = new ConnectionString(uri);
        return String.join(",", parsed.getHosts()) + "/" + databaseName(parsed);
    }

    /** The server's version from INFO, or "?" where INFO is not allowed (some managed services). */
    private String redisVersion() {
        String info;
        try {
            info = redisConnection.sync().info("server");
        } catch (RedisException e) {
            return "?";
        }
        return field(info, "redis_version");
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "?";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    /** A server could not be reached or set up before the morning began; nothing of the run was written. */
    static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
