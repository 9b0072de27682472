package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code kafka-mesos scheduler} says of options it can only check once it runs. */
class SchedulerCommandTest {

    @Test
    void aRealMasterWithoutTheExecutor_isRefusedNamingWhatIsMissing() {
        Cli cli = Cli.run("scheduler", "--master", "127.0.0.1:5050", "--storage", "memory", "--api", "http://127.0.0.1:0");

        assertThat(cli.exitCode()).isEqualTo(64);
        assertThat(cli.err()).startsWith("kafka-mesos scheduler: a real master needs --executor-uri")
                .doesNotContain("ArgSpec and value cannot both be null");
    }
}
