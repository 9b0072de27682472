package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;

/** {@link RestartSnapshotSource} over an Admin client: every topic's partitions (internal ones too) and the quorum. */
final class AdminRestartSnapshots implements RestartSnapshotSource {

    private final Admin admin;
    private final AdminCalls calls;
    private final AdminTopics topics;
    private final Duration maxLag;

    AdminRestartSnapshots(Admin admin, AdminCalls calls, Duration maxLag) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.calls = calls;
        this.topics = new AdminTopics(admin, calls);
        if (maxLag == null || maxLag.isNegative()) {
            throw new IllegalArgumentException("the quorum's max lag must be >= 0, got " + maxLag);
        }
        this.maxLag = maxLag;
    }

    @Override
    public RestartSnapshot read() {
        // __consumer_offsets and the other internal topics need the gate's protection as much as any
        java.util.Set<String> names = calls.get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(),
                "listing topics");
        return new RestartSnapshot(topics.partitions(names, true), quorum());
    }

    private QuorumState quorum() {
        QuorumInfo info = calls.get(admin.describeMetadataQuorum().quorumInfo(), "describing the controller quorum");
        List<QuorumState.Voter> voters = new ArrayList<>();
        for (QuorumInfo.ReplicaState v : info.voters()) {
            voters.add(new QuorumState.Voter(v.replicaId(), v.logEndOffset(), v.lastCaughtUpTimestamp()));
        }
        OptionalInt leader = info.leaderId() < 0 ? OptionalInt.empty() : OptionalInt.of(info.leaderId());
        return new QuorumState(leader, voters, maxLag);
    }
}
