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
import com.mongodb.bulk.BulkWriteResult;
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
 * <p>A write's failure is {@code BACKEND_UNAVAILABLE} ("nothing applied") only when that is certain, and
 * {@code OUTCOME_UNKNOWN} ("maybe applied; retry with the same ids") otherwise. The order of the rules matters,
 * because on a replica set or a sharded cluster the driver retries a write once (retryable writes, on by default)
 * and, under {@code timeoutMS}, as often as the time allows; the exception it throws then belongs to the last
 * attempt, not to the first, which may have been applied with its answer lost:
 * <ol>
 *   <li>labelled {@code NoWritesPerformed}: the server or the driver states that no attempt wrote anything:
 *       nothing applied;</li>
 *   <li>labelled {@code RetryableWriteError}: the driver retried (or would have) after this error, so an earlier
 *       attempt may have been applied, whatever the class of the error (a socket write error or not-primary of a
 *       retry says nothing about the first attempt): outcome unknown;</li>
 *   <li>a client-side operation timeout ({@code timeoutMS}): it may strike after the command was sent, and it
 *       says nothing about earlier attempts: outcome unknown;</li>
 *   <li>a write-concern failure: applied on the primary, not known to be on a majority: outcome unknown;</li>
 *   <li>a write error (the server refused this write) or another error the server reported for the command
 *       without a retryable label: nothing applied;</li>
 *   <li>a failure before sending (no server selected, no connection opened, the pool cleared, the message not
 *       wholly written) with no retryable label, so no earlier attempt exists: nothing applied;</li>
 *   <li>anything else (the connection broke or timed out while waiting for the answer, the thread was
 *       interrupted): outcome unknown.</li>
 * </ol>
 * A read never changes anything, so every failure of a read is {@code BACKEND_UNAVAILABLE}. A document, update or
 * query over the size limit is {@code INVALID_ARGUMENT} (not retryable), whether the driver refused it before
 * sending or the server refused the write.
 */
final class MongoErrors {
    /** Server codes of a document that grew past the BSON size limit. */
    private static final Set<Integer> TOO_LARGE = Set.of(10334, 17419, 17420);
    /** The label of an error after which the driver retries a write: an earlier attempt may have been applied. */
    static final String RETRYABLE_WRITE_ERROR = "RetryableWriteError";
    /** The label of an error after which no attempt of the write was applied. */
    static final String NO_WRITES_PERFORMED = "NoWritesPerformed";

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
        if (e instanceof BsonMaximumSizeExceededException || isTooLarge(e)) {
            return tooLarge(operation, e);
        }
        ErrorCode code = notApplied(e) ? ErrorCode.BACKEND_UNAVAILABLE : ErrorCode.OUTCOME_UNKNOWN;
        String hint = code == ErrorCode.OUTCOME_UNKNOWN ? " (it may have been applied; retry with the same ids)" : "";
        return new OmsException(
                code, operation + " failed: " + describe(e) + hint, List.of(), details(operation, e), e);
    }

    /** A server refusal for size: a document or an update's result over 16 MiB. Never a write-concern failure. */
    private static boolean isTooLarge(RuntimeException e) {
        return e instanceof MongoServerException
                && !(e instanceof MongoWriteConcernException)
                && TOO_LARGE.contains(((MongoServerException) e).getCode());
    }

    /**
     * True when the failure proves that the write did not happen, by the rules of the class documentation, in their
     * order.
     */
    static boolean notApplied(RuntimeException e) {
        if (e instanceof MongoException) {
            MongoException m = (MongoException) e;
            if (m.hasErrorLabel(NO_WRITES_PERFORMED)) {
                return true;
            }
            if (m.hasErrorLabel(RETRYABLE_WRITE_ERROR)) {
                return false;
            }
        }
        if (e instanceof MongoOperationTimeoutException) {
            return false;
        }
        if (e instanceof MongoWriteConcernException) {
            return false;
        }
        if (e instanceof MongoBulkWriteException) {
            return ((MongoBulkWriteException) e).getWriteConcernError() == null
                    && nothingWritten((MongoBulkWriteException) e);
        }
        if (e instanceof MongoWriteException) {
            return true;
        }
        if (e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException) {
            return true;
        }
        if (e instanceof MongoCommandException) {
            // The command failed on the server and said so, with no retryable label: not retried, not applied.
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

    /** True when a failed bulk write reports that none of its writes was applied. */
    private static boolean nothingWritten(MongoBulkWriteException e) {
        BulkWriteResult result = e.getWriteResult();
        return result.wasAcknowledged()
                && result.getInsertedCount() == 0
                && result.getMatchedCount() == 0
                && result.getDeletedCount() == 0
                && result.getUpserts().isEmpty();
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
     * failure is {@code OUTCOME_UNKNOWN}, as for a single write; a document too large is {@code INVALID_ARGUMENT}.
     * Writes the server refused are {@code BACKEND_UNAVAILABLE} only when the server reports that none of the batch
     * was written; when some were, the call was partly applied, which is {@code OUTCOME_UNKNOWN} to a caller: it
     * repeats the whole call, which must be idempotent, to settle it.
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
        boolean none = notApplied(e);
        return new OmsException(
                none ? ErrorCode.BACKEND_UNAVAILABLE : ErrorCode.OUTCOME_UNKNOWN,
                operation + " failed: the server refused " + count + " of the writes" + first
                        + (none
                                ? "; none was applied"
                                : "; the others were applied ("
                                        + e.getWriteResult().getInsertedCount()
                                        + " inserted), so repeat the call to settle it"),
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
