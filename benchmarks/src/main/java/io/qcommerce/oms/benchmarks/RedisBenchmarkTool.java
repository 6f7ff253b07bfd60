package io.qcommerce.oms.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code redis-benchmark} (Debian package redis-tools) as a subprocess: a C client with one event loop and
 * {@code -c} connections, each sending its next command as soon as the answer to the previous one arrives. Used
 * with {@code --csv}, which in Redis 7 prints requests per second and p50/p99 latency in milliseconds.
 */
final class RedisBenchmarkTool {
    private final String executable;

    private RedisBenchmarkTool(String executable) {
        this.executable = executable;
    }

    /** The tool at the given path, else {@code redis-benchmark} from the PATH, if it runs. */
    static Optional<RedisBenchmarkTool> find(String path) {
        List<String> candidates = new ArrayList<>();
        if (path != null) {
            candidates.add(path);
        } else {
            String env = System.getenv("PATH");
            if (env != null) {
                for (String dir : env.split(File.pathSeparator)) {
                    File f = new File(dir, "redis-benchmark");
                    if (f.canExecute()) {
                        candidates.add(f.getPath());
                    }
                }
            }
        }
        for (String c : candidates) {
            try {
                Process p = new ProcessBuilder(c, "--version")
                        .redirectErrorStream(true)
                        .start();
                String out = read(p.getInputStream());
                if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("redis-benchmark")) {
                    return Optional.of(new RedisBenchmarkTool(c));
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    String version() {
        try {
            Process p = new ProcessBuilder(executable, "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = read(p.getInputStream()).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** What one run reported. */
    record Figures(long requests, double opsPerSecond, double p50Micros, double p99Micros) {}

    /**
     * Sends {@code requests} script calls (the adapter's FCALL or EVALSHA) over {@code clients} connections, one in flight on each.
     *
     * @param randomRange the {@code -r} range of {@code __rand_int__}, or 0 when the call has no placeholder
     */
    Figures evalsha(String host, int port, int clients, long requests, long randomRange, ScriptCall call) {
        return evalsha(host, port, clients, 1, requests, randomRange, call);
    }

    /** As {@link #evalsha(String, int, int, long, long, ScriptCall)}, {@code pipeline} calls in flight per connection. */
    Figures evalsha(
            String host, int port, int clients, int pipeline, long requests, long randomRange, ScriptCall call) {
        List<String> command = new ArrayList<>(List.of(
                executable,
                "-h",
                host,
                "-p",
                Integer.toString(port),
                "-c",
                Integer.toString(clients),
                "-n",
                Long.toString(requests),
                "--csv"));
        if (pipeline > 1) {
            command.add("-P");
            command.add(Integer.toString(pipeline));
        }
        if (randomRange > 0) {
            command.add("-r");
            command.add(Long.toString(randomRange));
        }
        command.add(call.command());
        command.addAll(call.arguments());
        String out;
        int exit;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            out = read(p.getInputStream());
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-benchmark did not finish");
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-benchmark: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (exit != 0) {
            throw new IllegalStateException("redis-benchmark exited with " + exit + ": " + out);
        }
        return parseCsv(out, requests);
    }

    /**
     * Reads the data line of {@code --csv}: {@code "test","rps","avg_latency_ms","min_latency_ms",
     * "p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"}, values quoted.
     */
    static Figures parseCsv(String out, long requests) {
        String header = null;
        String data = null;
        for (String line : out.split("\r?\n")) {
            String t = line.trim();
            if (t.startsWith("\"test\"")) {
                header = t;
            } else if (header != null && t.startsWith("\"") && data == null) {
                data = t;
            }
        }
        if (header == null || data == null) {
            throw new IllegalStateException("cannot read redis-benchmark's output: " + out);
        }
        List<String> names = quoted(header);
        List<String> values = quoted(data);
        if (values.size() != names.size()) {
            throw new IllegalStateException("unexpected redis-benchmark output: " + out);
        }
        double rps = Double.parseDouble(values.get(names.indexOf("rps")));
        double p50 = Double.parseDouble(values.get(names.indexOf("p50_latency_ms"))) * 1000;
        double p99 = Double.parseDouble(values.get(names.indexOf("p99_latency_ms"))) * 1000;
        return new Figures(requests, rps, p50, p99);
    }

    private static List<String> quoted(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            int open = line.indexOf('"', i);
            if (open < 0) {
                break;
            }
            int close = line.indexOf('"', open + 1);
            while (close > 0 && close + 1 < line.length() && line.charAt(close + 1) == '"') {
                close = line.indexOf('"', close + 2); // "" is an escaped quote
            }
            if (close < 0) {
                break;
            }
            out.add(line.substring(open + 1, close));
            i = close + 1;
        }
        return out;
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
