package io.qcommerce.oms.mongo;

import io.qcommerce.oms.common.Money;
import io.qcommerce.oms.error.OmsException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of one stored document, for the mappings. Fields the mapping does not ask for are never looked at,
 * so a document from a newer writer with extra fields reads fine. A field that is missing or of the wrong type is
 * an {@link MongoErrors#unreadable unreadable-document} error naming the collection, the id and the field path.
 *
 * <p>Numbers are read by value, not by BSON type: an int32 where an int64 is expected (or a double holding a whole
 * number, as a mongo shell writes) is accepted; a fraction or an out-of-range value is not.
 */
final class DocumentReader {
    private static final double EXACT_DOUBLE_LIMIT = 9_007_199_254_740_992d; // 2^53

    private final Document document;
    private final String collection;
    private final @Nullable Object id;
    private final String path;

    private DocumentReader(Document document, String collection, @Nullable Object id, String path) {
        this.document = document;
        this.collection = collection;
        this.id = id;
        this.path = path;
    }

    /** A reader of a top-level document of {@code collection}. */
    static DocumentReader of(Document document, String collection) {
        return new DocumentReader(document, collection, document.get("_id"), "");
    }

    String string(String field) {
        Object value = required(field);
        if (!(value instanceof String)) {
            throw wrongType(field, "a string", value);
        }
        return (String) value;
    }

    /** A string; {@code null} when the field is absent or null. */
    @Nullable
    String optionalString(String field) {
        Object value = document.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw wrongType(field, "a string", value);
        }
        return (String) value;
    }

    boolean bool(String field) {
        Object value = required(field);
        if (!(value instanceof Boolean)) {
            throw wrongType(field, "a boolean", value);
        }
        return (Boolean) value;
    }

    long longValue(String field) {
        return wholeNumber(field, required(field));
    }

    int intValue(String field) {
        long value = longValue(field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw problem(field, "is out of the int range: " + value, null);
        }
        return (int) value;
    }

    /** An int, or {@code fallback} when the field is absent or null. */
    int intValue(String field, int fallback) {
        return document.get(field) == null ? fallback : intValue(field);
    }

    double doubleValue(Object value, String field) {
        if (!(value instanceof Number)) {
            throw wrongType(field, "a number", value);
        }
        return ((Number) value).doubleValue();
    }

    Instant instant(String field) {
        Object value = required(field);
        if (!(value instanceof Date)) {
            throw wrongType(field, "a date", value);
        }
        return ((Date) value).toInstant();
    }

    /** A calendar date stored as an ISO-8601 string, {@code "2026-03-02"}. */
    LocalDate localDate(String field) {
        String text = string(field);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw problem(field, "is not an ISO-8601 date: '" + text + "'", e);
        }
    }

    /** A duration stored as an ISO-8601 string ({@code "PT48H"}), or {@code fallback} when absent or null. */
    Duration optionalDuration(String field, Duration fallback) {
        String text = optionalString(field);
        if (text == null) {
            return fallback;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw problem(field, "is not an ISO-8601 duration: '" + text + "'", e);
        }
    }

    /** An enum constant stored by its name; a name this version does not know makes the document unreadable. */
    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        String name = string(field);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            // Written by a newer version that knows more constants, or damaged.
            throw problem(field, "holds an unknown " + type.getSimpleName() + " '" + name + "'", e);
        }
    }

    /** Money stored as {@code {minor: int64, currency: "INR"}}. */
    Money money(String field) {
        DocumentReader m = child(field);
        String code = m.string(MoneyFields.CURRENCY);
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw m.problem(MoneyFields.CURRENCY, "is not an ISO 4217 currency code: '" + code + "'", e);
        }
        return Money.of(m.longValue(MoneyFields.MINOR), currency);
    }

    /** An embedded document. */
    DocumentReader child(String field) {
        Object value = required(field);
        if (!(value instanceof Document)) {
            throw wrongType(field, "an embedded document", value);
        }
        return new DocumentReader((Document) value, collection, id, pathOf(field));
    }

    /** An embedded document; {@code null} when the field is absent or null. */
    @Nullable
    DocumentReader optionalChild(String field) {
        return document.get(field) == null ? null : child(field);
    }

    /** The elements of an array of embedded documents. */
    List<DocumentReader> children(String field) {
        List<?> values = array(field);
        List<DocumentReader> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            String element = field + "." + i;
            if (!(value instanceof Document)) {
                throw wrongType(element, "an embedded document", value);
            }
            out.add(new DocumentReader((Document) value, collection, id, pathOf(element)));
        }
        return out;
    }

    /** The elements of an array of embedded documents, or none when the field is absent or null. */
    List<DocumentReader> optionalChildren(String field) {
        return document.get(field) == null ? List.of() : children(field);
    }

    /** The elements of an array of strings. */
    List<String> strings(String field) {
        List<?> values = array(field);
        List<String> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (!(value instanceof String)) {
                throw wrongType(field + "." + i, "a string", value);
            }
            out.add((String) value);
        }
        return out;
    }

    /** The elements of an array, as stored. */
    List<?> array(String field) {
        Object value = required(field);
        if (!(value instanceof List)) {
            throw wrongType(field, "an array", value);
        }
        return (List<?>) value;
    }

    /** An error about a field of this document, for checks the mapping makes itself. */
    UnreadableDocumentException problem(String field, String what, @Nullable Throwable cause) {
        return MongoErrors.unreadable(collection, id, pathOf(field), what, cause);
    }

    /** The whole document failed a domain check (an invalid id, a broken invariant). */
    UnreadableDocumentException invalid(OmsException cause) {
        return MongoErrors.unreadable(
                collection,
                id,
                path.isEmpty() ? "(document)" : path,
                "does not make a valid value: " + cause.getMessage(),
                cause);
    }

    private long wholeNumber(String field, Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double) {
            double d = (Double) value;
            if (d == Math.rint(d) && Math.abs(d) <= EXACT_DOUBLE_LIMIT) {
                return (long) d;
            }
            throw problem(field, "is not a whole number that fits a long: " + d, null);
        }
        throw wrongType(field, "an integer", value);
    }

    private Object required(String field) {
        Object value = document.get(field);
        if (value == null) {
            throw problem(field, "is missing", null);
        }
        return value;
    }

    private UnreadableDocumentException wrongType(String field, String expected, Object value) {
        return problem(
                field, "must be " + expected + ", was " + value.getClass().getSimpleName(), null);
    }

    private String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
