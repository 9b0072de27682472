package org.kafkamesos.core.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kafkamesos.core.kafka.KafkaOperations;
import org.kafkamesos.core.kafka.PartitionState;
import org.kafkamesos.core.kafka.TopicInfo;
import org.kafkamesos.core.kafka.TopicSpec;
import org.kafkamesos.core.model.BrokerIds;
import org.kafkamesos.core.model.BrokerSelector;
import org.kafkamesos.core.rebalance.RebalanceLimits;
import org.kafkamesos.core.rebalance.RebalancePlan;
import org.kafkamesos.core.rebalance.RebalanceStatus;

/**
 * The endpoints of Kafka operations, over {@link KafkaOperations}: {@code /api/topic/...} and
 * {@code /api/rebalance/...}. Their work calls Kafka's Admin API, so it runs on the API's executor.
 */
final class OperationsEndpoints {

    /** The largest partition count or replication factor a request may ask for. */
    static final int MAX_PARTITIONS = 100_000;
    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
    static final String RATE_FORMS = "bytes per second: 1048576, or with a unit: 512KB, 50MB, 1GB";

    private final KafkaOperations operations;
    private final Executor executor;

    OperationsEndpoints(KafkaOperations operations, Executor executor) {
        this.operations = operations;
        this.executor = executor;
    }

    /** Every endpoint by path. */
    Map<String, BrokerEndpoints.Endpoint> routes() {
        Map<String, BrokerEndpoints.Endpoint> routes = new LinkedHashMap<>();
        routes.put("/api/topic/list", new BrokerEndpoints.Endpoint(List.of(), r -> async(this::topics)));
        routes.put("/api/topic/add", new BrokerEndpoints.Endpoint(List.of("topic", "partitions", "replicas", "options", "broker"),
                this::addTopic));
        routes.put("/api/topic/update", new BrokerEndpoints.Endpoint(List.of("topic", "options"), this::updateTopic));
        routes.put("/api/topic/delete", new BrokerEndpoints.Endpoint(List.of("topic"), this::deleteTopic));
        routes.put("/api/topic/partitions", new BrokerEndpoints.Endpoint(List.of("topic"), this::partitions));
        routes.put("/api/rebalance/start", new BrokerEndpoints.Endpoint(List.of("broker", "throttle", "replicas", "maxPerBroker",
                "maxPerCluster"), this::startRebalance));
        routes.put("/api/rebalance/status", new BrokerEndpoints.Endpoint(List.of(),
                r -> async(() -> status(operations.rebalanceStatus()))));
        routes.put("/api/rebalance/cancel", new BrokerEndpoints.Endpoint(List.of(),
                r -> async(() -> status(operations.cancelRebalance()))));
        return routes;
    }

    private CompletableFuture<Answer> async(Supplier<ObjectNode> work) {
        return CompletableFuture.supplyAsync(() -> Answer.ok(work.get()), executor);
    }

