package io.qcommerce.oms.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} and {@code --flag} options of a benchmark main; unknown names are an error. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Args() {}

    /**
     * Parses the arguments.
     *
     * @param known option names (without dashes) that take a value
     * @param flags option names that take none
     */
    static Args parse(String[] argv, List<String> known, List<String> flags) {
        Args out = new Args();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.isBlank()) {
                continue;
            }
            if (!a.startsWith("--")) {
                problems.add("unexpected argument " + a);
                continue;
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                out.values.put(name, value == null ? "true" : value);
            } else if (known.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        problems.add("--" + name + " needs a value");
                        continue;
                    }
                    value = argv[++i];
                }
                out.values.put(name, value);
            } else {
                problems.add("unknown option --" + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return out;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    }

    double decimal(String name, double fallback) {
        String v = values.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    Duration seconds(String name, Duration fallback) {
        String v = values.get(name);
        return v == null ? fallback : Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    }

    /** A comma-separated list of integers. */
    List<Integer> integers(String name, List<Integer> fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(Integer.parseInt(part.trim()));
            }
        }
        return out;
    }
}
