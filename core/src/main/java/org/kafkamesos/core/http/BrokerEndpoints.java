package org.kafkamesos.core.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.kafka.KafkaOperationException;
import org.kafkamesos.core.kafka.KafkaOperations;
import org.kafkamesos.core.kafka.QuorumChangeStatus;
import org.kafkamesos.core.kafka.RestartSnapshot;
import org.kafkamesos.core.kafka.RollingRestartStatus;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.BrokerStatus;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.Durations;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.model.VolumePolicy;
import org.kafkamesos.core.rebalance.RebalanceLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each endpoint does with its parameters, in terms of {@link KafkaCluster}. Every parameter is parsed
 * before the cluster is called, so that bad input changes nothing. Nothing here blocks a thread while
 * waiting: waits are futures, and their stages run on the API's executor, never on the cluster's loop; only
 * calls of {@link KafkaOperations}, which wait for Kafka's answers, run on a pool of their own.
 */
final class BrokerEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerEndpoints.class);

    /** How long start, stop and restart wait by default. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** The longest wait a request may ask for. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
    static final int DEFAULT_LINES = 100;
    static final int MAX_LINES = 10_000;
    /** How long {@code /health} waits for the cluster's event loop. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    static final String NO_LOGS = "broker logs are available on the local cluster only, or from the task sandbox on Mesos";

    /** A plain file name: no separator, no leading dot (so neither {@code .} nor {@code ..}). */
    private static final Pattern LOG_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    /**
     * One endpoint.
     *
     * @param parameters the parameter names it accepts
     * @param action     what it does; may throw for bad input before it calls the cluster
     */
    record Endpoint(List<String> parameters, Function<ApiRequest, CompletableFuture<Answer>> action) {
        Endpoint {
            parameters = List.copyOf(parameters);
        }
    }

    private final KafkaCluster cluster;
    private final Optional<BrokerLogs> logs;
    private final Optional<KafkaOperations> operations;
    private final Executor executor;
    /** Runs the Kafka operations' calls, which block on Kafka's answers, away from the threads that answer requests. */
    private final Executor blocking;
    /** Waits under way, cancelled on close so that the cluster forgets them. */
    private final Set<CompletableFuture<?>> waits = ConcurrentHashMap.newKeySet();

    BrokerEndpoints(KafkaCluster cluster, Optional<BrokerLogs> logs, Optional<KafkaOperations> operations, Executor executor,
                    Executor blocking) {
        this.cluster = cluster;
        this.logs = logs;
        this.operations = operations;
        this.executor = executor;
        this.blocking = blocking;
    }

    /** Every endpoint by path. */
    Map<String, Endpoint> routes() {
        List<String> withOptions = new ArrayList<>();
        withOptions.add("broker");
        withOptions.addAll(BrokerOptions.NAMES);
        List<String> waiting = List.of("broker", "timeout");
        Map<String, Endpoint> routes = new LinkedHashMap<>();
        routes.put("/api/broker/add", new Endpoint(withOptions, this::add));
        routes.put("/api/broker/update", new Endpoint(withOptions, this::update));
        routes.put("/api/broker/remove", new Endpoint(operations.isPresent()
                ? List.of("broker", "drain", "throttle", "maxPerBroker", "maxPerCluster") : List.of("broker"), this::remove));
        routes.put("/api/broker/replace", new Endpoint(List.of("broker"), this::replace));
        routes.put("/api/broker/start", new Endpoint(waiting, this::start));
        routes.put("/api/broker/clone", new Endpoint(List.of("broker", "source"), this::cloneOf));
        routes.put("/api/broker/stop", new Endpoint(List.of("broker", "timeout", "force"), this::stop));
        routes.put("/api/broker/restart", new Endpoint(waiting, this::restart));
        routes.put("/api/broker/list", new Endpoint(List.of("broker"), this::list));
        routes.put("/api/broker/log", new Endpoint(List.of("broker", "name", "lines"), this::log));
        routes.put("/api/broker/explain", new Endpoint(List.of("broker"), this::explain));
        routes.put("/api/broker/status", new Endpoint(List.of("broker"), this::status));
        routes.put("/api/cluster/controllers", new Endpoint(List.of("count"), this::controllers));
        routes.put("/health", new Endpoint(List.of(), r -> health()));
        return routes;
    }

    /** Cancels the waits under way. */
    void cancelWaits() {
        List.copyOf(waits).forEach(w -> w.cancel(false));
    }

    private CompletableFuture<Answer> add(ApiRequest r) {
        String ids = r.broker();
        BrokerSpec spec = options(r).applyTo(BrokerSpec.DEFAULT);
        return cluster.add(ids, spec).thenApplyAsync(added -> Answer.ok(BrokerJson.brokers(added)), executor);
    }

    private CompletableFuture<Answer> update(ApiRequest r) {
        String ids = r.broker();
        BrokerOptions options = options(r);
        if (options.isEmpty()) {
            throw new HttpError(400, "an update needs at least one option to change besides the broker ids; accepted: " + String.join(", ", BrokerOptions.NAMES));
        }
        if (operations.isPresent()) {
            // options Kafka can change on a running broker are set there, not restarted for
            return CompletableFuture.supplyAsync(() -> Answer.ok(BrokerJson.brokers(operations.get().update(ids, options::applyTo))),
                    blocking);
        }
        return cluster.update(ids, options::applyTo).thenApplyAsync(updated -> Answer.ok(BrokerJson.brokers(some(ids, updated))), executor);
    }

    private CompletableFuture<Answer> remove(ApiRequest r) {
        String ids = r.broker();
        String drainText = r.get("drain", "false");
        if (!drainText.equals("true") && !drainText.equals("false")) {
            throw new IllegalArgumentException("drain must be true or false, got '" + drainText + "'");
        }
        boolean drain = drainText.equals("true");
        if (!drain && r.parameters().keySet().stream().anyMatch(name -> !name.equals("broker") && !name.equals("drain"))) {
            throw new IllegalArgumentException("throttle, maxPerBroker and maxPerCluster go with drain=true only");
        }
        if (drain) {
            RebalanceLimits limits = OperationsEndpoints.limits(r);
            return cluster.explain(ids).thenApplyAsync(statuses -> {
                List<Integer> chosen = some(ids, statuses).stream().map(s -> s.broker().id()).collect(Collectors.toList());
                ObjectNode answer = OperationsEndpoints.started(operations.orElseThrow().drain(join(chosen), limits));
                answer.set("brokers", BrokerJson.ids(chosen).get("brokers"));
                return Answer.ok(answer);
            }, blocking);
        }
        return cluster.explain(ids).thenComposeAsync(statuses -> {
            List<Integer> chosen = some(ids, statuses).stream().map(s -> s.broker().id()).collect(Collectors.toList());
            // a broker that still holds replicas leaves only drained, unless no broker runs to say so
            operations.ifPresent(ops -> ops.requireNoReplicas(chosen));
            return cluster.remove(join(chosen)).thenApplyAsync(left -> Answer.ok(BrokerJson.removed(chosen, left)), executor);
        }, operations.isPresent() ? blocking : executor);
    }

    /**
     * mesos/kafka's {@code clone}: adds brokers with the spec of broker {@code source}; a volume made by hand, which
     * only one broker can hold, becomes a volume of their own.
     */
    private CompletableFuture<Answer> cloneOf(ApiRequest r) {
        String ids = r.broker();
        int source = r.integer("source", -1, 0, Integer.MAX_VALUE);
        if (source < 0) {
            throw new HttpError(400, "parameter 'source' is required: the id of the broker whose options the new brokers copy");
        }
        return cluster.list().thenComposeAsync(brokers -> {
            Broker original = brokers.get(source);
            if (original == null) {
                throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "broker " + source + " does not exist");
            }
            BrokerSpec spec = original.spec().volume() instanceof VolumePolicy.Existing
                    ? original.spec().toBuilder().volume(new VolumePolicy.Auto()).build() : original.spec();
            return cluster.add(ids, spec);
        }, executor).thenApplyAsync(added -> Answer.ok(BrokerJson.brokers(added)), executor);
    }

    private CompletableFuture<Answer> controllers(ApiRequest r) {
        int count = r.integer("count", -1, 1, 99);
        if (count < 0) {
            throw new HttpError(400, "parameter 'count' is required: the number of controllers, an odd number such as 3 or 5");
        }
        return cluster.setControllers(count).thenApplyAsync(spec -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("controllers", spec.controllers());
            spec.controllerIds().forEach(body.putArray("controllerIds")::add);
            body.put("controllersToChoose", spec.controllers() - spec.controllerIds().size());
            return Answer.ok(body);
        }, executor);
    }

    private CompletableFuture<Answer> replace(ApiRequest r) {
        return cluster.replace(r.broker()).thenApplyAsync(replaced -> Answer.ok(BrokerJson.brokers(replaced)), executor);
    }

    private CompletableFuture<Answer> start(ApiRequest r) {
        String ids = r.broker();
        Duration timeout = r.duration("timeout", DEFAULT_TIMEOUT, MAX_TIMEOUT);
        return cluster.start(ids).thenComposeAsync(started -> settle(started, b -> b.phase() == TaskPhase.RUNNING, timeout, "started"),
                executor);
    }

    private CompletableFuture<Answer> stop(ApiRequest r) {
        String ids = r.broker();
        String force = r.get("force", "true"); // mesos/kafka's: a stop here always kills the task through Mesos
        if (!force.equalsIgnoreCase("true") && !force.equalsIgnoreCase("false")) {
            throw new HttpError(400, "force must be true or false (or given without a value), got '" + force + "'");
        }
        Duration timeout = r.duration("timeout", DEFAULT_TIMEOUT, MAX_TIMEOUT);
        return cluster.stop(ids).thenComposeAsync(stopped -> settle(stopped, b -> !b.active() && b.phase() == TaskPhase.NONE,
                timeout, "stopped"), executor);
    }

    private CompletableFuture<Answer> restart(ApiRequest r) {
        String ids = r.broker();
        Duration timeout = r.duration("timeout", DEFAULT_TIMEOUT, MAX_TIMEOUT);
        if (operations.isPresent()) {
            return gatedRestart(ids, timeout);
        }
        return cluster.restart(ids).thenComposeAsync(restarting -> {
            // a broker waiting in the rolling restart's queue still runs its old task: done means a new one
            Map<Integer, Optional<String>> before = new LinkedHashMap<>();
            restarting.forEach(b -> before.put(b.id(), b.task().map(Task::taskId)));
            Predicate<Broker> restarted = b -> b.phase() == TaskPhase.RUNNING && !b.needsRestart()
                    && !b.task().map(Task::taskId).equals(before.get(b.id()));
            return settle(restarting, restarted, timeout, "restarted");
        }, executor);
    }

    /**
     * A rolling restart through the restart gate: each broker only when no partition it hosts would fall under
     * min.insync.replicas, the next once its partitions are back in sync. Answers "restarted", "failed" with the
     * reason (which broker, which partitions), or "timeout" with what it waits for; the restart goes on then.
     */
    private CompletableFuture<Answer> gatedRestart(String ids, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> operations.get().restart(ids), blocking).thenComposeAsync(handle -> {
            CompletableFuture<RollingRestartStatus> outcome = timeout.isZero()
                    ? CompletableFuture.completedFuture(handle.status())
                    // on a copy, so that the run's own outcome stays; the status is read when the wait ends
                    : handle.outcome().copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> handle.status());
            return outcome.thenComposeAsync(status -> cluster.explain(ids).thenApplyAsync(now -> {
                String state = status.state() == RollingRestartStatus.State.DONE ? "restarted"
                        : status.state() == RollingRestartStatus.State.FAILED ? "failed"
                        : timeout.isZero() ? "scheduled" : "timeout";
                ObjectNode answer = BrokerJson.status(state, brokers(now));
                status.reason().ifPresent(reason -> answer.put("reason", reason));
                return Answer.ok(answer);
            }, executor), executor);
        }, executor);
    }

    /** Waits until {@code done} holds for every one of {@code brokers}, or {@code timeout} passes. */
    private CompletableFuture<Answer> settle(List<Broker> brokers, Predicate<Broker> done, Duration timeout, String status) {
        if (timeout.isZero()) {
            return CompletableFuture.completedFuture(Answer.ok(BrokerJson.status("scheduled", brokers)));
        }
        String ids = join(brokers.stream().map(Broker::id).collect(Collectors.toList()));
        CompletableFuture<List<Broker>> wait = cluster.await(ids, done, timeout);
        waits.add(wait);
        wait.whenComplete((settled, e) -> waits.remove(wait));
        return wait.handleAsync((settled, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(Answer.ok(BrokerJson.status(status, settled)));
            }
            if (ApiHandler.cause(e) instanceof TimeoutException) {
                return cluster.explain(ids).thenApplyAsync(now -> Answer.ok(BrokerJson.status("timeout", brokers(now))), executor);
            }
            return CompletableFuture.<Answer>failedFuture(ApiHandler.cause(e));
        }, executor).thenCompose(Function.identity());
    }

    private CompletableFuture<Answer> list(ApiRequest r) {
        String ids = r.get("broker", "*");
        return cluster.explain(ids).thenApplyAsync(statuses -> Answer.ok(BrokerJson.brokers(brokers(some(ids, statuses)))), executor);
    }

    /**
     * The brokers and the cluster's health in one answer: how many brokers run, the KRaft controllers, and with
     * Kafka operations the quorum's leader, the under-replicated partitions and the rebalance, if any; {@code kafka}
     * says why Kafka could not be described.
     */
    private CompletableFuture<Answer> status(ApiRequest r) {
        String ids = r.get("broker", "*");
        return cluster.explain(ids).thenApplyAsync(statuses -> {
            List<Broker> brokers = brokers(some(ids, statuses));
            ObjectNode body = BrokerJson.brokers(brokers);
            body.put("running", brokers.stream().filter(b -> b.phase() == TaskPhase.RUNNING).count());
            ArrayNode controllers = body.putArray("controllers");
            cluster.spec().controllerIds().forEach(controllers::add);
            body.put("controllersToChoose", cluster.spec().controllers() - cluster.spec().controllerIds().size());
            body.put("quorum", cluster.spec().dynamicQuorum() ? "dynamic" : "static");
            body.putNull("quorumLeader");
            body.putNull("underReplicated");
            body.putNull("rebalance");
            body.putNull("quorumChange");
            if (operations.isPresent()) {
                try {
                    RestartSnapshot kafka = operations.get().describe();
                    kafka.quorum().leaderId().ifPresent(leader -> body.put("quorumLeader", leader));
                    ArrayNode under = body.putArray("underReplicated");
                    kafka.partitions().stream().filter(p -> p.isr().size() < p.replicas().size()).forEach(p -> under.add(p.name()));
                } catch (KafkaOperationException | CommandRejectedException e) { // Kafka does not answer; no broker runs
                    body.put("kafka", e.getMessage());
                }
                body.set("rebalance", OperationsEndpoints.status(operations.get().rebalanceStatus()).get("status"));
                QuorumChangeStatus change = operations.get().quorumChanges();
                ObjectNode quorumChange = body.putObject("quorumChange").put("state", change.state().name().toLowerCase(Locale.ROOT))
                        .put("detail", change.detail()).put("since", change.since().toString());
                change.voters().forEach(quorumChange.putArray("voters")::add);
            }
            return Answer.ok(body);
        }, operations.isPresent() ? blocking : executor);
    }

    private CompletableFuture<Answer> explain(ApiRequest r) {
        String ids = r.get("broker", "*");
        return cluster.explain(ids).thenApplyAsync(statuses -> {
            ObjectNode body = BrokerJson.explanations(some(ids, statuses));
            operations.map(KafkaOperations::quorumChanges).filter(q -> q.state() != QuorumChangeStatus.State.IDLE)
                    .ifPresent(q -> body.put("quorum", "quorum voters: " + q.state().name().toLowerCase(Locale.ROOT) + " since "
                            + q.since() + ": " + q.detail()));
            return Answer.ok(body);
        }, executor);
    }

    private CompletableFuture<Answer> log(ApiRequest r) {
        String text = r.broker();
        int id;
        try {
            id = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "log needs one broker id, a whole number >= 0 such as 0; got '" + text + "'");
        }
        String name = r.get("name", "stdout");
        if (!LOG_NAME.matcher(name).matches()) {
            throw new HttpError(400, "name must be a log file name such as stdout, stderr or server.log (no path), got '" + name + "'");
        }
        int lines = r.integer("lines", DEFAULT_LINES, 1, MAX_LINES);
        BrokerLogs reader = logs.orElseThrow(() -> new HttpError(501, NO_LOGS));
        return cluster.list().thenApplyAsync(brokers -> {
            Broker b = brokers.get(id);
            if (b == null) {
                throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "broker " + id + " does not exist");
            }
            Task task = b.task().orElseThrow(() -> new CommandRejectedException(CommandRejectedException.Kind.CONFLICT,
                    "broker " + id + " has no task (state " + b.phase().name().toLowerCase(Locale.ROOT)
                            + "), so there is no log to read; start it, or read its last task's sandbox on its Mesos agent"));
            return Answer.ok(BrokerJson.log(id, name, reader.read(task, name, lines)));
        }, executor);
    }

    private CompletableFuture<Answer> health() {
        CompletableFuture<?> answer;
        try {
            answer = cluster.list().orTimeout(HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handleAsync((brokers, e) -> {
            if (e == null) {
                return Answer.ok(JsonNodeFactory.instance.objectNode().put("status", "ok"));
            }
            Throwable cause = ApiHandler.cause(e);
            String error;
            if (cause instanceof IllegalStateException) {
                error = cause.getMessage();
            } else if (cause instanceof TimeoutException) {
                error = "the cluster's event loop did not answer within " + Durations.format(HEALTH_TIMEOUT);
            } else {
                LOG.error("the health check failed", cause);
                error = "the cluster does not answer; the scheduler's log has the details";
            }
            return new Answer(503, JsonNodeFactory.instance.objectNode().put("status", "failed").put("error", error));
        }, executor);
    }

    private static BrokerOptions options(ApiRequest r) {
        Map<String, String> options = new LinkedHashMap<>(r.parameters());
        options.remove("broker");
        return BrokerOptions.parse(options);
    }

    /**
     * {@code selected}, refused as an unknown broker when empty, unless {@code ids} is {@code *}: an empty
     * cluster lists as empty, while an id or a filter that matches nothing is a mistake worth a 404.
     */
    private static <T> List<T> some(String ids, List<T> selected) {
        if (selected.isEmpty() && !ids.strip().equals("*")) {
            throw new CommandRejectedException(CommandRejectedException.Kind.UNKNOWN_BROKER, "no broker matches '" + ids + "'");
        }
        return selected;
    }

    private static List<Broker> brokers(List<BrokerStatus> statuses) {
        return statuses.stream().map(BrokerStatus::broker).collect(Collectors.toList());
    }

    private static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
