package org.kafkamesos.core.mesos;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.Protos;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.placement.Assignment;

/**
 * Makes the Mesos {@code TaskInfo} of a {@link MesosAction.Launch}: one task per broker, run by its own
 * kafka-mesos executor ({@value #EXECUTOR_MAIN}), which starts the Kafka node described by the
 * {@link LaunchSpec} carried in {@code TaskInfo.data}.
 *
 * <ul>
 *   <li>Task id {@code <cluster>-<broker>-<uuid>} ({@link #taskId}), checked against the cluster and broker;
 *       the executor id is the task id, so an {@code executorLost} names the task. The task is named
 *       {@code <cluster>-broker-<id>}.</li>
 *   <li>Resources: exactly the assignment's, per role: {@code cpus}, {@code mem} and {@code disk} scalars and
 *       the chosen {@code ports} as ranges (consecutive ports coalesced), plus the persistent volume when the
 *       assignment has one. Reserved resources must be named as Mesos offered them (a dynamic reservation's
 *       principal and labels, a refined reservation's whole stack), so when the offer is given
 *       ({@link #taskInfos(List, Protos.Offer)}) each resource is cut from the offered one it comes from;
 *       without it ({@link #taskInfo(MesosAction.Launch)}) a reserved role is named as a static reservation
 *       ({@code reservations = [{STATIC, role}]}), the format of frameworks with {@code RESERVATION_REFINEMENT}.
 *       The executor's share ({@link MesosAction.Launch#executor()}: cpus and memory beside the broker's, which the
 *       placement added to the broker's demand) goes to the {@code ExecutorInfo}, cut from the first {@code cpus} and
 *       {@code mem} resources, so that an agent's isolation counts the executor JVM (see
 *       {@link #DEFAULT_EXECUTOR_JVM_OPTIONS}) apart from Kafka's memory; the task gets the rest.</li>
 *   <li>The executor's command runs without a shell ({@code CommandInfo.shell = false}): {@code value} is the
 *       Java command and {@code arguments} its argv: {@code java <executor JVM options> -cp <classpath>
 *       org.kafkamesos.executor.ExecutorMain}. Nothing is interpreted by a shell, so no option needs quoting,
 *       and environment variables in it are not expanded. Its URIs fetch the executor (as
 *       {@value #EXECUTOR_JAR} unless it is an archive) and the Kafka distribution(s), archives extracted.</li>
 *   <li>Labels {@value #CLUSTER_LABEL} and {@value #BROKER_LABEL}, then the configured ones; a
 *       {@code DiscoveryInfo} (visibility FRAMEWORK, the task's name) with the node's ports named
 *       {@value #BROKER_PORT_NAME} and {@value #CONTROLLER_PORT_NAME}, protocol tcp; and the kill grace period,
 *       if configured, as the task's kill policy, which the executor honours.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; see {@link #builder(String, String)}.
 */
public final class TaskInfoFactory {

    /** The executor's main class. */
    public static final String EXECUTOR_MAIN = "org.kafkamesos.executor.ExecutorMain";
    /** The file name a (non-archive) executor URI is fetched as, and the default classpath. */
    public static final String EXECUTOR_JAR = "kafka-mesos-executor.jar";
    /** The executor's argument for the native driver; {@code ExecutorMain.NATIVE_ARGUMENT}. */
    static final String NATIVE_EXECUTOR_ARGUMENT = org.kafkamesos.executor.ExecutorMain.NATIVE_ARGUMENT;
    /**
     * The executor JVM's default options: a 128 MB heap. The executor only supervises the Kafka process and
     * checks its readiness; its memory is the executor's own resources (see {@code OrchestratorSettings#executor}).
     */
    public static final List<String> DEFAULT_EXECUTOR_JVM_OPTIONS = List.of("-Xmx128m");
    /** The label holding the cluster name. */
    public static final String CLUSTER_LABEL = "cluster";
    /** The label holding the broker id. */
    public static final String BROKER_LABEL = "broker";
    /** The discovery name of the broker listener's port. */
    public static final String BROKER_PORT_NAME = "broker";
    /** The discovery name of the controller listener's port. */
    public static final String CONTROLLER_PORT_NAME = "controller";

