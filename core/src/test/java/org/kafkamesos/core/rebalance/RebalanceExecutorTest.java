package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kafkamesos.core.rebalance.Moves.move;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.state.MemoryStateStore;

/**
 * The executor's paths that need no Kafka: refusals decided before any request, and the status read from the store.
 * Its work with Kafka is specified by {@code RebalanceExecutorIT}.
 */
class RebalanceExecutorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Supplier<Admin> NO_KAFKA = () -> {
        throw new AssertionError("this test talks to no Kafka");
    };

    private final MemoryStateStore store = MemoryStateStore.create();
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void tearDown() {
        polls.shutdownNow();
        store.close();
    }

    private RebalanceExecutor executor() {
        return RebalanceExecutor.builder(NO_KAFKA, store, polls, InstantSource.fixed(NOW)).build();
    }

    @Test
    void status_withNothingPersisted_isIdle() {
        try (RebalanceExecutor executor = executor()) {
            assertThat(executor.status()).isEqualTo(RebalanceStatus.IDLE);
            assertThat(executor.resume()).isEqualTo(RebalanceStatus.IDLE);
            assertThat(executor.cancel()).isEqualTo(RebalanceStatus.IDLE);
        }
    }

    @Test
    void status_ofANewInstance_isTheLastPersistedState() {
        ExecutionState done = ExecutionState.running(NOW, RebalanceLimits.throttledTo(5_000), List.of(
                        move("t", 0, List.of(0), List.of(1), 700, TrackedMove.Phase.DONE)))
                .finish(RebalanceState.DONE, NOW.plusSeconds(30), Optional.empty());
        store.put(RebalanceExecutor.DEFAULT_KEY, ExecutionStateCodec.encode(done));

        try (RebalanceExecutor executor = executor()) {
            assertThat(executor.status()).isEqualTo(done.status());
            assertThat(executor.resume()).as("an ended rebalance is left as it was").isEqualTo(done.status());
        }
    }

    @Test
    void start_aPlanThatMovesNothing_isRejectedAsInvalid() {
        TreeMap<TopicPartitionId, List<Integer>> same = new TreeMap<>(Map.of(TopicPartitionId.of("t", 0), List.of(0, 1)));

        try (RebalanceExecutor executor = executor()) {
            assertThatThrownBy(() -> executor.start(new RebalancePlan(same, same), RebalanceLimits.throttledTo(1_000)))
                    .isInstanceOfSatisfying(CommandRejectedException.class,
                            e -> assertThat(e.kind()).isEqualTo(CommandRejectedException.Kind.INVALID));
        }
    }

    @Test
    void start_whileAPersistedRebalanceRuns_isRejectedAsAConflict() {
        ExecutionState running = ExecutionState.running(NOW, RebalanceLimits.throttledTo(5_000), List.of(
                move("t", 0, List.of(0), List.of(1), 700, TrackedMove.Phase.IN_FLIGHT)));
        store.put(RebalanceExecutor.DEFAULT_KEY, ExecutionStateCodec.encode(running));
        TreeMap<TopicPartitionId, List<Integer>> current = new TreeMap<>(Map.of(TopicPartitionId.of("u", 0), List.of(0)));
        TreeMap<TopicPartitionId, List<Integer>> target = new TreeMap<>(Map.of(TopicPartitionId.of("u", 0), List.of(1)));

        try (RebalanceExecutor executor = executor()) {
            assertThatThrownBy(() -> executor.start(new RebalancePlan(current, target), RebalanceLimits.throttledTo(1_000)))
                    .isInstanceOfSatisfying(CommandRejectedException.class,
                            e -> assertThat(e.kind()).isEqualTo(CommandRejectedException.Kind.CONFLICT));
            assertThat(executor.status().state()).isEqualTo(RebalanceState.RUNNING);
        }
    }

    @Test
    void builder_refusesAKeyThatIsNotAPath() {
        assertThatThrownBy(() -> RebalanceExecutor.builder(NO_KAFKA, store, polls, InstantSource.fixed(NOW)).key("rebalance"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
    }
}
