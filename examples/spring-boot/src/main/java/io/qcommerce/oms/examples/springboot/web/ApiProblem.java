package io.qcommerce.oms.examples.springboot.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An expected outcome that the client must act on but that is not a success (a cart that cannot be sold, a
 * payment the order cannot take...): thrown by a controller, answered by {@link ApiErrors} as a problem
 * with a stable {@code code} and the data the client needs. Carries no stack trace.
 */
public final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;
    private final transient Map<String, Object> properties;

    public ApiProblem(HttpStatus status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.properties = new LinkedHashMap<>();
    }

    /** Adds a member to the problem document. */
    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
