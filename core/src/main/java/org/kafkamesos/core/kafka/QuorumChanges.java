package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.RaftVoterEndpoint;
import org.apache.kafka.common.Uuid;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.scheduler.QuorumPlan;
import org.kafkamesos.executor.LaunchSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the voters of a dynamic KRaft quorum that has formed the cluster's controllers, one change at a time, by the
 * pure {@link QuorumPlan}: a controller with new storage (replaced on another host, or its metadata log dir lost) runs
 * as an observer, is added as a voter once it has caught up, and the voter of its old storage is removed first; a voter
 * that is no controller of the cluster any more is removed.
 *
 * <p>Each {@link #round()} starts from the facts alone: the quorum as its leader describes it
 * ({@code describeMetadataQuorum}) and the cluster's controller ids, both durable (one in Kafka's metadata log, the
 * other in the state store). The target of controller {@code c} is the directory id, among its voter and the observers
 * with node id {@code c}, of the one that fetched from the leader last: a new storage that runs, rather than an old one
 * that stopped (a voter removed stays among the leader's observers for a while). So a scheduler
 * that fails over in the middle of a change plans the same next step, and finishes it. Kafka itself refuses a second
 * change while one is uncommitted; the rounds are sequential and each call waits for its answer, so this driver never
 * has two in flight either.
 *
 * <p>Caught up follows {@link QuorumState}'s rule for voters and observers alike: within {@code maxLag} of the leader's
 * own stamp of the leader's clock.
 */
public final class QuorumChanges {

    private static final Logger LOG = LoggerFactory.getLogger(QuorumChanges.class);

    private final KafkaCluster cluster;
    private final Supplier<Admin> admin;
    private final AdminCalls calls;
    private final Duration maxLag;
    private final InstantSource clock;
    private volatile QuorumChangeStatus status;

    QuorumChanges(KafkaCluster cluster, Supplier<Admin> admin, Duration requestTimeout, Duration maxLag, InstantSource clock) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.calls = new AdminCalls(requestTimeout);
        this.maxLag = Objects.requireNonNull(maxLag, "maxLag");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new QuorumChangeStatus(QuorumChangeStatus.State.IDLE, idleReason(cluster.spec()), List.of(), clock.instant());
    }

    /** Where the quorum's changes stand after the last round. */
    public QuorumChangeStatus status() {
        return status;
    }

    /** One round: describe the quorum, plan the next step, take it. Never throws: a failure is the status' detail. */
    synchronized QuorumChangeStatus round() {
        ClusterSpec spec = cluster.spec();
        if (!spec.controllersJoin() || spec.controllerIds().isEmpty()) {
            return record(QuorumChangeStatus.State.IDLE, idleReason(spec), List.of());
        }
        Described described;
        try {
            described = describe(admin.get());
        } catch (CommandRejectedException | KafkaOperationException e) {
            return record(QuorumChangeStatus.State.WAITING, "the quorum cannot be described: " + e.getMessage(), List.of());
        }
        List<String> voters = described.voters().stream().map(r -> r.voter().toString()).sorted().toList();
        Planned planned = plan(described, spec.controllerIds(), maxLag);
        QuorumPlan.Step step = planned.step();
        if (step instanceof QuorumPlan.Done) {
            List<String> behind = planned.observed().voters().stream().filter(v -> !planned.observed().caughtUp().contains(v))
                    .map(QuorumPlan.Voter::toString).sorted().toList();
            return record(QuorumChangeStatus.State.DONE, "the voters are the controllers " + spec.describeControllers()
                    + (behind.isEmpty() ? "" : "; not caught up with the leader: " + String.join(", ", behind)), voters);
        }
        if (step instanceof QuorumPlan.Wait wait) {
            return record(QuorumChangeStatus.State.WAITING, wait.reason(), voters);
        }
        try {
            String done = take(step);
            LOG.info("quorum change: {}", done);
            Set<QuorumPlan.Voter> after = new TreeSet<>(planned.observed().voters());
            if (step instanceof QuorumPlan.Add add) {
                after.add(add.voter());
            } else {
                after.remove(((QuorumPlan.Remove) step).voter());
            }
            return record(QuorumChangeStatus.State.CHANGED, done, after.stream().map(QuorumPlan.Voter::toString).toList());
        } catch (RuntimeException e) {
            LOG.warn("quorum change {} failed; the next round plans again", step, e);
            return record(QuorumChangeStatus.State.FAILED, describe(step) + " failed: " + e.getMessage() + "; tried again", voters);
        }
    }

    private String take(QuorumPlan.Step step) {
        if (step instanceof QuorumPlan.Add add) {
            QuorumPlan.Voter v = add.voter();
            Broker b = controller(v.id());
            String host = b.task().orElseThrow().hostname();
            int port = b.controllerPort().orElseThrow();
            calls.get(admin.get().addRaftVoter(v.id(), Uuid.fromString(v.directoryId()),
                    Set.of(new RaftVoterEndpoint(LaunchSpec.CONTROLLER_LISTENER, host, port))).all(), "adding voter " + v);
            return "added voter " + v + " (" + host + ":" + port + ")";
        }
        QuorumPlan.Voter v = ((QuorumPlan.Remove) step).voter();
        calls.get(admin.get().removeRaftVoter(v.id(), Uuid.fromString(v.directoryId())).all(), "removing voter " + v);
        return "removed voter " + v;
    }

    /** The running controller {@code id}, whose endpoint a new voter has. */
    private Broker controller(int id) {
        SortedMap<Integer, Broker> brokers;
        try {
            brokers = cluster.list().get(calls.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new KafkaOperationException("cannot read the cluster's brokers: " + e, e);
        }
        Broker b = brokers.get(id);
        if (b == null || b.phase() != TaskPhase.RUNNING || b.controllerPort().isEmpty()) {
            throw new KafkaOperationException("controller " + id + " does not run as this scheduler sees it", null);
        }
        return b;
    }

    private QuorumChangeStatus record(QuorumChangeStatus.State state, String detail, List<String> voters) {
        QuorumChangeStatus before = status;
        Instant since = before.state() == state && before.detail().equals(detail) ? before.since() : clock.instant();
        status = new QuorumChangeStatus(state, detail, voters, since);
        return status;
    }

    private static String idleReason(ClusterSpec spec) {
        if (!spec.dynamicQuorum()) {
            return "a static quorum: its voters are fixed";
        }
        return "the dynamic quorum has not formed yet: its controllers form it together";
    }

    private static String describe(QuorumPlan.Step step) {
        if (step instanceof QuorumPlan.Add a) {
            return "adding voter " + a.voter();
        }
        return "removing voter " + ((QuorumPlan.Remove) step).voter();
    }

    // ---------------------------------------------------------------------------------------------
    // the plan, from what the leader describes

    /**
     * One replica as the leader describes it: node id, directory id, and the leader's stamps (ms of its clock) of its
     * last fetch and of the last time it was caught up.
     */
    record Replica(QuorumPlan.Voter voter, OptionalLong lastFetch, OptionalLong lastCaughtUp) {
    }

    /** The quorum as its leader describes it: the leader's id, if any, its voters and its observers. */
    record Described(OptionalInt leader, List<Replica> voters, List<Replica> observers) {
        Described {
            voters = List.copyOf(voters);
            observers = List.copyOf(observers);
        }
    }

    /** What a round sees, the target it derives, and the step the plan takes. */
    record Planned(QuorumPlan.Observed observed, Optional<Set<QuorumPlan.Voter>> target, QuorumPlan.Step step) {
    }

    private Described describe(Admin kafka) {
        QuorumInfo info = calls.get(kafka.describeMetadataQuorum().quorumInfo(), "describing the controller quorum");
        return new Described(info.leaderId() < 0 ? OptionalInt.empty() : OptionalInt.of(info.leaderId()),
                replicas(info.voters()), replicas(info.observers()));
    }

    private static List<Replica> replicas(List<QuorumInfo.ReplicaState> states) {
        List<Replica> replicas = new ArrayList<>();
        for (QuorumInfo.ReplicaState s : states) {
            replicas.add(new Replica(new QuorumPlan.Voter(s.replicaId(), s.replicaDirectoryId().toString()), s.lastFetchTimestamp(),
                    s.lastCaughtUpTimestamp()));
        }
        return replicas;
    }

    /**
     * The next step towards the controllers {@code controllerIds}, from {@code d}: pure. A controller that has neither
     * a voter nor an observer yet holds the change back until it runs.
     */
    static Planned plan(Described d, Collection<Integer> controllerIds, Duration maxLag) {
        Set<QuorumPlan.Voter> voters = new TreeSet<>();
        d.voters().forEach(r -> voters.add(r.voter()));
        Set<QuorumPlan.Voter> observers = new TreeSet<>();
        d.observers().stream().filter(r -> !voters.contains(r.voter())).forEach(r -> observers.add(r.voter()));
        Set<QuorumPlan.Voter> caughtUp = caughtUp(d, maxLag);
        QuorumPlan.Observed observed = new QuorumPlan.Observed(voters, observers, caughtUp, Optional.empty());
        if (d.leader().isEmpty()) {
            return new Planned(observed, Optional.empty(), new QuorumPlan.Wait("the quorum to elect a leader"));
        }
        Set<QuorumPlan.Voter> target = new TreeSet<>();
        List<Integer> unknown = new ArrayList<>();
        Comparator<Replica> byLastFetch = Comparator.comparingLong((Replica r) -> r.lastFetch().orElse(Long.MIN_VALUE));
        for (int id : new TreeSet<>(controllerIds)) {
            // the storage of controller id that fetched last: a new one runs, an old one (a voter just removed, which the
            // leader lists as an observer for a while) has stopped fetching
            Optional<Replica> latest = java.util.stream.Stream.concat(d.voters().stream(), d.observers().stream())
                    .filter(r -> r.voter().id() == id).max(byLastFetch);
            latest.map(Replica::voter).ifPresentOrElse(target::add, () -> unknown.add(id));
        }
        if (!unknown.isEmpty()) {
            return new Planned(observed, Optional.empty(), new QuorumPlan.Wait("controller(s) " + unknown + " to run and fetch"
                    + " from the quorum as observers"));
        }
        return new Planned(observed, Optional.of(target), QuorumPlan.next(observed, target));
    }

    /** The voters and observers within {@code maxLag} of the leader's own caught-up stamp; the leader itself. */
    static Set<QuorumPlan.Voter> caughtUp(Described d, Duration maxLag) {
        Set<QuorumPlan.Voter> up = new TreeSet<>();
        if (d.leader().isEmpty()) {
            return up;
        }
        int leader = d.leader().getAsInt();
        Optional<Replica> self = d.voters().stream().filter(r -> r.voter().id() == leader).findFirst();
        self.ifPresent(r -> up.add(r.voter()));
        OptionalLong reference = self.map(Replica::lastCaughtUp).orElse(OptionalLong.empty());
        if (reference.isEmpty()) {
            return up;
        }
        List<Replica> all = new ArrayList<>(d.voters());
        all.addAll(d.observers());
        for (Replica r : all) {
            if (r.lastCaughtUp().isPresent() && reference.getAsLong() - r.lastCaughtUp().getAsLong() <= maxLag.toMillis()) {
                up.add(r.voter());
            }
        }
        return up;
    }
}
