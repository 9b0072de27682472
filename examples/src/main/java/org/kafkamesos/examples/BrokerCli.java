package org.kafkamesos.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kafkamesos.core.model.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-mesos broker ...}: the broker commands, each one request to a running scheduler's HTTP API
 * ({@code --api}, default {@code $KAFKA_MESOS_API} or {@value #DEFAULT_API}). Broker ids are expressions:
 * {@code 0}, {@code 0..2}, {@code 1,3,5}, {@code *}, with attribute filters such as {@code *[rack=r1]}.
 *
 * <p>Exit codes: 0 done; {@value #EXIT_FAILED} the wait timed out, or the scheduler could not be reached or
 * failed; {@value #EXIT_REFUSED} the scheduler refused the request (bad value, unknown broker, conflicting
 * state), with its reason on standard error; 64 the command line itself is wrong.
 */
@Command(name = "broker", description = "Add, clone, change, start, stop, restart, remove, replace, list and explain brokers.",
        subcommands = {BrokerCli.Add.class, BrokerCli.Clone.class, BrokerCli.Update.class, BrokerCli.Remove.class, BrokerCli.Replace.class,
                BrokerCli.Start.class, BrokerCli.Stop.class, BrokerCli.Restart.class, BrokerCli.ListBrokers.class, BrokerCli.Log.class,
                BrokerCli.Explain.class, BrokerCli.Status.class})
final class BrokerCli implements Runnable {

    static final String DEFAULT_API = "http://localhost:7000";
    static final int EXIT_FAILED = 1;
    static final int EXIT_REFUSED = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; accepted: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** The options of a broker's spec, for {@code add} and {@code update}; the scheduler checks their values. */
    static final class SpecOptions {
        @Option(names = "--cpus", paramLabel = "N", description = "CPUs; default 1.")
        String cpus;
        @Option(names = "--mem", paramLabel = "MB", description = "Memory of the task in MB, heap included; default 2048.")
        String mem;
        @Option(names = "--heap", paramLabel = "MB", description = "Java heap of Kafka in MB, below --mem; default 1024.")
        String heap;
        @Option(names = "--disk", paramLabel = "MB", description = "Disk in MB: the size of the broker's volume; default 5120.")
        String disk;
        @Option(names = "--port", paramLabel = "PORT", description = "Listener port: auto (default), 9092, or a range 9092..9099.")
        String port;
        @Option(names = "--constraints", paramLabel = "C", description = "Placement constraints, such as hostname=unique,rack=groupBy:3.")
        String constraints;
        @Option(names = "--options", paramLabel = "K=V,...", description = "Kafka configuration overrides, such as log.retention.hours=24.")
        String options;
        @Option(names = "--jvm-options", paramLabel = "OPTS", description = "Extra JVM options of Kafka, separated by spaces.")
        String jvmOptions;
        @Option(names = "--failover-delay", paramLabel = "D", description = "First back-off after a failure, such as 30s; default 1m.")
        String failoverDelay;
        @Option(names = "--failover-max-delay", paramLabel = "D", description = "Longest back-off; default 10m.")
        String failoverMaxDelay;
        @Option(names = "--failover-max-tries", paramLabel = "N", description = "Failures in a row before the broker is stopped; default no limit.")
        String failoverMaxTries;
        @Option(names = "--stickiness-period", paramLabel = "D", description = "How long a broker waits for its last host; default 10m.")
        String stickinessPeriod;
        @Option(names = "--volume", paramLabel = "V", description = "Where the broker's data lives: auto (default: a persistent volume "
                + "the scheduler reserves and creates, which the broker is always launched on again), none (the sandbox: lost at "
                + "each relaunch), or the persistence id of a volume made by hand.")
        String volume;
        @Option(names = "--role", paramLabel = "ROLE", description = "What the node is for: auto (default: a broker, a KRaft "
                + "controller too if it is one of the first started), broker, controller (a dedicated controller: no broker "
                + "listener, small resources will do) or both; fixed once the node has run.")
        String role;

        Map<String, String> params() {
            Map<String, String> p = new LinkedHashMap<>();
            put(p, "cpus", cpus);
            put(p, "mem", mem);
            put(p, "heap", heap);
            put(p, "disk", disk);
            put(p, "port", port);
            put(p, "constraints", constraints);
            put(p, "options", options);
            put(p, "jvmOptions", jvmOptions);
            put(p, "failoverDelay", failoverDelay);
            put(p, "failoverMaxDelay", failoverMaxDelay);
            put(p, "failoverMaxTries", failoverMaxTries);
            put(p, "stickinessPeriod", stickinessPeriod);
            put(p, "volume", volume);
            put(p, "role", role);
            return p;
        }

        private static void put(Map<String, String> params, String name, String value) {
            if (value != null) {
                params.put(name, value);
            }
        }
    }

    @Command(name = "add", description = "Add brokers, stopped; start them with 'broker start'.")
    static final class Add extends ApiRequest {
        @Parameters(paramLabel = "IDS", description = "The new brokers' ids, such as 0..2 or 3,5.")
        String ids;
        @Mixin
        SpecOptions options;

        @Override
        int send(ApiClient client, PrintWriter out) {
            return postSpec(client, out, "add", ids, options.params(), "added");
        }
    }

    @Command(name = "update", description = "Change brokers' options. Options Kafka can change on a running broker are set on it; "
            + "any other change marks running brokers for a restart.")
    static final class Update extends ApiRequest {
        @Parameters(paramLabel = "IDS", description = "Which brokers, such as 0..2, * or *[rack=r1].")
        String ids;
        @Mixin
        SpecOptions options;

        @Override
        int send(ApiClient client, PrintWriter out) {
            Map<String, String> changes = options.params();
            if (changes.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "nothing to update: give at least one option, such as --mem 4096");
            }
            return postSpec(client, out, "update", ids, changes, "updated");
        }
    }

    @Command(name = "remove", description = "Remove stopped brokers; --drain moves a running broker's replicas away first, "
            + "then stops and removes it.")
    static final class Remove extends ApiRequest {
        @Parameters(paramLabel = "IDS", description = "Which brokers, such as 3 or 3..4.")
        String ids;
        @Option(names = "--drain", description = "Move the brokers' partitions to the other brokers (throttled), then stop and remove them.")
        boolean drain;
        @Option(names = "--throttle", paramLabel = "RATE", defaultValue = "10MB",
                description = "With --drain: replication throttle, bytes/s, such as 50MB; default ${DEFAULT-VALUE}.")
        String throttle;
        @Option(names = "--timeout", paramLabel = "D", defaultValue = "30m",
                description = "With --drain: how long to wait for the brokers to be removed; default ${DEFAULT-VALUE}.")
        String timeout;

        @Override
        int send(ApiClient client, PrintWriter out) {
            if (!drain) {
                JsonNode answer = client.post("api/broker/remove", Map.of("broker", ids), REQUEST_TIMEOUT);
                JsonNode removed = answer.path("brokers");
                JsonNode removing = answer.path("removing");
                out.println((removed.size() == 1 ? "broker " : "brokers ") + TopicCli.ids(removed) + " removed");
                if (removing.size() > 0) {
                    out.println((removing.size() == 1 ? "broker " : "brokers ") + TopicCli.ids(removing) + ": the volume is "
                            + "destroyed and the reserved resources released when the agent next offers them; until then "
                            + "'broker list' shows them as removing");
                }
                return 0;
            }
            Duration wait = parseDuration(timeout, spec);
            JsonNode draining = client.post("api/broker/remove", Map.of("broker", ids, "drain", "true", "throttle", throttle), REQUEST_TIMEOUT);
            out.println("draining brokers " + TopicCli.ids(draining.path("brokers")) + ": moving their replicas away, then stopping and "
                    + "removing them");
            long deadline = System.nanoTime() + wait.toNanos();
            int moved = RebalanceCli.follow(client, out, draining.path("status"), wait, spec);
            if (moved != 0) {
                return moved;
            }
            while (System.nanoTime() < deadline) {
                JsonNode left = client.post("api/broker/list", Map.of(), REQUEST_TIMEOUT).path("brokers");
                boolean gone = true;
                for (JsonNode id : draining.path("brokers")) {
                    for (JsonNode b : left) {
                        gone &= b.path("id").asInt() != id.asInt();
                    }
                }
                if (gone) {
                    out.println("removed");
                    return 0;
                }
                pause();
            }
            spec.commandLine().getErr().println(spec.qualifiedName() + ": drained, but not removed within " + Durations.format(wait)
                    + "; see 'kafka-mesos broker explain " + ids + "'");
            return EXIT_FAILED;
        }
    }

    @Command(name = "clone", description = "Add brokers, stopped, with the options of an existing broker (mesos/kafka's "
            + "clone); a volume made by hand, which holds one broker, becomes a volume of their own.")
    static final class Clone extends ApiRequest {
        @Parameters(paramLabel = "IDS", description = "The new brokers' ids, such as 3..5.")
        String ids;
        @Option(names = "--source", paramLabel = "ID", required = true, description = "The broker whose options they copy.")
        String source;

        @Override
        int send(ApiClient client, PrintWriter out) {
            JsonNode brokers = client.post("api/broker/clone", Map.of("broker", ids, "source", source), REQUEST_TIMEOUT).path("brokers");
            out.println((brokers.size() == 1 ? "broker " : "brokers ") + "added, as broker " + source + ":");
            out.print(BrokerTable.format(brokers));
            return 0;
        }
    }

    @Command(name = "replace", description = "Give up the host and volume of brokers whose host is gone for good: each is placed "
            + "anew on a new volume, and Kafka copies its data from its replicas (a full re-replication of its share). A "
            + "controller of a dynamic quorum joins it with new storage on an agent without another controller. Refused for a "
            + "controller of a static quorum and for a broker that still has a task.")
    static final class Replace extends ApiRequest {
        @Parameters(paramLabel = "IDS", description = "Which brokers, such as 3 or 3..4.")
        String ids;

        @Override
        int send(ApiClient client, PrintWriter out) {
            JsonNode replaced = client.post("api/broker/replace", Map.of("broker", ids), REQUEST_TIMEOUT).path("brokers");
            List<String> shown = new ArrayList<>();
            replaced.forEach(b -> shown.add(b.path("id").asText()));
            out.println((shown.size() == 1 ? "broker " : "brokers ") + String.join(",", shown) + " replaced: placed anew on the "
                    + "next offers that fit, on a new volume; their data is copied from their replicas");
            return 0;
        }
    }

    @Command(name = "controllers", description = "Grow or shrink the dynamic KRaft quorum to COUNT controllers, one voter "
            + "change at a time: the next brokers started that never ran join it, or the highest ids leave it (they run on "
            + "until restarted as brokers only, or drained and removed). 'status' shows the change.")
    static final class Controllers extends ApiRequest {
        @Parameters(paramLabel = "COUNT", description = "How many controllers: an odd number, such as 3 or 5.")
        String count;

        @Override
        int send(ApiClient client, PrintWriter out) {
            JsonNode cluster = client.post("api/cluster/controllers", Map.of("count", count), REQUEST_TIMEOUT);
            List<String> ids = new ArrayList<>();
            cluster.path("controllerIds").forEach(id -> ids.add(id.asText()));
            int toChoose = cluster.path("controllersToChoose").asInt();
            out.println(cluster.path("controllers").asInt() + " controllers: " + (ids.isEmpty() ? "none chosen" : String.join(", ", ids))
                    + (toChoose > 0 ? "; " + toChoose + " more: the next brokers started that never ran" : "")
                    + "; the quorum's voters follow one change at a time ('status' shows it)");
            return 0;
        }
    }

    /** start, stop and restart: ask, then show progress until the outcome or the timeout. */
    abstract static class Waiting extends ApiRequest {
        /** How often progress is shown. */
        static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

        @Parameters(paramLabel = "IDS", description = "Which brokers, such as 0..2, * or *[rack=r1].")
        String ids;
        @Option(names = "--timeout", paramLabel = "D", defaultValue = "2m",
                description = "How long to wait for the outcome, such as 90s or 5m; 0 to not wait. Default ${DEFAULT-VALUE}.")
        String timeout;

        abstract String endpoint();

        abstract String outcome();

        /** Parameters of the request besides the brokers and the timeout. */
        Map<String, String> extraParams() {
            return Map.of();
        }

        @Override
        int send(ApiClient client, PrintWriter out) {
            Duration wait = parseDuration(timeout, spec);
            Map<String, String> params = new LinkedHashMap<>(Map.of("broker", ids, "timeout", Durations.format(wait)));
            params.putAll(extraParams());
            CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> client.post("api/broker/" + endpoint(),
                    params, wait.plus(ApiRequest.REQUEST_TIMEOUT)));
            Map<String, String> shown = new HashMap<>();
            JsonNode result;
            while (true) {
                try {
                    result = answer.get(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    showProgress(client.post("api/broker/list", Map.of("broker", ids), ApiRequest.REQUEST_TIMEOUT).path("brokers"), shown, out);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof ApiClient.ApiException api ? api : new ApiClient.ApiException(0, String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ApiClient.ApiException(0, "interrupted");
                }
            }
            JsonNode brokers = result.path("brokers");
            showProgress(brokers, shown, out);
            String status = result.path("status").asText();
            out.print(BrokerTable.format(brokers));
            String reason = result.hasNonNull("reason") ? result.path("reason").asText() : "";
            if (status.equals("failed")) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(spec.qualifiedName() + ": " + reason);
                err.flush();
                return EXIT_FAILED;
            }
            if (status.equals("timeout")) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(spec.qualifiedName() + ": not " + outcome() + " within " + Durations.format(wait)
                        + (reason.isEmpty() ? "; see 'kafka-mesos broker explain " + ids + "'"
                                : "; still waiting: " + reason + "; it goes on in the scheduler"));
                err.flush();
                return EXIT_FAILED;
            }
            out.println(status.equals("scheduled") ? "scheduled; not waiting (--timeout 0)" : status);
            return 0;
        }

        private static void showProgress(JsonNode brokers, Map<String, String> shown, PrintWriter out) {
            for (JsonNode b : brokers) {
                String line = BrokerTable.progress(b);
                if (!line.equals(shown.put(b.path("id").asText(), line))) {
                    out.println(line);
                }
            }
            out.flush();
        }
    }

    /** Posts spec options to {@code api/broker/<endpoint>} and prints the brokers it answers with. */
    static int postSpec(ApiClient client, PrintWriter out, String endpoint, String ids, Map<String, String> options, String done) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("broker", ids);
        params.putAll(options);
        JsonNode brokers = client.post("api/broker/" + endpoint, params, ApiRequest.REQUEST_TIMEOUT).path("brokers");
        out.println((brokers.size() == 1 ? "broker " : "brokers ") + done + ":");
        out.print(BrokerTable.format(brokers));
        return 0;
    }

    /** A {@code --timeout} value. */
    static Duration parseDuration(String text, CommandSpec spec) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--timeout: " + e.getMessage());
        }
    }

    /** The pace of progress displays: the API has no push, so the command line asks once a second. */
    static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiClient.ApiException(0, "interrupted");
        }
    }

    @Command(name = "start", description = "Start brokers and wait until they run.")
    static final class Start extends Waiting {
        @Override
        String endpoint() {
            return "start";
        }

        @Override
        String outcome() {
            return "running";
        }
    }

    @Command(name = "stop", description = "Stop brokers and wait until their tasks are gone.")
    static final class Stop extends Waiting {
        @Option(names = "--force", description = "mesos/kafka's forced stop: taken, and the same as without it, since a stop "
                + "always kills the task through Mesos (Kafka gets the kill's grace period to shut down cleanly).")
        boolean force;

        @Override
        String endpoint() {
            return "stop";
        }

        @Override
        Map<String, String> extraParams() {
            return force ? Map.of("force", "true") : Map.of();
        }

        @Override
        String outcome() {
            return "stopped";
        }
    }

    @Command(name = "restart", description = "Restart running brokers one at a time, each only when no partition would fall "
            + "under its min.insync.replicas, and wait until each runs again with its partitions back in sync.")
    static final class Restart extends Waiting {
        @Override
        String endpoint() {
            return "restart";
        }

        @Override
        String outcome() {
            return "restarted";
        }
    }

    @Command(name = "list", description = "List brokers with their state, endpoint and resources.")
    static final class ListBrokers extends ApiRequest {
        @Parameters(paramLabel = "IDS", defaultValue = "*", arity = "0..1", description = "Which brokers; default every one.")
        String ids;

        @Override
        int send(ApiClient client, PrintWriter out) {
            out.print(BrokerTable.format(client.post("api/broker/list", Map.of("broker", ids), ApiRequest.REQUEST_TIMEOUT).path("brokers")));
            return 0;
        }
    }

    @Command(name = "log", description = "Show the end of a running broker's log.")
    static final class Log extends ApiRequest {
        @Parameters(paramLabel = "ID", description = "The broker's id.")
        String id;
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "stdout",
                description = "Which log: stdout, stderr or server.log; default ${DEFAULT-VALUE}.")
        String name;
        @Option(names = "--lines", paramLabel = "N", defaultValue = "100", description = "How many lines; default ${DEFAULT-VALUE}.")
        int lines;

        @Override
        int send(ApiClient client, PrintWriter out) {
            JsonNode log = client.post("api/broker/log", Map.of("broker", id, "name", name, "lines", Integer.toString(lines)),
                    ApiRequest.REQUEST_TIMEOUT);
            out.print(log.path("content").asText());
            return 0;
        }
    }

    @Command(name = "status", description = "The brokers and the cluster's health: brokers running, the KRaft controllers and "
            + "the quorum's leader, under-replicated partitions, a rebalance in progress, a change of the quorum's voters and what it waits for.")
    static final class Status extends ApiRequest {
        @Parameters(paramLabel = "IDS", defaultValue = "*", arity = "0..1", description = "Which brokers; default every one.")
        String ids;

        @Override
        int send(ApiClient client, PrintWriter out) {
            JsonNode status = client.post("api/broker/status", Map.of("broker", ids), ApiRequest.REQUEST_TIMEOUT);
            out.print(BrokerTable.format(status.path("brokers")));
            out.println();
            out.println(status.path("running").asInt() + " of " + status.path("brokers").size() + " brokers running");
            List<String> controllers = new ArrayList<>();
            status.path("controllers").forEach(c -> controllers.add(c.asText()));
            JsonNode leader = status.path("quorumLeader");
            int toChoose = status.path("controllersToChoose").asInt();
            out.println("controllers: " + (controllers.isEmpty() ? "none chosen yet" : String.join(", ", controllers))
                    + (toChoose > 0 ? " (" + toChoose + " more: the next brokers started)" : "")
                    + (status.hasNonNull("quorum") ? ", a " + status.path("quorum").asText() + " quorum" : "")
                    + ("static".equals(status.path("quorum").asText()) ? " (stored before dynamic quorums: its voters stay)" : "")
                    + (leader.isNull() || leader.isMissingNode() ? "" : "; quorum leader " + leader.asText()));
            if (status.hasNonNull("kafka")) {
                out.println("Kafka: " + status.path("kafka").asText());
            }
            JsonNode under = status.path("underReplicated");
            if (under.isArray()) {
                List<String> partitions = new ArrayList<>();
                under.forEach(p -> partitions.add(p.asText()));
                out.println("under-replicated partitions: " + (partitions.isEmpty() ? "none" : String.join(", ", partitions)));
            }
            JsonNode rebalance = status.path("rebalance");
            if (rebalance.isObject()) {
                out.println("rebalance: " + rebalance.path("state").asText() + (rebalance.path("partitionsTotal").asInt() > 0
                        ? ", " + rebalance.path("partitionsDone").asInt() + " of " + rebalance.path("partitionsTotal").asInt()
                        + " partitions moved" : ""));
            }
            JsonNode change = status.path("quorumChange");
            if (change.isObject() && !"idle".equals(change.path("state").asText())) {
                List<String> voters = new ArrayList<>();
                change.path("voters").forEach(v -> voters.add(v.asText()));
                out.println("quorum voters: " + (voters.isEmpty() ? "unknown" : String.join(", ", voters)) + "; "
                        + change.path("state").asText() + " since " + change.path("since").asText() + ": "
                        + change.path("detail").asText());
            }
            return 0;
        }
    }

    @Command(name = "explain", description = "Say why brokers are or are not running, and where they could go.")
    static final class Explain extends ApiRequest {
        @Parameters(paramLabel = "IDS", defaultValue = "*", arity = "0..1", description = "Which brokers; default every one.")
        String ids;

        @Override
        int send(ApiClient client, PrintWriter out) {
            JsonNode explained = client.post("api/broker/explain", Map.of("broker", ids), ApiRequest.REQUEST_TIMEOUT);
            for (JsonNode b : explained.path("brokers")) {
                out.println(b.path("explanation").asText());
            }
            if (explained.hasNonNull("quorum")) {
                out.println(explained.path("quorum").asText());
            }
            return 0;
        }
    }
}