    private static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    /** The archive suffixes the Mesos fetcher extracts. */
    private static final List<String> ARCHIVES = List.of(".tar", ".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz",
            ".tar.xz", ".zip");

    private final String cluster;
    private final Pattern taskIdPattern;
    private final String executorUri;
    private final String classpath;
    private final List<String> distributionUris;
    private final String javaCommand;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    private final Map<String, String> labels;
    private final Optional<Duration> killGracePeriod;
    private final boolean nativeExecutor;

    private TaskInfoFactory(Builder b) {
        this.cluster = b.cluster;
        this.taskIdPattern = taskIdPattern(b.cluster);
        this.executorUri = b.executorUri;
        this.classpath = b.classpath != null ? b.classpath : EXECUTOR_JAR;
        this.distributionUris = List.copyOf(b.distributionUris);
        this.javaCommand = b.javaCommand;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.environment = Collections.unmodifiableMap(new TreeMap<>(b.environment));
        this.labels = Collections.unmodifiableMap(new TreeMap<>(b.labels));
        this.killGracePeriod = Optional.ofNullable(b.killGracePeriod);
        this.nativeExecutor = b.nativeExecutor;
    }

    /**
     * Starts a factory for the tasks of cluster {@code clusterName}, whose executor is fetched from
     * {@code executorUri} (any URI the Mesos fetcher understands: {@code http(s)://}, {@code hdfs://},
     * {@code file://} or an absolute path on the agent).
     */
    public static Builder builder(String clusterName, String executorUri) {
        return new Builder(clusterName, executorUri);
    }

    /** The cluster whose tasks this factory makes: the first part of their task ids. */
    public String clusterName() {
        return cluster;
    }

