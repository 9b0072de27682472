package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kafkamesos.core.rebalance.Moves.move;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class ThrottleConfigsTest {

    private static final List<TrackedMove> MOVES = List.of(
            move("orders", 1, List.of(2, 0, 1), List.of(3, 0, 4)),
            move("orders", 0, List.of(0, 1, 2), List.of(0, 1, 3)),
            move("payments", 0, List.of(1), List.of(4)));

    @Test
    void of_brokersTakingPart_getBothRatesInBytesPerSecond() {
        ThrottleConfigs throttles = ThrottleConfigs.of(MOVES, 1_048_576);

        assertThat(throttles.brokers()).containsOnlyKeys(0, 1, 2, 3, 4);
        assertThat(throttles.brokers().get(3)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "leader.replication.throttled.rate", "1048576", "follower.replication.throttled.rate", "1048576"));
    }

    @Test
    void of_topics_leaderListsCurrentReplicas_followerListsAddedReplicas_sortedByPartitionThenBroker() {
        ThrottleConfigs throttles = ThrottleConfigs.of(MOVES, 1_000);

        assertThat(throttles.topics().get("orders")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "leader.replication.throttled.replicas", "0:0,0:1,0:2,1:0,1:1,1:2",
                "follower.replication.throttled.replicas", "0:3,1:3,1:4"));
        assertThat(throttles.topics().get("payments")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "leader.replication.throttled.replicas", "0:1",
                "follower.replication.throttled.replicas", "0:4"));
    }

    @Test
    void of_aMoveThatOnlyReordersReplicas_setsNoFollowerList() {
        ThrottleConfigs throttles = ThrottleConfigs.of(List.of(move("t", 0, List.of(0, 1), List.of(1, 0))), 1_000);

        assertThat(throttles.topics().get("t")).containsOnlyKeys("leader.replication.throttled.replicas");
    }

    @Test
    void setOps_andDeleteOps_coverTheSameResourcesAndKeys() {
        ThrottleConfigs throttles = ThrottleConfigs.of(MOVES, 5_000);

        Map<ConfigResource, Collection<AlterConfigOp>> set = throttles.setOps();
        Map<ConfigResource, Collection<AlterConfigOp>> delete = throttles.deleteOps();

        assertThat(set.keySet()).containsExactlyElementsOf(delete.keySet());
        assertThat(set.keySet()).contains(new ConfigResource(ConfigResource.Type.BROKER, "4"),
                new ConfigResource(ConfigResource.Type.TOPIC, "orders"));
        set.forEach((resource, ops) -> {
            assertThat(ops).allMatch(op -> op.opType() == AlterConfigOp.OpType.SET && op.configEntry().value() != null);
            assertThat(delete.get(resource)).extracting(op -> op.configEntry().name())
                    .containsExactlyInAnyOrderElementsOf(ops.stream().map(op -> op.configEntry().name()).toList());
        });
        delete.values().forEach(ops -> assertThat(ops).allMatch(op -> op.opType() == AlterConfigOp.OpType.DELETE));
    }

    @Test
    void of_noMoves_isEmpty_andARateOfZeroIsRefused() {
        assertThat(ThrottleConfigs.of(List.of(), 1).isEmpty()).isTrue();
        assertThatThrownBy(() -> ThrottleConfigs.of(MOVES, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes per second");
    }
}