    private ObjectNode topics() {
        ArrayNode topics = JsonNodeFactory.instance.arrayNode();
        for (TopicInfo t : operations.topics().list()) {
            ObjectNode configs = JsonNodeFactory.instance.objectNode();
            t.configs().forEach(configs::put);
            topics.addObject().put("name", t.name()).put("partitions", t.partitions()).put("replicationFactor", t.replicationFactor())
                    .set("configs", configs);
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("topics", topics);
        return answer;
    }

    private CompletableFuture<Answer> addTopic(ApiRequest r) {
        String name = topic(r);
        int partitions = r.integer("partitions", 1, 1, MAX_PARTITIONS);
        int replicas = r.integer("replicas", 3, 1, Short.MAX_VALUE);
        Map<String, String> configs = BrokerOptions.parseOptions(r.get("options", ""));
        Optional<SortedSet<Integer>> brokers = Optional.ofNullable(r.get("broker", null)).map(OperationsEndpoints::ids);
        TopicSpec spec = TopicSpec.of(name, partitions, replicas).withConfigs(configs);
        TopicSpec placed = brokers.map(spec::onBrokers).orElse(spec);
        return async(() -> {
            operations.topics().add(placed);
            return JsonNodeFactory.instance.objectNode().put("topic", name);
        });
    }

    private CompletableFuture<Answer> updateTopic(ApiRequest r) {
        String name = topic(r);
        Map<String, String> options = BrokerOptions.parseOptions(required(r, "options", "key=value pairs such as retention.ms=86400000"));
        Map<String, String> set = new TreeMap<>();
        Set<String> delete = new TreeSet<>();
        options.forEach((key, value) -> {
            if (value.isEmpty()) {
                delete.add(key);
            } else {
                set.put(key, value);
            }
        });
        return async(() -> {
            operations.topics().updateConfigs(name, set, delete);
            return JsonNodeFactory.instance.objectNode().put("topic", name);
        });
    }

    private CompletableFuture<Answer> deleteTopic(ApiRequest r) {
        String name = topic(r);
        return async(() -> {
            operations.topics().delete(name);
            return JsonNodeFactory.instance.objectNode().put("topic", name);
        });
    }

    private CompletableFuture<Answer> partitions(ApiRequest r) {
        Optional<String> topic = Optional.ofNullable(r.get("topic", null));
        return async(() -> {
            ArrayNode partitions = JsonNodeFactory.instance.arrayNode();
            for (PartitionState p : operations.topics().partitions(topic)) {
                ObjectNode node = partitions.addObject().put("topic", p.topic()).put("partition", p.partition());
                if (p.leader().isPresent()) {
                    node.put("leader", p.leader().getAsInt());
                } else {
                    node.putNull("leader");
                }
                p.replicas().forEach(node.putArray("replicas")::add);
                p.isr().forEach(node.putArray("isr")::add);
                node.put("underReplicated", p.underReplicated()).put("underMinIsr", p.underMinIsr());
            }
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("partitions", partitions);
            return answer;
        });
    }

    private CompletableFuture<Answer> startRebalance(ApiRequest r) {
        String brokers = r.get("broker", "*");
        RebalanceLimits limits = limits(r);
        OptionalInt replicas = r.get("replicas", null) == null ? OptionalInt.empty()
                : OptionalInt.of(r.integer("replicas", 3, 1, Short.MAX_VALUE));
        return async(() -> started(operations.rebalance(brokers, replicas, limits)));
    }

    /** The limits of a rebalance (or a drain) a request asks for. */
    static RebalanceLimits limits(ApiRequest r) {
        RebalanceLimits limits = RebalanceLimits.throttledTo(rate(r.get("throttle", "10MB")));
        limits = limits.withMaxMovesPerBroker(r.integer("maxPerBroker", RebalanceLimits.DEFAULT_MAX_MOVES_PER_BROKER, 1, 10_000));
        return limits.withMaxMovesPerCluster(r.integer("maxPerCluster", RebalanceLimits.DEFAULT_MAX_MOVES_PER_CLUSTER, 1, 1_000_000));
    }

    /** The answer to a started rebalance or drain: the plan in figures and its target, and the status. */
    static ObjectNode started(KafkaOperations.Rebalance started) {
        RebalancePlan plan = started.plan();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ObjectNode p = answer.putObject("plan").put("partitions", plan.moves().size()).put("replicaMoves", plan.replicaMoves())
                .put("leaderChanges", plan.leaderChanges());
        plan.brokersTakingPart().forEach(p.putArray("brokers")::add);
        ObjectNode target = p.putObject("target");
        plan.moves().forEach((partition, replicas) -> replicas.forEach(target.putArray(partition.toString())::add));
        answer.set("status", status(started.status()).get("status"));
        return answer;
    }

    /** {@code {"status": {...}}} of a rebalance. */
    static ObjectNode status(RebalanceStatus s) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ObjectNode node = answer.putObject("status").put("state", s.state().name().toLowerCase(Locale.ROOT))
                .put("partitionsTotal", s.partitionsTotal()).put("partitionsDone", s.partitionsDone())
                .put("bytesTotal", s.bytesTotal()).put("bytesDone", s.bytesDone()).put("inFlight", s.inFlight());
        node.put("started", s.started().map(Object::toString).orElse(null));
        node.put("finished", s.finished().map(Object::toString).orElse(null));
        node.put("reason", s.reason().orElse(null));
        if (s.throttleBytesPerSecond().isPresent()) {
            node.put("throttle", s.throttleBytesPerSecond().getAsLong());
        } else {
            node.putNull("throttle");
        }
        return answer;
    }

    /** A replication rate: bytes per second, or with a unit (KB, MB, GB: powers of 1024). */
    static long rate(String text) {
        Matcher m = RATE.matcher(text.strip());
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
                long bytes = Math.multiplyExact(n, switch (unit) {
                    case "KB" -> 1024L;
                    case "MB" -> 1024L * 1024;
                    case "GB" -> 1024L * 1024 * 1024;
                    default -> 1L;
                });
                if (bytes > 0) {
                    return bytes;
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("throttle must be " + RATE_FORMS + ", above 0; got '" + text + "'");
    }

    private static String topic(ApiRequest r) {
        return required(r, "topic", "a topic name");
    }

    private static String required(ApiRequest r, String name, String what) {
        String value = r.get(name, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("parameter '" + name + "' is required: " + what);
        }
        return value.strip();
    }

    /** Explicit broker ids, such as {@code 0..2} or {@code 1,3}: an id expression without {@code *} or filters. */
    private static SortedSet<Integer> ids(String text) {
        BrokerSelector selector = BrokerIds.parse(text);
        SortedSet<Integer> ids = new TreeSet<>();
        for (BrokerSelector.IdRange range : selector.ids()) {
            if (!selector.filters().isEmpty() || (long) range.to() - range.from() > MAX_PARTITIONS) {
                throw new IllegalArgumentException("broker must be explicit broker ids such as 0..2 or 1,3,5; got '" + text + "'");
            }
            for (int id = range.from(); id <= range.to(); id++) {
                ids.add(id);
            }
        }
        return ids;
    }
}
