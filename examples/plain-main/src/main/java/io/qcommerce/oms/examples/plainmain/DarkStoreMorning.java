package io.qcommerce.oms.examples.plainmain;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * A morning of four dark stores in Bengaluru on a clock the simulation moves: in memory, or on Redis and MongoDB
 * given their URIs ({@code --redis-uri}, {@code --mongo-uri}, {@code OMS_REDIS_URI}, {@code OMS_MONGO_URI}).
 * Exits 1 if a check failed, 2 on a bad option, 3 when a server cannot be used.
 */
public final class DarkStoreMorning {
    public static void main(String[] args) {
        int status = run(System.out, System.err, System.getenv(), args);
        if (status != 0) { // a normal return lets `mvn exec:java` finish its own way
            System.exit(status);
        }
    }

    /** The program without the exit; {@code env} is where the URIs are read when no flag gives them. */
    static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(SimulationOptions.USAGE);
            return 0;
        }
        SimulationOptions options;
        try {
            options = SimulationOptions.parse(env, args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(SimulationOptions.USAGE);
            return 2;
        }
        MorningResult result;
        try {
            result = new MorningSimulation(options, new City(), out).run();
        } catch (Storage.UnavailableException e) {
            out.flush();
            err.println("error: cannot use " + e.getMessage());
            return 3;
        }
        result.print(out);
        out.flush();
        return result.allPassed() ? 0 : 1;
    }
}
