package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No Kafka process outlives its executor, even an executor ended by SIGKILL, whose shutdown hooks never run. */
class ExecutorWatchIT {

    @TempDir
    Path dir;

    @Test
    void aKafkaNode_exitsOnItsOwn_whenItsExecutorsJvmIsKilledWithSigkill() throws Exception {
        List<Integer> ports = KafkaNodes.freePorts(2);
        Process executor = new ProcessBuilder(List.of(RuntimeSettings.currentJava().toString(),
                "-Dkafka.dist=" + KafkaNodes.distribution(), "-cp", System.getProperty("java.class.path"),
                OrphanParentMain.class.getName(), dir.toString(), ports.get(0).toString(), ports.get(1).toString()))
                .redirectError(dir.resolve("executor-stderr").toFile())
                .start();
        Optional<ProcessHandle> kafka = Optional.empty();
        try {
            long pid = kafkaPid(executor);
            kafka = ProcessHandle.of(pid);
            assertThat(kafka).as("Kafka node %d runs", pid).isPresent();

            executor.destroyForcibly(); // SIGKILL: no shutdown hook of the executor runs
            executor.waitFor();

            ProcessHandle node = kafka.get();
            await().atMost(Duration.ofSeconds(ExecutorWatch.HALT_AFTER_MILLIS / 1000 + 15))
                    .alias("Kafka node " + pid + " ends once its executor is gone")
                    .until(() -> !node.isAlive());
        } finally {
            executor.destroyForcibly();
            kafka.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static long kafkaPid(Process executor) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(executor.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(OrphanParentMain.PID_LINE)) {
                return Long.parseLong(line.substring(OrphanParentMain.PID_LINE.length()).trim());
            }
        }
        throw new AssertionError("the executor JVM ended before it started Kafka, with status " + executor.waitFor());
    }
}
