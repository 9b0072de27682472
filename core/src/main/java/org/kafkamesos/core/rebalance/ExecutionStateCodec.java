package org.kafkamesos.core.rebalance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored form of an {@link ExecutionState}: UTF-8 JSON, written field by field so that the domain records carry
 * no JSON annotations.
 *
 * <pre>{@code
 * {"format":1, "state":"RUNNING", "started":"2025-01-01T00:00:00Z", "finished":null, "reason":null,
 *  "limits":{"maxMovesPerBroker":5, "maxMovesPerCluster":1250, "throttleBytesPerSecond":1048576,
 *            "pollIntervalMillis":1000},
 *  "moves":[{"topic":"t", "partition":0, "current":[0,1,2], "target":[2,3,4], "bytes":1234, "phase":"IN_FLIGHT"}]}
 * }</pre>
 *
 * A plan of about 10,000 partitions fits a store's 1 MB value limit.
 */
final class ExecutionStateCodec {

    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecutionStateCodec() {
    }

    static byte[] encode(ExecutionState state) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("state", state.state().name());
        root.put("started", state.started().toString());
        root.put("finished", state.finished().map(Instant::toString).orElse(null));
        root.put("reason", state.reason().orElse(null));
        ObjectNode limits = root.putObject("limits");
        limits.put("maxMovesPerBroker", state.limits().maxMovesPerBroker());
        limits.put("maxMovesPerCluster", state.limits().maxMovesPerCluster());
        limits.put("throttleBytesPerSecond", state.limits().throttleBytesPerSecond());
        limits.put("pollIntervalMillis", state.limits().pollInterval().toMillis());
        ArrayNode moves = root.putArray("moves");
        for (TrackedMove move : state.moves()) {
            ObjectNode m = moves.addObject();
            m.put("topic", move.partition().topic());
            m.put("partition", move.partition().partition());
            move.current().forEach(m.putArray("current")::add);
            move.target().forEach(m.putArray("target")::add);
            m.put("bytes", move.bytes());
            m.put("phase", move.phase().name());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the rebalance state as JSON", e);
        }
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a stored rebalance state of a known format
     */
    static ExecutionState decode(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the stored rebalance state is not JSON: "
                    + new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8), e);
        }
        int format = required(root, "format").asInt();
        if (format != FORMAT) {
            throw new IllegalArgumentException("the stored rebalance state has format " + format + "; this version reads "
                    + FORMAT);
        }
        JsonNode l = required(root, "limits");
        RebalanceLimits limits = new RebalanceLimits(required(l, "maxMovesPerBroker").asInt(),
                required(l, "maxMovesPerCluster").asInt(), required(l, "throttleBytesPerSecond").asLong(),
                Duration.ofMillis(required(l, "pollIntervalMillis").asLong()));
        List<TrackedMove> moves = new ArrayList<>();
        for (JsonNode m : required(root, "moves")) {
            moves.add(new TrackedMove(
                    new TopicPartitionId(required(m, "topic").asText(), required(m, "partition").asInt()),
                    brokers(required(m, "current")), brokers(required(m, "target")), required(m, "bytes").asLong(),
                    TrackedMove.Phase.valueOf(required(m, "phase").asText())));
        }
        return new ExecutionState(RebalanceState.valueOf(required(root, "state").asText()),
                Instant.parse(required(root, "started").asText()),
                text(root, "finished").map(Instant::parse), text(root, "reason"), limits, moves);
    }

    private static List<Integer> brokers(JsonNode array) {
        List<Integer> brokers = new ArrayList<>();
        array.forEach(b -> brokers.add(b.asInt()));
        return brokers;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("the stored rebalance state lacks '" + field + "'");
        }
        return value;
    }
}
