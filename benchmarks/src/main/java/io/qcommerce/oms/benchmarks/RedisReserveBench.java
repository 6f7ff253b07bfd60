package io.qcommerce.oms.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Redis comparison: on one server, in one run, reserve + confirm of the adapter, of the naive design of
 * the original service, and of an optimistic WATCH/MULTI/EXEC version, at each number of callers, cart size
 * and SKU spread, next to the ceiling that {@code redis-benchmark} reaches with the adapter's own scripts; then
 * a short run per contender with little stock that counts oversold units. Prints one table (Markdown), the
 * targets with PASS/FAIL, and writes the same to a file when asked.
 *
 * <pre>
 * mvn -q -DskipTests -pl benchmarks -am package exec:java -Dexec.args="--help"
 * </pre>
 */
public final class RedisReserveBench {
    private static final List<String> OPTIONS = List.of(
            "redis-uri",
            "seconds",
            "warmup",
            "jvm-warmup",
            "callers",
            "lines",
            "skus",
            "pool",
            "watch-attempts",
            "oversell-stock",
            "oversell-callers",
            "oversell-seconds",
            "oversell-rounds",
            "ceiling-seconds",
            "confirm-pool-factor",
            "redis-benchmark",
            "out");
    private static final List<String> FLAGS =
            List.of("help", "no-ceiling", "capacity", "no-pool", "no-naive", "no-watch", "no-oversell");
    static final double TARGET_CEILING = 0.75;
    static final double TARGET_WATCH = 20.0;
    /** The pipelined capacity run: connections of redis-benchmark and calls in flight on each. */
    static final int PIPE_CLIENTS = 4;

    static final int PIPE_DEPTH = 16;

