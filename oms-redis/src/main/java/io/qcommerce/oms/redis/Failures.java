package io.qcommerce.oms.redis;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisReadOnlyException;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Turns what Lettuce throws into the port's two backend errors. The line between them is whether the
 * script may have run:
 * <ul>
 *   <li>{@code BACKEND_UNAVAILABLE}: it certainly did not. The connection could not be made, was closed,
 *       or refuses commands while disconnected (nothing was sent); or the server refused the call before
 *       running it (loading its data, busy, out of memory, a read-only replica, cluster down).</li>
 *   <li>{@code OUTCOME_UNKNOWN}: it may have. No answer within the timeout, the connection dropped with
 *       the command in flight, or anything this class does not know for sure. A retry with the same ids
 *       settles it: every script answers a repeat with the first outcome.</li>
 * </ul>
 */
final class Failures {
    /** Error replies of a server that refused a command without running it. */
    private static final List<String> REFUSED_BEFORE_RUNNING = List.of(
            "LOADING",
            "BUSY",
            "OOM",
            "READONLY",
            "MASTERDOWN",
            "CLUSTERDOWN",
            "TRYAGAIN",
            "NOAUTH",
            "NOPERM",
            "WRONGPASS",
            "NOREPLICAS",
            "MISCONF");
    /** Lettuce's messages for commands it refused to send. */
    private static final List<String> NOT_SENT =
            List.of("Connection is closed", "Currently not connected. Commands are rejected.");

    private Failures() {}

    /**
     * True when the failure is Redis saying it does not know the script's digest or the function: it refused
     * the call before running anything.
     */
    static boolean isNoScript(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof RedisNoScriptException) {
            return true;
        }
        String message = String.valueOf(t.getMessage());
        return t instanceof RedisCommandExecutionException
                && (message.startsWith("NOSCRIPT") || message.startsWith("ERR Function not found"));
    }

    /**
     * True when a FUNCTION command failed because the server has none (Redis 6.2: an unknown command) or may
     * not run it here (an ACL, a managed service that renamed or disabled it).
     */
    static boolean hasNoFunctions(@Nullable Throwable failure) {
        if (failure == null) {
            return false;
        }
        String message = String.valueOf(unwrap(failure).getMessage());
        return isUnknownCommand(failure) || message.startsWith("NOPERM");
    }

    /** True when Redis refused a command it does not have (FCALL on Redis 6.2): nothing ran. */
    static boolean isUnknownCommand(@Nullable Throwable failure) {
        if (failure == null) {
            return false;
        }
        Throwable t = unwrap(failure);
        String message = String.valueOf(t.getMessage());
        return t instanceof RedisCommandExecutionException
                && (message.startsWith("ERR unknown command") || message.startsWith("ERR unknown subcommand"));
    }

    static OmsException timedOut(String operation, Duration timeout, Throwable cause) {
        return new OmsException(
                ErrorCode.OUTCOME_UNKNOWN,
                "Redis did not answer " + operation + " within " + timeout
                        + "; it may have been applied: retry with the same ids",
                List.of(),
                Map.of("operation", operation),
                cause);
    }

    static OmsException interrupted(String operation, InterruptedException cause) {
        return new OmsException(
                ErrorCode.OUTCOME_UNKNOWN,
                "interrupted while waiting for Redis to answer " + operation
                        + "; it may have been applied: retry with the same ids",
                List.of(),
                Map.of("operation", operation),
                cause);
    }

    static OmsException translate(String operation, Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof OmsException) {
            return (OmsException) t;
        }
        if (t instanceof RedisCommandTimeoutException || t instanceof TimeoutException) {
            return unknown(operation, "Redis did not answer in time", t);
        }
        if (t instanceof RedisConnectionException) {
            return unavailable(operation, "cannot connect to Redis", t);
        }
        if (t instanceof RedisLoadingException
                || t instanceof RedisBusyException
                || t instanceof RedisReadOnlyException) {
            return unavailable(operation, "Redis refused the call", t);
        }
        String message = String.valueOf(t.getMessage());
        if (t instanceof RedisCommandExecutionException) {
            for (String prefix : REFUSED_BEFORE_RUNNING) {
                if (message.startsWith(prefix)) {
                    return unavailable(operation, "Redis refused the call", t);
                }
            }
            if (message.contains(": -OOM ")) {
                // Redis 6 wraps the refusal of a script's write in a script error. Redis refuses only a script's
                // first write for memory ("we can't stop in the middle"), so nothing was written.
                return unavailable(operation, "Redis is out of memory", t);
            }
            return unknown(operation, "Redis answered with an error", t);
        }
        if (t instanceof RedisException && NOT_SENT.contains(message)) {
            return unavailable(operation, "the Redis connection is not usable", t);
        }
        if (t instanceof CancellationException) {
            return unknown(operation, "the call was cancelled", t);
        }
        return unknown(operation, "the call to Redis failed", t);
    }

    private static OmsException unavailable(String operation, String what, Throwable cause) {
        return new OmsException(
                ErrorCode.BACKEND_UNAVAILABLE,
                what + " (" + cause.getMessage() + "); " + operation
                        + " was not applied: retry later with the same ids",
                List.of(),
                Map.of("operation", operation),
                cause);
    }

    private static OmsException unknown(String operation, String what, Throwable cause) {
        return new OmsException(
                ErrorCode.OUTCOME_UNKNOWN,
                what + " (" + cause.getMessage() + "); " + operation
                        + " may have been applied: retry with the same ids",
                List.of(),
                Map.of("operation", operation),
                cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
