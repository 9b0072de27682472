package org.kafkamesos.core.http;

import java.util.List;
import java.util.Optional;

/**
 * What mesos/kafka's command line and REST API name that this project answers differently, for an API or a command
 * line that wants to say so. Its paths ({@code /api/brokers/...}) and its {@code id} parameter are aliases here
 * ({@link HttpApi}); {@code stop}'s {@code force} is taken and changes nothing, as a stop here always kills the task
 * through Mesos; {@code clone} is served. What is left is here: an option or a path with no counterpart, refused with
 * what takes its place.
 */
public final class MesosKafkaNames {

    /**
     * An option of mesos/kafka with no counterpart here.
     *
     * @param option  its name on the command line, such as {@code --bind-address}
     * @param name    its name in the REST API, such as {@code bindAddress}
     * @param instead what to do here instead
     */
    public record Option(String option, String name, String instead) {
    }

    /** mesos/kafka's broker options that none here takes. */
    public static final List<Option> OPTIONS = List.of(
            new Option("--bind-address", "bindAddress", "a broker listens on the address of the agent whose offer it runs on; "
                    + "choose the agents with constraints (--constraints, or constraints= in the REST API), such as "
                    + "hostname=like:kafka-.*"),
            new Option("--log4j-options", "log4jOptions", "Kafka 4 logs through log4j2: name its configuration file (a path on "
                    + "the agents) in the JVM options, --jvm-options (jvmOptions=) -Dlog4j2.configurationFile=PATH"),
            new Option("--syslog", "syslog", "a broker's output stays in its task's sandbox (stdout, stderr, server.log), which "
                    + "'log' (/api/broker/log) shows"),
            new Option("--noWaitForReplication", "noWaitForReplication", "a restart always waits until the broker's partitions "
                    + "are back in sync before it restarts the next one, so that no partition falls under its "
                    + "min.insync.replicas; to restart without waiting, stop the brokers and start them again"),
            new Option("--java-cmd", "javaCmd", "the executor runs Kafka with the java that runs the executor"));

    /**
     * A path of mesos/kafka's REST API, a command of its command line, that none here serves.
     *
     * @param command its command line, such as {@code topic rebalance}
     * @param path    its path, such as {@code /api/topic/rebalance}
     * @param instead what to do here instead
     */
    public record Command(String command, String path, String instead) {
    }

    /** mesos/kafka's commands that none here serves. */
    public static final List<Command> COMMANDS = List.of(
            new Command("topic rebalance", "/api/topic/rebalance", "a rebalance here spreads the partitions of every topic at once, "
                    + "throttled: 'rebalance start --broker IDS --replicas N' (/api/rebalance/start with broker= and replicas=), "
                    + "then 'rebalance status' and 'rebalance cancel'"),
            new Command("topic realign", "/api/topic/realign", "a rebalance here also moves the partitions of brokers that are "
                    + "gone: 'rebalance start' (/api/rebalance/start)"));

    private MesosKafkaNames() {
    }

    /** Why mesos/kafka's REST parameter {@code name} is refused, if it is one of theirs. */
    public static Optional<String> parameter(String name) {
        return OPTIONS.stream().filter(o -> o.name().equals(name)).findFirst()
                .map(o -> "parameter '" + name + "' of mesos/kafka has no counterpart here: " + o.instead());
    }

    /** Why mesos/kafka's command-line option {@code option} is refused, if it is one of theirs. */
    public static Optional<String> option(String option) {
        return OPTIONS.stream().filter(o -> o.option().equals(option)).findFirst()
                .map(o -> "option " + option + " of mesos/kafka has no counterpart here: " + o.instead());
    }

    /** Why mesos/kafka's {@code path} is not served, if it is one of theirs. */
    public static Optional<String> path(String path) {
        return COMMANDS.stream().filter(p -> p.path().equals(path)).findFirst()
                .map(p -> path + " of mesos/kafka is not served here: " + p.instead());
    }

    /** Why mesos/kafka's command (such as {@code topic rebalance}) is not served, if it is one of theirs. */
    public static Optional<String> command(String command) {
        return COMMANDS.stream().filter(p -> p.command().equals(command)).findFirst()
                .map(p -> "'" + command + "' of mesos/kafka is not served here: " + p.instead());
    }
}
