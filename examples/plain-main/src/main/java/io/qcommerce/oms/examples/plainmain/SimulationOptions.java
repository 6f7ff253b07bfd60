package io.qcommerce.oms.examples.plainmain;

import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link DarkStoreMorning}.
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
            "A morning (07:00-11:00) of four dark stores, the inventory lock losing its data at 10:00, then checks.",
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

    /** {@code --name value} or {@code --name=value}; a URI flag wins over its environment variable. */
    public static SimulationOptions parse(Map<String, String> env, String... args) {
        Map<String, String> given = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String[] nameValue = args[i].startsWith("--") && args[i].contains("=") ? args[i].split("=", 2)
                    : new String[] {args[i], i + 1 < args.length ? args[++i] : null};
            if (!List.of("--customers", "--threads", "--seed", "--redis-uri", "--mongo-uri").contains(nameValue[0])) {
                throw new IllegalArgumentException("unknown option '" + nameValue[0] + "'");
            }
            if (nameValue[1] == null || nameValue[1].isBlank()) {
                throw new IllegalArgumentException(nameValue[0] + " needs a value");
            }
            given.put(nameValue[0], nameValue[1].trim());
        }
        return new SimulationOptions((int) number(given, "--customers", 2000), (int) number(given, "--threads", 8),
                number(given, "--seed", 42), given.getOrDefault("--redis-uri", blankToNull(env.get(REDIS_URI_ENV))),
                given.getOrDefault("--mongo-uri", blankToNull(env.get(MONGO_URI_ENV))), LOSS_AT);
    }

    private static long number(Map<String, String> given, String name, long otherwise) {
        try {
            long n = given.containsKey(name) ? Long.parseLong(given.get(name)) : otherwise;
            if (!name.equals("--seed") && n != (int) n) {
                throw new IllegalArgumentException(name + " is out of range");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, was '" + given.get(name) + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
