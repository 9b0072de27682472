package org.kafkamesos.core.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.offer;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.ports;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.reservedDynamic;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.reservedStatic;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.scalar;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.volume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.executor.Role;
import org.kafkamesos.placement.Allocation;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.Volume;

class TaskInfoFactoryTest {

    private static final String CLUSTER_ID = LaunchSpec.randomClusterId();
    private static final UUID UUID_1 = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    private final TaskInfoFactory factory = TaskInfoFactory.builder("prod", "https://repo.example/kafka-mesos-executor-0.1.0.jar")
            .kafkaDistributionUri("https://downloads.example/kafka_2.13-4.1.1.tgz")
            .build();

    @Test
    void taskInfo_identity_isTheLaunchsTaskOnTheAssignedAgent() {
        Protos.TaskInfo task = factory.taskInfo(launch(3, List.of(new Allocation("*", 1, 2048, 0, List.of(31000, 31001)))));

        assertThat(task.getTaskId().getValue()).isEqualTo("prod-3-" + UUID_1);
        assertThat(task.getName()).isEqualTo("prod-broker-3");
        assertThat(task.getSlaveId().getValue()).isEqualTo("agent-1");
        assertThat(task.getExecutor().getExecutorId().getValue()).isEqualTo(task.getTaskId().getValue());
        assertThat(task.getExecutor().getType()).isEqualTo(Protos.ExecutorInfo.Type.CUSTOM);
        assertThat(task.hasKillPolicy()).isFalse();
    }

    @Test
    void taskInfo_resourcesPerRole_addUpToTheAssignment() {
        List<Allocation> allocations = List.of(
                new Allocation("*", 0.5, 1024, 100, List.of(31000)),
                new Allocation("kafka", 1.5, 3072, 4000, List.of(9093)));

        Protos.TaskInfo task = factory.taskInfo(launch(3, allocations, 31000, 9093));

        for (Allocation allocation : allocations) {
            assertThat(sum(task, "cpus", allocation.role())).isEqualTo(allocation.cpus());
            assertThat(sum(task, "mem", allocation.role())).isEqualTo(allocation.mem());
            assertThat(sum(task, "disk", allocation.role())).isEqualTo(allocation.disk());
            assertThat(portsOf(task, allocation.role())).containsExactlyElementsOf(allocation.ports());
        }
        Protos.Resource reserved = task.getResourcesList().stream().filter(r -> MesosOffers.role(r).equals("kafka"))
                .findFirst().orElseThrow();
        assertThat(reserved.getReservationsList()).containsExactly(Protos.Resource.ReservationInfo.newBuilder()
                .setType(Protos.Resource.ReservationInfo.Type.STATIC).setRole("kafka").build());
        Protos.Resource unreserved = task.getResourcesList().stream().filter(r -> MesosOffers.role(r).equals("*"))
                .findFirst().orElseThrow();
        assertThat(unreserved.getReservationsCount()).isZero();
    }

    @Test
    void taskInfo_theExecutorsShare_goesToItsExecutorInfo_cutFromTheAssignment_withItsReservation() {
        List<Allocation> allocations = List.of(new Allocation("kafka", 1.1, 2304, 4000, List.of(31000, 31001)));
        MesosAction.Launch launch = new MesosAction.Launch("prod-3-" + UUID_1, 3, assignment(3, allocations, Optional.empty()),
                spec(3, 31000, 31001), Optional.empty(), new org.kafkamesos.placement.Resources(0.1, 256, 0, List.of()));

        Protos.TaskInfo task = factory.taskInfo(launch);

        assertThat(sum(task, "cpus", "kafka")).isEqualTo(1.0);
        assertThat(sum(task, "mem", "kafka")).isEqualTo(2048.0);
        assertThat(sum(task, "disk", "kafka")).isEqualTo(4000.0);
        Protos.ExecutorInfo executor = task.getExecutor();
        assertThat(executor.getResourcesList()).extracting(r -> r.getName() + "=" + r.getScalar().getValue() + "@" + MesosOffers.role(r))
                .containsExactlyInAnyOrder("cpus=0.1@kafka", "mem=256.0@kafka");
    }

