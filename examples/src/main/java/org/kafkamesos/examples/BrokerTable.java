package org.kafkamesos.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Prints brokers as the HTTP API describes them, as a table for operators. */
final class BrokerTable {

    private static final String[] HEADERS = {"ID", "STATE", "ACTIVE", "ENDPOINT", "CPUS", "MEM", "HEAP", "FAILURES", "DATA", "TASK"};

    private BrokerTable() {
    }

    /** A table of {@code brokers} (a JSON array), with a header line; "no brokers" when empty. */
    static String format(JsonNode brokers) {
        if (brokers == null || brokers.isEmpty()) {
            return "no brokers\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (JsonNode b : brokers) {
            JsonNode task = b.path("task");
            rows.add(new String[] {
                    b.path("id").asText(),
                    state(b) + (b.path("needsRestart").asBoolean() ? " (needs restart)" : ""),
                    b.path("active").asBoolean() ? "yes" : "no",
                    task.isObject() ? task.path("endpoint").asText("-") : "-",
                    b.path("cpus").asText(),
                    b.path("mem").asText(),
                    b.path("heap").asText(),
                    b.path("failover").path("failures").asText("0"),
                    data(b),
                    task.isObject() ? task.path("id").asText() : "-"});
        }
        return Columns.format(rows);
    }

    /**
     * Where the broker's data lives: {@code volume@host} for a volume the scheduler made (with a {@code ?} while no
     * offer has shown it yet), {@code new volume} while none is made (it is at the first launch), the persistence id of
     * a volume made by hand, or {@code sandbox}: lost at a relaunch.
     */
    static String data(JsonNode broker) {
        JsonNode data = broker.path("data");
        if (data.isObject()) {
            return data.path("volume").asText() + "@" + data.path("hostname").asText() + (data.path("confirmed").asBoolean() ? "" : "?");
        }
        String policy = broker.path("volume").asText("none");
        return switch (policy) {
            case "auto" -> "new volume";
            case "none" -> "sandbox";
            default -> policy;
        };
    }

    /** One line about a broker's progress: {@code broker 0: running at 127.0.0.1:9092}. */
    static String progress(JsonNode broker) {
        JsonNode task = broker.path("task");
        String where = task.isObject() ? " at " + task.path("endpoint").asText() : "";
        return "broker " + broker.path("id").asText() + ": " + state(broker) + where;
    }

    /** The task's phase, and for a broker without a task whether it is stopped or waits to be placed. */
    static String state(JsonNode broker) {
        String phase = broker.path("state").asText();
        if (!phase.equals("none")) {
            return phase;
        }
        return broker.path("active").asBoolean() ? "pending" : "stopped";
    }

    /** The brokers' endpoints joined by commas: the bootstrap servers of a client. */
    static String bootstrapServers(JsonNode brokers) {
        List<String> endpoints = new ArrayList<>();
        for (JsonNode b : brokers) {
            JsonNode task = b.path("task");
            if (task.isObject() && "running".equals(b.path("state").asText()) && task.hasNonNull("endpoint")) {
                endpoints.add(task.path("endpoint").asText());
            }
        }
        return String.join(",", endpoints);
    }
}
