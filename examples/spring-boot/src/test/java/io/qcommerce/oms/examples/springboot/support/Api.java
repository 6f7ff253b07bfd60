package io.qcommerce.oms.examples.springboot.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A plain HTTP client for the service on its port: real requests over loopback, HTTP Basic as the given
 * user (the test profile's accounts; the password is the user name + "-pw"), JSON bodies as text.
 */
public final class Api {
    /** The accounts of application-test.yml. */
    public static final String ADMIN = "admin";

    public static final String MANAGER_A = "mgr-a";
    public static final String MANAGER_B = "mgr-b";
    public static final String ASHA = "asha";
    public static final String RAVI = "ravi";
    /** The stores the two managers run. */
    public static final String STORE_A = "T-STORE-A";

    public static final String STORE_B = "T-STORE-B";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Reply get(String user, String path) {
        return send(user, "GET", path, null, Map.of());
    }

    public Reply post(String user, String path, String json) {
        return send(user, "POST", path, json, Map.of());
    }

    public Reply post(String user, String path, String json, Map<String, String> headers) {
        return send(user, "POST", path, json, headers);
    }

    public Reply put(String user, String path, String json) {
        return send(user, "PUT", path, json, Map.of());
    }

    /** Any request; {@code user} null sends no credentials, {@code json} null no body. */
    public Reply send(String user, String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", basic(user, user + "-pw"));
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
