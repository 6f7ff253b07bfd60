package io.qcommerce.oms.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoIncompatibleDriverException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.MongoSocketWriteTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.BSONException;
import org.bson.BsonMaximumSizeExceededException;
import org.jspecify.annotations.Nullable;

/**
 * Turns driver exceptions into the library's typed errors, so that none crosses a port.
 *
 * <ul>
 *   <li>Nothing reached the server, or the server refused the write: {@code BACKEND_UNAVAILABLE}. No server
 *       selected in time, no connection opened, the pool cleared, the message not wholly sent, not the primary, a
 *       write error.</li>
 *   <li>A write that may have been applied: {@code OUTCOME_UNKNOWN}. The connection broke or timed out while
 *       waiting for the answer, the write concern was not satisfied (applied on the primary, not confirmed on a
 *       majority), the thread was interrupted mid-call. A retry with the same ids settles it: an insert answers
 *       {@code Duplicate}, a status change answers {@code Conflict} carrying the order as it is.</li>
 *   <li>A read never changes anything, so every failure of a read is {@code BACKEND_UNAVAILABLE}.</li>
 *   <li>A document over the server's size limit is refused by the driver before it is sent:
 *       {@code INVALID_ARGUMENT}.</li>
 * </ul>
 */
final class MongoErrors {
    /** Server codes of a document that grew past the BSON size limit. */
    private static final Set<Integer> TOO_LARGE = Set.of(10334, 17419, 17420);

    private MongoErrors() {}

    /** Runs a read, translating any driver failure. */
    static <T> T read(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (MongoException | BSONException e) {
            throw onRead(operation, e);
        }
    }

    /** Runs a write whose driver failures the caller does not handle itself. */
    static <T> T write(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (MongoException | BSONException e) {
            throw onWrite(operation, e);
        }
    }

    static OmsException onRead(String operation, RuntimeException e) {
        if (e instanceof BsonMaximumSizeExceededException) {
            return tooLarge(operation, e);
        }
        return new OmsException(
                ErrorCode.BACKEND_UNAVAILABLE,
                operation + " failed: " + describe(e),
                List.of(),
                details(operation, e),
                e);
    }

    static OmsException onWrite(String operation, RuntimeException e) {
        if (e instanceof BsonMaximumSizeExceededException) {
            return tooLarge(operation, e);
        }
        if (e instanceof MongoWriteException && TOO_LARGE.contains(((MongoWriteException) e).getCode())) {
            return tooLarge(operation, e);
        }
        ErrorCode code = notApplied(e) ? ErrorCode.BACKEND_UNAVAILABLE : ErrorCode.OUTCOME_UNKNOWN;
        String hint = code == ErrorCode.OUTCOME_UNKNOWN ? " (it may have been applied; retry with the same ids)" : "";
        return new OmsException(
                code, operation + " failed: " + describe(e) + hint, List.of(), details(operation, e), e);
    }

    /** True when the failure proves that the write did not happen. */
    private static boolean notApplied(RuntimeException e) {
        if (e instanceof MongoOperationTimeoutException) {
            // A client-side operation timeout may strike after the command was sent.
            return false;
        }
        if (e instanceof MongoWriteConcernException) {
            // Applied on the primary; not known to be on a majority.
            return false;
        }
        if (e instanceof MongoWriteException) {
            // A write error: the server refused the write.
            return true;
        }
        if (e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException) {
            return true;
        }
        if (e instanceof MongoCommandException) {
            // The command failed on the server and reported it; its write did not happen. Write-concern failures
            // reach us as MongoWriteConcernException, handled above.
            return true;
        }
        // Refused on the client side before anything was sent: no server selected or no connection checked out in
        // time (MongoTimeoutException), the pool cleared, the server removed, authentication failed, and the like.
        return e instanceof MongoClientException
                || e instanceof MongoSocketOpenException
                // Thrown while sending: the message did not wholly leave, and a server runs only whole messages.
                || e instanceof MongoSocketWriteException
                || e instanceof MongoSocketWriteTimeoutException
                || e instanceof MongoIncompatibleDriverException;
    }

    /**
     * Runs an upsert by id, translating failures. Two upserts of a new id can race and the loser gets a
     * duplicate key error; by then the document exists, so the second try is a plain replacement.
     */
    static void upsertById(String operation, Runnable upsert) {
        try {
            upsert.run();
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw onWrite(operation, e);
            }
            try {
                upsert.run();
            } catch (MongoException | BSONException again) {
                throw onWrite(operation, again);
            }
        } catch (BSONException e) {
            throw onWrite(operation, e);
        }
    }

    /**
     * True when every write of a bulk write that failed was refused for a duplicate key, and the write concern was
     * met: everything else was applied.
     */
    static boolean onlyDuplicateKeys(MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null) {
            return false;
        }
        for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
        }
        return true;
    }

    /**
     * A bulk write that failed otherwise than {@linkplain #onlyDuplicateKeys by duplicate keys}. A write-concern
     * failure is {@code OUTCOME_UNKNOWN}, as for a single write. Writes the server refused are
     * {@code BACKEND_UNAVAILABLE} (a document too large, {@code INVALID_ARGUMENT}): the others of the batch may
     * have been applied, so the caller repeats the whole call, which must be idempotent.
     */
    static OmsException onBulkWrite(String operation, MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null) {
            return onWrite(operation, e);
        }
        BulkWriteError refused = null;
        int count = 0;
        for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                if (TOO_LARGE.contains(error.getCode())) {
                    return tooLarge(operation, e);
                }
                refused = refused == null ? error : refused;
                count++;
            }
        }
        String first = refused == null ? "" : " (first: code " + refused.getCode() + ", " + refused.getMessage() + ")";
        return new OmsException(
                ErrorCode.BACKEND_UNAVAILABLE,
                operation + " failed: the server refused " + count + " of the writes" + first
                        + "; the others may have been applied, and repeating the call is safe",
                List.of(),
                details(operation, e),
                e);
    }

    static boolean isDuplicateKey(MongoException e) {
        return e instanceof MongoServerException
                && !(e instanceof MongoWriteConcernException)
                && ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    private static OmsException tooLarge(String operation, RuntimeException e) {
        return new OmsException(
                ErrorCode.INVALID_ARGUMENT,
                operation + ": the document or query is larger than " + "MongoDB accepts (16 MiB); it was not sent",
                List.of(new Violation("document", describe(e))),
                Map.of("operation", operation),
                e);
    }

    /** A stored document the reader cannot map to a domain value. */
    static UnreadableDocumentException unreadable(
            String collection, @Nullable Object id, String field, String problem, @Nullable Throwable cause) {
        return new UnreadableDocumentException(collection, id, field, problem, cause);
    }

    private static Map<String, String> details(String operation, RuntimeException e) {
        return Map.of("operation", operation, "driverError", e.getClass().getSimpleName());
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
