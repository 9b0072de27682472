package org.kafkamesos.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-mesos rebalance ...}: moves partitions so that the chosen brokers hold an even share, with
 * replication throttled, through the scheduler's HTTP API ({@code /api/rebalance/...}).
 */
@Command(name = "rebalance", description = "Spread partitions evenly over brokers, throttled; see its status; cancel it.",
        subcommands = {RebalanceCli.Start.class, RebalanceCli.Status.class, RebalanceCli.Cancel.class})
final class RebalanceCli implements Runnable {

    /** The states after which a rebalance does nothing more. */
    static final Set<String> FINAL = Set.of("done", "cancelled", "stopped", "failed", "idle");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; accepted: " + String.join(", ", spec.subcommands().keySet()));
    }

    @Command(name = "start", description = "Plan and start a rebalance; shows progress until it ends, or for --timeout.")
    static final class Start extends ApiRequest {
        @Option(names = "--broker", paramLabel = "IDS", defaultValue = "*",
                description = "The brokers that hold the partitions afterwards; default every broker (${DEFAULT-VALUE}).")
        String brokers;
        @Option(names = "--throttle", paramLabel = "RATE", defaultValue = "10MB",
                description = "Replication throttle per broker taking part, bytes/s: 50MB, 512KB, 1048576; default ${DEFAULT-VALUE}.")
        String throttle;
        @Option(names = "--replicas", paramLabel = "N", description = "A new replication factor for every topic; default each keeps its own.")
        String replicas;
        @Option(names = "--max-per-broker", paramLabel = "N", description = "Partition moves in flight per broker; default 5.")
        String maxPerBroker;
        @Option(names = "--max-per-cluster", paramLabel = "N", description = "Partition moves in flight in all; default 1250.")
        String maxPerCluster;
        @Option(names = "--timeout", paramLabel = "D", defaultValue = "30m",
                description = "How long to show progress; 0 to return at once. The rebalance goes on either way. Default ${DEFAULT-VALUE}.")
        String timeout;

        @Override
        int send(ApiClient client, PrintWriter out) {
            Duration wait = BrokerCli.parseDuration(timeout, spec);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("broker", brokers);
            params.put("throttle", throttle);
            put(params, "replicas", replicas);
            put(params, "maxPerBroker", maxPerBroker);
            put(params, "maxPerCluster", maxPerCluster);
            JsonNode started = client.post("api/rebalance/start", params, REQUEST_TIMEOUT);
            JsonNode plan = started.path("plan");
            out.println("rebalance started: " + plan.path("partitions").asInt() + " partitions to move (" + plan.path("replicaMoves").asInt()
                    + " replicas to copy, " + plan.path("leaderChanges").asInt() + " leader changes) over brokers "
                    + TopicCli.ids(plan.path("brokers")) + ", throttled to " + throttle + "/s per broker");
            out.flush();
            return follow(client, out, started.path("status"), wait, spec);
        }
    }

    @Command(name = "status", description = "The current or last rebalance: state, progress, reason.")
    static final class Status extends ApiRequest {
        @Override
        int send(ApiClient client, PrintWriter out) {
            out.println(describe(client.post("api/rebalance/status", Map.of(), REQUEST_TIMEOUT).path("status")));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel the running rebalance; moves in flight are rolled back, throttles removed.")
    static final class Cancel extends ApiRequest {
        @Override
        int send(ApiClient client, PrintWriter out) {
            out.println(describe(client.post("api/rebalance/cancel", Map.of(), REQUEST_TIMEOUT).path("status")));
            return 0;
        }
    }

    /** Shows progress every second until the rebalance ends or {@code wait} passes; 1 if it ended other than done. */
    static int follow(ApiClient client, PrintWriter out, JsonNode status, Duration wait, CommandSpec spec) {
        long deadline = System.nanoTime() + wait.toNanos();
        String shown = "";
        while (true) {
            String line = describe(status);
            if (!line.equals(shown)) {
                out.println(line);
                out.flush();
                shown = line;
            }
            String state = status.path("state").asText();
            if (FINAL.contains(state)) {
                // idle: there was nothing to move
                return state.equals("done") || state.equals("idle") ? 0 : BrokerCli.EXIT_FAILED;
            }
            if (System.nanoTime() >= deadline) {
                return 0;
            }
            BrokerCli.pause();
            status = client.post("api/rebalance/status", Map.of(), ApiRequest.REQUEST_TIMEOUT).path("status");
        }
    }

    /** One line: {@code running: 12/30 partitions, 3.1 of 10.0 MB; 5 in flight}, with the reason when there is one. */
    static String describe(JsonNode status) {
        StringBuilder s = new StringBuilder("rebalance ").append(status.path("state").asText());
        if (status.path("partitionsTotal").asInt() > 0) {
            s.append(": ").append(status.path("partitionsDone").asInt()).append('/').append(status.path("partitionsTotal").asInt())
                    .append(" partitions, ").append(mb(status.path("bytesDone").asLong())).append(" of ")
                    .append(mb(status.path("bytesTotal").asLong())).append(" MB");
            if (status.path("inFlight").asInt() > 0) {
                s.append("; ").append(status.path("inFlight").asInt()).append(" in flight");
            }
        }
        String reason = status.path("reason").asText("");
        if (!reason.isEmpty() && !status.path("reason").isNull()) {
            s.append(" (").append(reason).append(')');
        }
        return s.toString();
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1_048_576.0);
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }
}