    /** A task id of the form {@link TaskInfoFactory} accepts: {@code <cluster>-<broker>-<uuid>}. */
    public static String taskId(String clusterName, int brokerId, UUID uuid) {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, got " + brokerId);
        }
        return clusterName + "-" + brokerId + "-" + uuid;
    }

    /** The broker of {@code taskId} when it is a task id of cluster {@code clusterName}, else empty. */
    public static OptionalInt brokerIdOf(String clusterName, String taskId) {
        Matcher m = taskIdPattern(clusterName).matcher(taskId);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The task of {@code launch}, its reserved resources named as a static reservation of their role; use
     * {@link #taskInfos(List, Protos.Offer)} when the offer is at hand.
     *
     * @throws IllegalArgumentException if the task id is not {@code <cluster>-<broker>-<uuid>} of this cluster
     *                                  and the launch's broker, or the launch spec's node id or ports differ
     *                                  from the broker and the assignment's ports
     */
    public Protos.TaskInfo taskInfo(MesosAction.Launch launch) {
        return build(launch, MesosOffers.Remainder.of(List.of()));
    }

    /**
     * The tasks of {@code launches}, all on {@code offer}, in order; each resource is cut from the offered
     * resource it comes from, so reservations are named exactly as offered, and two launches never take the
     * same offered resource twice.
     *
     * @throws IllegalArgumentException as {@link #taskInfo(MesosAction.Launch)} does, or if a launch is not
     *                                  on {@code offer}
     */
    public List<Protos.TaskInfo> taskInfos(List<MesosAction.Launch> launches, Protos.Offer offer) {
        MesosOffers.Remainder offered = MesosOffers.Remainder.of(offer.getResourcesList());
        List<Protos.TaskInfo> tasks = new ArrayList<>(launches.size());
        for (MesosAction.Launch launch : launches) {
            if (!launch.assignment().offerId().equals(offer.getId().getValue())) {
                throw new IllegalArgumentException("launch of task " + launch.taskId() + " is on offer "
                        + launch.assignment().offerId() + ", not on offer " + offer.getId().getValue());
            }
            tasks.add(build(launch, offered));
        }
        return tasks;
    }

    /** The task of {@code launch}, its resources cut from what is left of its offer. */
    Protos.TaskInfo taskInfo(MesosAction.Launch launch, MesosOffers.Remainder offered) {
        return build(launch, offered);
    }

    /** The task of {@code launch} on exactly {@code resources} (a broker on its own reservation and volume). */
    Protos.TaskInfo taskInfo(MesosAction.Launch launch, List<Protos.Resource> resources) {
        return build(launch, resources);
    }

    private Protos.TaskInfo build(MesosAction.Launch launch, MesosOffers.Remainder offered) {
        return build(launch, offered.take(launch.assignment()));
    }

    private Protos.TaskInfo build(MesosAction.Launch launch, List<Protos.Resource> resources) {
        validate(launch);
        Assignment assignment = launch.assignment();
        String name = cluster + "-broker-" + launch.brokerId();
        List<Protos.Resource> executorResources = new ArrayList<>();
        List<Protos.Resource> taskResources = new ArrayList<>();
        split(resources, launch.executor(), executorResources, taskResources);
        Protos.TaskInfo.Builder task = Protos.TaskInfo.newBuilder()
                .setName(name)
                .setTaskId(Protos.TaskID.newBuilder().setValue(launch.taskId()))
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(assignment.agentId()))
                .addAllResources(taskResources)
                .setExecutor(executor(launch).addAllResources(executorResources))
                .setData(com.google.protobuf.ByteString.copyFrom(launch.spec().toBytes()))
                .setLabels(labels(launch.brokerId()))
                .setDiscovery(discovery(name, launch.spec()));
        killGracePeriod.ifPresent(grace -> task.setKillPolicy(Protos.KillPolicy.newBuilder()
                .setGracePeriod(Protos.DurationInfo.newBuilder().setNanoseconds(grace.toNanos()))));
        return task.build();
    }

    /**
     * Splits {@code resources} into the executor's share, {@code executor}'s cpus and memory cut from the first
     * {@code cpus} and {@code mem} resources (each part keeps the resource's role and reservation), and the task's rest.
     *
     * @throws IllegalArgumentException if {@code resources} hold less cpus or memory than the executor's share
     */
    static void split(List<Protos.Resource> resources, org.kafkamesos.placement.Resources executor,
                      List<Protos.Resource> executorPart, List<Protos.Resource> taskPart) {
        Map<String, Double> wanted = new TreeMap<>(Map.of("cpus", executor.cpus(), "mem", executor.mem()));
        for (Protos.Resource r : resources) {
            Double want = wanted.get(r.getName());
            if (want == null || want <= 0 || r.getType() != Protos.Value.Type.SCALAR || r.hasDisk()) {
                taskPart.add(r);
                continue;
            }
            double value = r.getScalar().getValue();
            double taken = Math.min(want, value);
            executorPart.add(withAmount(r, taken));
            wanted.put(r.getName(), fixed(want - taken));
            if (fixed(value - taken) > 0) {
                taskPart.add(withAmount(r, fixed(value - taken)));
            }
        }
        wanted.forEach((name, left) -> {
            if (left > 0) {
                throw new IllegalArgumentException("the task's resources hold " + left + " " + name + " too few for its executor's "
                        + executor.cpus() + " cpus and " + executor.mem() + " MB");
            }
        });
    }

    private static Protos.Resource withAmount(Protos.Resource r, double amount) {
        return r.toBuilder().setScalar(Protos.Value.Scalar.newBuilder().setValue(fixed(amount))).build();
    }

    /** {@code value} at the fixed-point precision of Mesos scalars, three decimals. */
    private static double fixed(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    /** @throws IllegalArgumentException as {@link #taskInfo(MesosAction.Launch)} does */
    void validate(MesosAction.Launch launch) {
        if (!taskIdPattern.matcher(launch.taskId()).matches()
                || brokerIdOf(cluster, launch.taskId()).orElse(-1) != launch.brokerId()) {
            throw new IllegalArgumentException("task id '" + launch.taskId() + "' is not of the form <cluster>-<broker>-<uuid>"
                    + " for cluster " + cluster + " and broker " + launch.brokerId() + ", e.g. "
                    + taskId(cluster, Math.max(0, launch.brokerId()), new UUID(0, 0)));
        }
        if (launch.assignment().brokerId() != launch.brokerId()) {
            throw new IllegalArgumentException("launch of broker " + launch.brokerId() + " carries the assignment of broker "
                    + launch.assignment().brokerId());
        }
        LaunchSpec spec = launch.spec();
        if (spec.nodeId() != launch.brokerId()) {
            throw new IllegalArgumentException("launch of broker " + launch.brokerId() + " carries the launch spec of node "
                    + spec.nodeId());
        }
        Set<Integer> assigned = new TreeSet<>();
        launch.assignment().allocations().forEach(a -> assigned.addAll(a.ports()));
        for (OptionalInt port : List.of(spec.brokerPort(), spec.controllerPort())) {
            if (port.isPresent() && !assigned.contains(port.getAsInt())) {
                throw new IllegalArgumentException("broker " + launch.brokerId() + " would listen on port " + port.getAsInt()
                        + ", which its assignment does not hold (it holds " + assigned + ")");
            }
        }
    }

    private Protos.ExecutorInfo.Builder executor(MesosAction.Launch launch) {
        Protos.CommandInfo.Builder command = Protos.CommandInfo.newBuilder()
                .setShell(false)
                .setValue(javaCommand)
                .addArguments(javaCommand)
                .addAllArguments(jvmOptions)
                .addArguments("-cp")
                .addArguments(classpath)
                .addArguments(EXECUTOR_MAIN);
        if (nativeExecutor) {
            command.addArguments(NATIVE_EXECUTOR_ARGUMENT);
        }
        Protos.CommandInfo.URI.Builder executorFetch = Protos.CommandInfo.URI.newBuilder().setValue(executorUri);
        if (isArchive(executorUri)) {
            executorFetch.setExtract(true);
        } else {
            executorFetch.setExtract(false).setOutputFile(EXECUTOR_JAR);
        }
        command.addUris(executorFetch);
        for (String uri : distributionUris) {
            command.addUris(Protos.CommandInfo.URI.newBuilder().setValue(uri).setExtract(isArchive(uri)));
        }
        if (!environment.isEmpty()) {
            Protos.Environment.Builder env = Protos.Environment.newBuilder();
            environment.forEach((k, v) -> env.addVariables(Protos.Environment.Variable.newBuilder().setName(k).setValue(v)));
            command.setEnvironment(env);
        }
        return Protos.ExecutorInfo.newBuilder()
                .setType(Protos.ExecutorInfo.Type.CUSTOM)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(launch.taskId()))
                .setName("kafka-mesos executor of broker " + launch.brokerId() + " of " + cluster)
                .setCommand(command);
    }

    private Protos.Labels labels(int brokerId) {
        Protos.Labels.Builder all = Protos.Labels.newBuilder()
                .addLabels(label(CLUSTER_LABEL, cluster))
                .addLabels(label(BROKER_LABEL, Integer.toString(brokerId)));
        labels.forEach((k, v) -> all.addLabels(label(k, v)));
        return all.build();
    }

    private static Protos.Label label(String key, String value) {
        return Protos.Label.newBuilder().setKey(key).setValue(value).build();
    }

    private static Protos.DiscoveryInfo discovery(String name, LaunchSpec spec) {
        Protos.Ports.Builder ports = Protos.Ports.newBuilder();
        spec.brokerPort().ifPresent(p -> ports.addPorts(port(BROKER_PORT_NAME, p)));
        spec.controllerPort().ifPresent(p -> ports.addPorts(port(CONTROLLER_PORT_NAME, p)));
        return Protos.DiscoveryInfo.newBuilder()
                .setVisibility(Protos.DiscoveryInfo.Visibility.FRAMEWORK)
                .setName(name)
                .setPorts(ports)
                .build();
    }

    private static Protos.Port port(String name, int number) {
        return Protos.Port.newBuilder().setName(name).setNumber(number).setProtocol("tcp")
                .setVisibility(Protos.DiscoveryInfo.Visibility.FRAMEWORK).build();
    }

    /** Whether the Mesos fetcher would extract {@code uri}: by the suffix of its path. */
    static boolean isArchive(String uri) {
        String path = uri;
        try {
            String parsed = URI.create(uri).getPath();
            if (parsed != null) {
                path = parsed;
            }
        } catch (IllegalArgumentException e) {
            // not a URI but a path on the agent: judge the text itself
        }
        String lower = path.toLowerCase(Locale.ROOT);
        return ARCHIVES.stream().anyMatch(lower::endsWith);
    }

    private static Pattern taskIdPattern(String clusterName) {
        return Pattern.compile(Pattern.quote(clusterName) + "-(0|[1-9][0-9]{0,9})-" + UUID_PATTERN);
    }

    /**
     * Builds a {@link TaskInfoFactory}. Defaults: Java command {@code java} (looked up on the agent's
     * {@code PATH}; give an absolute path otherwise: no shell expands {@code $JAVA_HOME}), executor JVM options
     * {@link #DEFAULT_EXECUTOR_JVM_OPTIONS}, classpath {@value #EXECUTOR_JAR}, no Kafka distribution URI (the
     * launch spec then names a folder present on every agent), no environment, no extra label, no kill policy.
     */
    public static final class Builder {
        private final String cluster;
        private final String executorUri;
        private String classpath;
        private final List<String> distributionUris = new ArrayList<>();
        private String javaCommand = "java";
        private List<String> jvmOptions = DEFAULT_EXECUTOR_JVM_OPTIONS;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Duration killGracePeriod;
        private boolean nativeExecutor;

        private Builder(String cluster, String executorUri) {
            this.cluster = cluster;
            this.executorUri = executorUri;
        }

        /**
         * The executor's classpath, relative to the sandbox; required when the executor URI is an archive, e.g.
         * {@code kafka-mesos-executor/lib/*} (the JVM expands a trailing {@code *} itself).
         */
        public Builder executorClasspath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        /** Adds a URI the fetcher puts in the sandbox for the Kafka distribution; archives are extracted. */
        public Builder kafkaDistributionUri(String uri) {
            distributionUris.add(uri);
            return this;
        }

        /** The command that starts the executor JVM: {@code java} or an absolute path to it. */
        public Builder javaCommand(String command) {
            this.javaCommand = command;
            return this;
        }

        /** Replaces the executor JVM's options; each element is one argument. */
        public Builder executorJvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Adds an environment variable of the executor, e.g. {@code MESOS_NATIVE_JAVA_LIBRARY}. */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Adds a task label; {@value #CLUSTER_LABEL} and {@value #BROKER_LABEL} are set by the factory. */
        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /**
         * Whether the executor runs under Mesos' native driver ({@code ExecutorMain --native}, which needs libmesos on
         * every agent) instead of the V1 HTTP executor API; default false.
         */
        public Builder nativeExecutor(boolean value) {
            this.nativeExecutor = value;
            return this;
        }

        /** The time the executor gives Kafka between SIGTERM and SIGKILL when the task is killed. */
        public Builder killGracePeriod(Duration grace) {
            this.killGracePeriod = grace;
            return this;
        }

        /** @throws IllegalArgumentException naming what is wrong or missing */
        public TaskInfoFactory build() {
            if (cluster == null || !cluster.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("cluster name must be 1-64 letters, digits, '-' or '_', got " + cluster);
            }
            requireText("executor URI", executorUri);
            if (isArchive(executorUri) && classpath == null) {
                throw new IllegalArgumentException("executor URI " + executorUri + " is an archive the fetcher extracts:"
                        + " give the executor classpath inside it, e.g. executorClasspath(\"kafka-mesos-executor/lib/*\")");
            }
            if (classpath != null) {
                requireText("executor classpath", classpath);
            }
            distributionUris.forEach(uri -> requireText("Kafka distribution URI", uri));
            requireText("Java command", javaCommand);
            jvmOptions.forEach(option -> requireText("executor JVM option", option));
            environment.forEach((k, v) -> {
                requireText("environment variable name", k);
                Objects.requireNonNull(v, () -> "value of environment variable " + k);
            });
            labels.forEach((k, v) -> {
                requireText("label key", k);
                Objects.requireNonNull(v, () -> "value of label " + k);
                if (k.equals(CLUSTER_LABEL) || k.equals(BROKER_LABEL)) {
                    throw new IllegalArgumentException("label '" + k + "' is set by the factory; labels "
                            + CLUSTER_LABEL + " and " + BROKER_LABEL + " cannot be given");
                }
            });
            if (killGracePeriod != null && (killGracePeriod.isNegative() || killGracePeriod.isZero())) {
                throw new IllegalArgumentException("kill grace period must be positive, got " + killGracePeriod);
            }
            return new TaskInfoFactory(this);
        }

        private static void requireText(String what, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
        }
    }
}
