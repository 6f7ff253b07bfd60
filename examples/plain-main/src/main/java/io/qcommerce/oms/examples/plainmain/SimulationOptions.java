package io.qcommerce.oms.examples.plainmain;

import java.time.LocalTime;
import java.util.Map;

/**
 * The command line of {@link DarkStoreMorning}.
 *
 * @param redisUri    the Redis the inventory lock runs on, or null for the in-memory lock
 * @param mongoUri    the MongoDB of orders, catalog, stores, slots, ledger and thresholds, or null for memory
 * @param loseStockAt when the inventory lock loses its data (10:00 on the command line), or null for never
 */
public record SimulationOptions(int customers, int threads, long seed, String redisUri, String mongoUri,
                                LocalTime loseStockAt) {
    public static final String REDIS_URI_ENV = "OMS_REDIS_URI";
    public static final String MONGO_URI_ENV = "OMS_MONGO_URI";
    public static final LocalTime LOSS_AT = LocalTime.of(10, 0);

    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: DarkStoreMorning [--customers N] [--threads T] [--seed S] [--redis-uri URI] [--mongo-uri URI]",
            "Simulates a morning (07:00-11:00) of four dark stores in Bengaluru, the inventory lock losing its data",
            "at 10:00, then prints the invariant checks and a summary. Without URIs everything runs in memory.",
            "  --customers N    shoppers arriving over the morning (default 2000)",
            "  --threads T      worker threads (default 8)",
            "  --seed S         seed of every shopper's choices (default 42)",
            "  --redis-uri URI  inventory lock on this Redis (default $" + REDIS_URI_ENV + ", else in memory)",
            "  --mongo-uri URI  the rest on this MongoDB; database from the path, else " + Storage.DEFAULT_DATABASE,
            "                   (default $" + MONGO_URI_ENV + ", else in memory)",
            "Exit status: 0 every check passed, 1 one failed, 2 bad option, 3 a server cannot be used.");

    public SimulationOptions {
        if (customers < 1 || customers > 1_000_000 || threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--customers must be within 1..1000000 and --threads within 1..256");
        }
    }

    /** A run in memory with the loss at 10:00. */
    public SimulationOptions(int customers, int threads, long seed) {
        this(customers, threads, seed, null, null, LOSS_AT);
    }

    public SimulationOptions withLossAt(LocalTime at) {
        return new SimulationOptions(customers, threads, seed, redisUri, mongoUri, at);
    }

    /** {@code --name value} or {@code --name=value}; a URI flag wins over its environment variable. */
    public static SimulationOptions parse(Map<String, String> env, String... args) {
        long[] n = {2000, 8, 42};
        String redis = blankToNull(env.get(REDIS_URI_ENV));
        String mongo = blankToNull(env.get(MONGO_URI_ENV));
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            int index = switch (name) {
                case "--customers" -> 0;
                case "--threads" -> 1;
                case "--seed" -> 2;
                case "--redis-uri", "--mongo-uri" -> -1;
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            };
            if (index >= 0) {
                try {
                    n[index] = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " needs a whole number, was '" + value + "'");
                }
            } else if (blankToNull(value) == null) {
                throw new IllegalArgumentException(name + " needs a value");
            } else if (name.equals("--redis-uri")) {
                redis = value.trim();
            } else {
                mongo = value.trim();
            }
        }
        if (n[0] != (int) n[0] || n[1] != (int) n[1]) {
            throw new IllegalArgumentException("--customers and --threads must be small whole numbers");
        }
        return new SimulationOptions((int) n[0], (int) n[1], n[2], redis, mongo, LOSS_AT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
