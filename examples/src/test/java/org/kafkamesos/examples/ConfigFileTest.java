package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka-mesos.properties: options as key=value for every command, the command line first. */
class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void apiInTheWorkingDirectorysFile_isWhereClientCommandsGo() throws Exception {
        Files.writeString(dir.resolve(ConfigFile.FILE_NAME), "# a comment\napi=http://127.0.0.1:1\n");

        Cli cli = Cli.runIn(dir, "status");

        assertThat(cli.exitCode()).isEqualTo(BrokerCli.EXIT_FAILED);
        assertThat(cli.err()).contains("cannot reach the scheduler at http://127.0.0.1:1");
    }

    @Test
    void theCommandLine_overridesTheFile() throws Exception {
        Files.writeString(dir.resolve(ConfigFile.FILE_NAME), "api=http://127.0.0.1:1\n");

        Cli cli = Cli.runIn(dir, "broker", "list", "--api", "http://127.0.0.1:2");

        assertThat(cli.err()).contains("http://127.0.0.1:2").doesNotContain("127.0.0.1:1");
    }

    @Test
    void configNamesAnotherFile_anywhereOnTheCommandLine() throws Exception {
        Files.writeString(dir.resolve("other.properties"), "api=http://127.0.0.1:3\n");

        Cli cli = Cli.runIn(dir, "list", "--config", "other.properties");

        assertThat(cli.err()).contains("http://127.0.0.1:3");
    }

    @Test
    void aKeyThatIsNoOption_orAMissingFile_isRefusedSayingWhatIsAccepted() throws Exception {
        Files.writeString(dir.resolve(ConfigFile.FILE_NAME), "zk=localhost:2181\n");

        Cli unknown = Cli.runIn(dir, "status");
        Cli missing = Cli.runIn(dir.resolve("nowhere"), "status", "--config", "no.properties");

        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.err()).contains("'zk' is no option of kafka-mesos").contains("master").contains("storage");
        assertThat(missing.exitCode()).isEqualTo(64);
        assertThat(missing.err()).contains("--config names").contains("which is not a file");
    }

    @Test
    void theShippedExample_holdsOnlyOptionsOfKafkaMesos() {
        Path shipped = Path.of("..", ConfigFile.FILE_NAME);
        assertThat(shipped).isRegularFile();

        ConfigFile.apply(shipped, KafkaMesosCli.commandLine());
    }
}
