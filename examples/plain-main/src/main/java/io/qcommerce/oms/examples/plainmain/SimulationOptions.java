package io.qcommerce.oms.examples.plainmain;

import java.util.List;

/**
 * The command line of {@link DarkStoreMorning}: how many shoppers, on how many threads, from which seed.
 *
 * @param customers shoppers arriving over the morning
 * @param threads   worker threads that run the shoppers', staff's and reconciler's steps concurrently
 * @param seed      seeds every choice a shopper makes, so that a run can be repeated
 */
public record SimulationOptions(int customers, int threads, long seed) {
    public static final int DEFAULT_CUSTOMERS = 2000;
    public static final int DEFAULT_THREADS = 8;
    public static final long DEFAULT_SEED = 42;
    static final int MAX_CUSTOMERS = 1_000_000;
    static final int MAX_THREADS = 256;

    public SimulationOptions {
        if (customers < 1 || customers > MAX_CUSTOMERS) {
            throw new UsageException("--customers must be within 1.." + MAX_CUSTOMERS + ", was " + customers);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new UsageException("--threads must be within 1.." + MAX_THREADS + ", was " + threads);
        }
    }

    public static SimulationOptions defaults() {
        return new SimulationOptions(DEFAULT_CUSTOMERS, DEFAULT_THREADS, DEFAULT_SEED);
    }

    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: DarkStoreMorning [--customers N] [--threads T] [--seed S] [--help]",
            "",
            "Simulates a morning (07:00-11:00) of four dark stores in Bengaluru on the embedded in-memory",
            "order-management library, then checks the invariants of DESIGN.md and prints a summary.",
            "",
            "  --customers N   shoppers arriving over the morning (default " + DEFAULT_CUSTOMERS + ")",
            "  --threads T     worker threads (default " + DEFAULT_THREADS + ")",
            "  --seed S        seed of every shopper's choices (default " + DEFAULT_SEED + ")",
            "  --help          print this and exit",
            "",
            "Exit status: 0 when every invariant holds, 1 when one fails, 2 on a bad option.");

    /** True when the arguments ask for the usage text. */
    public static boolean wantsHelp(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /**
     * Parses {@code --name value} and {@code --name=value}; anything else is a {@link UsageException}
     * whose message says what was wrong.
     */
    public static SimulationOptions parse(String... args) {
        int customers = DEFAULT_CUSTOMERS;
        int threads = DEFAULT_THREADS;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!name.equals("--customers") && !name.equals("--threads") && !name.equals("--seed")) {
                throw new UsageException("unknown option '" + arg + "'");
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
                default:
                    seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                    break;
            }
        }
        return new SimulationOptions(customers, threads, seed);
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

    /** A bad command line; the message says what to fix. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
