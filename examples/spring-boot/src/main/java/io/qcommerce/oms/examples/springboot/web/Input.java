package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.error.Violation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns the raw fields of a request into the library's value types, collecting every problem instead of
 * stopping at the first, under the field names the client wrote. {@link #check()} then refuses the request
 * with all of them at once ({@code INVALID_ARGUMENT}, or the single more precise code when every problem
 * shares it, such as {@code INVALID_PINCODE}).
 */
final class Input {
    private final List<Violation> violations = new ArrayList<>();
    private final Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);

    /** The parsed value, or {@code null} with a violation when it is missing or invalid. */
    <R, T> T required(String field, R raw, Function<R, T> parse) {
        if (raw == null || (raw instanceof String s && s.isBlank())) {
            problem(field, "is required", ErrorCode.INVALID_ARGUMENT);
            return null;
        }
        return optional(field, raw, parse);
    }

    /** The parsed value, {@code null} when absent, or {@code null} with a violation when invalid. */
    <R, T> T optional(String field, R raw, Function<R, T> parse) {
        if (raw == null) {
            return null;
        }
        try {
            return parse.apply(raw);
        } catch (OmsException e) {
            if (e.violations().isEmpty()) {
                problem(field, e.getMessage(), e.code());
            }
            for (Violation v : e.violations()) {
                problem(field, v.message(), e.code());
            }
            return null;
        }
    }

    void problem(String field, String message, ErrorCode code) {
        violations.add(new Violation(field, message));
        codes.add(code);
    }

    /** Refuses the request with every problem found so far; does nothing when there is none. */
    void check() {
        if (!violations.isEmpty()) {
            ErrorCode code = codes.size() == 1 ? codes.iterator().next() : ErrorCode.INVALID_ARGUMENT;
            throw OmsException.invalid(code, violations);
        }
    }

    /**
     * Once every field parsed, runs a constructor of the library that checks the value's own rules (a SKU's
     * price against its MRP...) and reports every one it breaks, under the names the library gives them,
     * which are the request's field names.
     */
    <T> T build(Supplier<T> constructor) {
        check();
        try {
            return constructor.get();
        } catch (OmsException e) {
            if (e.category() != ErrorCode.Category.INVALID_INPUT
                    || e.violations().isEmpty()) {
                throw e;
            }
            for (Violation v : e.violations()) {
                problem(v.field(), v.message(), e.code());
            }
            check();
            throw e;
        }
    }
}
