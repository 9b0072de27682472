package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three combined nodes forming a dynamic quorum (KIP-853) from the directory ids their specs give, run by one executor
 * runtime: the quorum has {@code kraft.version} 1 and exactly those voters; a replicated topic keeps serving while one
 * node is stopped gracefully, and the node comes back as the same voter and catches up. Run once: it is the slowest
 * test of the module.
 */
class ThreeNodeQuorumIT {

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final String TOPIC = "replicated";

    @TempDir
    Path dir;

    private final RecordingSink sink = new RecordingSink();
    private ExecutorRuntime runtime;

    @AfterEach
    void noProcessLeft() {
        if (runtime != null) {
            runtime.close();
        }
        KafkaNodes.assertNoKafkaProcessLeft();
    }

    @Test
    void replicatedTopic_keepsServingWhileOneNodeIsDown_andIsrReturnsTo3WhenItIsBack() throws Exception {
        runtime = ExecutorRuntime.builder().statusSink(sink).killGrace(GRACE).build();
        String clusterId = LaunchSpec.randomClusterId();
        List<Integer> ports = KafkaNodes.freePorts(6);
        List<QuorumVoter> voters = new ArrayList<>();
        for (int voter = 1; voter <= 3; voter++) {
            voters.add(new QuorumVoter(voter, KafkaNodes.HOST, ports.get(2 * voter - 1),
                    Optional.of(QuorumVoter.newDirectoryId(UUID::randomUUID))));
        }
        List<LaunchSpec> specs = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            specs.add(KafkaNodes.combined(id, clusterId, ports.get(2 * id - 2), ports.get(2 * id - 1)).dynamicQuorum(true)
                    .voters(voters).build());
        }
        String all = bootstrap(ports, 1, 2, 3);
        String survivors = bootstrap(ports, 1, 2);

        for (LaunchSpec spec : specs) {
            runtime.launch("node-" + spec.nodeId(), spec, dir.resolve("node-" + spec.nodeId()));
        }
        for (LaunchSpec spec : specs) {
            sink.awaitState("node-" + spec.nodeId(), TaskState.RUNNING, START);
        }

        try (Admin admin = KafkaNodes.admin(all)) {
            assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures().get("kraft.version").maxVersionLevel())
                    .as("a dynamic quorum").isEqualTo((short) 1);
            assertThat(voters(admin)).isEqualTo(expectedVoters(voters));
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get();
            awaitIsrSize(admin, 3);
        }
        KafkaNodes.produce(all, TOPIC, "before-", 300);

        runtime.kill("node-3");
        TaskStatus killed = sink.awaitState("node-3", TaskState.KILLED, GRACE.plusSeconds(10));
        assertThat(killed.message()).contains("after SIGTERM").doesNotContain("SIGKILL");

        KafkaNodes.produce(survivors, TOPIC, "while-down-", 300);
        List<String> expected = new ArrayList<>(KafkaNodes.values("before-", 300));
        expected.addAll(KafkaNodes.values("while-down-", 300));
        assertThat(KafkaNodes.consumeAll(survivors, TOPIC, 600)).containsExactlyInAnyOrderElementsOf(expected);

        runtime.launch("node-3-again", specs.get(2), dir.resolve("node-3"));
        sink.awaitState("node-3-again", TaskState.RUNNING, START);
        try (Admin admin = KafkaNodes.admin(all)) {
            awaitIsrSize(admin, 3);
            assertThat(voters(admin)).as("node 3 is back as the same voter").isEqualTo(expectedVoters(voters));
        }
        assertThat(sink.states("node-1")).containsExactly(TaskState.STARTING, TaskState.RUNNING);
        assertThat(sink.states("node-2")).containsExactly(TaskState.STARTING, TaskState.RUNNING);
    }

    /** The quorum's voters as {@code id:directoryId}. */
    private static Set<String> voters(Admin admin) throws Exception {
        Set<String> voters = new TreeSet<>();
        admin.describeMetadataQuorum().quorumInfo().get().voters()
                .forEach(v -> voters.add(v.replicaId() + ":" + v.replicaDirectoryId()));
        return voters;
    }

    private static Set<String> expectedVoters(List<QuorumVoter> voters) {
        Set<String> expected = new TreeSet<>();
        voters.forEach(v -> expected.add(v.nodeId() + ":" + v.directoryId().orElseThrow()));
        return expected;
    }

    private static void awaitIsrSize(Admin admin, int size) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
            Collection<TopicPartitionInfo> partitions = topic.partitions();
            assertThat(partitions).hasSize(3).allSatisfy(p -> assertThat(p.isr()).hasSize(size));
        });
    }

    private static String bootstrap(List<Integer> ports, int... nodeIds) {
        List<String> servers = new ArrayList<>();
        for (int id : nodeIds) {
            servers.add(KafkaNodes.HOST + ":" + ports.get(2 * id - 2));
        }
        return String.join(",", servers);
    }
}
