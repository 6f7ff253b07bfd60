package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 problem documents of the service. Every problem has {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} and a stable {@code code} that a client branches on (the
 * library's {@link ErrorCode} name, or one of the service's own codes); input problems add
 * {@code violations}, every one of them. Never a stack trace, never an exception class name.
 */
public final class Problems {
    private Problems() {}

    /** The HTTP status a library error is answered with. */
    public static HttpStatus statusOf(OmsException e) {
        switch (e.category()) {
            case INVALID_INPUT:
                return HttpStatus.BAD_REQUEST;
            case NOT_FOUND:
                return HttpStatus.NOT_FOUND;
            case CONFLICT:
                return HttpStatus.CONFLICT;
            default:
                // A damaged record will not heal by retrying: that is the server's fault, not an outage.
                return e.code() == ErrorCode.DATA_CORRUPTED
                        ? HttpStatus.INTERNAL_SERVER_ERROR
                        : HttpStatus.SERVICE_UNAVAILABLE;
        }
    }

    public static ProblemDetail of(HttpStatus status, String code, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail of(OmsException e, String path) {
        ProblemDetail problem = of(statusOf(e), e.code().name(), detailOf(e), path);
        if (!e.violations().isEmpty()) {
            problem.setProperty(
                    "violations",
                    e.violations().stream()
                            .map(v -> new ViolationView(v.field(), v.message()))
                            .toList());
        }
        if (!e.details().isEmpty()) {
            problem.setProperty("details", new java.util.TreeMap<>(e.details()));
        }
        if (e.isRetryable()) {
            problem.setProperty("retryable", true);
        }
        return problem;
    }

    /** The problem as a plain map, for writers that do not go through Spring MVC (the security filters). */
    public static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (problem.getType() != null && !"about:blank".equals(problem.getType().toString())) {
            out.put("type", problem.getType().toString());
        }
        out.put("title", problem.getTitle());
        out.put("status", problem.getStatus());
        out.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            out.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            out.putAll(problem.getProperties());
        }
        return out;
    }

    /** The library's message without the code prefix it repeats ("UNKNOWN_ORDER: order x does not exist"). */
    private static String detailOf(OmsException e) {
        String message = e.getMessage();
        String prefix = e.code().name() + ": ";
        String detail = message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        if (e.category() == ErrorCode.Category.BACKEND) {
            // What failed matters to the operator (it is logged); the client needs only to know to retry.
            return e.code() == ErrorCode.OUTCOME_UNKNOWN
                    ? "a backend did not answer in time; the call may have been applied: retry it with the same ids"
                    : e.code() == ErrorCode.DATA_CORRUPTED
                            ? "a stored record cannot be read; an operator has to look"
                            : "a backend is unavailable; nothing was applied: retry later";
        }
        return detail;
    }

    static List<ViolationView> violation(String field, String message) {
        return List.of(new ViolationView(field, message));
    }

    /** One problem of the input: the field as the client named it, and what is wrong with it. */
    public record ViolationView(String field, String message) {}
}
