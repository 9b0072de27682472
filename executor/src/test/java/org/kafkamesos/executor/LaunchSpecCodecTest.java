package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kafkamesos.executor.wire.LaunchSpecWire;
import org.kafkamesos.executor.wire.LaunchSpecWire.LaunchSpecMessage;

class LaunchSpecCodecTest {

    @Test
    void spec_roundTripsThroughBytes() {
        LaunchSpec spec = LaunchSpecTest.combined(3)
                .bindHost("127.0.0.1")
                .voter(4, "h4", 9093)
                .logDir("/data/a").logDir("b")
                .heapMb(512)
                .jvmOptions(List.of("-XX:+UseZGC", "-Dx=a b; rm -rf /"))
                .override("num.io.threads", "8")
                .override("log.dirs", "/x").allowOwnedOverride("log.dirs")
                .build();

        assertThat(LaunchSpec.fromBytes(spec.toBytes())).isEqualTo(spec);
    }

    @Test
    void bytes_carryTheFormatVersion_1ForAStaticQuorum_whichOlderExecutorsRead_2ForADynamicOne() throws Exception {
        LaunchSpecMessage staticQuorum = LaunchSpecMessage.parseFrom(LaunchSpecTest.combined(1).build().toBytes());
        LaunchSpecMessage dynamic = LaunchSpecMessage.parseFrom(dynamicCombined().toBytes());

        assertThat(staticQuorum.getFormatVersion()).isEqualTo(1);
        assertThat(dynamic.getFormatVersion()).isEqualTo(LaunchSpec.FORMAT_VERSION).isEqualTo(2);
    }

    @Test
    void aDynamicQuorumsSpec_roundTripsWithItsVotersDirectoryIds() {
        LaunchSpec spec = dynamicCombined();

        LaunchSpec read = LaunchSpec.fromBytes(spec.toBytes());

        assertThat(read).isEqualTo(spec);
        assertThat(read.controllerQuorum()).extracting(QuorumVoter::initialController)
                .containsExactly("1@h1:9093:nHRn9U71UHHRnFZmsKQTbA", "2@h2:9093:sfn0eBx-5VS52XShytQXQw");
    }

    static LaunchSpec dynamicCombined() {
        return LaunchSpec.builder(1, "MkU3OEVBNTcwNTJENDM2Qk").roles(Role.BROKER, Role.CONTROLLER).advertisedHost("h1")
                .brokerPort(9092).controllerPort(9093).distribution("/opt/kafka").dynamicQuorum(true)
                .voters(List.of(new QuorumVoter(1, "h1", 9093, Optional.of("nHRn9U71UHHRnFZmsKQTbA")),
                        new QuorumVoter(2, "h2", 9093, Optional.of("sfn0eBx-5VS52XShytQXQw"))))
                .build();
    }

    @Test
    void newerFormatVersion_isRefusedSayingToUpgrade() {
        byte[] bytes = valid().setFormatVersion(LaunchSpec.FORMAT_VERSION + 1).build().toByteArray();

        assertThatThrownBy(() -> LaunchSpec.fromBytes(bytes))
                .isInstanceOf(LaunchSpecFormatException.class)
                .hasMessage("launch spec format version 3 is newer than this executor understands (up to 2):"
                        + " upgrade the executor to the scheduler's version");
    }

    @Test
    void missingFormatVersion_isRefused() {
        byte[] bytes = valid().clearFormatVersion().build().toByteArray();

        assertThatThrownBy(() -> LaunchSpec.fromBytes(bytes))
                .isInstanceOf(LaunchSpecFormatException.class)
                .hasMessageContaining("launch spec has no format version");
    }

    @Test
    void ownedOverrideOnTheWire_isRefusedWithTheValidationMessage() {
        byte[] bytes = valid().putOverrides("process.roles", "broker").build().toByteArray();

        assertThatThrownBy(() -> LaunchSpec.fromBytes(bytes))
                .isInstanceOf(LaunchSpecFormatException.class)
                .hasMessageStartingWith("launch spec is invalid: override of 'process.roles' refused");
    }

    @Test
    void unknownRole_isRefused() {
        byte[] bytes = valid().addRolesValue(7).build().toByteArray();

        assertThatThrownBy(() -> LaunchSpec.fromBytes(bytes))
                .isInstanceOf(LaunchSpecFormatException.class)
                .hasMessageContaining("unknown role (number 7)");
    }

    @Test
    void bytesThatAreNoMessage_areRefused() {
        assertThatThrownBy(() -> LaunchSpec.fromBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .isInstanceOf(LaunchSpecFormatException.class)
                .hasMessageContaining("launch spec is not a LaunchSpec message (3 bytes)");
        assertThatThrownBy(() -> LaunchSpec.fromBytes(null))
                .isInstanceOf(LaunchSpecFormatException.class)
                .hasMessageContaining("the task carries no data");
    }

    @Test
    void emptyBytes_areRefusedForTheMissingVersion() {
        assertThatThrownBy(() -> LaunchSpec.fromBytes(new byte[0]))
                .isInstanceOf(LaunchSpecFormatException.class)
                .hasMessageContaining("no format version");
    }

    private static LaunchSpecMessage.Builder valid() {
        return LaunchSpecMessage.newBuilder()
                .setFormatVersion(1).setNodeId(1).setClusterId(LaunchSpecTest.CLUSTER)
                .addRoles(LaunchSpecWire.Role.ROLE_BROKER).setBrokerPort(9092)
                .setBindHost("0.0.0.0").setAdvertisedHost("h")
                .addControllerQuorum(LaunchSpecWire.Voter.newBuilder().setNodeId(0).setHost("c").setPort(9093))
                .addLogDirs("kafka-logs").setHeapMb(256).setDistribution("/opt/kafka");
    }
}