    @Test
    void launch_whoseExecutorShareIsMoreThanTheAssignment_isRefused() {
        List<Allocation> allocations = List.of(new Allocation("*", 1, 2048, 0, List.of(31000, 31001)));

        assertThatThrownBy(() -> new MesosAction.Launch("prod-3-" + UUID_1, 3, assignment(3, allocations, Optional.empty()),
                spec(3, 31000, 31001), Optional.empty(), new org.kafkamesos.placement.Resources(2, 256, 0, List.of())))
                .hasMessageContaining("the executor's 2.0 cpus and 256.0 MB are more than the assignment's 1.0 cpus");
    }

    @Test
    void taskInfo_zeroAmounts_areLeftOut() {
        Protos.TaskInfo task = factory.taskInfo(launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)))));

        assertThat(task.getResourcesList()).extracting(Protos.Resource::getName).containsExactly("cpus", "mem", "ports");
    }

    @Test
    void taskInfo_consecutivePorts_areCoalescedIntoRanges() {
        Assignment assignment = assignment(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31005, 31000, 31002, 31001, 31007))),
                Optional.empty());
        MesosAction.Launch launch = new MesosAction.Launch("prod-3-" + UUID_1, 3, assignment, spec(3, 31000, 31001));

        Protos.Resource ports = factory.taskInfo(launch).getResourcesList().stream()
                .filter(r -> r.getName().equals("ports")).collect(onlyOne());

        assertThat(ports.getRanges().getRangeList()).extracting(r -> r.getBegin() + "-" + r.getEnd())
                .containsExactly("31000-31002", "31005-31005", "31007-31007");
    }

    @Test
    void taskInfos_withTheOffer_cutResourcesFromTheOfferedOnesKeepingTheirReservations() {
        Protos.Resource.Builder dynamicCpus = reservedDynamic(scalar("cpus", 4), "kafka", "ops");
        Protos.Resource.Builder dynamicPorts = reservedDynamic(ports(9092, 9099), "kafka", "ops");
        Protos.Offer offer = offer("offer-1", "agent-1", "h1")
                .addResources(dynamicCpus)
                .addResources(dynamicPorts)
                .addResources(scalar("mem", 8192))
                .build();
        MesosAction.Launch launch = launch(3, List.of(new Allocation("kafka", 2, 0, 0, List.of(9092, 9093)),
                new Allocation("*", 0, 2048, 0, List.of())), 9092, 9093);

        Protos.TaskInfo task = factory.taskInfos(List.of(launch), offer).get(0);

        Protos.Resource cpus = task.getResources(0);
        assertThat(cpus.getReservationsList()).isEqualTo(dynamicCpus.getReservationsList());
        assertThat(cpus.getScalar().getValue()).isEqualTo(2);
        Protos.Resource ports = task.getResources(1);
        assertThat(ports.getReservationsList()).isEqualTo(dynamicPorts.getReservationsList());
        assertThat(ports.getRanges().getRangeList()).extracting(r -> r.getBegin() + "-" + r.getEnd()).containsExactly("9092-9093");
        assertThat(task.getResources(2).getName()).isEqualTo("mem");
        assertThat(task.getResources(2).getReservationsCount()).isZero();
    }

    @Test
    void taskInfos_twoLaunchesOnOneOffer_neverTakeAnOfferedResourceTwice() {
        Protos.Resource.Builder staticCpus = reservedStatic(scalar("cpus", 2), "kafka");
        Protos.Resource.Builder dynamicCpus = reservedDynamic(scalar("cpus", 2), "kafka", "ops");
        Protos.Offer offer = offer("offer-1", "agent-1", "h1").addResources(staticCpus).addResources(dynamicCpus)
                .addResources(ports(31000, 31010)).build();
        MesosAction.Launch first = launch(3, List.of(new Allocation("kafka", 1.5, 0, 0, List.of()),
                new Allocation("*", 0, 0, 0, List.of(31000, 31001))), 31000, 31001);
        MesosAction.Launch second = new MesosAction.Launch("prod-4-" + UUID_1, 4,
                assignment(4, List.of(new Allocation("kafka", 1.5, 0, 0, List.of()),
                        new Allocation("*", 0, 0, 0, List.of(31002, 31003))), Optional.empty()),
                spec(4, 31002, 31003));

        List<Protos.TaskInfo> tasks = factory.taskInfos(List.of(first, second), offer);

        assertThat(cpus(tasks.get(0))).containsExactly("STATIC:1.5");
        assertThat(cpus(tasks.get(1))).containsExactly("STATIC:0.5", "DYNAMIC:1.0");
    }

    @Test
    void taskInfos_launchOnAnotherOffer_isRefused() {
        Protos.Offer other = offer("offer-2", "agent-1", "h1").build();
        MesosAction.Launch launch = launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001))));

        assertThatThrownBy(() -> factory.taskInfos(List.of(launch), other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is on offer offer-1, not on offer offer-2");
    }

    @Test
    void taskInfo_assignmentWithVolume_addsThePersistentVolume() {
        Volume data = new Volume("broker-3", "kafka", 20000, "kafka-data");
        Assignment assignment = assignment(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001))), Optional.of(data));
        MesosAction.Launch launch = new MesosAction.Launch("prod-3-" + UUID_1, 3, assignment, spec(3, 31000, 31001));

        Protos.Resource fromRole = last(factory.taskInfo(launch));
        Protos.Resource offered = volume("broker-3", "kafka", 20000, "kafka-data").build();
        Protos.Resource fromOffer = last(factory.taskInfos(List.of(launch),
                offer("offer-1", "agent-1", "h1").addResources(offered).build()).get(0));

        assertThat(fromOffer).isEqualTo(offered);
        assertThat(fromRole.getName()).isEqualTo("disk");
        assertThat(fromRole.getScalar().getValue()).isEqualTo(20000);
        assertThat(MesosOffers.role(fromRole)).isEqualTo("kafka");
        assertThat(fromRole.getDisk().getPersistence().getId()).isEqualTo("broker-3");
        assertThat(fromRole.getDisk().getVolume().getContainerPath()).isEqualTo("kafka-data");
        assertThat(fromRole.getDisk().getVolume().getMode()).isEqualTo(Protos.Volume.Mode.RW);
        assertThat(MesosOffers.kind(fromRole)).isEqualTo(MesosOffers.Kind.VOLUME);
    }

    @Test
    void taskInfo_aNativeExecutor_asksExecutorMainForTheNativeDriver_andByDefaultItSpeaksHttp() {
        Allocation allocation = new Allocation("*", 1, 1024, 0, List.of(31000, 31001));
        List<String> byDefault = TaskInfoFactory.builder("prod", "/opt/e.jar").build().taskInfo(launch(3, List.of(allocation)))
                .getExecutor().getCommand().getArgumentsList();
        List<String> nativeOne = TaskInfoFactory.builder("prod", "/opt/e.jar").nativeExecutor(true).build()
                .taskInfo(launch(3, List.of(allocation))).getExecutor().getCommand().getArgumentsList();

        assertThat(byDefault).endsWith("org.kafkamesos.executor.ExecutorMain");
        assertThat(nativeOne).endsWith("org.kafkamesos.executor.ExecutorMain", "--native");
    }

    @Test
    void taskInfo_executorCommand_runsExecutorMainWithoutAShell() {
        TaskInfoFactory custom = TaskInfoFactory.builder("prod", "/opt/kafka-mesos/executor.jar")
                .javaCommand("/usr/lib/jvm/java-17/bin/java")
                .executorJvmOptions(List.of("-Xmx96m", "-Dlog.level=debug with space"))
                .environment("MESOS_NATIVE_JAVA_LIBRARY", "/usr/lib/libmesos.so")
                .build();

        Protos.CommandInfo command = custom.taskInfo(launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)))))
                .getExecutor().getCommand();

        assertThat(command.getShell()).isFalse();
        assertThat(command.getValue()).isEqualTo("/usr/lib/jvm/java-17/bin/java");
        assertThat(command.getArgumentsList()).containsExactly("/usr/lib/jvm/java-17/bin/java", "-Xmx96m",
                "-Dlog.level=debug with space", "-cp", "kafka-mesos-executor.jar", "org.kafkamesos.executor.ExecutorMain");
        assertThat(command.getEnvironment().getVariablesList())
                .extracting(Protos.Environment.Variable::getName, Protos.Environment.Variable::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MESOS_NATIVE_JAVA_LIBRARY", "/usr/lib/libmesos.so"));
    }

    @Test
    void taskInfo_defaultExecutorCommand_usesJavaOnThePath() {
        Protos.CommandInfo command = factory.taskInfo(launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)))))
                .getExecutor().getCommand();

        assertThat(command.getArgumentsList()).containsExactly("java", "-Xmx128m", "-cp", TaskInfoFactory.EXECUTOR_JAR,
                TaskInfoFactory.EXECUTOR_MAIN);
        assertThat(command.hasEnvironment()).isFalse();
    }

    @Test
    void taskInfo_uris_fetchTheExecutorJarUnderItsNameAndExtractTheKafkaArchive() {
        List<Protos.CommandInfo.URI> uris = factory.taskInfo(launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)))))
                .getExecutor().getCommand().getUrisList();

        assertThat(uris).hasSize(2);
        assertThat(uris.get(0).getValue()).isEqualTo("https://repo.example/kafka-mesos-executor-0.1.0.jar");
        assertThat(uris.get(0).getExtract()).isFalse();
        assertThat(uris.get(0).getOutputFile()).isEqualTo("kafka-mesos-executor.jar");
        assertThat(uris.get(1).getValue()).isEqualTo("https://downloads.example/kafka_2.13-4.1.1.tgz");
        assertThat(uris.get(1).getExtract()).isTrue();
        assertThat(uris.get(1).hasOutputFile()).isFalse();
    }

    @Test
    void taskInfo_executorArchive_isExtractedAndRunFromTheGivenClasspath() {
        TaskInfoFactory fromArchive = TaskInfoFactory.builder("prod", "hdfs://nn/kafka-mesos/executor.tar.gz?v=2")
                .executorClasspath("kafka-mesos-executor/lib/*")
                .kafkaDistributionUri("/opt/dist/kafka")
                .build();

        Protos.CommandInfo command = fromArchive.taskInfo(launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)))))
                .getExecutor().getCommand();

        assertThat(command.getUris(0).getExtract()).isTrue();
        assertThat(command.getUris(0).hasOutputFile()).isFalse();
        assertThat(command.getUris(1).getExtract()).isFalse();
        assertThat(command.getArgumentsList()).containsSubsequence("-cp", "kafka-mesos-executor/lib/*");
    }

    @Test
    void build_executorArchiveWithoutClasspath_isRefused() {
        assertThatThrownBy(() -> TaskInfoFactory.builder("prod", "https://repo.example/executor.zip").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give the executor classpath");
    }

    @Test
    void build_misuse_isRefusedWithTheReason() {
        assertThatThrownBy(() -> TaskInfoFactory.builder("prod cluster", "x.jar").build())
                .hasMessageContaining("cluster name");
        assertThatThrownBy(() -> TaskInfoFactory.builder("prod", " ").build())
                .hasMessageContaining("executor URI");
        assertThatThrownBy(() -> TaskInfoFactory.builder("prod", "x.jar").label("cluster", "other").build())
                .hasMessageContaining("set by the factory");
        assertThatThrownBy(() -> TaskInfoFactory.builder("prod", "x.jar").killGracePeriod(Duration.ZERO).build())
                .hasMessageContaining("kill grace period");
        assertThatThrownBy(() -> TaskInfoFactory.builder("prod", "x.jar").executorJvmOptions(List.of("")).build())
                .hasMessageContaining("executor JVM option");
    }

    @Test
    void taskInfo_labels_nameClusterAndBrokerThenTheConfiguredOnes() {
        TaskInfoFactory labelled = TaskInfoFactory.builder("prod", "x.jar").label("team", "streaming").label("env", "live")
                .build();

        Protos.Labels labels = labelled.taskInfo(launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)))))
                .getLabels();

        assertThat(labels.getLabelsList()).extracting(l -> l.getKey() + "=" + l.getValue())
                .containsExactly("cluster=prod", "broker=3", "env=live", "team=streaming");
    }

    @Test
    void taskInfo_discovery_namesTheListenerPorts() {
        Protos.DiscoveryInfo discovery = factory.taskInfo(launch(3, List.of(new Allocation("*", 1, 1024, 0,
                List.of(31000, 31001))))).getDiscovery();

        assertThat(discovery.getVisibility()).isEqualTo(Protos.DiscoveryInfo.Visibility.FRAMEWORK);
        assertThat(discovery.getName()).isEqualTo("prod-broker-3");
        assertThat(discovery.getPorts().getPortsList())
                .extracting(Protos.Port::getName, Protos.Port::getNumber, Protos.Port::getProtocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("broker", 31000, "tcp"),
                        org.assertj.core.groups.Tuple.tuple("controller", 31001, "tcp"));
    }

    @Test
    void taskInfo_brokerOnlyNode_hasOnlyTheBrokerPort() {
        LaunchSpec brokerOnly = LaunchSpec.builder(5, CLUSTER_ID).roles(Role.BROKER).advertisedHost("h1").brokerPort(31000)
                .voter(0, "h0", 9093).distribution("kafka_2.13-4.1.1").build();
        MesosAction.Launch launch = new MesosAction.Launch("prod-5-" + UUID_1, 5,
                assignment(5, List.of(new Allocation("*", 1, 1024, 0, List.of(31000))), Optional.empty()), brokerOnly);

        assertThat(factory.taskInfo(launch).getDiscovery().getPorts().getPortsList()).extracting(Protos.Port::getName)
                .containsExactly("broker");
    }

    @Test
    void taskInfo_data_decodesBackToTheLaunchSpec() {
        MesosAction.Launch launch = launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001))));

        byte[] data = factory.taskInfo(launch).getData().toByteArray();

        assertThat(LaunchSpec.fromBytes(data)).isEqualTo(launch.spec());
    }

    @Test
    void taskInfo_killGracePeriod_isTheKillPolicy() {
        TaskInfoFactory graceful = TaskInfoFactory.builder("prod", "x.jar").killGracePeriod(Duration.ofSeconds(90)).build();

        Protos.TaskInfo task = graceful.taskInfo(launch(3, List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)))));

        assertThat(task.getKillPolicy().getGracePeriod().getNanoseconds()).isEqualTo(Duration.ofSeconds(90).toNanos());
    }

    @Test
    void taskInfo_malformedTaskIds_areRefused() {
        List<Allocation> allocations = List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)));
        Assignment assignment = assignment(3, allocations, Optional.empty());
        for (String bad : List.of("other-3-" + UUID_1, "prod-4-" + UUID_1, "prod-03-" + UUID_1, "prod-3-not-a-uuid",
                "prod-3", "prod-3-" + UUID_1 + "-x")) {
            MesosAction.Launch launch = new MesosAction.Launch(bad, 3, assignment, spec(3, 31000, 31001));

            assertThatThrownBy(() -> factory.taskInfo(launch))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not of the form <cluster>-<broker>-<uuid> for cluster prod and broker 3");
        }
    }

    @Test
    void taskInfo_specThatDoesNotMatchTheAssignment_isRefused() {
        List<Allocation> allocations = List.of(new Allocation("*", 1, 1024, 0, List.of(31000, 31001)));
        MesosAction.Launch otherNode = new MesosAction.Launch("prod-3-" + UUID_1, 3, assignment(3, allocations, Optional.empty()),
                spec(4, 31000, 31001));
        MesosAction.Launch otherPort = new MesosAction.Launch("prod-3-" + UUID_1, 3, assignment(3, allocations, Optional.empty()),
                spec(3, 31000, 9093));
        MesosAction.Launch otherBroker = new MesosAction.Launch("prod-3-" + UUID_1, 3, assignment(4, allocations, Optional.empty()),
                spec(3, 31000, 31001));

        assertThatThrownBy(() -> factory.taskInfo(otherNode)).hasMessageContaining("launch spec of node 4");
        assertThatThrownBy(() -> factory.taskInfo(otherPort)).hasMessageContaining("port 9093, which its assignment does not hold");
        assertThatThrownBy(() -> factory.taskInfo(otherBroker)).hasMessageContaining("assignment of broker 4");
    }

    @Test
    void taskId_andBrokerIdOf_roundTrip() {
        String taskId = TaskInfoFactory.taskId("prod", 12, UUID_1);

        assertThat(taskId).isEqualTo("prod-12-123e4567-e89b-12d3-a456-426614174000");
        assertThat(TaskInfoFactory.brokerIdOf("prod", taskId)).isEqualTo(OptionalInt.of(12));
        assertThat(TaskInfoFactory.brokerIdOf("prod-12", taskId)).isEmpty();
        assertThat(TaskInfoFactory.brokerIdOf("other", taskId)).isEmpty();
        assertThat(TaskInfoFactory.brokerIdOf("prod", "prod-99999999999-" + UUID_1)).isEmpty();
    }

    @Test
    void isArchive_followsTheFetchersSuffixes() {
        for (String archive : List.of("a.tgz", "a.tar.gz", "A.TAR.BZ2", "a.tbz2", "a.txz", "a.tar.xz", "a.zip", "a.tar",
                "http://h/a.tgz?x=1", "/opt/a.tar.gz")) {
            assertThat(TaskInfoFactory.isArchive(archive)).as(archive).isTrue();
        }
        for (String file : List.of("a.jar", "http://h/a.jar?x=a.tgz", "/opt/kafka", "a.gz.jar")) {
            assertThat(TaskInfoFactory.isArchive(file)).as(file).isFalse();
        }
    }

    private static MesosAction.Launch launch(int broker, List<Allocation> allocations) {
        return launch(broker, allocations, 31000, 31001);
    }

    private static MesosAction.Launch launch(int broker, List<Allocation> allocations, int brokerPort, int controllerPort) {
        return new MesosAction.Launch("prod-" + broker + "-" + UUID_1, broker,
                assignment(broker, allocations, Optional.empty()), spec(broker, brokerPort, controllerPort));
    }

    private static Assignment assignment(int broker, List<Allocation> allocations, Optional<Volume> volume) {
        List<Integer> ports = new ArrayList<>();
        allocations.forEach(a -> ports.addAll(a.ports()));
        return new Assignment(broker, "offer-1", "agent-1", "h1", ports, volume, allocations);
    }

    static LaunchSpec spec(int node, int brokerPort, int controllerPort) {
        return LaunchSpec.builder(node, CLUSTER_ID)
                .roles(Role.BROKER, Role.CONTROLLER)
                .advertisedHost("h1")
                .brokerPort(brokerPort)
                .controllerPort(controllerPort)
                .voter(node, "h1", controllerPort)
                .distribution("kafka_2.13-4.1.1")
                .build();
    }

    private static double sum(Protos.TaskInfo task, String name, String role) {
        return task.getResourcesList().stream()
                .filter(r -> r.getName().equals(name) && MesosOffers.role(r).equals(role))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    private static List<Integer> portsOf(Protos.TaskInfo task, String role) {
        List<Integer> ports = new ArrayList<>();
        task.getResourcesList().stream()
                .filter(r -> r.getName().equals("ports") && MesosOffers.role(r).equals(role))
                .flatMap(r -> r.getRanges().getRangeList().stream())
                .forEach(r -> {
                    for (long p = r.getBegin(); p <= r.getEnd(); p++) {
                        ports.add((int) p);
                    }
                });
        return ports;
    }

    private static List<String> cpus(Protos.TaskInfo task) {
        return task.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
                .map(r -> r.getReservations(0).getType() + ":" + r.getScalar().getValue())
                .collect(Collectors.toList());
    }

    private static Protos.Resource last(Protos.TaskInfo task) {
        return task.getResources(task.getResourcesCount() - 1);
    }

    private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
        return Collectors.collectingAndThen(Collectors.toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }
}
