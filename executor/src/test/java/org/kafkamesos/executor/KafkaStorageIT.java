package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage formatting with Kafka's own tool (kafka.tools.StorageTool run as a process): once, and never over another cluster's data. */
class KafkaStorageIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path sandbox;

    private final List<KafkaProcess> tools = new ArrayList<>();

    @AfterEach
    void noProcessLeft() {
        KafkaNodes.assertNoKafkaProcessLeft();
    }

    @Test
    void format_ofNewLogDirs_writesTheClusterAndNodeIds_thenIsANoOpOnRestart() throws Exception {
        LaunchSpec spec = spec(LaunchSpec.randomClusterId(), "a", "b");

        assertThat(format(spec)).isEqualTo(KafkaStorage.Outcome.FORMATTED);
        assertThat(tools).hasSize(1);
        Properties a = KafkaNodes.metaProperties(sandbox.resolve("a"));
        Properties b = KafkaNodes.metaProperties(sandbox.resolve("b"));
        assertThat(a.getProperty("cluster.id")).isEqualTo(spec.clusterId());
        assertThat(a.getProperty("node.id")).isEqualTo("7");
        assertThat(b.getProperty("cluster.id")).isEqualTo(spec.clusterId());
        assertThat(sandbox.resolve("a").resolve("bootstrap.checkpoint")).as("metadata log dir").exists();
        assertThat(KafkaStorage.directoryId(sandbox.resolve("a"))).as("the id the quorum knows the storage by")
                .hasValue(a.getProperty("directory.id")).isNotEqualTo(KafkaStorage.directoryId(sandbox.resolve("b")));
        assertThat(KafkaStorage.directoryId(sandbox.resolve("never-formatted"))).isEmpty();
        byte[] before = Files.readAllBytes(sandbox.resolve("a").resolve("meta.properties"));

        assertThat(format(spec)).isEqualTo(KafkaStorage.Outcome.ALREADY_FORMATTED);
        assertThat(tools).as("no tool runs when every log dir is formatted").hasSize(1);
        assertThat(Files.readAllBytes(sandbox.resolve("a").resolve("meta.properties"))).isEqualTo(before);
    }

    @Test
    void format_afterAddingALogDir_formatsOnlyTheNewOne() throws Exception {
        String clusterId = LaunchSpec.randomClusterId();
        format(spec(clusterId, "a"));
        Properties a = KafkaNodes.metaProperties(sandbox.resolve("a"));

        assertThat(format(spec(clusterId, "a", "c"))).isEqualTo(KafkaStorage.Outcome.FORMATTED);

        assertThat(KafkaNodes.metaProperties(sandbox.resolve("a"))).isEqualTo(a);
        assertThat(KafkaNodes.metaProperties(sandbox.resolve("c")).getProperty("cluster.id")).isEqualTo(clusterId);
        assertThat(KafkaNodes.metaProperties(sandbox.resolve("c")).getProperty("directory.id"))
                .isNotEqualTo(a.getProperty("directory.id"));
    }

    @Test
    void format_ofALogDirOfAnotherCluster_failsBeforeAnyProcess_andLeavesItAlone() throws Exception {
        format(spec(LaunchSpec.randomClusterId(), "a"));
        byte[] before = Files.readAllBytes(sandbox.resolve("a").resolve("meta.properties"));
        tools.clear();
        LaunchSpec other = spec(LaunchSpec.randomClusterId(), "a");

        assertThatThrownBy(() -> format(other))
                .isInstanceOf(LaunchFailure.class)
                .hasMessageContaining("belongs to another cluster")
                .hasMessageContaining("this node is in cluster " + other.clusterId());
        assertThat(tools).isEmpty();
        assertThat(Files.readAllBytes(sandbox.resolve("a").resolve("meta.properties"))).isEqualTo(before);
    }

    private LaunchSpec spec(String clusterId, String... logDirs) {
        List<Integer> ports = KafkaNodes.freePorts(2);
        LaunchSpec.Builder b = KafkaNodes.singleNode(7, clusterId, ports.get(0), ports.get(1));
        for (String dir : logDirs) {
            b.logDir(dir);
        }
        return b.build();
    }

    private KafkaStorage.Outcome format(LaunchSpec spec) throws Exception {
        Path config = sandbox.resolve("server.properties");
        Files.writeString(config, ServerProperties.render(spec, sandbox));
        return KafkaStorage.format(spec, ServerProperties.logDirs(spec, sandbox), config,
                KafkaDistribution.locate(KafkaNodes.distribution().toString(), sandbox), RuntimeSettings.currentJava(),
                sandbox, TIMEOUT, 1 << 20, tools::add);
    }
}
