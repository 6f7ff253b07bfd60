package io.qcommerce.oms.error;

import java.util.Objects;

/**
 * One problem with an input: which field, and what is wrong with it.
 *
 * @param field   the name of the offending argument or field, as the caller wrote it
 * @param message what is wrong, in words a developer can act on
 */
public record Violation(String field, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
