package io.qcommerce.oms.examples.springboot.web;

import io.qcommerce.oms.error.ErrorCode;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.examples.springboot.ops.ServiceMetrics;
import io.qcommerce.oms.examples.springboot.security.Forbidden;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Answers every failure of a request as a problem document (see {@link Problems}):
 * <ul>
 *   <li>library errors by their category: invalid input 400 (with every violation), not found 404,
 *       conflict 409, backend 503 with {@code Retry-After} (a damaged record 500);</li>
 *   <li>outcomes a client must act on ({@link ApiProblem}): 409 or 422 with their data;</li>
 *   <li>Spring MVC's own errors (malformed JSON, unknown route, wrong method...) with a code too;</li>
 *   <li>anything else 500, logged here with its stack trace and answered without it.</li>
 * </ul>
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    /** Seconds a client should wait before retrying after a backend failure. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private final ServiceMetrics metrics;

    public ApiErrors(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(OmsException.class)
    public ResponseEntity<ProblemDetail> library(OmsException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(e, request.getRequestURI());
        HttpHeaders headers = new HttpHeaders();
        if (e.category() == ErrorCode.Category.BACKEND) {
            metrics.failure(e.code().name());
            LOG.warn(
                    "{} {} failed on a backend: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    e.getMessage(),
                    e.getCause());
        }
        if (e.isRetryable()) {
            headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    @ExceptionHandler(ApiProblem.class)
    public ResponseEntity<ProblemDetail> outcome(ApiProblem e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(e.status(), e.code(), e.getMessage(), request.getRequestURI());
        e.properties().forEach(problem::setProperty);
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(Forbidden.class)
    public ResponseEntity<ProblemDetail> forbidden(Forbidden e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN", e.getMessage(), request.getRequestURI()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(Problems.of(
                        HttpStatus.FORBIDDEN, "FORBIDDEN", "not allowed for this user", request.getRequestURI()));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), e);
        metrics.failure("INTERNAL_ERROR");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "INTERNAL_ERROR",
                        "the request failed; it has been logged",
                        request.getRequestURI()));
    }

    /** Malformed JSON, or a value of the wrong type: say where, in the client's terms. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                "MALFORMED_REQUEST",
                "the request body is not the JSON this endpoint expects",
                path(request));
        Throwable cause = ex.getCause();
        if (cause instanceof StreamReadException) {
            problem.setDetail("the request body is not well-formed JSON");
        } else if (cause instanceof JacksonException jackson
                && !jackson.getPath().isEmpty()) {
            problem.setProperty("violations", Problems.violation(fieldPath(jackson), "has the wrong type"));
        } else if (cause == null) {
            problem.setDetail("the request needs a JSON body");
        }
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).headers(headers).body(problem);
    }

    /** Spring MVC's own errors (404 route, 405, 415, ...) get a code like every other problem. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(statusCode);
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            problem.setProperty("code", codeOf(statusCode));
        }
        if (problem.getInstance() == null && path(request) != null) {
            problem.setInstance(java.net.URI.create(path(request)));
        }
        return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
    }

    private static String codeOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == HttpStatus.NOT_FOUND) {
            return "NO_SUCH_ENDPOINT";
        }
        if (known == HttpStatus.BAD_REQUEST) {
            return "MALFORMED_REQUEST";
        }
        return known != null ? known.name() : "HTTP_" + status.value();
    }

    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static String path(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI()
                : null;
    }
}
