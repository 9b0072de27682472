package org.kafkamesos.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.scheduler.SchedulerEvent;

/**
 * Requests an operator or a script might send, and worse, to every broker endpoint over a real socket: random
 * methods, parameter names (known and unknown), values (numbers, durations, ids, text, control characters, sizes up
 * to 100 KB), encodings (encoded, raw, malformed {@code %}-escapes), in the query or a form body or a body of another
 * type. Whatever comes, the API answers with a status below 500 and a JSON body; an error is
 * {@code {"error":"..."}} naming what it refused (a parameter, a value, the body or its encoding), and leaves the
 * brokers as they were.
 */
class HttpApiFuzzProperties {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> PATHS = List.of("/api/broker/add", "/api/broker/update", "/api/broker/remove", "/api/broker/replace",
            "/api/broker/start", "/api/broker/stop", "/api/broker/restart", "/api/broker/list", "/api/broker/log",
            "/api/broker/explain", "/health");
    static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>(BrokerOptions.NAMES);
        names.addAll(List.of("broker", "timeout", "lines", "name"));
        NAMES = List.copyOf(names);
    }

    /** A request as sent: its method, target, body and the body's type, and the parameters it was made of. */
    record Request(String method, String target, String body, String contentType, List<String[]> parameters) {
        @Override
        public String toString() {
            return method + " " + (target.length() > 300 ? target.substring(0, 300) + "..." : target)
                    + (body.isEmpty() ? "" : " body(" + contentType + ") " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
    }

    record Answer(int status, String contentType, JsonNode body) {
    }

    private KafkaCluster cluster;
    private HttpApi api;

    @BeforeProperty
    void start() {
        cluster = KafkaCluster.builder().store(new FailingStateStore()).distribution("/opt/kafka").controllers(1)
                .tick(Duration.ofHours(1)).actions(actions -> { }).build();
        api = HttpApi.builder(cluster).logs((task, name, lines) -> name + " " + lines).address(new InetSocketAddress(0)).build();
        api.start();
        cluster.onEvent(new SchedulerEvent.Registered("fw-1", "master"));
        cluster.add("0..2", org.kafkamesos.core.model.BrokerSpec.DEFAULT).join();
    }

    @AfterProperty
    void stop() {
        api.close();
        cluster.close();
    }

    @Property(tries = 400)
    void everyRequest_getsJsonBelow500_andAnErrorNamesWhatItRefused_andChangesNothing(@ForAll("requests") Request request)
            throws IOException {
        JsonNode before = send(plain("GET", "/api/broker/list")).body();

        Answer a = send(request);

        Statistics.label("status").collect(a.status());
        assertThat(a.status()).as("status of %s: %s", request, a.body()).isBetween(200, 499);
        assertThat(a.contentType()).as("content type of %s", request).startsWith("application/json");
        if (a.status() >= 400 && !request.method().equals("HEAD")) { // an answer to HEAD has no body, by HTTP's rules
            String error = a.body().path("error").asText();
            assertThat(a.body().size()).as("an error is {\"error\":...} only: %s", a.body()).isEqualTo(1);
            assertThat(namesWhatItRefused(error, request)).as("the error of %s names what it refused: %s", request, error).isTrue();
            assertThat(send(plain("GET", "/api/broker/list")).body()).as("a refused %s changes nothing", request).isEqualTo(before);
        }
        assertThat(send(plain("GET", "/health")).status()).isEqualTo(200);
    }

    /** Whether {@code error} names a parameter or value of {@code r}, its path, or the body or encoding it refused. */
    private static boolean namesWhatItRefused(String error, Request r) {
        String lower = error.toLowerCase(Locale.ROOT);
        for (String[] p : r.parameters()) {
            String value = p[1].strip();
            if (!p[0].isBlank() && error.contains(p[0].strip()) || !value.isEmpty() && error.contains(value.substring(0, Math.min(20, value.length())))) {
                return true;
            }
        }
        return error.contains(r.target().split("\\?")[0])
                || lower.contains("broker") || lower.contains("%") || lower.contains("body") || lower.contains("method")
                || lower.contains("request");
    }

    private Answer send(Request r) throws IOException {
        try (Socket socket = new Socket(api.uri().getHost(), api.uri().getPort())) {
            socket.setSoTimeout(20_000);
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(r.method()).append(' ').append(r.target()).append(" HTTP/1.1\r\nHost: x\r\n");
            if (!r.contentType().isEmpty()) {
                head.append("Content-Type: ").append(r.contentType()).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server answered before it read everything (a request line or headers too large) and closed
            }
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = response.indexOf("\r\n\r\n");
            assertThat(headEnd).as("a whole response to %s: %s", r, response).isPositive();
            String[] lines = response.substring(0, headEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String type = "";
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).strip();
                }
            }
            String text = response.substring(headEnd + 4);
            JsonNode json;
            try {
                json = JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("the answer to " + r + " is not JSON: " + text, e);
            }
            return new Answer(status, type, json);
        }
    }

    private static Request plain(String method, String target) {
        return new Request(method, target, "", "", List.of());
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> method = Arbitraries.frequency(Tuple.of(6, "GET"), Tuple.of(4, "POST"), Tuple.of(1, "PUT"),
                Tuple.of(1, "DELETE"), Tuple.of(1, "HEAD"), Tuple.of(1, "OPTIONS"));
        Arbitrary<String> path = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.of(PATHS)),
                Tuple.of(1, Arbitraries.of(PATHS).map(p -> p + "/")),
                Tuple.of(1, Arbitraries.strings().withChars("/abcz%.-_").ofMaxLength(30).map(s -> "/api/" + s)));
        Arbitrary<List<String[]>> parameters = parameter().list().ofMaxSize(5);
        Arbitrary<Integer> placement = Arbitraries.integers().between(0, 3);
        return Combinators.combine(method, path, parameters, placement, Arbitraries.integers().between(0, 2))
                .as((m, p, params, where, encoding) -> request(m, p, params, where, encoding));
    }

    /**
     * The request of {@code params} on {@code path}: in the query ({@code where} 0), a form body (1), both (2), or a body
     * of another type (3); encoded properly ({@code encoding} 0), raw (1), or with a malformed escape (2).
     */
    private static Request request(String method, String path, List<String[]> params, int where, int encoding) {
        List<String> pairs = new ArrayList<>();
        List<String[]> asSent = new ArrayList<>();
        for (String[] p : params) {
            pairs.add(encode(p[0], encoding) + "=" + encode(p[1], encoding));
            asSent.add(encoding == 1 ? new String[] {careless(p[0]), careless(p[1])} : p);
        }
        String form = String.join("&", pairs);
        String query = where == 1 || where == 3 || form.isEmpty() ? "" : "?" + form;
        String body = where == 1 || where == 2 || where == 3 ? form : "";
        String type = body.isEmpty() ? "" : where == 3 ? "text/plain" : "application/x-www-form-urlencoded";
        String target = path + (encoding == 1 ? query.replace(" ", "%20").replaceAll("[\\r\\n]", "") : query);
        return new Request(method, target, body, type, asSent);
    }

    private static String encode(String s, int encoding) {
        String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8);
        if (encoding == 1) {
            // as a careless client sends it: only what would break the request line is escaped
            return careless(s).replace("%", "%25").replace("&", "%26").replace("=", "%3D").replace("#", "%23").replace("+", "%2B");
        }
        return encoding == 2 && !encoded.isEmpty() ? encoded.substring(0, encoded.length() / 2) + "%G" + encoded.substring(encoded.length() / 2)
                : encoded;
    }

    /** {@code s} with what a careless client cannot send in a request line (spaces, controls, non-ASCII) as {@code _}. */
    private static String careless(String s) {
        return s.replaceAll("[^\\x21-\\x7e]", "_");
    }

    private static Arbitrary<String[]> parameter() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(NAMES)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
        return Combinators.combine(name, value()).as((n, v) -> new String[] {n, n.equals("timeout") ? timeout(v) : v});
    }

    /** No request waits: a timeout is 0 or one the API refuses, never a wait it would honour. */
    private static String timeout(String v) {
        return v.matches("\\s*\\d+\\s*(ms|s|m|h|d)?\\s*") || v.startsWith("P") || v.startsWith("p") ? "0" : v;
    }

    private static Arbitrary<String> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("0", "1", "-1", "0..2", "*", "0,1", "1e3", "NaN", "Infinity", "0.5", "9092..9099", "auto",
                        "none", "", " ", "30s", "5m", "PT1M", "99999999999999999999", "hostname=unique", "rack=like:r[12]",
                        "log.retention.hours=24", "log.dirs=/etc", "node.id=5", "-Xmx1g", "stdout", "server.log", "..", "/etc/passwd")),
                Tuple.of(2, Arbitraries.integers().between(-100_000, 100_000).map(String::valueOf)),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().withChars("{}[]\":,'\\<>&=?%#\0\t\n").ofMaxLength(20)),
                Tuple.of(1, Arbitraries.integers().between(1_000, 100_000).map("x"::repeat)));
    }
}
