package org.kafkamesos.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A client of the scheduler's HTTP API ({@code /api/broker/...}): posts form parameters and reads the JSON
 * answer. Every failure becomes an {@link ApiException} with a message for the operator.
 */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final HttpClient http;

    ApiClient(URI base) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The API's base, such as {@code http://localhost:7000/}. */
    URI base() {
        return base;
    }

    /**
     * Posts {@code params} to {@code path} (such as {@code api/broker/list}) and returns the JSON answer.
     *
     * @param timeout how long the request may take, waiting included
     * @throws ApiException if the scheduler cannot be reached, or answers with an error
     */
    JsonNode post(String path, Map<String, String> params, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiException(0, "cannot reach the scheduler at " + base + " (connection refused): start it with "
                    + "'kafka-mesos scheduler', or name its API with --api or KAFKA_MESOS_API");
        } catch (IOException e) {
            throw new ApiException(0, "the request to " + base.resolve(path) + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted while waiting for " + base.resolve(path));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(response.statusCode(), "the scheduler at " + base + " answered " + response.statusCode()
                    + " with no JSON; is it a kafka-mesos scheduler?");
        }
        if (response.statusCode() >= 300) {
            String message = body.hasNonNull("error") ? body.get("error").asText() : body.toString();
            throw new ApiException(response.statusCode(), message);
        }
        return body;
    }

    private static String form(Map<String, String> params) {
        StringJoiner form = new StringJoiner("&");
        params.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }

    /** The scheduler refused a request, or could not be reached ({@link #status()} 0). */
    static final class ApiException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when there was no answer. */
        int status() {
            return status;
        }

        /** Whether the scheduler refused the request as bad, unknown or conflicting (4xx) or unsupported (501). */
        boolean refused() {
            return status >= 400 && status < 500 || status == 501;
        }
    }
}
