package org.kafkamesos.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.core.scheduler.SchedulerEvent;
import org.kafkamesos.placement.Offer;

/**
 * A real HTTP API on a free port over a real {@link KafkaCluster} on a memory store whose Mesos actions go to
 * a list, with the requests and the Mesos events the tests send: tasks are driven by offers and status
 * updates as the Mesos shell would send them.
 */
abstract class HttpApiHarness {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);

    final FailingStateStore store = new FailingStateStore();
    final List<MesosAction> sent = new CopyOnWriteArrayList<>();
    /** Ticks are an hour apart, so that no timer sends an action while a test looks. */
    final KafkaCluster cluster = KafkaCluster.builder().store(store).distribution("/opt/kafka").controllers(1)
            .tick(Duration.ofHours(1)).actions(sent::addAll).build();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
    HttpApi api;

    /** A response: its status, its JSON body, and the headers that matter here. */
    record Answer(int status, JsonNode body, Optional<String> allow) {
        String error() {
            return body.path("error").asText();
        }
    }

    @BeforeEach
    void startTheApi() {
        api = startApi(HttpApi.builder(cluster).logs((task, name, lines) -> task.hostname() + " " + name + " " + lines));
        cluster.onEvent(new SchedulerEvent.Registered("fw-1", "master"));
    }

    @AfterEach
    void stopTheApi() {
        api.close();
        cluster.close();
    }

    static HttpApi startApi(HttpApi.Builder builder) {
        HttpApi started = builder.address(new InetSocketAddress(0)).build();
        started.start();
        return started;
    }


    /** Sends a request that must be refused, and checks that the brokers are as they were. */
    Answer refusedWithoutChange(String pathAndQuery) {
        return refusedWithoutChange("GET", pathAndQuery, HttpRequest.BodyPublishers.noBody());
    }

    Answer refusedWithoutChange(String method, String pathAndQuery, HttpRequest.BodyPublisher body) {
        JsonNode before = get("/api/broker/list").body();
        int sentBefore = sent.size();
        Answer a = send(method, api.uri().resolve(pathAndQuery), body, null);
        assertThat(a.status()).isBetween(400, 599);
        assertThat(a.body().fieldNames()).toIterable().containsExactly("error");
        assertThat(get("/api/broker/list").body()).isEqualTo(before);
        assertThat(sent).hasSize(sentBefore);
        return a;
    }

    /** Adds broker {@code id}, starts it and drives its task to running on {@code host}. */
    Task runningBroker(int id, String host) {
        get("/api/broker/add?broker=" + id);
        get("/api/broker/start?broker=" + id + "&timeout=0");
        Task task = launch(id, host);
        report(task, MesosTaskState.RUNNING);
        cluster.await(String.valueOf(id), b -> b.phase() == TaskPhase.RUNNING, WAIT).join();
        return task;
    }

    /** Offers {@code host} to the cluster and answers the task it launched for broker {@code id}. */
    Task launch(int id, String host) {
        cluster.offer(List.of(Offer.builder("o-" + host + "-" + sent.size(), "agent-" + host, host).cpus(8).mem(32768).disk(100_000).ports(9092, 9100)
                .build())).join();
        return cluster.list().join().get(id).task().orElseThrow(() -> new AssertionError("broker " + id + " was not launched"));
    }

    void report(Task task, MesosTaskState state) {
        cluster.onEvent(new SchedulerEvent.TaskStatusChanged(task.taskId(), task.agentId(), state, "", Optional.empty(), Optional.empty()));
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    Answer get(String pathAndQuery) {
        return send("GET", api.uri().resolve(pathAndQuery), HttpRequest.BodyPublishers.noBody(), null);
    }

    Answer post(String pathAndQuery, String form) {
        return send("POST", api.uri().resolve(pathAndQuery), HttpRequest.BodyPublishers.ofString(form), "application/x-www-form-urlencoded");
    }

    CompletableFuture<Answer> getAsync(String pathAndQuery) {
        return sendAsync("GET", api.uri().resolve(pathAndQuery));
    }

    CompletableFuture<Answer> sendAsync(String method, java.net.URI uri) {
        return client.sendAsync(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(HttpApiTest::answer);
    }

    Answer send(String method, java.net.URI uri, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(WAIT).method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return answer(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Answer answer(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        try {
            return new Answer(response.statusCode(), JSON.readTree(response.body()), response.headers().firstValue("Allow"));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
