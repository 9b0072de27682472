package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code kafka-mesos scheduler} says of options it can only check once it runs: each wrong value is refused with
 * exit code 64 and a message that names the option, what was given and what is accepted, before anything starts.
 */
class SchedulerCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--storage       | bogus:x         | --storage: unknown storage 'bogus:x'; accepted: memory, file:PATH or zk:",
        "--storage       | zk:zk1:2181     | --storage: storage 'zk:zk1:2181' needs a connect string and a node path",
        "--master        | bogus::x        | --master: 'bogus::x' is no master; accepted: local, HOST:PORT, http://HOST:PORT",
        "--driver        | jni             | --driver: 'jni' is no driver; accepted: http, native",
        "--master        | zk://zk1:2181   | --master: 'zk://zk1:2181' is no master; accepted:",
        "--master        | host:0          | --master: 'host:0' is no master; accepted:",
        "--master        | 127.0.0.1:5050  | --api: agents fetch the executor and Kafka from it, so it needs a port, not 0",
        "--local-agents  | 0               | --local-agents: must be 1 or more, at most 254; got 0",
        "--local-network | 256             | --local-network: must be 0..255, got 256",
        "--local-ports   | 32000-31000     | --local-ports: a range FROM-TO of at least 2 ports within 1..65535, such as 31000-32000; got '32000-31000'",
        "--local-ports   | 31000           | --local-ports: a range FROM-TO of at least 2 ports",
        "--controllers   | 0               | --controllers: must be 1 or more, got 0",
        "--controller-port | 9093-9099     | --controller-port: port must be auto, a port such as 9092, or a range such as 9092..9099; got '9093-9099'",
        "--controller-port | 70000         | --controller-port: port must be auto, a port such as 9092, or a range such as 9092..9099; got '70000'",
        "--replace-lost-controllers-after | soon | --replace-lost-controllers-after: expected a duration >= 0 such as 500ms, 30s, 1m, 10m, 1h, 1d or ISO-8601 such as PT1M, got 'soon'; or off",
        "--replace-lost-controllers-after | -5m  | --replace-lost-controllers-after: expected a duration >= 0 such as",
        "--api           | http://host     | --api: needs a host and a port, such as http://0.0.0.0:7000; got http://host",
        "--api           | ftp://host:7000 | --api: only http:// is served, got ftp://host:7000",
        "--framework-name | ' '            | --framework-name: must not be blank",
        "--framework-role | -kafka         | --framework-role: role '-kafka' is not a Mesos role",
        "--principal     | ' '             | --principal: must not be blank",
        "--secret        | s3cret          | --secret: needs --principal too",
        "--distribution  | no-such-folder  | --distribution: no Kafka distribution at no-such-folder",
        "--work-dir      | /dev/null/work  | --work-dir: cannot create the work folder /dev/null/work/local",
    })
    void aWrongOption_isRefusedWithExit64_namingTheOptionAndWhatIsAccepted(String option, String value, String message) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--storage", "memory", "--api", "http://127.0.0.1:0",
                "--work-dir", dir.resolve("work").toString()));
        options.put(option, value);
        List<String> args = new ArrayList<>(List.of("scheduler"));
        options.forEach((name, v) -> args.addAll(List.of(name, v)));

        Cli cli = Cli.run(args.toArray(String[]::new));

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(64);
        assertThat(cli.err()).startsWith("kafka-mesos scheduler: " + message).doesNotContain("ArgSpec and value cannot both be null");
        assertThat(dir.resolve("work")).as("nothing started").doesNotExist();
        assertThat(cli.err()).as("no stack trace").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"master.example.com:5050", "10.0.0.1:5050", "[::1]:5050", "zk://zk1:2181/mesos",
        "zk://zk1:2181,zk2:2181,zk3:2181/mesos", "zk://kafka:secret@zk1:2181,zk2:2181/mesos"})
    void everyMasterFormOfTheMesosDrivers_isAcceptedByBoth(String master) {
        assertThatCode(() -> SchedulerCommand.checkMaster(master, true)).doesNotThrowAnyException();
        assertThatCode(() -> SchedulerCommand.checkMaster(master, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://master:5050", "https://10.0.0.1:5050/", "http://127.0.0.1:5050"})
    void aMastersUrl_isAcceptedByTheHttpDriver_only(String master) {
        assertThatCode(() -> SchedulerCommand.checkMaster(master, false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> SchedulerCommand.checkMaster(master, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileMaster_isAcceptedByTheNativeDriver_only() {
        assertThatCode(() -> SchedulerCommand.checkMaster("file:///etc/mesos/master", true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> SchedulerCommand.checkMaster("file:///etc/mesos/master", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--driver native, file:///PATH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"master", "master:", ":5050", "master:70000", "zk://", "zk:///mesos", "zk://zk1:2181/", "zk://zk1/mesos",
        "file://", "file://relative", "http://master", "http://master:0", "http://master:5050/api/v1/scheduler", "ftp://m:21"})
    void anythingElse_isRefusedSayingWhatIsAccepted(String master) {
        for (boolean nativeDriver : new boolean[] {true, false}) {
            assertThatThrownBy(() -> SchedulerCommand.checkMaster(master, nativeDriver)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--master: '" + master + "' is no master; accepted: " + SchedulerCommand.MASTERS);
        }
    }

    @ParameterizedTest
    @CsvSource({"auto, auto", "9093, 9093", "31090..31099, 31090..31099"})
    void controllerPort_reachesTheOrchestratorsSettings(String option, String policy) {
        SchedulerCommand command = new SchedulerCommand();
        new picocli.CommandLine(command).parseArgs("--storage", "memory", "--controller-port", option, "--master", "m:5050",
                "--executor-uri", "http://x/e.jar", "--distribution", "kafka_2.13-4.1.1");

        assertThat(command.config().settings.controllerPort()).hasToString(policy);
    }

    @ParameterizedTest
    @CsvSource({"off, ''", "OFF, ''", "5m, PT5M", "90s, PT1M30S"})
    void replaceLostControllersAfter_reachesTheOrchestratorsSettings_offByDefault(String option, String after) {
        SchedulerCommand command = new SchedulerCommand();
        new picocli.CommandLine(command).parseArgs("--storage", "memory", "--replace-lost-controllers-after", option, "--master",
                "m:5050", "--executor-uri", "http://x/e.jar", "--distribution", "kafka_2.13-4.1.1");
        SchedulerCommand defaults = new SchedulerCommand();
        new picocli.CommandLine(defaults).parseArgs("--storage", "memory", "--master", "m:5050", "--executor-uri", "http://x/e.jar",
                "--distribution", "kafka_2.13-4.1.1");

        assertThat(command.config().settings.replaceLostControllersAfter().map(Object::toString).orElse("")).isEqualTo(after);
        assertThat(defaults.config().settings.replaceLostControllersAfter()).isEmpty();
    }
}
