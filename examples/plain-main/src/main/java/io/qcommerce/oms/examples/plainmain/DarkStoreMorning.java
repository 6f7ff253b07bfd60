package io.qcommerce.oms.examples.plainmain;

import java.io.PrintStream;

/**
 * A morning of four dark stores in Bengaluru, simulated on the library's embedded default: the in-memory
 * adapters, a clock the simulation moves, and many shoppers at once.
 *
 * <pre>
 * mvn -q -DskipTests -pl examples/plain-main -am package exec:java -Dexec.args="--customers 5000"
 * </pre>
 *
 * Prints progress every simulated half hour, then a summary, and exits with 1 if any invariant of
 * DESIGN.md failed (2 for a bad option).
 */
public final class DarkStoreMorning {
    private DarkStoreMorning() {
    }

    public static void main(String[] args) {
        int status = run(System.out, System.err, args);
        // Exit only on failure: a normal return lets `mvn exec:java` finish its own way.
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The whole program, minus the exit: 0 all checks passed, 1 a check failed, 2 a bad option. */
    static int run(PrintStream out, PrintStream err, String... args) {
        if (SimulationOptions.wantsHelp(args)) {
            out.println(SimulationOptions.USAGE);
            return 0;
        }
        SimulationOptions options;
        try {
            options = SimulationOptions.parse(args);
        } catch (SimulationOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(SimulationOptions.USAGE);
            return 2;
        }
        MorningResult result = new MorningSimulation(options, SampleData.bengaluru(), out).run();
        new SummaryPrinter(out).print(result);
        out.flush();
        return result.allPassed() ? 0 : 1;
    }
}
