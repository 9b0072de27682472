package org.kafkamesos.state.readme;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.state.Batch;
import org.kafkamesos.state.FencedException;
import org.kafkamesos.state.FileStateStore;
import org.kafkamesos.state.LeaderElection;
import org.kafkamesos.state.Leadership;
import org.kafkamesos.state.StateStore;
import org.kafkamesos.state.Versioned;

/** The state store example of the README, compiled and run from outside the state package. */
class ReadmeStateExampleTest {

    @Test
    void readmeExample_leaderWritesWithCompareAndSet_andIsFencedAfterItLeaves(@TempDir Path dir) throws Exception {
        // --- README example starts
        LeaderElection election = FileStateStore.leaderElection(dir);
        Leadership leadership = election.awaitLeadership(Duration.ofSeconds(30)).orElseThrow();
        StateStore store = leadership.store();

        store.commit(Batch.builder()
                .create("/framework-id", "fw-1".getBytes(UTF_8))
                .put("/brokers/0", "{\"cpus\":1}".getBytes(UTF_8))
                .build());
        Versioned<byte[]> broker = store.get("/brokers/0").orElseThrow();
        store.put("/brokers/0", "{\"cpus\":2}".getBytes(UTF_8), broker.version());   // compare-and-set

        election.close();                     // another scheduler may lead now
        // store.put(...) now throws FencedException
        // --- README example ends

        assertThatThrownBy(() -> store.put("/brokers/0", new byte[0])).isInstanceOf(FencedException.class);
        try (FileStateStore reopened = FileStateStore.open(dir)) {
            assertThat(new String(reopened.get("/brokers/0").orElseThrow().value(), UTF_8)).isEqualTo("{\"cpus\":2}");
            assertThat(reopened.get("/brokers/0").orElseThrow().version()).isEqualTo(1);
            assertThat(reopened.children("/brokers")).containsExactly("/brokers/0");
        }
    }
}
