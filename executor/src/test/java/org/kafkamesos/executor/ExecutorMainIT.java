package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's main, run as a JVM of its own, on a machine without the Mesos native library. */
class ExecutorMainIT {

    @TempDir
    Path dir;

    @Test
    void withoutNativeLibrary_exitsWithStatus2_sayingWhichVariableToSet() throws Exception {
        Result result = runMain(Map.of());

        assertThat(result.exitCode).isEqualTo(ExecutorMain.EXIT_NO_NATIVE_LIBRARY);
        assertThat(result.stderr)
                .contains("the Mesos native library cannot be loaded")
                .contains("MESOS_NATIVE_JAVA_LIBRARY is not set")
                .contains("Set MESOS_NATIVE_JAVA_LIBRARY to the path of libmesos");
    }

    @Test
    void withNativeLibraryVariablePointingNowhere_namesThePath() throws Exception {
        Result result = runMain(Map.of(ExecutorMain.NATIVE_LIBRARY_VARIABLE, "/nonexistent/libmesos.so"));

        assertThat(result.exitCode).isEqualTo(ExecutorMain.EXIT_NO_NATIVE_LIBRARY);
        assertThat(result.stderr).contains("MESOS_NATIVE_JAVA_LIBRARY is /nonexistent/libmesos.so, which cannot be loaded");
    }

    @Test
    void anAgentEndpointWithoutTheOtherVariables_exits64_namingTheMissingOne_withoutLoadingLibmesos() throws Exception {
        Result result = runMain(Map.of("MESOS_AGENT_ENDPOINT", "127.0.0.1:5051", "MESOS_FRAMEWORK_ID", "f-1"));

        assertThat(result.exitCode).isEqualTo(ExecutorMain.EXIT_USAGE);
        assertThat(result.stderr).contains("MESOS_EXECUTOR_ID is not set").doesNotContain("native library");
    }

    @Test
    void aMalformedRecoveryTimeout_exits64_sayingWhatADurationIs() throws Exception {
        Result result = runMain(Map.of("MESOS_AGENT_ENDPOINT", "127.0.0.1:5051", "MESOS_FRAMEWORK_ID", "f-1",
                "MESOS_EXECUTOR_ID", "e-1", "MESOS_RECOVERY_TIMEOUT", "soon"));

        assertThat(result.exitCode).isEqualTo(ExecutorMain.EXIT_USAGE);
        assertThat(result.stderr).contains("MESOS_RECOVERY_TIMEOUT is 'soon'").contains("15mins");
    }

    @Test
    void theNativeArgument_usesLibmesosEvenWithAnAgentEndpoint_andAnUnknownArgumentIsRefused() throws Exception {
        Result asked = runMain(Map.of("MESOS_AGENT_ENDPOINT", "127.0.0.1:5051"), ExecutorMain.NATIVE_ARGUMENT);
        Result unknown = runMain(Map.of(), "--http");

        assertThat(asked.exitCode).isEqualTo(ExecutorMain.EXIT_NO_NATIVE_LIBRARY);
        assertThat(unknown.exitCode).isEqualTo(ExecutorMain.EXIT_USAGE);
        assertThat(unknown.stderr).contains("unknown argument '--http'").contains(ExecutorMain.NATIVE_ARGUMENT);
    }

    private Result runMain(Map<String, String> env, String... args) throws Exception {
        Path err = dir.resolve("stderr");
        List<String> command = new java.util.ArrayList<>(List.of(RuntimeSettings.currentJava().toString(),
                "-cp", System.getProperty("java.class.path"), ExecutorMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(err.toFile())
                .redirectOutput(dir.resolve("stdout").toFile());
        builder.environment().remove(ExecutorMain.NATIVE_LIBRARY_VARIABLE);
        builder.environment().remove("MESOS_NATIVE_LIBRARY");
        builder.environment().remove("MESOS_AGENT_ENDPOINT");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ExecutorMain did not exit within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static final class Result {
        final int exitCode;
        final String stderr;

        Result(int exitCode, String stderr) {
            this.exitCode = exitCode;
            this.stderr = stderr;
        }
    }
}
