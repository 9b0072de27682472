package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line a distribution gives Kafka's JVM. */
class KafkaDistributionTest {

    @TempDir
    Path dir;

    private KafkaDistribution distribution() throws IOException {
        Path home = Files.createDirectories(dir.resolve("kafka"));
        Files.createDirectories(home.resolve("libs"));
        Files.createFile(home.resolve("libs/kafka_2.13-4.1.1.jar"));
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/log4j2.yaml"), "Configuration: {}\n");
        return KafkaDistribution.locate(home.toString(), dir);
    }

    private List<String> command(List<String> jvmOptions) throws IOException {
        return distribution().command(Path.of("/usr/bin/java"), 256, jvmOptions, Files.createDirectories(dir.resolve("sandbox")),
                "kafka.Kafka", List.of("server.properties"));
    }

    @Test
    void theDistributionsLog4jConfiguration_isPassed() throws IOException {
        assertThat(command(List.of("-XX:+UseG1GC"))).filteredOn(a -> a.startsWith(KafkaDistribution.LOG4J_CONFIG))
                .containsExactly(KafkaDistribution.LOG4J_CONFIG + dir.resolve("kafka/config/log4j2.yaml").toAbsolutePath().normalize());
    }

    @Test
    void aLog4jConfigurationInTheJvmOptions_winsOverTheDistributions() throws IOException {
        assertThat(command(List.of("-Dlog4j2.configurationFile=/etc/kafka/log4j2.xml")))
                .filteredOn(a -> a.startsWith(KafkaDistribution.LOG4J_CONFIG))
                .containsExactly("-Dlog4j2.configurationFile=/etc/kafka/log4j2.xml");
    }
}
