package org.kafkamesos.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A JVM that runs one Kafka node through an {@link ExecutorRuntime}, prints {@value #PID_LINE} and the node's pid once
 * it started, and waits to be killed: the parent {@link ExecutorWatchIT} kills with SIGKILL.
 *
 * <p>Arguments: the sandbox, the broker port, the controller port. The Kafka distribution comes from
 * {@code -Dkafka.dist}, as in the other ITs.
 */
public final class OrphanParentMain {

    static final String PID_LINE = "KAFKA_PID ";

    private OrphanParentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path sandbox = Path.of(args[0]);
        LaunchSpec spec = KafkaNodes.singleNode(1, LaunchSpec.randomClusterId(), Integer.parseInt(args[1]),
                Integer.parseInt(args[2])).build();
        ExecutorRuntime runtime = ExecutorRuntime.builder().statusSink(new RecordingSink()).build();
        runtime.launch("task-1", spec.toBytes(), sandbox);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            var kafka = runtime.process("task-1");
            if (kafka.isPresent() && kafka.get().info().commandLine().map(c -> c.contains(KafkaDistribution.KAFKA_MAIN)).orElse(false)) {
                System.out.println(PID_LINE + kafka.get().pid());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            Thread.sleep(50);
        }
        System.err.println("the Kafka node did not start within 2 minutes");
        System.exit(1);
    }
}
