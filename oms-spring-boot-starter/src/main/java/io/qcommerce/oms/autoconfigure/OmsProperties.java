package io.qcommerce.oms.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code oms.*} settings of the auto-configuration. Every one has a default: with none set, the library runs
 * in memory, with the reconciler, the event dispatcher and the drift check on a schedule.
 */
@ConfigurationProperties("oms")
public class OmsProperties {
    /** How long a placed order holds its stock while the customer pays. */
    private Duration holdTtl = Duration.ofMinutes(10);

    /** The most distinct SKUs a cart may have. */
    private int maxCartLines = 50;

    /** Available units below which a SKU counts as low, for every store and SKU without its own threshold (0: none). */
    private long lowStockThreshold = 0;

    /** Events the dispatcher hands each subscriber in one pass. */
    private int eventBatchSize = 500;

    private final Redis redis = new Redis();

    private final Mongo mongo = new Mongo();

    private final Schedule reconciler = Schedule.every(Duration.ofSeconds(60), Duration.ofSeconds(10));

    private final Schedule events = Schedule.every(Duration.ofSeconds(1), Duration.ofSeconds(1));

    private final Schedule driftCheck = Schedule.every(Duration.ofMinutes(15), Duration.ofMinutes(1));

    private final Health health = new Health();

    public Duration getHoldTtl() {
        return holdTtl;
    }

    public void setHoldTtl(Duration holdTtl) {
        this.holdTtl = holdTtl;
    }

    public int getMaxCartLines() {
        return maxCartLines;
    }

    public void setMaxCartLines(int maxCartLines) {
        this.maxCartLines = maxCartLines;
    }

    public long getLowStockThreshold() {
        return lowStockThreshold;
    }

    public void setLowStockThreshold(long lowStockThreshold) {
        this.lowStockThreshold = lowStockThreshold;
    }

    public int getEventBatchSize() {
        return eventBatchSize;
    }

    public void setEventBatchSize(int eventBatchSize) {
        this.eventBatchSize = eventBatchSize;
    }

    /** The Redis that holds the stock counters and holds. */
    public Redis getRedis() {
        return redis;
    }

    /** The MongoDB that holds orders, catalog, stores, slots, the stock ledger, thresholds and event checkpoints. */
    public Mongo getMongo() {
        return mongo;
    }

    /** The reconciler: finishes order flows a crash cut off, expires quiet stores' holds, ships the ledger. */
    public Schedule getReconciler() {
        return reconciler;
    }

    /** The event dispatcher: hands the durable order-event feed to the host's EventSubscriber beans. */
    public Schedule getEvents() {
        return events;
    }

    /** The drift check: compares every store's counters in the inventory lock with the durable record. */
    public Schedule getDriftCheck() {
        return driftCheck;
    }

    public Health getHealth() {
        return health;
    }

    /** Whose clock decides when a hold on Redis expires. */
    public enum TimeSource {
        /** Redis's own TIME: every instance agrees, whatever its clock says. For production. */
        SERVER,
        /** The application's Clock bean, sent with every call: for tests that move time by hand. */
        APPLICATION
    }

    public static class Redis {
        /**
         * The Redis server, e.g. redis://localhost:6379. When set, the starter opens (and closes) its own client;
         * when not, a StatefulRedisConnection bean of the host is used if there is one, else holds stay in memory.
         */
        private @Nullable String uri;

        /** How long a call waits for Redis before it is answered "outcome unknown". */
        private Duration commandTimeout = Duration.ofSeconds(2);

        /** The first part of every key the inventory lock writes. */
        private String keyPrefix = "oms";

        /** Whose clock decides expiry. */
        private TimeSource timeSource = TimeSource.SERVER;

        /**
         * Whether to load the scripts and check the server's eviction policy at start (a server that may evict
         * keys stops the application).
         */
        private boolean checkOnStart = true;

        public @Nullable String getUri() {
            return uri;
        }

        public void setUri(@Nullable String uri) {
            this.uri = uri;
        }

        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public TimeSource getTimeSource() {
            return timeSource;
        }

        public void setTimeSource(TimeSource timeSource) {
            this.timeSource = timeSource;
        }

        public boolean isCheckOnStart() {
            return checkOnStart;
        }

        public void setCheckOnStart(boolean checkOnStart) {
            this.checkOnStart = checkOnStart;
        }
    }

    public static class Mongo {
        /**
         * The MongoDB server, e.g. mongodb://localhost:27017. When set, the starter opens (and closes) its own
         * client; when not, a MongoDatabase or MongoClient bean of the host is used if there is one, else orders,
         * catalog and stores stay in memory.
         */
        private @Nullable String uri;

        /** The database, when the starter opens its own client or is given a MongoClient bean. */
        private String database = "oms";

        /** The prefix of every collection name (oms_orders, ...). */
        private String collectionPrefix = "oms_";

        /** Whether to create the indexes at start (idempotent; the unique ones make repeated placements duplicates). */
        private boolean createIndexes = true;

        /** How long a call waits for a reachable server (the client the starter opens). */
        private Duration serverSelectionTimeout = Duration.ofSeconds(2);

        /** How long opening a connection may take (the client the starter opens). */
        private Duration connectTimeout = Duration.ofSeconds(2);

        /** How long a call waits for its answer (the client the starter opens). */
        private Duration readTimeout = Duration.ofSeconds(5);

        public Duration getServerSelectionTimeout() {
            return serverSelectionTimeout;
        }

        public void setServerSelectionTimeout(Duration serverSelectionTimeout) {
            this.serverSelectionTimeout = serverSelectionTimeout;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public @Nullable String getUri() {
            return uri;
        }

        public void setUri(@Nullable String uri) {
            this.uri = uri;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }

        public String getCollectionPrefix() {
            return collectionPrefix;
        }

        public void setCollectionPrefix(String collectionPrefix) {
            this.collectionPrefix = collectionPrefix;
        }

        public boolean isCreateIndexes() {
            return createIndexes;
        }

        public void setCreateIndexes(boolean createIndexes) {
            this.createIndexes = createIndexes;
        }
    }

    /** A job run on a schedule by every instance; the library makes a run beside another one safe. */
    public static class Schedule {
        /** Whether the job runs at all. */
        private boolean enabled = true;

        /** The pause between the end of one run and the start of the next. */
        private Duration interval = Duration.ofMinutes(1);

        /** The pause between the start of the application and the first run. */
        private Duration initialDelay = Duration.ofSeconds(10);

        static Schedule every(Duration interval, Duration initialDelay) {
            Schedule schedule = new Schedule();
            schedule.interval = interval;
            schedule.initialDelay = initialDelay;
            return schedule;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }
    }

    public static class Health {
        /**
         * Whether the oms health contributor (the inventory lock and the stores) is also a member of the readiness
         * group, so an instance whose backends are down takes no traffic.
         */
        private boolean readiness = true;

        public boolean isReadiness() {
            return readiness;
        }

        public void setReadiness(boolean readiness) {
            this.readiness = readiness;
        }
    }
}
