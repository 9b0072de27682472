package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kafkamesos.core.rebalance.Moves.move;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionStateCodecTest {

    private static final Instant STARTED = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final RebalanceLimits LIMITS = new RebalanceLimits(3, 40, 2_000_000, Duration.ofMillis(250));
    private static final List<TrackedMove> MOVES = List.of(
            move("a", 0, List.of(0, 1), List.of(1, 2), 1_000, TrackedMove.Phase.DONE),
            move("a", 1, List.of(1, 2), List.of(2, 3), 2_000, TrackedMove.Phase.IN_FLIGHT),
            move("b", 0, List.of(), List.of(4), 0, TrackedMove.Phase.PENDING));

    @Test
    void decode_readsBackARunningState() {
        ExecutionState running = ExecutionState.running(STARTED, LIMITS, MOVES);

        assertThat(ExecutionStateCodec.decode(ExecutionStateCodec.encode(running))).isEqualTo(running);
    }

    @Test
    void decode_readsBackAnEndedStateWithItsReason() {
        ExecutionState stopped = ExecutionState.running(STARTED, LIMITS, MOVES)
                .finish(RebalanceState.STOPPED, STARTED.plusSeconds(90), Optional.of("a-1 under min.insync.replicas"));

        ExecutionState read = ExecutionStateCodec.decode(ExecutionStateCodec.encode(stopped));

        assertThat(read).isEqualTo(stopped);
        assertThat(read.status().finished()).contains(STARTED.plusSeconds(90));
    }

    @Test
    void encode_writesTheDocumentedFields() {
        String json = new String(ExecutionStateCodec.encode(ExecutionState.running(STARTED, LIMITS, MOVES)),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"format\":1", "\"state\":\"RUNNING\"", "\"throttleBytesPerSecond\":2000000",
                "\"pollIntervalMillis\":250", "\"topic\":\"a\"", "\"target\":[2,3]", "\"phase\":\"IN_FLIGHT\"");
    }

    @Test
    void decode_anUnknownFormat_orAMissingField_orNotJson_isRefusedWithTheReason() {
        assertThatThrownBy(() -> ExecutionStateCodec.decode("{\"format\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 2");
        assertThatThrownBy(() -> ExecutionStateCodec.decode("{\"format\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'limits'");
        assertThatThrownBy(() -> ExecutionStateCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    }
}
