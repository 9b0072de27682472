package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchSpecTest {

    static final String CLUSTER = "MkU3OEVBNTcwNTJENDM2Qk";

    static LaunchSpec.Builder combined(int nodeId) {
        return LaunchSpec.builder(nodeId, CLUSTER)
                .roles(Role.BROKER, Role.CONTROLLER)
                .advertisedHost("h" + nodeId)
                .brokerPort(9092)
                .controllerPort(9093)
                .voter(nodeId, "h" + nodeId, 9093)
                .distribution("/opt/kafka");
    }

    @Test
    void builder_appliesDocumentedDefaults() {
        LaunchSpec spec = combined(1).build();

        assertThat(spec.bindHost()).isEqualTo("0.0.0.0");
        assertThat(spec.logDirs()).containsExactly("kafka-logs");
        assertThat(spec.heapMb()).isEqualTo(1024);
        assertThat(spec.jvmOptions()).isEqualTo(LaunchSpec.DEFAULT_JVM_OPTIONS);
        assertThat(spec.overrides()).isEmpty();
    }

    @Test
    void override_ofOwnedKey_isRefusedNamingTheKeyAndWhatIsAccepted() {
        assertThatThrownBy(() -> combined(1).override("node.id", "7").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("override of 'node.id' refused")
                .hasMessageContaining("nodeId")
                .hasMessageContaining("Overrides may set any other key")
                .hasMessageNotContaining("allowedOwnedOverrides");
    }

    @Test
    void override_ofOwnedKey_whenTheSpecAllowsAnother_namesTheAllowance() {
        assertThatThrownBy(() -> combined(1).override("node.id", "7").allowOwnedOverride("log.dirs").build())
                .hasMessageContaining("override of 'node.id' refused")
                .hasMessageContaining("allowedOwnedOverrides");
    }

    @Test
    void override_ofEveryOwnedKey_isRefused() {
        for (String key : LaunchSpec.ownedKeys()) {
            assertThatThrownBy(() -> combined(1).override(key, "x").build())
                    .as(key)
                    .hasMessageContaining("override of '" + key + "' refused");
        }
    }

    @Test
    void override_ofOwnedKeyTheSpecAllows_isAccepted() {
        LaunchSpec spec = combined(1).override("log.dirs", "/data/a").allowOwnedOverride("log.dirs").build();

        assertThat(spec.overrides()).containsEntry("log.dirs", "/data/a");
    }

    @Test
    void allowingAKeyThatIsNotOwned_isRefused() {
        assertThatThrownBy(() -> combined(1).allowOwnedOverride("num.io.threads").build())
                .hasMessageContaining("'num.io.threads' in allowedOwnedOverrides is not a key the launch spec sets");
    }

    @Test
    void override_withKeyThatIsNoConfigName_isRefused() {
        assertThatThrownBy(() -> combined(1).override("a b", "x").build())
                .hasMessageContaining("override key 'a b' is not a Kafka config name");
        assertThatThrownBy(() -> combined(1).override("a\nnode.id", "x").build())
                .hasMessageContaining("is not a Kafka config name");
    }

    @Test
    void roles_mustMatchPorts() {
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.BROKER).advertisedHost("h")
                .voter(0, "c", 9093).distribution("d").build())
                .hasMessageContaining("node 1 has the broker role but no broker port");
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.BROKER).brokerPort(9092).controllerPort(9093)
                .advertisedHost("h").voter(0, "c", 9093).distribution("d").build())
                .hasMessageContaining("has a controller port (9093) but not the controller role");
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).advertisedHost("h").voter(0, "c", 9093).distribution("d").build())
                .hasMessageContaining("node 1 has no role");
    }

    @Test
    void controller_mustBeAVoterWithItsOwnPort() {
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.CONTROLLER).controllerPort(9093)
                .advertisedHost("h").voter(2, "h2", 9093).distribution("d").build())
                .hasMessageContaining("node 1 has the controller role but is not a voter");
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.CONTROLLER).controllerPort(9093)
                .advertisedHost("h").voter(1, "h", 9094).distribution("d").build())
                .hasMessageContaining("node 1 is voter 1@h:9094 but its controller port is 9093");
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.BROKER).brokerPort(9092)
                .advertisedHost("h").voter(1, "h", 9093).distribution("d").build())
                .hasMessageContaining("is a voter of the controller quorum [1@h:9093] but has no controller role");
    }

    @Test
    void quorum_isRequiredAndHasDistinctVoters() {
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.BROKER).brokerPort(9092)
                .advertisedHost("h").distribution("d").build())
                .hasMessageContaining("controller quorum of node 1 is empty");
        assertThatThrownBy(() -> combined(1).voter(1, "other", 9093).build())
                .hasMessageContaining("lists node 1 twice");
    }

    @Test
    void clusterId_mustBeAKafkaClusterId() {
        assertThatThrownBy(() -> LaunchSpec.builder(1, "my-cluster").roles(Role.BROKER).brokerPort(9092)
                .advertisedHost("h").voter(0, "c", 9093).distribution("d").build())
                .hasMessageContaining("cluster id 'my-cluster' is not a Kafka cluster id");
        assertThat(LaunchSpec.randomClusterId()).hasSize(22).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void samePortForBothListeners_isRefused() {
        assertThatThrownBy(() -> combined(1).brokerPort(9093).build())
                .hasMessageContaining("broker and controller ports of node 1 are both 9093");
    }

    @Test
    void logDirs_withCommaOrTwice_areRefused() {
        assertThatThrownBy(() -> combined(1).logDir("/a,/b").build()).hasMessageContaining("contains a comma");
        assertThatThrownBy(() -> combined(1).logDir("/a").logDir("/a").build()).hasMessageContaining("given twice");
    }

    @Test
    void heapFlagsInJvmOptions_areRefusedInFavourOfHeapMb() {
        assertThatThrownBy(() -> combined(1).jvmOptions(List.of("-Xmx4g")).build())
                .hasMessageContaining("JVM option '-Xmx4g' sets the heap, which kafka-mesos sets from the heap of the spec");
    }

    @Test
    void distribution_thatIsARemoteUri_isRefusedWithHowToFetchIt() {
        assertThatThrownBy(() -> combined(1).distribution("https://example.org/kafka_2.13-4.1.1.tgz").build())
                .hasMessageContaining("CommandInfo.URI");
        assertThat(combined(1).distribution("file:/opt/kafka").build().distribution()).isEqualTo("file:/opt/kafka");
    }

    @Test
    void requiredParts_missing_areNamed() {
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.BROKER).brokerPort(1).voter(0, "c", 2)
                .distribution("d").build())
                .hasMessageContaining("advertised host of node 1 is required");
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.BROKER).brokerPort(1).voter(0, "c", 2)
                .advertisedHost("h").build())
                .hasMessageContaining("Kafka distribution of node 1 is required");
    }

    @Test
    void aDynamicQuorum_hasEveryVotersDirectoryIdOrNone_andAStaticOneNone() {
        List<QuorumVoter> mixed = List.of(new QuorumVoter(1, "h1", 9093, Optional.of("nHRn9U71UHHRnFZmsKQTbA")),
                new QuorumVoter(2, "h2", 9093, Optional.empty()));
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.BROKER, Role.CONTROLLER).advertisedHost("h1")
                .brokerPort(9092).controllerPort(9093).distribution("/opt/kafka").voters(mixed).dynamicQuorum(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the voters of the dynamic quorum of node 1 [1@h1:9093, 2@h2:9093] carry a directory id for some"
                        + " voters only: every voter has one while the quorum forms, and none once it has formed, when the nodes"
                        + " find the voters through the bootstrap servers");
        assertThat(combined(1).dynamicQuorum(true).build().controllerQuorum()).as("a formed quorum's voters, without directory ids")
                .containsExactly(new QuorumVoter(1, "h1", 9093));
        assertThatThrownBy(() -> LaunchSpec.builder(1, CLUSTER).roles(Role.BROKER, Role.CONTROLLER).advertisedHost("h1")
                .brokerPort(9092).controllerPort(9093).distribution("/opt/kafka")
                .voters(List.of(new QuorumVoter(1, "h1", 9093, Optional.of("nHRn9U71UHHRnFZmsKQTbA")))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a static quorum (controller.quorum.voters) has none");
    }

    @Test
    void aDirectoryId_isAKafkaUuid_notReserved_notLikeAnOption() {
        for (String bad : List.of("AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAQ", "-fn0eBx-5VS52XShytQXQw", "short", "nHRn9U71UHHRnFZmsKQTb!")) {
            assertThatThrownBy(() -> new QuorumVoter(1, "h1", 9093, Optional.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a directory id");
        }
        java.util.Iterator<java.util.UUID> draws = List.of(new java.util.UUID(0, 0), new java.util.UUID(0, 1),
                new java.util.UUID(0xF800000000000000L, 5), new java.util.UUID(0, 2)).iterator();

        String drawn = QuorumVoter.newDirectoryId(draws::next);

        assertThat(drawn).as("the reserved ones and one starting with '-' are drawn again").isEqualTo("AAAAAAAAAAAAAAAAAAAAAg");
        assertThat(new QuorumVoter(1, "h1", 9093, Optional.of(drawn)).initialController()).isEqualTo("1@h1:9093:AAAAAAAAAAAAAAAAAAAAAg");
    }
}
