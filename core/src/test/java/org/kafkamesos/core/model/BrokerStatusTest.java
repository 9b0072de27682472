package org.kafkamesos.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerStatusTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aFailedStartsReason_isExplainedByItsFirstLine_inOneParagraph() {
        String reason = "FAILED: Kafka exited with status 1 while starting: java.lang.OutOfMemoryError: Java heap space"
                + "\n--- last 20 lines of server.log ---\n\tat org.apache.kafka.storage.internals.log.SkimpyOffsetMap.<init>";
        Broker b = Broker.added(0, BrokerSpec.DEFAULT).withFailover(new Failover(1, Optional.of(T0), Optional.of(reason)));

        String explanation = BrokerStatus.of(b, Optional.empty(), T0, "*").explanation();

        assertThat(explanation).doesNotContain("\n").doesNotContain("SkimpyOffsetMap")
                .contains("(last: FAILED: Kafka exited with status 1 while starting: java.lang.OutOfMemoryError: Java heap space;"
                        + " 'broker log 0' has the log)");
    }
}
