package org.kafkamesos.examples;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kafkamesos.core.local.LocalMesosCluster;
import org.kafkamesos.core.mesos.FrameworkSettings;
import org.kafkamesos.core.model.Durations;
import org.kafkamesos.core.model.PortPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-mesos scheduler}: runs the scheduler and its HTTP API until interrupted, on a local Mesos
 * cluster in this process ({@code --master local}, the default) or against a Mesos master, over Mesos' V1 HTTP
 * scheduler API ({@code --driver http}, the default) or through the native driver ({@code --driver native}). Interrupting it stops the driver with failover: on a real master the brokers keep running and the
 * next scheduler on the same storage takes them over; the local cluster ends with this process, brokers and all.
 */
@Command(name = "scheduler", description = "Run the scheduler and its HTTP API until interrupted.")
final class SchedulerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--master", paramLabel = "MASTER", defaultValue = "local",
            description = "local (a Mesos cluster in this process, the default), http://HOST:PORT or HOST:PORT (a master, such as "
                    + "'kafka-mesos local-mesos'), zk://HOST:PORT[,HOST:PORT...]/PATH (the leading master), or file:///PATH "
                    + "(--driver native only).")
    String master;

    @Option(names = "--driver", paramLabel = "DRIVER", defaultValue = "http",
            description = "How to reach a master: http (Mesos' V1 scheduler API, no native code; the default) or native (the "
                    + "JNI driver, which needs libmesos: MESOS_NATIVE_JAVA_LIBRARY).")
    String driver;

    @Option(names = "--bind-to-agent-host", description = "Brokers bind their listeners to their agent's hostname instead of "
            + "all addresses: for agents that share a machine on their own addresses, as 'local-mesos' agents do. Always on "
            + "with --master local.")
    boolean bindToAgentHost;

    @Option(names = "--storage", paramLabel = "STORAGE", defaultValue = "file:.kafka-mesos/state",
            description = "Where the scheduler's state lives: memory, file:PATH or zk:HOST:PORT/PATH; default ${DEFAULT-VALUE}.")
    String storage;

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://0.0.0.0:7000",
            description = "Where the HTTP API listens; default ${DEFAULT-VALUE}.")
    URI api;

    @Option(names = "--framework-name", paramLabel = "NAME", defaultValue = "kafka",
            description = "The framework's name, also the cluster's and its tasks' prefix; default ${DEFAULT-VALUE}.")
    String frameworkName;

    @Option(names = "--framework-role", paramLabel = "ROLE", defaultValue = "kafka", description = "The framework's role, whose "
            + "reservations hold the brokers' volumes; default ${DEFAULT-VALUE}. With *, which cannot reserve, brokers run in their "
            + "sandbox and lose their data at each relaunch.")
    String role;

    @Option(names = "--principal", paramLabel = "PRINCIPAL", description = "The principal to authenticate with, if any.")
    String principal;

    @Option(names = "--secret", paramLabel = "SECRET", description = "The principal's secret.")
    String secret;

    @Option(names = "--controllers", paramLabel = "N", defaultValue = "3",
            description = "How many brokers are KRaft controllers too: the first started, by id when several start at once, "
                    + "chosen once; default ${DEFAULT-VALUE}.")
    int controllers;

    @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "auto",
            description = "The port a KRaft controller takes at its first launch, then keeps: auto (any offered port, the "
                    + "default), a port such as 9093, or a range such as 31090..31099.")
    String controllerPort;

    @Option(names = "--replace-lost-controllers-after", paramLabel = "DURATION", defaultValue = "off",
            description = "Replace a KRaft controller of a dynamic quorum whose agent Mesos reported lost, once it has been "
                    + "without a task this long: it is placed on another agent and joins the quorum with new storage, as "
                    + "'broker replace' does. off (the default) leaves it to the operator; a duration such as 5m.")
    String replaceLostControllersAfter;

    @Option(names = "--executor-uri", paramLabel = "URI",
            description = "With a master: where agents fetch the executor jar; default the jar this scheduler runs from, served at "
                    + "its API's /fetch/kafka-mesos-executor.jar.")
    String executorUri;

    @Option(names = "--kafka-uri", paramLabel = "URI",
            description = "With a master: a Kafka release archive agents fetch; --distribution then names the folder it unpacks to, "
                    + "such as kafka_2.13-4.1.1. Default: the build's distribution (or --distribution), archived and served at "
                    + "the API's /fetch/.")
    List<String> kafkaUris = new ArrayList<>();

    @Mixin
    LocalOptions local;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        ExampleScheduler.Config config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Optional<LocalMesosCluster> cluster = Optional.empty();
        if (isLocal()) {
            try {
                cluster = Optional.of(local.start("local"));
            } catch (UncheckedIOException e) {
                throw new ParameterException(spec.commandLine(), "--work-dir: " + e.getMessage() + ": " + e.getCause().getMessage(), e);
            }
            config.local(cluster.get());
        }
        ExampleScheduler scheduler;
        try {
            scheduler = ExampleScheduler.start(config);
        } catch (RuntimeException e) {
            cluster.ifPresent(LocalMesosCluster::close);
            spec.commandLine().getErr().println("kafka-mesos scheduler: " + e.getMessage());
            return BrokerCli.EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Optional<LocalMesosCluster> localCluster = cluster;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                scheduler.close();
            } finally {
                localCluster.ifPresent(LocalMesosCluster::close);
                stopped.countDown();
            }
        }, "kafka-mesos-shutdown"));
        out.println("scheduler running; HTTP API at " + scheduler.apiUri() + (isLocal() ? " on a local Mesos cluster of "
                + local.agents + " agents" : " with master " + master) + "; Ctrl-C stops it");
        out.println("next: ./kafka-mesos.sh add 1000..1002 --api " + scheduler.apiUri() + " && ./kafka-mesos.sh start 1000..1002 --api "
                + scheduler.apiUri());
        out.flush();
        stopped.await();
        return 0;
    }

    private boolean isLocal() {
        return master.equalsIgnoreCase("local");
    }

    /**
     * Checks every option before anything starts, and gathers them.
     *
     * @throws IllegalArgumentException naming the option, what it was given and what it accepts
     */
    ExampleScheduler.Config config() {
        if (!"http".equalsIgnoreCase(api.getScheme())) {
            throw new IllegalArgumentException("--api: only http:// is served, got " + api);
        }
        if (api.getHost() == null || api.getPort() < 0 || api.getPort() > 65535) {
            throw new IllegalArgumentException("--api: needs a host and a port, such as http://0.0.0.0:7000; got " + api);
        }
        if (controllers < 1) {
            throw new IllegalArgumentException("--controllers: must be 1 or more, got " + controllers);
        }
        boolean nativeDriver = switch (driver.toLowerCase(java.util.Locale.ROOT)) {
            case "http" -> false;
            case "native" -> true;
            default -> throw new IllegalArgumentException("--driver: '" + driver + "' is no driver; accepted: http, native");
        };
        if (!isLocal()) {
            checkMaster(master, nativeDriver);
        }
        PortPolicy controllerPorts;
        try {
            controllerPorts = PortPolicy.parse(controllerPort);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--controller-port: " + e.getMessage(), e);
        }
        Optional<Duration> replaceLost;
        try {
            replaceLost = "off".equalsIgnoreCase(replaceLostControllersAfter) ? Optional.empty()
                    : Optional.of(Durations.parse(replaceLostControllersAfter));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--replace-lost-controllers-after: " + e.getMessage() + "; or off", e);
        }
        Storage store;
        try {
            store = Storage.parse(storage);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--storage: " + e.getMessage(), e);
        }
        if (frameworkName.isBlank()) {
            throw new IllegalArgumentException("--framework-name: must not be blank");
        }
        try {
            FrameworkSettings.builder(frameworkName, role).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--framework-role: " + e.getMessage(), e);
        }
        if (principal != null && principal.isBlank()) {
            throw new IllegalArgumentException("--principal: must not be blank");
        }
        if (secret != null && principal == null) {
            throw new IllegalArgumentException("--secret: needs --principal too, as authentication takes both");
        }
        FrameworkSettings.Builder framework = FrameworkSettings.builder(frameworkName, role);
        if (principal != null) {
            framework.principal(principal);
        }
        if (secret != null) {
            framework.secret(secret);
        }
        ExampleScheduler.Config config = new ExampleScheduler.Config()
                .storage(store)
                .master(master)
                .nativeDriver(nativeDriver)
                .framework(framework.build())
                .controllers(controllers)
                .controllerPort(controllerPorts)
                .replaceLostControllersAfter(replaceLost)
                .apiAddress(new InetSocketAddress(api.getHost(), api.getPort()));
        if (isLocal()) {
            local.check();
            config.distribution(local.distribution());
        } else {
            if (api.getPort() == 0 && (executorUri == null || (kafkaUris.isEmpty() && local.distribution == null))) {
                throw new IllegalArgumentException("--api: agents fetch the executor and Kafka from it, so it needs a port,"
                        + " not 0; or give --executor-uri and --kafka-uri");
            }
            if (executorUri != null) {
                config.executorUri(executorUri);
            } else {
                config.serveExecutor(runningJar());
            }
            if (!kafkaUris.isEmpty()) {
                if (local.distribution == null) {
                    throw new IllegalArgumentException("--kafka-uri: needs --distribution too, the folder the archive unpacks"
                            + " to in the sandbox, such as kafka_2.13-4.1.1");
                }
                config.kafkaUris(kafkaUris).distribution(local.distribution.toString());
            } else if (local.distribution != null) {
                config.distribution(local.distribution.toString()); // a folder every agent has
            } else {
                config.serveDistribution(Path.of(local.distribution()), local.workDir.resolve("fetch"));
            }
            config.bindToAgentHost(bindToAgentHost);
        }
        return config;
    }

    /**
     * The jar this scheduler runs from, which holds the executor too: what agents fetch when no --executor-uri is given.
     *
     * @throws IllegalArgumentException if it runs from classes, not a jar
     */
    static Path runningJar() {
        try {
            Path location = Path.of(SchedulerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (java.nio.file.Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return location;
            }
            throw new IllegalArgumentException("--executor-uri: not given, and this scheduler runs from " + location
                    + ", not from a jar agents could fetch; run it with java -jar, or give --executor-uri");
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalArgumentException("--executor-uri: not given, and the jar this scheduler runs from is not known", e);
        }
    }

    static final String MASTERS = "local, HOST:PORT, http://HOST:PORT, https://HOST:PORT, zk://HOST:PORT[,HOST:PORT...]/PATH "
            + "(with USER:PASSWORD@ before the hosts if ZooKeeper needs it) or, with --driver native, file:///PATH (a file "
            + "holding one of these)";

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9][A-Za-z0-9.-]*):([0-9]{1,5})");

    /**
     * Checks a master as the Mesos scheduler driver reads it (Mesos' configuration docs, {@code --master}):
     * {@code host:port}, {@code zk://[user:password@]host1:port1,host2:port2,.../path}; and
     * {@code file:///path} for the native driver, which reads it, or {@code http(s)://host:port} for the HTTP one.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static void checkMaster(String value, boolean nativeDriver) {
        String hosts = value;
        if (!nativeDriver && (value.startsWith("http://") || value.startsWith("https://"))) {
            String rest = value.substring(value.indexOf("//") + 2);
            hosts = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        } else if (nativeDriver && value.startsWith("file://")) {
            if (value.length() > "file://".length() + 1 && value.charAt("file://".length()) == '/') {
                return;
            }
            hosts = null;
        } else if (value.startsWith("zk://")) {
            String rest = value.substring("zk://".length());
            int slash = rest.indexOf('/');
            hosts = slash <= 0 || slash == rest.length() - 1 ? null : rest.substring(rest.lastIndexOf('@', slash) + 1, slash);
        }
        boolean valid = hosts != null && Arrays.stream(hosts.split(",", -1)).allMatch(hostPort -> {
            Matcher m = HOST_PORT.matcher(hostPort);
            return m.matches() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 65535;
        });
        if (!valid) {
            throw new IllegalArgumentException("--master: '" + value + "' is no master; accepted: " + MASTERS);
        }
    }
}
