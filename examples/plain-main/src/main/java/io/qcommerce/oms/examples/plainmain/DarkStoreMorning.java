package io.qcommerce.oms.examples.plainmain;

import java.io.PrintStream;
import java.util.Map;

/**
 * A morning of four dark stores in Bengaluru, simulated on the library with a clock the simulation moves and
 * many shoppers at once: on the embedded default (the in-memory adapters), or on Redis and MongoDB when their
 * URIs are given ({@code --redis-uri}, {@code --mongo-uri}, or {@code OMS_REDIS_URI}, {@code OMS_MONGO_URI}).
 *
 * <pre>
 * mvn -q -DskipTests -pl examples/plain-main -am package exec:java -Dexec.args="--customers 5000"
 * mvn -q -DskipTests -pl examples/plain-main -am package exec:java \
 *     -Dexec.args="--redis-uri redis://127.0.0.1:6379 --mongo-uri mongodb://127.0.0.1:27017/oms_example"
 * </pre>
 *
 * At 10:00 (or {@code --lose-stock-at HH:MM}, or never with {@code none}) the inventory lock loses its data and the
 * stores are rebuilt from the stock ledger and the orders. Prints which backends it uses, progress every simulated
 * half hour, then a summary, and exits with 1 if any invariant or cross-check failed, 2 for a bad option, 3 when a
 * server cannot be reached or set up.
 */
public final class DarkStoreMorning {
    private DarkStoreMorning() {
    }

    public static void main(String[] args) {
        int status = run(System.out, System.err, System.getenv(), args);
        // Exit only on failure: a normal return lets `mvn exec:java` finish its own way.
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The whole program, minus the exit: 0 all checks passed, 1 a check failed, 2 a bad option, 3 a server
     * could not be reached or set up.
     *
     * @param env where {@code OMS_REDIS_URI} and {@code OMS_MONGO_URI} are read from; a flag wins over them
     */
    static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        if (SimulationOptions.wantsHelp(args)) {
            out.println(SimulationOptions.USAGE);
            return 0;
        }
        SimulationOptions options;
        try {
            options = SimulationOptions.parse(env, args);
        } catch (SimulationOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(SimulationOptions.USAGE);
            return 2;
        }
        MorningResult result;
        try {
            result = new MorningSimulation(options, SampleData.bengaluru(), out).run();
        } catch (Storage.UnavailableException e) {
            out.flush();
            err.println("error: cannot use " + e.getMessage());
            return 3;
        }
        new SummaryPrinter(out).print(result);
        out.flush();
        return result.allPassed() ? 0 : 1;
    }
}
