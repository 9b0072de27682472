package org.kafkamesos.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.model.BrokerSpec;

class DynamicBrokerConfigsTest {

    private static final BrokerSpec BEFORE = BrokerSpec.builder().options(Map.of("num.io.threads", "8", "log.retention.hours", "24")).build();

    @Test
    void candidates_areTheOptionsSetOrChanged_whenNothingElseChanges() {
        BrokerSpec after = BEFORE.toBuilder().options(Map.of("num.io.threads", "16", "log.retention.hours", "24",
                "log.cleaner.threads", "2")).build();

        assertThat(DynamicBrokerConfigs.candidates(BEFORE, after)).contains(Map.of("num.io.threads", "16", "log.cleaner.threads", "2"));
    }

    @Test
    void noCandidates_whenAnOptionIsRemoved_orAnythingButOptionsChanges_orNothingChanges() {
        BrokerSpec removed = BEFORE.toBuilder().options(Map.of("num.io.threads", "16")).build();
        BrokerSpec moreMemory = BEFORE.toBuilder().memMb(4096).options(Map.of("num.io.threads", "16", "log.retention.hours", "24")).build();

        assertThat(DynamicBrokerConfigs.candidates(BEFORE, removed)).as("a removal falls back to the launch value").isEmpty();
        assertThat(DynamicBrokerConfigs.candidates(BEFORE, moreMemory)).as("memory needs a new task").isEmpty();
        assertThat(DynamicBrokerConfigs.candidates(BEFORE, BEFORE)).isEmpty();
    }
}
