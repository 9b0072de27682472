package org.kafkamesos.core.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.BrokerStatus;
import org.kafkamesos.core.model.Durations;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.placement.Constraints;

/**
 * The API's JSON, built at the edge from the domain types (which carry no JSON annotations). A broker:
 *
 * <pre>
 * {"id":0, "active":true, "state":"running", "needsRestart":false,
 *  "cpus":1.0, "mem":2048, "heap":1024, "disk":5120, "port":"auto",
 *  "constraints":"hostname=unique", "options":"a=1,b=2", "jvmOptions":"-Xx -Dy",
 *  "failover":{"delay":"1m","maxDelay":"10m","maxTries":null,"failures":0,"lastFailure":null,"lastReason":null},
 *  "stickiness":{"period":"10m","lastHost":null,"since":null},
 *  "volume":"auto",
 *  "role":"auto",
 *  "data":{"volume":"kafka-0-...","agentId":"...","hostname":"...","sizeMb":5120.0,"confirmed":true} or null,
 *  "task":{"id":"...","agentId":"...","hostname":"...","ports":[9092],"endpoint":"host:9092","attributes":{}} or null}
 * </pre>
 *
 * {@code state} is the task's phase, or {@code removing} for a removed broker whose volume waits to be released;
 * {@code volume} is the spec's ({@code auto}, {@code none} or a persistence id), {@code data} the volume the
 * scheduler made for the broker, where its data is (null: in its sandbox, or on a volume made by hand).
 *
 * Durations are printed short ({@code 30s}, {@code 10m}), instants in ISO-8601.
 */
final class BrokerJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BrokerJson() {
    }

    /** {@code {"brokers":[broker, ...]}}. */
    static ObjectNode brokers(Collection<Broker> brokers) {
        ObjectNode root = NODES.objectNode();
        ArrayNode array = root.putArray("brokers");
        brokers.forEach(b -> array.add(broker(b)));
        return root;
    }

    /** {@code {"brokers":[id, ...]}}. */
    static ObjectNode ids(List<Integer> ids) {
        ObjectNode root = NODES.objectNode();
        ArrayNode array = root.putArray("brokers");
        ids.forEach(array::add);
        return root;
    }

    /**
     * {@code {"brokers":[ids],"removing":[ids]}}: the brokers removed, and those of them that wait for their volume to
     * be released (they are gone once their agent offers it).
     */
    static ObjectNode removed(List<Integer> ids, List<Broker> stillThere) {
        ObjectNode root = ids(ids);
        ArrayNode removing = root.putArray("removing");
        stillThere.stream().filter(Broker::removing).forEach(b -> removing.add(b.id()));
        return root;
    }

    /** {@code {"status":status,"brokers":[broker, ...]}}. */
    static ObjectNode status(String status, Collection<Broker> brokers) {
        ObjectNode root = NODES.objectNode();
        root.put("status", status);
        root.setAll(brokers(brokers));
        return root;
    }

    /** {@code {"brokers":[{"id":0,"explanation":"..."}, ...]}}. */
    static ObjectNode explanations(List<BrokerStatus> statuses) {
        ObjectNode root = NODES.objectNode();
        ArrayNode array = root.putArray("brokers");
        statuses.forEach(s -> array.addObject().put("id", s.broker().id()).put("explanation", s.explanation()));
        return root;
    }

    /** {@code {"broker":0,"name":"stdout","content":"..."}}. */
    static ObjectNode log(int broker, String name, String content) {
        return NODES.objectNode().put("broker", broker).put("name", name).put("content", content);
    }

    /** {@code {"error":message}}. */
    static ObjectNode error(String message) {
        return NODES.objectNode().put("error", message);
    }

    /** One broker, as shown in the class comment. */
    static ObjectNode broker(Broker b) {
        BrokerSpec spec = b.spec();
        ObjectNode n = NODES.objectNode();
        n.put("id", b.id());
        n.put("active", b.active());
        n.put("state", b.removing() ? "removing" : b.phase().name().toLowerCase(Locale.ROOT));
        n.put("needsRestart", b.needsRestart());
        n.put("cpus", spec.cpus());
        n.put("mem", spec.memMb());
        n.put("heap", spec.heapMb());
        n.put("disk", spec.diskMb());
        n.put("port", spec.port().toString());
        n.put("constraints", Constraints.format(spec.constraints()));
        n.put("options", BrokerOptions.formatOptions(spec.options()));
        n.put("jvmOptions", String.join(" ", spec.jvmOptions()));
        ObjectNode failover = n.putObject("failover");
        failover.put("delay", Durations.format(spec.failover().delay()));
        failover.put("maxDelay", Durations.format(spec.failover().maxDelay()));
        if (spec.failover().maxTries().isPresent()) {
            failover.put("maxTries", spec.failover().maxTries().getAsInt());
        } else {
            failover.putNull("maxTries");
        }
        failover.put("failures", b.failover().failures());
        failover.put("lastFailure", instant(b.failover().lastFailure()));
        failover.put("lastReason", b.failover().lastReason().orElse(null));
        ObjectNode stickiness = n.putObject("stickiness");
        stickiness.put("period", Durations.format(spec.stickinessPeriod()));
        stickiness.put("lastHost", b.lastHost().orElse(null));
        stickiness.put("since", instant(b.stickySince()));
        n.put("volume", spec.volume().toString());
        n.put("role", spec.role().toString());
        if (b.volume().isPresent()) {
            BrokerVolume v = b.volume().get();
            ObjectNode data = n.putObject("data");
            data.put("volume", v.persistenceId());
            data.put("agentId", v.agentId());
            data.put("hostname", v.hostname());
            data.put("sizeMb", v.reserved().disk());
            data.put("confirmed", v.confirmed());
        } else {
            n.putNull("data");
        }
        if (b.task().isPresent()) {
            n.set("task", task(b.task().get(), spec.role().servesAsBroker()));
        } else {
            n.putNull("task");
        }
        return n;
    }

    /** The task; its endpoint, the broker listener clients connect to, is null for a dedicated controller. */
    private static ObjectNode task(Task t, boolean broker) {
        ObjectNode n = NODES.objectNode();
        n.put("id", t.taskId());
        n.put("agentId", t.agentId());
        n.put("hostname", t.hostname());
        ArrayNode ports = n.putArray("ports");
        t.ports().forEach(ports::add);
        n.put("endpoint", t.ports().isEmpty() || !broker ? null : t.hostname() + ":" + t.ports().get(0));
        ObjectNode attributes = n.putObject("attributes");
        t.attributes().forEach(attributes::put);
        return n;
    }

    private static String instant(Optional<Instant> at) {
        return at.map(Instant::toString).orElse(null);
    }
}
