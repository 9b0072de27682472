package org.kafkamesos.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-mesos topic ...}: topics of the cluster, through the scheduler's HTTP API ({@code /api/topic/...}),
 * which uses Kafka's Admin API against the running brokers.
 */
@Command(name = "topic", description = "List, add, change, delete topics and show their partitions.",
        subcommands = {TopicCli.ListTopics.class, TopicCli.Add.class, TopicCli.Update.class, TopicCli.Delete.class,
                TopicCli.Partitions.class})
final class TopicCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; accepted: " + String.join(", ", spec.subcommands().keySet()));
    }

    @Command(name = "list", description = "List topics with their partitions, replication factor and non-default configs.")
    static final class ListTopics extends ApiRequest {
        @Override
        int send(ApiClient client, PrintWriter out) {
            JsonNode topics = client.post("api/topic/list", Map.of(), REQUEST_TIMEOUT).path("topics");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TOPIC", "PARTITIONS", "REPLICAS", "CONFIGS"});
            for (JsonNode t : topics) {
                rows.add(new String[] {t.path("name").asText(), t.path("partitions").asText(), t.path("replicationFactor").asText(),
                        configs(t.path("configs"))});
            }
            out.print(topics.isEmpty() ? "no topics\n" : Columns.format(rows));
            return 0;
        }
    }

    @Command(name = "add", description = "Create a topic; with --broker its replicas go rack-aware over those brokers only.")
    static final class Add extends ApiRequest {
        @Parameters(paramLabel = "NAME", description = "The topic.")
        String name;
        @Option(names = "--partitions", paramLabel = "N", defaultValue = "1", description = "Partitions; default ${DEFAULT-VALUE}.")
        String partitions;
        @Option(names = "--replicas", paramLabel = "N", defaultValue = "3", description = "Replication factor; default ${DEFAULT-VALUE}.")
        String replicas;
        @Option(names = "--options", paramLabel = "K=V,...", description = "Topic configs, such as min.insync.replicas=2,retention.ms=86400000.")
        String options;
        @Option(names = "--broker", paramLabel = "IDS", description = "Only these brokers hold its replicas, such as 0..2.")
        String brokers;

        @Override
        int send(ApiClient client, PrintWriter out) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("topic", name);
            params.put("partitions", partitions);
            params.put("replicas", replicas);
            if (options != null) {
                params.put("options", options);
            }
            if (brokers != null) {
                params.put("broker", brokers);
            }
            client.post("api/topic/add", params, REQUEST_TIMEOUT);
            out.println("topic " + name + " added");
            return 0;
        }
    }

    @Command(name = "update", description = "Change topic configs; K= (empty value) removes a config.")
    static final class Update extends ApiRequest {
        @Parameters(paramLabel = "NAME", description = "The topic.")
        String name;
        @Option(names = "--options", paramLabel = "K=V,...", required = true, description = "Configs to set, or to remove with K=.")
        String options;

        @Override
        int send(ApiClient client, PrintWriter out) {
            client.post("api/topic/update", Map.of("topic", name, "options", options), REQUEST_TIMEOUT);
            out.println("topic " + name + " updated");
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a topic and its data.")
    static final class Delete extends ApiRequest {
        @Parameters(paramLabel = "NAME", description = "The topic.")
        String name;

        @Override
        int send(ApiClient client, PrintWriter out) {
            client.post("api/topic/delete", Map.of("topic", name), REQUEST_TIMEOUT);
            out.println("topic " + name + " deleted");
            return 0;
        }
    }

    @Command(name = "partitions", description = "Leader, replicas and ISR of each partition; under-replicated ones marked.")
    static final class Partitions extends ApiRequest {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "The topic; default every topic.")
        String name;

        @Override
        int send(ApiClient client, PrintWriter out) {
            JsonNode partitions = client.post("api/topic/partitions", name == null ? Map.of() : Map.of("topic", name), REQUEST_TIMEOUT)
                    .path("partitions");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"PARTITION", "LEADER", "REPLICAS", "ISR", ""});
            for (JsonNode p : partitions) {
                String mark = p.path("underMinIsr").asBoolean() ? "UNDER MIN ISR" : p.path("underReplicated").asBoolean() ? "under-replicated" : "";
                rows.add(new String[] {p.path("topic").asText() + "-" + p.path("partition").asText(),
                        p.path("leader").isNull() ? "none" : p.path("leader").asText(), ids(p.path("replicas")), ids(p.path("isr")), mark});
            }
            out.print(partitions.isEmpty() ? "no partitions\n" : Columns.format(rows));
            return 0;
        }
    }

    private static String configs(JsonNode configs) {
        List<String> entries = new ArrayList<>();
        configs.fields().forEachRemaining(e -> entries.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(",", entries);
    }

    static String ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return String.join(",", ids);
    }
}