    private RedisReserveBench() {}

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = Args.parse(argv, OPTIONS, FLAGS);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (args.flag("help")) {
            System.out.println(usage());
            return;
        }
        new RedisReserveBench().run(args);
    }

    static String usage() {
        return String.join(
                "\n",
                "RedisReserveBench: reserve + confirm on Redis, the adapter beside its baselines and the ceiling.",
                "  --redis-uri URI          a scratch loopback server (its database is emptied between runs);",
                "                           default $" + BenchRedis.ENV_URI + ", else redis-server from the PATH",
                "  --seconds S              measured seconds per run (default 3)",
                "  --warmup S               unmeasured seconds before each run (default 1)",
                "  --jvm-warmup S           seconds of every contender before the first run (default 2)",
                "  --callers 1,8,64         concurrent callers, one thread each",
                "  --lines 1,5              lines per cart (one unit each)",
                "  --skus N                 SKUs of the spread scenarios (default 1000, at least 100)",
                "  --pool K                 connections of the pooled adapter variant (default 4)",
                "  --no-pool                run the adapter on one shared connection only",
                "  --watch-attempts N       WATCH/MULTI/EXEC attempts before a call counts as failed (default 25)",
                "  --oversell-stock N       units per SKU in the oversell runs (default 100)",
                "  --oversell-callers N     callers in the oversell runs (default 64)",
                "  --oversell-seconds S     time limit of an oversell run (default 10)",
                "  --oversell-rounds N      oversell runs per contender and cart, each on fresh stock (default 5)",
                "  --no-oversell            skip the oversell runs",
                "  --ceiling-seconds S      approximate length of each redis-benchmark run (default 1.2)",
                "  --confirm-pool-factor F  live holds preloaded per confirm call of the ceiling (default 5)",
                "  --redis-benchmark PATH   the redis-benchmark binary (default: from the PATH)",
                "  --no-ceiling             skip redis-benchmark",
                "  --capacity               also run redis-benchmark pipelined (4 connections x 16) per cart shape",
                "                           (what the server does with the scripts when every read brings many calls)",
                "  --no-naive, --no-watch   skip a baseline",
                "  --out FILE               also write the report (Markdown) to FILE");
    }

    private void run(Args args) throws IOException {
        Duration seconds = args.seconds("seconds", Duration.ofSeconds(3));
        Duration warmup = args.seconds("warmup", Duration.ofSeconds(1));
        Duration jvmWarmup = args.seconds("jvm-warmup", Duration.ofSeconds(2));
        List<Integer> callers = args.integers("callers", List.of(1, 8, 64));
        List<Integer> lines = args.integers("lines", List.of(1, 5));
        int skus = args.integer("skus", 1000);
        int pool = args.flag("no-pool") ? 1 : args.integer("pool", 4);
        long bigStock = 1_000_000_000L;
        long oversellStock = args.longValue("oversell-stock", 100);
        int oversellCallers = args.integer("oversell-callers", 64);
        Duration oversellLimit = args.seconds("oversell-seconds", Duration.ofSeconds(10));

        StringBuilder report = new StringBuilder();
        try (BenchRedis redis = BenchRedis.open(args.string("redis-uri", null))) {
            Optional<RedisBenchmarkTool> tool = args.flag("no-ceiling")
                    ? Optional.empty()
                    : RedisBenchmarkTool.find(args.string("redis-benchmark", null));
            String machine = machine(redis, tool);
            System.out.println(machine);
            report.append(machine).append('\n');
            if (tool.isEmpty()) {
                String why = args.flag("no-ceiling")
                        ? "skipped (--no-ceiling)"
                        : "unavailable: redis-benchmark not found (apt-get install redis-tools)";
                System.out.println("Ceiling " + why + "; absolute figures only.");
                report.append("Ceiling ").append(why).append("; absolute figures only.\n\n");
            }

            List<Contender> contenders = new ArrayList<>();
            AdapterContender adapter = new AdapterContender(redis.uri(), 1);
            contenders.add(adapter);
            if (pool > 1) {
                contenders.add(new AdapterContender(redis.uri(), pool));
            }
            if (!args.flag("no-watch")) {
                contenders.add(new WatchMultiContender(redis.uri(), args.integer("watch-attempts", 25)));
            }
            if (!args.flag("no-naive")) {
                contenders.add(new NaiveContender(redis.uri()));
            }
            Ceiling ceiling = tool.map(t -> new Ceiling(
                            t,
                            redis,
                            adapter,
                            args.seconds("ceiling-seconds", Duration.ofMillis(1200)),
                            args.integer("confirm-pool-factor", 5)))
                    .orElse(null);
            try {
                if (!jvmWarmup.isZero()) {
                    Scenario w = Scenario.throughput(8, 1, false, skus, bigStock);
                    for (Contender c : contenders) {
                        redis.flush();
                        c.prepare(w);
                        LoadRun.run(c, w, Duration.ZERO, jvmWarmup, 1);
                    }
                    System.out.println("(JVM warm-up done: " + jvmWarmup.toSeconds() + " s per contender)");
                }
                List<Row> rows = new ArrayList<>();
                long seed = 7;
                for (int cart : lines) {
                    for (boolean hot : List.of(true, false)) {
                        Ceiling.Result capacity = null;
                        if (ceiling != null && args.flag("capacity")) {
                            Scenario s = Scenario.throughput(PIPE_CLIENTS * PIPE_DEPTH, cart, hot, skus, bigStock);
                            capacity = ceiling.capacity(s, PIPE_CLIENTS, PIPE_DEPTH);
                            rows.add(Row.ofCapacity(s, capacity));
                            print(rows.get(rows.size() - 1));
                        }
                        for (int n : callers) {
                            Scenario s = Scenario.throughput(n, cart, hot, skus, bigStock);
                            Ceiling.Result ceil = null;
                            if (ceiling != null) {
                                ceil = ceiling.measure(s);
                                rows.add(Row.ofCeiling(s, ceil, capacity));
                                print(rows.get(rows.size() - 1));
                            }
                            for (Contender c : contenders) {
                                if (c instanceof AdapterContender
                                        && ((AdapterContender) c).connections() > 1
                                        && n < 2) {
                                    continue; // one caller uses one connection: the same as the first row
                                }
                                rows.add(Row.of(measure(redis, c, s, warmup, seconds, seed++), ceil, capacity));
                                print(rows.get(rows.size() - 1));
                            }
                        }
                    }
                }
                if (!args.flag("no-oversell")) {
                    int rounds = args.integer("oversell-rounds", 5);
                    for (int cart : lines) {
                        Scenario s = Scenario.oversell(oversellCallers, cart, oversellStock);
                        for (Contender c : contenders) {
                            List<LoadRun.Result> each = new ArrayList<>();
                            for (int round = 0; round < rounds; round++) {
                                each.add(measure(redis, c, s, Duration.ZERO, oversellLimit, seed++));
                            }
                            rows.add(Row.ofRounds(each));
                            print(rows.get(rows.size() - 1));
                        }
                    }
                }
                String table = table(rows);
                String targets = targets(rows);
                System.out.println();
                System.out.println(table);
                System.out.println(targets);
                report.append(table).append('\n').append(targets);
                String end = "Load average at the end: " + loadAverage() + "\n";
                System.out.println(end);
                report.append('\n').append(end);
                String notes = notes(rows);
                if (!notes.isEmpty()) {
                    System.out.println(notes);
                    report.append('\n').append(notes);
                }
            } finally {
                for (Contender c : contenders) {
                    c.close();
                }
                if (ceiling != null) {
                    ceiling.close();
                }
            }
        }
        String out = args.string("out", defaultOut());
        if (out != null) {
            Path path = Path.of(out);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, report.toString(), StandardCharsets.UTF_8);
            System.out.println("Report written to " + path.toAbsolutePath());
        }
    }

    /** Under Maven, the module's target directory (set by the exec plugin's configuration); else none. */
    private static String defaultOut() {
        String dir = System.getProperty("oms.bench.outDir");
        return dir == null ? null : Path.of(dir, "redis-bench-results.md").toString();
    }

    private static LoadRun.Result measure(
            BenchRedis redis, Contender c, Scenario s, Duration warmup, Duration seconds, long seed) {
        redis.flush();
        c.prepare(s);
        System.gc();
        return LoadRun.run(c, s, warmup, seconds, seed, redis::cpuSeconds);
    }

    private static String machine(BenchRedis redis, Optional<RedisBenchmarkTool> tool) {
        String when = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT));
        return String.join(
                "\n",
                "## Redis reserve + confirm, " + when.substring(0, 16).replace('T', ' '),
                "",
                "- machine: " + Runtime.getRuntime().availableProcessors() + " cores (client, server and"
                        + " redis-benchmark share them), " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"),
                "- Redis " + redis.version() + " (" + (redis.startedHere() ? "started by the benchmark" : "given")
                        + ", maxmemory-policy " + redis.configGet("maxmemory-policy") + ", save '"
                        + redis.configGet("save") + "', appendonly " + redis.configGet("appendonly") + ")",
                "- Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                "- ceiling: " + tool.map(RedisBenchmarkTool::version).orElse("none"),
                "- load average at start: " + loadAverage(),
                "");
    }

    /** The 1, 5 and 15 minute load averages (Linux), to show whether something else was using the cores. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void print(Row r) {
        System.out.printf(
                Locale.ROOT,
                "%-34s %-26s %8s ops/s  p50 %7s µs  p99 %7s µs  oversold %s  Redis CPU %s, %s µs/op%s%n",
                r.label,
                r.contender,
                ResultTable.number(r.opsPerSecond),
                ResultTable.micros(r.p50),
                ResultTable.micros(r.p99),
                r.oversold < 0 ? "–" : Long.toString(r.oversold),
                ResultTable.percent(r.serverCpuShare),
                ResultTable.micros(r.serverMicrosPerOp),
                r.notes.isEmpty() ? "" : "  (" + r.notes + ")");
    }

    /** One line of the table. */
    record Row(
            Scenario scenario,
            String label,
            String contender,
            double opsPerSecond,
            double p50,
            double p99,
            long oversold,
            long failed,
            double serverCpuShare,
            double serverMicrosPerOp,
            Ceiling.Result ceiling,
            Ceiling.Result capacity,
            String notes) {
        static final String CEILING = "ceiling: redis-benchmark";
        static final String CAPACITY = "capacity: redis-benchmark -P";

        static Row ofCapacity(Scenario s, Ceiling.Result c) {
            String label = (s.hot() ? "hot" : "spread " + s.skuCount()) + ", " + s.lines()
                    + (s.lines() == 1 ? " line" : " lines") + ", " + PIPE_CLIENTS + " conn × " + PIPE_DEPTH
                    + " pipelined";
            return new Row(
                    s,
                    label,
                    CAPACITY,
                    c.opsPerSecond(),
                    Double.NaN,
                    Double.NaN,
                    -1,
                    0,
                    c.serverCpuShare(),
                    c.serverMicrosPerOp(),
                    null,
                    c,
                    scriptNotes(c));
        }

        static Row ofCeiling(Scenario s, Ceiling.Result c, Ceiling.Result capacity) {
            return new Row(
                    s,
                    s.label(),
                    CEILING,
                    c.opsPerSecond(),
                    c.p50Micros(),
                    c.p99Micros(),
                    -1,
                    0,
                    c.serverCpuShare(),
                    c.serverMicrosPerOp(),
                    c,
                    capacity,
                    scriptNotes(c));
        }

        private static String scriptNotes(Ceiling.Result c) {
            return String.format(
                    Locale.ROOT,
                    "reserve %s/s p50 %s p99 %s; confirm %s/s p50 %s p99 %s (%.1f%% of confirms found the hold"
                            + " confirmed already)",
                    ResultTable.number(c.reserve().opsPerSecond()),
                    ResultTable.micros(c.reserve().p50Micros()),
                    ResultTable.micros(c.reserve().p99Micros()),
                    ResultTable.number(c.confirm().opsPerSecond()),
                    ResultTable.micros(c.confirm().p50Micros()),
                    ResultTable.micros(c.confirm().p99Micros()),
                    100 * c.confirmRepeatShare());
        }

        static Row of(LoadRun.Result r, Ceiling.Result c, Ceiling.Result capacity) {
            String notes = r.notes();
            boolean oversell = r.scenario().oversell();
            if (oversell) {
                notes = "sold " + r.soldUnits() + " of "
                        + r.scenario().stockPerSku() * r.scenario().skuCount()
                        + " units in " + String.format(Locale.ROOT, "%.2f s", r.seconds())
                        + (notes.isEmpty() ? "" : "; " + notes);
            }
            if (r.failed() > 0) {
                notes = "failed calls " + r.failed() + (notes.isEmpty() ? "" : "; " + notes);
            }
            return new Row(
                    r.scenario(),
                    r.scenario().label(),
                    r.contender(),
                    oversell ? Double.NaN : r.opsPerSecond(),
                    oversell ? Double.NaN : r.p50Micros(),
                    oversell ? Double.NaN : r.p99Micros(),
                    r.oversoldUnits(),
                    r.failed(),
                    oversell ? Double.NaN : r.serverCpuShare(),
                    oversell ? Double.NaN : r.serverMicrosPerOp(),
                    c,
                    capacity,
                    notes);
        }

        /** The oversell runs of one contender, added up: units sold and oversold over every round. */
        static Row ofRounds(List<LoadRun.Result> rounds) {
            LoadRun.Result first = rounds.get(0);
            Scenario s = first.scenario();
            long sold = 0;
            long oversold = 0;
            long failed = 0;
            double seconds = 0;
            List<Long> perRound = new ArrayList<>();
            for (LoadRun.Result r : rounds) {
                sold += r.soldUnits();
                oversold += r.oversoldUnits();
                failed += r.failed();
                seconds += r.seconds();
                perRound.add(r.oversoldUnits());
            }
            long stock = s.stockPerSku() * s.skuCount() * rounds.size();
            String notes = String.format(
                    Locale.ROOT,
                    "%d rounds on fresh stock: sold %d of %d units in %.2f s," + " oversold per round %s",
                    rounds.size(),
                    sold,
                    stock,
                    seconds,
                    perRound);
            if (failed > 0) {
                notes += "; failed calls " + failed;
            }
            String last = rounds.get(rounds.size() - 1).notes();
            if (!last.isEmpty()) {
                notes += "; last round: " + last;
            }
            String label = s.label() + ", " + rounds.size() + " rounds";
            return new Row(
                    s,
                    label,
                    first.contender(),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    oversold,
                    failed,
                    Double.NaN,
                    Double.NaN,
                    null,
                    null,
                    notes);
        }

        boolean isCapacity() {
            return contender.equals(CAPACITY);
        }

        double vsCeiling() {
            return ceiling == null ? Double.NaN : opsPerSecond / ceiling.opsPerSecond();
        }

        double vsCapacity() {
            return capacity == null ? Double.NaN : opsPerSecond / capacity.opsPerSecond();
        }
    }

    private static String table(List<Row> rows) {
        ResultTable t = new ResultTable(
                List.of(
                        "scenario",
                        "contender",
                        "ops/s",
                        "p50 µs",
                        "p99 µs",
                        "oversold units",
                        "ops/s ÷ ceiling",
                        "p50 ÷ ceiling",
                        "p99 ÷ ceiling",
                        "Redis CPU",
                        "Redis µs/op"),
                List.of(false, false, true, true, true, true, true, true, true, true, true));
        for (Row r : rows) {
            boolean ratios = r.ceiling != null;
            t.add(List.of(
                    r.label,
                    r.contender,
                    ResultTable.number(r.opsPerSecond),
                    ResultTable.micros(r.p50),
                    ResultTable.micros(r.p99),
                    r.oversold < 0 ? "–" : Long.toString(r.oversold),
                    ratios ? ResultTable.ratio(r.vsCeiling()) : "–",
                    ratios ? ResultTable.ratio(r.p50 / r.ceiling.p50Micros()) : "–",
                    ratios ? ResultTable.ratio(r.p99 / r.ceiling.p99Micros()) : "–",
                    ResultTable.percent(r.serverCpuShare),
                    ResultTable.micros(r.serverMicrosPerOp)));
        }
        return t.render();
    }

    private static String notes(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            if (!r.notes.isEmpty()) {
                out.append("- ")
                        .append(r.label)
                        .append(", ")
                        .append(r.contender)
                        .append(": ")
                        .append(r.notes)
                        .append('\n');
            }
        }
        return out.length() == 0 ? "" : "Notes per run:\n\n" + out;
    }

    /** PASS/FAIL of the targets, on the hot SKU at the largest number of callers, per cart size. */
    private static String targets(List<Row> rows) {
        StringBuilder out = new StringBuilder("Targets (hot SKU, most callers):\n\n");
        int most = rows.stream()
                .filter(r -> !r.scenario.oversell() && !r.isCapacity())
                .mapToInt(r -> r.scenario.callers())
                .max()
                .orElse(0);
        for (Row r : rows) {
            if (r.scenario.oversell()
                    || !r.scenario.hot()
                    || r.scenario.callers() != most
                    || !r.contender.startsWith("adapter")
                    || r.isCapacity()) {
                continue;
            }
            if (r.ceiling != null) {
                double v = r.vsCeiling();
                out.append(String.format(
                        Locale.ROOT,
                        "- %s, %s: %.2f × the ceiling (target ≥ %.2f): %s%n",
                        r.label,
                        r.contender,
                        v,
                        TARGET_CEILING,
                        v >= TARGET_CEILING ? "PASS" : "FAIL"));
            }
            if (r.capacity != null) {
                out.append(String.format(
                        Locale.ROOT, "  (%.2f × the pipelined capacity of the server)%n", r.vsCapacity()));
            }
            Optional<Row> watch = rows.stream()
                    .filter(w -> w.scenario.equals(r.scenario) && w.contender.startsWith("WATCH"))
                    .findFirst();
            if (watch.isPresent()) {
                double v = r.opsPerSecond / watch.get().opsPerSecond;
                out.append(String.format(
                        Locale.ROOT,
                        "- %s, %s: %.1f × WATCH/MULTI/EXEC (target ≥ %.0f): %s%n",
                        r.label,
                        r.contender,
                        v,
                        TARGET_WATCH,
                        v >= TARGET_WATCH ? "PASS" : "FAIL"));
            }
        }
        long adapterOversold = rows.stream()
                .filter(r -> r.contender.startsWith("adapter"))
                .mapToLong(r -> Math.max(0, r.oversold))
                .sum();
        out.append(String.format(
                Locale.ROOT,
                "- adapter, every run: %d units oversold (target 0): %s%n",
                adapterOversold,
                adapterOversold == 0 ? "PASS" : "FAIL"));
        for (Row r : rows) {
            if (r.scenario.oversell() && !r.contender.startsWith("adapter")) {
                out.append(
                        String.format(Locale.ROOT, "- %s, %s: %d units oversold%n", r.label, r.contender, r.oversold));
            }
        }
        return out.toString();
    }
}
