package io.qcommerce.oms.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The adapter's Lua scripts, one per operation, each one atomic step on one store (one slot). Their source is
 * in the resources next to this class, {@code lua/<name>.lua}, one file per script plus {@code lua/lib.lua},
 * the library they share (the calling convention, reading and writing counters, batches and holds, the ledger,
 * expiry, and the one way out that records the instant a write used). They are read once, when this class
 * loads; a missing file fails the class, not a later call. Each call starts with {@code begin(KEYS, ARGV)},
 * which sets the call's keys and settings and clears what an earlier call read.
 *
 * <p>Two forms of the same files: {@link #FUNCTIONS}, one Redis function library (Redis 7 and newer) holding the
 * library once and every script as a function, which Redis evaluates once per {@code FUNCTION LOAD} and a call
 * reaches by name ({@code FCALL}); and, per script, {@link Script#body()} for {@code EVALSHA} (Redis 6.2), with
 * only the parts of the library it uses, directly or through other parts: Redis runs the whole text of an
 * EVAL script on every call, so each function it carried would cost every call the making of a closure.
 *
 * <p>The ledger: every change of a counter is appended to the store's stream by the script that makes it, as
 * one entry per operation ({@code t} type, {@code i} reference, {@code w} when in µs; {@code a} actor or '' and
 * {@code n} note for a stock change, {@code c} when the hold was taken, in µs, for a hold; {@code m} its
 * movements, comma-separated, each "res qty" or "res qty code ns"): a receipt, adjustment, restock or return as
 * one movement, a hold's reserve, confirm, release and expiry as one movement per line and batch it took (the
 * line's units without a batch as one more). Entry ids are in the lock's time, in ms, never below the stream's
 * last id (kept in the stock hash as {@code .led}); an entry of k movements takes k sequence numbers, one
 * position per movement. The stream is ordered and trimmed by the lock's clock: each script's first append
 * trims whole stream nodes older than the retention ({@code MINID ~}). Repeats and refusals append nothing.
 *
 * <p>Counters: a script reads the stock hash's fields it needs in one {@code HMGET} with "now" (the lines of
 * its call, {@code .led}, and {@code .b}, whether the store has batches; a sweep adds one read for the due
 * holds' lines) and writes all it changed, with {@code .now}, {@code .led} and {@code .b}, in one {@code HSET}
 * on its way out. A new hold lowers its resources' scores in the due index only where the score this call
 * read is above the hold's expiry.
 *
 * <p>What every script does first: it takes "now" (never earlier than the latest instant a write of the store
 * used, so a clock that steps back cannot revive an expired hold) and expires the due holds that matter to its
 * answer, from the due index, which is per resource: reserve, levels, apply and batches every due hold with a
 * line of their resources (and no other), the reports (allLevels, batchesExpiring, movements, restore) every
 * due hold of the store, expireDue at most its limit; confirm, release and find check the one hold they touch
 * against its expiry themselves. Expiring a hold gives its units back (to its batches too) and records it
 * EXPIRED at its expiry instant.
 *
 * <p>After that sweep (which is right whatever follows), each script reads and checks everything before its
 * first write of its own, and refusals (conflict, too late, shortfall, rejection, unknown id) write nothing of
 * their own: an error cannot stop a script halfway through its writes, and Redis refuses a script for memory
 * only at its first write. A repeat of any call with the same id finds the record the first call left and
 * answers from it: this is what makes a timed-out call, a client retry, and Lettuce's replay of commands after
 * a reconnect harmless.
 *
 * <p>Batches: a SKU's batches are one field of the store's batch hash, a list kept first expiry first
 * ({@code Batch.FEFO}: by expiry, then by code in byte order). A batch that is empty, held by no one and
 * expired is forgotten: reads skip it, and the next write of the field drops it. The SKU's counters in the
 * stock hash stay its totals; units without a batch are the totals minus the batches' sums.
 *
 * <p>Numbers: a hold's times are µs since the epoch (about 1.7e15, exact in Lua's doubles below 2^53), units
 * are at most {@code Limits.MAX_UNITS}; numbers are turned into strings with {@code %d} before they reach
 * Redis. Instants that come from the caller (a batch's expiry, a line's freshness, a cut-off, a horizon) are
 * kept exactly as given: decimal ns since the epoch, as text, never turned into a double; the scripts compare
 * them as decimal strings.
 */
final class LuaScripts {
    private LuaScripts() {}

    /** Where the scripts' files are, relative to this class. */
    static final String FOLDER = "lua/";

    /**
     * One script. {@code body} is its EVAL form, for Redis 6.2: what it uses of the library, then its own file,
     * named by its digest {@code sha1}; {@code function} is its name in the function library ({@link #FUNCTIONS}).
     */
    record Script(String name, String body, String sha1, String function) {}

    /** A top-level statement of the library (with the comment above it) and the names it defines. */
    record Part(String text, Set<String> defines) {}

    private static final Pattern DEFINES =
            Pattern.compile("^local (?:function ([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z0-9_, ]+)=)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final String LIB = source("lib");
    private static final List<Part> LIBRARY = parts(LIB);
    private static final List<String> NAMES = List.of(
            "reserve",
            "confirm",
            "release",
            "find",
            "levels",
            "apply",
            "batches",
            "batchesExpiring",
            "expireDue",
            "allLevels",
            "movements",
            "restore");
    private static final Map<String, String> OWN = own();

    /**
     * The name of the function library: {@code oms_} and the start of the digest of every file. Two versions of
     * the adapter on one server (a rolling upgrade) each load and call their own library, never the other's.
     */
    static final String LIBRARY_NAME =
            "oms_" + sha1Hex(LIB + String.join("\n", OWN.values())).substring(0, 16);

    /**
     * The scripts as one Redis function library (Redis 7 and newer): the library once, then each script as a
     * function that starts a call and runs the script's file. Redis evaluates the library's text once, at
     * {@code FUNCTION LOAD}, where EVALSHA runs a script's whole text, its part of the library included,
     * on every call.
     */
    static final String FUNCTIONS = functionLibrary();

    static final Script RESERVE = load("reserve");
    static final Script CONFIRM = load("confirm");
    static final Script RELEASE = load("release");
    static final Script FIND = load("find");
    static final Script LEVELS = load("levels");
    static final Script APPLY = load("apply");
    static final Script BATCHES = load("batches");
    static final Script BATCHES_EXPIRING = load("batchesExpiring");
    static final Script EXPIRE_DUE = load("expireDue");
    static final Script ALL_LEVELS = load("allLevels");
    static final Script MOVEMENTS = load("movements");
    static final Script RESTORE = load("restore");

    static final List<Script> ALL = List.of(
            RESERVE,
            CONFIRM,
            RELEASE,
            FIND,
            LEVELS,
            APPLY,
            BATCHES,
            BATCHES_EXPIRING,
            EXPIRE_DUE,
            ALL_LEVELS,
            MOVEMENTS,
            RESTORE);

    private static Map<String, String> own() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            out.put(name, source(name));
        }
        return out;
    }

    private static Script load(String name) {
        String own = Objects.requireNonNull(OWN.get(name), name);
        // Effects replication is the default from Redis 5 on; asked for explicitly, as a script that reads TIME
        // before it writes needs it.
        String body = "if redis.replicate_commands then redis.replicate_commands() end\n"
                + used(LIBRARY, "begin\n" + own) + "\n-- " + name + ".lua\nbegin(KEYS, ARGV)\n" + own;
        return new Script(name, body, sha1Hex(body), LIBRARY_NAME + "_" + name);
    }

    private static String functionLibrary() {
        StringBuilder out =
                new StringBuilder("#!lua name=").append(LIBRARY_NAME).append('\n');
        out.append(LIB).append('\n');
        for (Map.Entry<String, String> script : OWN.entrySet()) {
            out.append("\n-- ").append(script.getKey()).append(".lua\n");
            out.append("redis.register_function('")
                    .append(LIBRARY_NAME)
                    .append('_')
                    .append(script.getKey())
                    .append("', function(KEYS, ARGV)\nbegin(KEYS, ARGV)\n")
                    .append(script.getValue())
                    .append("\nend)\n");
        }
        return out.toString();
    }

    /**
     * The library cut into its top-level statements: each starts at a line in column 0 that is not a comment,
     * {@code end} or a closing bracket, and takes the comment lines just above it.
     */
    static List<Part> parts(String library) {
        List<Part> out = new ArrayList<>();
        StringBuilder comment = new StringBuilder();
        StringBuilder current = null;
        Set<String> defines = Set.of();
        for (String line : library.split("\n", -1)) {
            boolean top = !line.isEmpty()
                    && !Character.isWhitespace(line.charAt(0))
                    && !line.startsWith("--")
                    && !line.startsWith("end")
                    && !line.startsWith("}")
                    && !line.startsWith(")");
            if (top) {
                if (current != null) {
                    out.add(new Part(current.toString(), defines));
                }
                current = new StringBuilder(comment);
                comment.setLength(0);
                defines = new LinkedHashSet<>();
                Matcher m = DEFINES.matcher(line);
                if (m.find()) {
                    String names = m.group(1) != null ? m.group(1) : m.group(2);
                    for (String n : names.split("[, ]+")) {
                        if (!n.isEmpty()) {
                            defines.add(n);
                        }
                    }
                }
                current.append(line).append('\n');
            } else if (line.startsWith("--") || (line.isEmpty() && current == null)) {
                comment.append(line).append('\n');
            } else if (current == null) {
                comment.append(line).append('\n');
            } else if (line.isEmpty()) {
                current.append(comment).append('\n');
                comment.setLength(0);
            } else {
                current.append(comment).append(line).append('\n');
                comment.setLength(0);
            }
        }
        if (current != null) {
            out.add(new Part(current.toString(), defines));
        }
        return out;
    }

    /**
     * The parts of the library that {@code own} needs, directly or through other parts, in the library's order
     * (a Lua local is visible only below its definition, which that order already respects); a part that
     * defines nothing (a statement run for its effect) is always kept.
     */
    static String used(List<Part> library, String own) {
        Set<String> wanted = new LinkedHashSet<>(names(own));
        boolean[] keep = new boolean[library.size()];
        boolean grew = true;
        while (grew) {
            grew = false;
            for (int i = 0; i < library.size(); i++) {
                Part part = library.get(i);
                if (!keep[i]
                        && (part.defines().isEmpty() || part.defines().stream().anyMatch(wanted::contains))) {
                    keep[i] = true;
                    grew = true;
                    wanted.addAll(names(part.text()));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < library.size(); i++) {
            if (keep[i]) {
                out.append(library.get(i).text());
            }
        }
        return out.toString();
    }

    /** The identifiers in Lua code, comments and strings left out roughly (extra names only keep more). */
    private static Set<String> names(String code) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : code.split("\n")) {
            int comment = line.indexOf("--");
            Matcher m = NAME.matcher(comment < 0 ? line : line.substring(0, comment));
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** The text of {@code lua/<name>.lua}, read from the class path. */
    static String source(String name) {
        String path = FOLDER + name + ".lua";
        try (InputStream in = LuaScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no " + path + " next to " + LuaScripts.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static String sha1Hex(String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
