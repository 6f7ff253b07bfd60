package io.qcommerce.oms.error;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception family of the library: misuse and failure. Outcomes a caller must expect
 * (insufficient stock, pincode not served, cart problems, an expired hold) are result values instead.
 *
 * <p>Every exception carries a stable {@link ErrorCode}, and the data a caller needs to react: the
 * violations of invalid input, and details such as the id that was not found. An adapter never lets a
 * driver exception cross a port; it translates it into {@link ErrorCode#BACKEND_UNAVAILABLE} or
 * {@link ErrorCode#OUTCOME_UNKNOWN}.
 */
public class OmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient List<Violation> violations;
    private final transient Map<String, String> details;

    public OmsException(ErrorCode code, String message) {
        this(code, message, List.of(), Map.of(), null);
    }

    public OmsException(ErrorCode code, String message, @Nullable Throwable cause) {
        this(code, message, List.of(), Map.of(), cause);
    }

    public OmsException(
            ErrorCode code,
            String message,
            List<Violation> violations,
            Map<String, String> details,
            @Nullable Throwable cause) {
        super(code + ": " + Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.violations = List.copyOf(violations);
        this.details = Map.copyOf(details);
    }

    /** An invalid-input error listing every violation found, not just the first. */
    public static OmsException invalid(ErrorCode code, List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid-input error needs at least one violation");
        }
        StringBuilder message = new StringBuilder();
        for (Violation v : violations) {
            if (message.length() > 0) {
                message.append("; ");
            }
            message.append(v);
        }
        return new OmsException(code, message.toString(), violations, Map.of(), null);
    }

    public static OmsException invalid(ErrorCode code, String field, String message) {
        return invalid(code, List.of(new Violation(field, message)));
    }

    public static OmsException notFound(ErrorCode code, String what, String id) {
        return new OmsException(code, what + " " + id + " does not exist", List.of(), Map.of("id", id), null);
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorCode.Category category() {
        return code.category();
    }

    /** The problems of an invalid input, each one; empty for other errors. */
    public List<Violation> violations() {
        return violations == null ? List.of() : violations;
    }

    /** Data about the error a caller may need (an id, a current status); never secrets. */
    public Map<String, String> details() {
        return details == null ? Map.of() : details;
    }

    /** True when retrying the same call with the same ids is safe and may succeed. */
    public boolean isRetryable() {
        return (code.category() == ErrorCode.Category.BACKEND && code != ErrorCode.DATA_CORRUPTED)
                || code == ErrorCode.CONCURRENT_MODIFICATION;
    }
}
