package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with the heap of the original mesos/kafka quickstart ({@code --heap 128}) starts and serves: the log
 * cleaner's buffer, which Kafka sizes at 128 MiB whatever the heap, is sized to the heap.
 */
class SmallHeapIT {

    private static final int RECORDS = 10_000;

    @TempDir
    Path sandbox;

    private final RecordingSink sink = new RecordingSink();
    private final ExecutorRuntime runtime = ExecutorRuntime.builder().statusSink(sink).build();

    @AfterEach
    void noProcessLeft() {
        runtime.close();
        KafkaNodes.assertNoKafkaProcessLeft();
    }

    @Test
    void aNodeWithA128MbHeap_startsAndServes() throws Exception {
        List<Integer> ports = KafkaNodes.freePorts(2);
        LaunchSpec spec = KafkaNodes.singleNode(1, LaunchSpec.randomClusterId(), ports.get(0), ports.get(1)).heapMb(128).build();

        runtime.launch("t", spec.toBytes(), sandbox);

        TaskStatus running = sink.awaitState("t", TaskState.RUNNING, Duration.ofSeconds(120));
        assertThat(running.message()).contains("registered and unfenced");
        String bootstrap = KafkaNodes.HOST + ":" + ports.get(0);
        try (Admin admin = KafkaNodes.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("records", 3, (short) 1))).all().get();
        }
        KafkaNodes.produce(bootstrap, "records", "v", RECORDS);
        assertThat(KafkaNodes.consumeAll(bootstrap, "records", RECORDS)).isEqualTo(KafkaNodes.values("v", RECORDS));
    }
}
