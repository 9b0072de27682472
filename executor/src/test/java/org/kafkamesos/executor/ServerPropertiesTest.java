package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServerPropertiesTest {

    private static final Path SANDBOX = Path.of("/sandbox");
    private static final String HEADER_COMBINED =
            "# Rendered by the kafka-mesos executor from the launch spec of node 1; it is rewritten at every launch.\n";

    @Test
    void combinedNode_rendersBothListenersAndTheQuorum_inFixedOrder() {
        LaunchSpec spec = LaunchSpec.builder(1, LaunchSpecTest.CLUSTER)
                .roles(Role.CONTROLLER, Role.BROKER)
                .bindHost("10.0.0.1").advertisedHost("h1")
                .brokerPort(9092).controllerPort(9093)
                .voter(1, "h1", 9093).voter(2, "h2", 9093).voter(3, "h3", 9093)
                .logDir("/data/a").logDir("b")
                .distribution("/opt/kafka")
                .build();

        assertThat(ServerProperties.render(spec, SANDBOX)).isEqualTo(HEADER_COMBINED
                + "node.id=1\n"
                + "process.roles=broker,controller\n"
                + "listeners=BROKER://10.0.0.1:9092,CONTROLLER://10.0.0.1:9093\n"
                + "advertised.listeners=BROKER://h1:9092\n"
                + "listener.security.protocol.map=BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT\n"
                + "inter.broker.listener.name=BROKER\n"
                + "controller.listener.names=CONTROLLER\n"
                + "controller.quorum.voters=1@h1:9093,2@h2:9093,3@h3:9093\n"
                + "log.dirs=/data/a,/sandbox/b\n");
    }

    @Test
    void aNodeOfADynamicQuorum_findsItThroughTheBootstrapServers_andAControllerFormatsWithTheInitialControllers() {
        LaunchSpec controller = LaunchSpecCodecTest.dynamicCombined();
        LaunchSpec broker = LaunchSpec.builder(7, LaunchSpecTest.CLUSTER).roles(Role.BROKER).advertisedHost("h7").brokerPort(9092)
                .voters(controller.controllerQuorum()).dynamicQuorum(true).distribution("/opt/kafka").build();

        assertThat(ServerProperties.render(controller, SANDBOX)).contains("controller.quorum.bootstrap.servers=h1:9093,h2:9093\n")
                .doesNotContain("controller.quorum.voters");
        assertThat(ServerProperties.render(broker, SANDBOX)).contains("controller.quorum.bootstrap.servers=h1:9093,h2:9093\n");
        assertThat(KafkaStorage.formatArguments(controller, Path.of("server.properties"))).endsWith("--ignore-formatted",
                "--initial-controllers", "1@h1:9093:nHRn9U71UHHRnFZmsKQTbA,2@h2:9093:sfn0eBx-5VS52XShytQXQw");
        assertThat(KafkaStorage.formatArguments(broker, Path.of("server.properties"))).as("a broker needs no quorum argument")
                .endsWith("--ignore-formatted");
        LaunchSpec joining = LaunchSpec.builder(3, LaunchSpecTest.CLUSTER).roles(Role.CONTROLLER).advertisedHost("h3").controllerPort(31007)
                .voters(controller.controllerQuorum()).dynamicQuorum(true).distribution("/opt/kafka").build();
        assertThat(KafkaStorage.formatArguments(joining, Path.of("server.properties")))
                .as("a controller the voters do not name joins as an observer").endsWith("--ignore-formatted", "--no-initial-controllers");
        assertThat(ServerProperties.render(joining, SANDBOX)).contains("controller.quorum.bootstrap.servers=h1:9093,h2:9093\n")
                .contains("listeners=CONTROLLER://0.0.0.0:31007\n")
                .as("it advertises where the others reach it, not the address it binds")
                .contains("advertised.listeners=CONTROLLER://h3:31007\n");
        LaunchSpec replaced = LaunchSpec.builder(1, LaunchSpecTest.CLUSTER).roles(Role.CONTROLLER).advertisedHost("h9").controllerPort(31007)
                .voter(1, "h9", 31007).voter(2, "h2", 9093).dynamicQuorum(true).distribution("/opt/kafka").build();
        assertThat(KafkaStorage.formatArguments(replaced, Path.of("server.properties")))
                .as("nor does a voter of a quorum that has formed, whose new storage joins it under a new directory id")
                .endsWith("--ignore-formatted", "--no-initial-controllers");
        assertThat(KafkaStorage.formatArguments(LaunchSpecTest.combined(1).build(), Path.of("server.properties")))
                .as("a node of a static quorum needs no quorum argument").endsWith("--ignore-formatted");
    }

    @Test
    void brokerOnlyNode_hasNoControllerListenerButKnowsTheQuorum() {
        LaunchSpec spec = LaunchSpec.builder(4, LaunchSpecTest.CLUSTER)
                .roles(Role.BROKER).advertisedHost("h4").brokerPort(9092)
                .voter(1, "h1", 9093)
                .distribution("/opt/kafka")
                .build();

        assertThat(ServerProperties.render(spec, SANDBOX)).endsWith(""
                + "node.id=4\n"
                + "process.roles=broker\n"
                + "listeners=BROKER://0.0.0.0:9092\n"
                + "advertised.listeners=BROKER://h4:9092\n"
                + "listener.security.protocol.map=BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT\n"
                + "inter.broker.listener.name=BROKER\n"
                + "controller.listener.names=CONTROLLER\n"
                + "controller.quorum.voters=1@h1:9093\n"
                + "log.dirs=/sandbox/kafka-logs\n");
    }

    @Test
    void controllerOnlyNode_hasNeitherBrokerListenerNorAdvertisedListeners() {
        LaunchSpec spec = LaunchSpec.builder(1, LaunchSpecTest.CLUSTER)
                .roles(Role.CONTROLLER).advertisedHost("h1").controllerPort(9093)
                .voter(1, "h1", 9093)
                .distribution("/opt/kafka")
                .build();

        assertThat(ServerProperties.render(spec, SANDBOX)).endsWith(""
                + "node.id=1\n"
                + "process.roles=controller\n"
                + "listeners=CONTROLLER://0.0.0.0:9093\n"
                + "listener.security.protocol.map=BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT\n"
                + "controller.listener.names=CONTROLLER\n"
                + "controller.quorum.voters=1@h1:9093\n"
                + "log.dirs=/sandbox/kafka-logs\n");
    }

    @Test
    void overrides_followTheOwnedKeysInKeyOrder_whateverTheOrderGiven() {
        LaunchSpec a = LaunchSpecTest.combined(1).override("num.io.threads", "8").override("auto.create.topics.enable", "false").build();
        LaunchSpec b = LaunchSpecTest.combined(1).override("auto.create.topics.enable", "false").override("num.io.threads", "8").build();

        String rendered = ServerProperties.render(a, SANDBOX);
        assertThat(rendered).isEqualTo(ServerProperties.render(b, SANDBOX));
        assertThat(rendered).endsWith("log.dirs=/sandbox/kafka-logs\nauto.create.topics.enable=false\nnum.io.threads=8\n");
    }

    @Test
    void allowedOwnedOverride_replacesTheRenderedValueInPlace() {
        LaunchSpec spec = LaunchSpecTest.combined(1).override("log.dirs", "/elsewhere").allowOwnedOverride("log.dirs").build();

        String rendered = ServerProperties.render(spec, SANDBOX);
        assertThat(rendered).contains("controller.quorum.voters=1@h1:9093\nlog.dirs=/elsewhere\n");
        assertThat(rendered).doesNotContain("kafka-logs");
    }

    @Test
    void valueWithLineBreak_cannotAddAnEntryOfItsOwn() throws IOException {
        LaunchSpec spec = LaunchSpecTest.combined(1).override("ssl.keystore.password", "pw\nnode.id=99\n  # x").build();

        Properties read = new Properties();
        read.load(new StringReader(ServerProperties.render(spec, SANDBOX)));

        assertThat(read.getProperty("node.id")).isEqualTo("1");
        assertThat(read.getProperty("ssl.keystore.password")).isEqualTo("pw\nnode.id=99\n  # x");
    }

    @Test
    void everyEntry_readsBackAsWritten() throws IOException {
        LaunchSpec spec = LaunchSpecTest.combined(1)
                .override("a.b", " leading blank, trailing blank ").override("c", "x=y:z#!\\\t\u0001é").build();

        Properties read = new Properties();
        read.load(new StringReader(ServerProperties.render(spec, SANDBOX)));

        assertThat(read).containsAllEntriesOf(ServerProperties.entries(spec, SANDBOX));
        assertThat(read).hasSize(ServerProperties.entries(spec, SANDBOX).size());
    }
}
