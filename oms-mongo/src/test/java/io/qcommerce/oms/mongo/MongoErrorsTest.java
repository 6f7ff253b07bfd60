package io.qcommerce.oms.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcernResult;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteInsert;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

/**
 * The error mapping on exceptions built as the sync driver 5.x builds them, labels included: what a write's failure
 * tells a caller after the driver's own retry (retryable writes on a replica set or a sharded cluster) and under
 * {@code timeoutMS}. "Nothing applied" ({@code BACKEND_UNAVAILABLE}) only when certain; otherwise
 * {@code OUTCOME_UNKNOWN}.
 */
class MongoErrorsTest {
    private static final ServerAddress SERVER = new ServerAddress("db1", 27017);

    private static ErrorCode onWrite(RuntimeException e) {
        return MongoErrors.onWrite("test write", e).code();
    }

    private static <T extends MongoException> T labelled(T e, String... labels) {
        for (String label : labels) {
            e.addLabel(label);
        }
        return e;
    }

    private static BsonDocument serverError(int code, String... labels) {
        BsonDocument response = new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(code))
                .append("errmsg", new BsonString("error " + code));
        if (labels.length > 0) {
            BsonArray array = new BsonArray();
            for (String label : labels) {
                array.add(new BsonString(label));
            }
            response.append("errorLabels", array);
        }
        return response;
    }

    private static MongoWriteConcernException writeConcernFailure() {
        return new MongoWriteConcernException(
                new WriteConcernError(
                        64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument()),
                WriteConcernResult.acknowledged(1, false, null),
                SERVER,
                Set.of());
    }

    @Test
    void aRetryableWriteErrorIsOutcomeUnknownWhateverTheLastAttemptSaw() {
        // The driver retried after the first attempt's answer was lost; the retry's own failure says nothing of it.
        assertThat(onWrite(labelled(
                        new MongoSocketWriteException("retry not sent", SERVER, new IOException()),
                        "RetryableWriteError")))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(labelled(
                        new MongoSocketOpenException("retry could not connect", SERVER), "RetryableWriteError")))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(new MongoNotPrimaryException(serverError(10107, "RetryableWriteError"), SERVER)))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(new MongoNodeIsRecoveringException(serverError(11600, "RetryableWriteError"), SERVER)))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(new MongoCommandException(serverError(91, "RetryableWriteError"), SERVER)))
                .as("shutdown in progress")
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(labelled(
                        new MongoConnectionPoolClearedException(new ServerId(new ClusterId(), SERVER), null),
                        "RetryableWriteError")))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
    }

    @Test
    void noWritesPerformedIsNothingAppliedEvenWhenRetryable() {
        assertThat(onWrite(new MongoNotPrimaryException(
                        serverError(10107, "RetryableWriteError", "NoWritesPerformed"), SERVER)))
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(onWrite(labelled(
                        new MongoSocketOpenException("no connection", SERVER),
                        "RetryableWriteError",
                        "NoWritesPerformed")))
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(onWrite(new MongoCommandException(serverError(462, "NoWritesPerformed"), SERVER)))
                .as("an overloaded server that ran nothing")
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    }

    @Test
    void withoutALabelFailuresBeforeSendingAreNothingApplied() {
        // A standalone server, or retryable writes turned off: no attempt before this one.
        assertThat(onWrite(new MongoTimeoutException("no server selected"))).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(onWrite(new MongoSocketOpenException("refused", SERVER))).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(onWrite(new MongoSocketWriteException("not sent", SERVER, new IOException())))
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(onWrite(new MongoConnectionPoolClearedException(new ServerId(new ClusterId(), SERVER), null)))
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(onWrite(new MongoNotPrimaryException(serverError(10107), SERVER)))
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    }

    @Test
    void writeErrorsAreNothingApplied() {
        assertThat(onWrite(new MongoWriteException(
                        new WriteError(121, "Document failed validation", new BsonDocument()), SERVER, Set.of())))
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(onWrite(new MongoCommandException(serverError(2), SERVER))).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    }

    @Test
    void aLostAnswerAWriteConcernFailureATimeoutAndAnInterruptAreOutcomeUnknown() {
        assertThat(onWrite(new MongoSocketReadException("connection reset", SERVER)))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(new MongoSocketReadTimeoutException("read timed out", SERVER, new SocketTimeoutException())))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(writeConcernFailure())).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(new MongoOperationTimeoutException("timeoutMS expired")))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        // timeoutMS struck during server selection of a retry: the first attempt may have been applied.
        assertThat(onWrite(new MongoOperationTimeoutException(
                        "timeoutMS expired", new MongoTimeoutException("no server selected"))))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(onWrite(new MongoInterruptedException("interrupted", new InterruptedException())))
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
    }

    @Test
    void aDocumentOrUpdateOverTheSizeLimitIsInvalidArgumentNotRetryable() {
        assertThat(onWrite(new MongoWriteException(
                        new WriteError(
                                17419, "Resulting document after update is larger than 16777216", new BsonDocument()),
                        SERVER,
                        Set.of())))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        // findOneAndUpdate (findAndModify) reports it as a command error.
        assertThat(onWrite(new MongoCommandException(serverError(17419), SERVER)))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(onWrite(new MongoCommandException(serverError(10334), SERVER)))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void aBulkWriteIsNothingAppliedOnlyWhenNoneOfItWasWritten() {
        BulkWriteError refused = new BulkWriteError(121, "Document failed validation", new BsonDocument(), 1);
        MongoBulkWriteException none = new MongoBulkWriteException(
                BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()),
                List.of(refused),
                null,
                SERVER,
                Set.of());
        MongoBulkWriteException some = new MongoBulkWriteException(
                BulkWriteResult.acknowledged(
                        1, 0, 0, 0, List.of(), List.of(new BulkWriteInsert(0, new BsonString("a")))),
                List.of(refused),
                null,
                SERVER,
                Set.of());
        MongoBulkWriteException concern = new MongoBulkWriteException(
                BulkWriteResult.acknowledged(2, 0, 0, 0, List.of(), List.of()),
                List.of(),
                new WriteConcernError(64, "WriteConcernFailed", "timed out", new BsonDocument()),
                SERVER,
                Set.of());

        OmsException noneApplied = MongoErrors.onBulkWrite("record", none);
        assertThat(noneApplied.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        OmsException partly = MongoErrors.onBulkWrite("record", some);
        assertThat(partly.code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
        assertThat(partly.getMessage()).contains("1 inserted");
        assertThat(MongoErrors.onBulkWrite("record", concern).code()).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
    }

    @Test
    void everyFailureOfAReadIsBackendUnavailable() {
        assertThat(MongoErrors.onRead(
                                "read", labelled(new MongoSocketReadException("reset", SERVER), "RetryableWriteError"))
                        .code())
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(MongoErrors.onRead("read", new MongoOperationTimeoutException("timeoutMS"))
                        .code())
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    }
}
