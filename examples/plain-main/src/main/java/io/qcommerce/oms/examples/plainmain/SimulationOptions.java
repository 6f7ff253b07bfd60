package io.qcommerce.oms.examples.plainmain;

import com.mongodb.ConnectionString;
import com.mongodb.MongoNamespace;
import io.lettuce.core.RedisURI;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@link DarkStoreMorning}: how many shoppers, on how many threads, from which seed, and
 * where the library keeps its state.
 *
 * @param customers shoppers arriving over the morning
 * @param threads   worker threads that run the shoppers', staff's and reconciler's steps concurrently
 * @param seed      seeds every choice a shopper makes, so that a run can be repeated
 * @param redisUri  the Redis the inventory lock runs on, or null for the in-memory lock
 * @param mongoUri  the MongoDB the orders, catalog, stores and slots live in, or null for the in-memory adapters
 * @param keepData  leave what the run wrote in Redis and MongoDB, instead of removing it at the end
 * @param loseStockAt the simulated time at which the inventory lock loses its data and the stores are rebuilt
 *                    from the durable record, or null for a morning without that loss
 */
public record SimulationOptions(int customers, int threads, long seed, String redisUri, String mongoUri,
                                boolean keepData, LocalTime loseStockAt) {
    public static final int DEFAULT_CUSTOMERS = 2000;
    public static final int DEFAULT_THREADS = 8;
    public static final long DEFAULT_SEED = 42;
    /** Where {@code --redis-uri} is read from when the flag is not given. */
    public static final String REDIS_URI_ENV = "OMS_REDIS_URI";
    /** Where {@code --mongo-uri} is read from when the flag is not given. */
    public static final String MONGO_URI_ENV = "OMS_MONGO_URI";
    /** When the inventory lock loses its data unless told otherwise: mid-morning, with shoppers arriving. */
    public static final LocalTime DEFAULT_LOSE_STOCK_AT = LocalTime.of(10, 0);
    /** The loss must come while shoppers arrive: from the opening to the last arrival. */
    static final LocalTime EARLIEST_LOSS = MorningSimulation.OPENING;
    static final LocalTime LATEST_LOSS = MorningSimulation.OPENING.plusMinutes(ShopperPlan.MORNING_MINUTES);
    static final int MAX_CUSTOMERS = 1_000_000;
    static final int MAX_THREADS = 256;

    public SimulationOptions {
        if (customers < 1 || customers > MAX_CUSTOMERS) {
            throw new UsageException("--customers must be within 1.." + MAX_CUSTOMERS + ", was " + customers);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new UsageException("--threads must be within 1.." + MAX_THREADS + ", was " + threads);
        }
        if (redisUri != null) {
            checkRedisUri(redisUri);
        }
        if (mongoUri != null) {
            checkMongoUri(mongoUri);
        }
        if (loseStockAt != null && (loseStockAt.isBefore(EARLIEST_LOSS) || loseStockAt.isAfter(LATEST_LOSS)
                || loseStockAt.getSecond() != 0 || loseStockAt.getNano() != 0)) {
            throw new UsageException("--lose-stock-at must be a whole minute from " + EARLIEST_LOSS + " to "
                    + LATEST_LOSS + ", or none; was " + loseStockAt);
        }
    }

    /** A run with the default loss of the inventory lock's data at {@link #DEFAULT_LOSE_STOCK_AT}. */
    public SimulationOptions(int customers, int threads, long seed, String redisUri, String mongoUri,
                             boolean keepData) {
        this(customers, threads, seed, redisUri, mongoUri, keepData, DEFAULT_LOSE_STOCK_AT);
    }

    /** A run on the embedded default: everything in memory, the lock's data lost at the default time. */
    public SimulationOptions(int customers, int threads, long seed) {
        this(customers, threads, seed, null, null, false);
    }

    public static SimulationOptions defaults() {
        return new SimulationOptions(DEFAULT_CUSTOMERS, DEFAULT_THREADS, DEFAULT_SEED);
    }

    public Optional<String> redis() {
        return Optional.ofNullable(redisUri);
    }

    public Optional<String> mongo() {
        return Optional.ofNullable(mongoUri);
    }

    public Optional<LocalTime> lossAt() {
        return Optional.ofNullable(loseStockAt);
    }

    /** The same run on other storage (null for in memory); the URIs are checked as on the command line. */
    public SimulationOptions withStorage(String redis, String mongo) {
        return new SimulationOptions(customers, threads, seed, redis, mongo, keepData, loseStockAt);
    }

    /** The same run with the loss at another time, or none (null). */
    public SimulationOptions withLossAt(LocalTime at) {
        return new SimulationOptions(customers, threads, seed, redisUri, mongoUri, keepData, at);
    }

    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: DarkStoreMorning [--customers N] [--threads T] [--seed S] [--lose-stock-at HH:MM|none]",
            "                        [--redis-uri URI] [--mongo-uri URI] [--keep-data] [--help]",
            "",
            "Simulates a morning (07:00-11:00) of four dark stores in Bengaluru on the order-management library,",
            "then checks the invariants of DESIGN.md and prints a summary. Without URIs everything runs in memory.",
            "",
            "  --customers N    shoppers arriving over the morning (default " + DEFAULT_CUSTOMERS + ")",
            "  --threads T      worker threads (default " + DEFAULT_THREADS + ")",
            "  --seed S         seed of every shopper's choices (default " + DEFAULT_SEED + ")",
            "  --lose-stock-at HH:MM|none",
            "                   when the inventory lock loses its data (default " + DEFAULT_LOSE_STOCK_AT + "): shoppers",
            "                   pause, the lost stores are rebuilt from the stock ledger and the orders, shoppers go",
            "                   on; in memory one store loses its data, on Redis every key of the run goes;",
            "                   none: no loss",
            "  --redis-uri URI  inventory holds on this Redis, e.g. redis://127.0.0.1:6379",
            "                   (default: $" + REDIS_URI_ENV + ", else in memory)",
            "  --mongo-uri URI  orders, catalog, stores and slots on this MongoDB, e.g. mongodb://127.0.0.1:27017/oms_example;",
            "                   the database is the URI's path, " + Storage.DEFAULT_DATABASE + " when it has none",
            "                   (default: $" + MONGO_URI_ENV + ", else in memory)",
            "  --keep-data      leave the run's Redis keys and MongoDB collections in place (they are removed",
            "                   at the end otherwise); every run writes under a key prefix of its own",
            "  --help           print this and exit",
            "",
            "Exit status: 0 when every invariant holds, 1 when one fails, 2 on a bad option,",
            "3 when Redis or MongoDB cannot be reached or set up.");

    /** True when the arguments ask for the usage text. */
    public static boolean wantsHelp(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /** {@link #parse(Map, String...)} with no environment: only the flags count. */
    public static SimulationOptions parse(String... args) {
        return parse(Map.of(), args);
    }

    /**
     * Parses {@code --name value} and {@code --name=value}; anything else is a {@link UsageException} whose
     * message says what was wrong. A URI flag wins over its environment variable ({@value #REDIS_URI_ENV},
     * {@value #MONGO_URI_ENV}); a variable that is set but blank counts as not set.
     *
     * @param env the environment to read the URIs from when their flags are absent, usually {@code System.getenv()}
     */
    public static SimulationOptions parse(Map<String, String> env, String... args) {
        int customers = DEFAULT_CUSTOMERS;
        int threads = DEFAULT_THREADS;
        long seed = DEFAULT_SEED;
        String redis = fromEnv(env, REDIS_URI_ENV);
        String mongo = fromEnv(env, MONGO_URI_ENV);
        boolean keep = false;
        LocalTime lossAt = DEFAULT_LOSE_STOCK_AT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--keep-data")) {
                keep = true;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!List.of("--customers", "--threads", "--seed", "--redis-uri", "--mongo-uri", "--lose-stock-at")
                    .contains(name)) {
                throw new UsageException("unknown option '" + (eq > 0 ? name : arg) + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--customers":
                    customers = (int) number(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    break;
                case "--threads":
                    threads = (int) number(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    break;
                case "--seed":
                    seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                    break;
                case "--redis-uri":
                    redis = uri(name, value);
                    break;
                case "--lose-stock-at":
                    lossAt = timeOrNone(name, value);
                    break;
                default:
                    mongo = uri(name, value);
                    break;
            }
        }
        return new SimulationOptions(customers, threads, seed, redis, mongo, keep, lossAt);
    }

    private static LocalTime timeOrNone(String name, String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return LocalTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new UsageException(name + " needs a time of day like 10:00, or none; was '" + value + "'");
        }
    }

    private static String fromEnv(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String uri(String name, String value) {
        if (value.isBlank()) {
            throw new UsageException(name + " needs a value");
        }
        return value.trim();
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || n > max) {
                throw new UsageException(name + " is out of range: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, was '" + value + "'");
        }
    }

    // The messages name the problem, never the URI itself: it may carry a password.

    private static void checkRedisUri(String uri) {
        try {
            RedisURI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new UsageException("the Redis URI is not valid (" + e.getMessage()
                    + "); expected redis://[user:password@]host[:port][/database]");
        }
    }

    private static void checkMongoUri(String uri) {
        ConnectionString parsed;
        try {
            parsed = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw new UsageException("the MongoDB URI is not valid (" + e.getMessage()
                    + "); expected mongodb://[user:password@]host[:port][/database][?options]");
        }
        if (parsed.getDatabase() != null) {
            try {
                MongoNamespace.checkDatabaseNameValidity(parsed.getDatabase());
            } catch (IllegalArgumentException e) {
                throw new UsageException("the MongoDB URI names a database MongoDB does not allow: " + e.getMessage());
            }
        }
    }

    /** Like the record's own, with the URIs shown without their credentials. */
    @Override
    public String toString() {
        return "SimulationOptions[customers=" + customers + ", threads=" + threads + ", seed=" + seed
                + ", redis=" + (redisUri == null ? "in memory" : Storage.describeRedis(redisUri))
                + ", mongo=" + (mongoUri == null ? "in memory" : Storage.describeMongo(mongoUri))
                + ", keepData=" + keepData + ", loseStockAt=" + (loseStockAt == null ? "none" : loseStockAt) + "]";
    }

    /** A bad command line; the message says what to fix. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
