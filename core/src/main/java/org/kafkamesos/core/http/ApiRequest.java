package org.kafkamesos.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.kafkamesos.core.model.Durations;

/**
 * A request's path and parameters, from the query string and an {@code application/x-www-form-urlencoded}
 * body (as the mesos/kafka CLI posts them). A parameter given twice is refused, as is a body of another type.
 */
final class ApiRequest {

    /** The largest form body read, in bytes. */
    static final int MAX_BODY = 64 * 1024;

    private final String path;
    private final Map<String, String> parameters;

    ApiRequest(String path, Map<String, String> parameters) {
        this.path = path;
        this.parameters = Map.copyOf(parameters);
    }

    /**
     * Reads the query string and the form body of {@code exchange}. The path is taken as sent, still
     * percent-encoded: every endpoint's path is plain ASCII, and a path that is not is answered 404 naming it.
     */
    static ApiRequest read(Request exchange) throws IOException {
        String path = Optional.ofNullable(exchange.getHttpURI().getPath()).orElse("/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        decode(exchange.getHttpURI().getQuery(), parameters);
        String type = Optional.ofNullable(exchange.getHeaders().get(HttpHeader.CONTENT_TYPE)).orElse("");
        byte[] body = readBody(Request.asInputStream(exchange));
        if (body.length > 0) {
            if (!type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw new HttpError(415, "a request body must be application/x-www-form-urlencoded, got '" + type
                        + "'; or pass the parameters in the query string");
            }
            decode(new String(body, StandardCharsets.UTF_8), parameters);
        }
        return new ApiRequest(path, parameters);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new HttpError(413, "a request body may hold at most " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    private static void decode(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "malformed percent-encoding in '" + pair + "': each '%' must be followed by two hex"
                        + " digits, as in %2C for a comma");
            }
            if (name.isBlank()) {
                throw new HttpError(400, "a parameter without a name: '" + pair + "'; parameters are name=value pairs, such as broker=0");
            }
            if (into.put(name, value) != null) {
                throw new HttpError(400, "parameter '" + name + "' is given twice; give each parameter once");
            }
        }
    }

    /** The path prefix of mesos/kafka's REST API, an alias of {@value #PREFIX}. */
    static final String MESOS_KAFKA_PREFIX = "/api/brokers/";
    /** The path prefix of the broker endpoints. */
    static final String PREFIX = "/api/broker/";
    /** mesos/kafka's name of the broker ids parameter, an alias of {@code broker}. */
    static final String MESOS_KAFKA_ID = "id";

    /**
     * This request in the API's own terms: mesos/kafka's forms, {@code /api/brokers/<command>} and {@code id=}, are
     * aliases of {@code /api/broker/<command>} and {@code broker=}.
     *
     * @throws HttpError 400 if both {@code id} and {@code broker} are given
     */
    ApiRequest canonical() {
        String canonicalPath = path.startsWith(MESOS_KAFKA_PREFIX) ? PREFIX + path.substring(MESOS_KAFKA_PREFIX.length()) : path;
        if (!parameters.containsKey(MESOS_KAFKA_ID) || !canonicalPath.startsWith(PREFIX)) {
            return canonicalPath.equals(path) ? this : new ApiRequest(canonicalPath, parameters);
        }
        if (parameters.containsKey("broker")) {
            throw new HttpError(400, "give the broker ids once: 'broker' or its alias 'id', not both");
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        parameters.forEach((name, value) -> renamed.put(name.equals(MESOS_KAFKA_ID) ? "broker" : name, value));
        return new ApiRequest(canonicalPath, renamed);
    }

    /** The path, without a trailing slash. */
    String path() {
        return path;
    }

    /** Every parameter. */
    Map<String, String> parameters() {
        return parameters;
    }

    /** Refuses any parameter not in {@code accepted}, listing those. */
    void accept(Collection<String> accepted) {
        for (String name : parameters.keySet()) {
            if (!accepted.contains(name)) {
                MesosKafkaNames.parameter(name).ifPresent(refused -> {
                    throw new HttpError(400, refused);
                });
                throw new HttpError(400, "unknown parameter '" + name + "' for " + path + "; accepted: "
                        + (accepted.isEmpty() ? "none" : String.join(", ", accepted)));
            }
        }
    }

    /** The stripped value of {@code name}, or {@code fallback} when it is absent or blank. */
    String get(String name, String fallback) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** The broker id expression, required. */
    String broker() {
        String value = get("broker", null);
        if (value == null) {
            throw new HttpError(400, "parameter 'broker' is required: a broker id expression such as "
                    + org.kafkamesos.core.model.BrokerIds.ACCEPTED);
        }
        return value;
    }

    /** The duration {@code name}, {@code fallback} when absent, at most {@code max}. */
    Duration duration(String name, Duration fallback, Duration max) {
        String value = get(name, null);
        if (value == null) {
            return fallback;
        }
        Duration d;
        try {
            d = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, name + ": " + e.getMessage());
        }
        if (d.compareTo(max) > 0) {
            throw new HttpError(400, name + " must be at most " + Durations.format(max) + ", got '" + value + "'");
        }
        return d;
    }

    /** The whole number {@code name} in {@code [min, max]}, {@code fallback} when absent. */
    int integer(String name, int fallback, int min, int max) {
        String value = get(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HttpError(400, name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
    }
}
