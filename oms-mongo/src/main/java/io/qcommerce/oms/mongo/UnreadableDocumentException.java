package io.qcommerce.oms.mongo;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A stored document that cannot be mapped to a domain value: a required field missing or of the wrong type, a
 * value the domain refuses, or a status this version does not know. Its code is {@code DATA_CORRUPTED} (not
 * retryable); its details name the collection, the document id and the field path.
 */
public final class UnreadableDocumentException extends OmsException {
    private static final long serialVersionUID = 1L;

    UnreadableDocumentException(
            String collection, @Nullable Object id, String field, String problem, @Nullable Throwable cause) {
        super(
                ErrorCode.DATA_CORRUPTED,
                "stored document " + collection + "/" + id + " cannot be read: " + field + " " + problem,
                List.of(),
                Map.of("collection", collection, "id", String.valueOf(id), "field", field),
                cause);
    }
}
