package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FailureCauseTest {

    @Test
    void theDeepestCauseAfterTheLastErrorLine_withThatLine() {
        List<String> log = List.of(
                "[2026-12-07 00:10:00,001] INFO starting (kafka.server.KafkaRaftServer)",
                "[2026-12-07 00:10:01,002] ERROR Exiting Kafka due to fatal exception during startup. (kafka.Kafka$)",
                "org.apache.kafka.common.KafkaException: the log manager failed",
                "\tat kafka.log.LogManager.startup(LogManager.scala:1)",
                "Caused by: java.lang.OutOfMemoryError: Java heap space",
                "\tat org.apache.kafka.storage.internals.log.SkimpyOffsetMap.<init>(SkimpyOffsetMap.java:1)",
                "\t... 12 more");

        assertThat(FailureCause.in(log)).contains(
                "java.lang.OutOfMemoryError: Java heap space (logged: Exiting Kafka due to fatal exception during startup.)");
    }

    @Test
    void withoutAnErrorLine_theLastThrowable() {
        List<String> stderr = List.of(
                "Exception in thread \"main\" java.lang.IllegalStateException: no log dir",
                "\tat kafka.Kafka.main(Kafka.scala:1)");

        assertThat(FailureCause.in(stderr)).contains("java.lang.IllegalStateException: no log dir");
    }

    @Test
    void anErrorLineWithoutAStackTrace_isTheCause() {
        List<String> log = List.of(
                "[2026-12-07 00:10:01,002] ERROR [RaftManager id=1] unable to reach the quorum (org.apache.kafka.raft.KafkaRaftClient)",
                "[2026-12-07 00:10:02,002] INFO shutting down (kafka.server.KafkaRaftServer)");

        assertThat(FailureCause.in(log)).contains("[RaftManager id=1] unable to reach the quorum");
    }

    @Test
    void aThrowableOfAnEarlierErrorIsNotTakenForTheLastOnesCause() {
        List<String> log = List.of(
                "[2026-12-07 00:10:00,001] ERROR first (a.B)",
                "java.io.IOException: earlier",
                "[2026-12-07 00:10:01,002] ERROR Exiting Kafka (kafka.Kafka$)");

        assertThat(FailureCause.in(log)).contains("Exiting Kafka");
    }

    @Test
    void noErrorAtAll_isNoCause() {
        assertThat(FailureCause.in(List.of("[2026-12-07 00:10:00,001] INFO fine (a.B)", "Error-free line"))).isEmpty();
        assertThat(FailureCause.in(List.of())).isEmpty();
    }
}
