package io.qcommerce.oms.examples.springboot.support;

import com.jayway.jsonpath.JsonPath;
import java.net.http.HttpHeaders;

/** An HTTP answer as the client saw it: status, headers, body text, and JSON paths into the body. */
public record Reply(int status, HttpHeaders headers, String body) {
    /** The value at a JSON path ({@code $.code}, {@code $.lines[0].sku}). */
    public <T> T json(String path) {
        return JsonPath.read(body, path);
    }

    /** The array at a JSON path ({@code $.lines[*].sku}). */
    @SuppressWarnings("unchecked")
    public <E> java.util.List<E> list(String path) {
        return (java.util.List<E>) JsonPath.read(body, path);
    }

    public String code() {
        return json("$.code");
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
