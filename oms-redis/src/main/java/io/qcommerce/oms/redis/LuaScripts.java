package io.qcommerce.oms.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The adapter's Lua scripts, one per operation, each one atomic step on one store (one slot). Their source is
 * in the resources next to this class, {@code lua/<name>.lua}, one file per script plus {@code lua/lib.lua},
 * the library each script is sent with (the calling convention, reading and writing counters, batches and
 * holds, the ledger, expiry, and the one way out that records the instant a write used). They are read and
 * hashed once, when this class loads; a missing file fails the class, not a later call.
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
 * its call; a sweep adds one read for the due holds' lines) and writes all it changed, with {@code .now} and
 * {@code .led}, in one {@code HSET} on its way out.
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

    /** One script: its body (the library, then the script's own file) and the SHA-1 digest EVALSHA calls it by. */
    record Script(String name, String body, String sha1) {
        static Script of(String name, String library, String own) {
            String body = library + "\n-- " + name + ".lua\n" + own;
            return new Script(name, body, sha1Hex(body));
        }
    }

    private static final String LIBRARY = source("lib");

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

    private static Script load(String name) {
        return Script.of(name, LIBRARY, source(name));
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
