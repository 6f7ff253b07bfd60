package io.qcommerce.oms.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.max;

import com.mongodb.ReadPreference;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.internal.util.Checks;
import io.qcommerce.oms.spi.EventCheckpoints;
import org.bson.Document;

/**
 * {@link EventCheckpoints} on MongoDB: one document per subscriber, {@code {_id: subscriber, pos: int64}}, in the
 * collection {@link MongoOmsConfig#eventCheckpointsCollection()} (default {@code oms_event_checkpoints}).
 *
 * <p>{@link #advance} is one upsert with {@code $max}, so a checkpoint never moves back, whatever order two
 * dispatchers' writes arrive in; two first upserts of one subscriber can race, and the loser's duplicate key is
 * answered by a second try, which then updates the document the winner made. Reads go to the primary, writes use
 * the configured write concern. Thread-safe; the constructor does no I/O.
 */
public final class MongoEventCheckpoints implements EventCheckpoints {
    static final String ID = "_id";
    static final String POS = "pos";

    private final MongoCollection<Document> checkpoints;
    private final String collectionName;

    /** The checkpoints in the default collection ({@code oms_event_checkpoints}) with majority writes. */
    public MongoEventCheckpoints(MongoDatabase database) {
        this(database, MongoOmsConfig.ofDefaults());
    }

    public MongoEventCheckpoints(MongoDatabase database, MongoOmsConfig config) {
        Checks.notNull(database, "database");
        Checks.notNull(config, "config");
        this.collectionName = config.eventCheckpointsCollection();
        this.checkpoints = database.getCollection(collectionName)
                .withWriteConcern(config.writeConcern())
                .withReadPreference(ReadPreference.primary());
    }

    @Override
    public long position(String subscriber) {
        Checks.notBlank(subscriber, "subscriber");
        Document document = MongoErrors.read(
                "read the checkpoint of " + subscriber,
                () -> checkpoints.find(eq(ID, subscriber)).first());
        return document == null
                ? 0
                : DocumentReader.of(document, collectionName).longValue(POS);
    }

    @Override
    public void advance(String subscriber, long position) {
        Checks.notBlank(subscriber, "subscriber");
        if (position < 0) {
            throw OmsException.invalid(ErrorCode.INVALID_ARGUMENT, "position", "must not be negative");
        }
        MongoErrors.upsertById(
                "advance the checkpoint of " + subscriber + " to " + position,
                () -> checkpoints.updateOne(eq(ID, subscriber), max(POS, position), new UpdateOptions().upsert(true)));
    }
}
