package org.kafkamesos.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.NodeRole;
import org.kafkamesos.core.model.Failover;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.model.VolumePolicy;
import org.kafkamesos.core.store.wire.ClusterStateWire.AutoPort;
import org.kafkamesos.core.store.wire.ClusterStateWire.BrokerRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.BrokerSpecRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.BrokerVolumeRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.DurationValue;
import org.kafkamesos.core.store.wire.ClusterStateWire.FailoverPolicyRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.FailoverRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.InstantValue;
import org.kafkamesos.core.store.wire.ClusterStateWire.Phase;
import org.kafkamesos.core.store.wire.ClusterStateWire.PortPolicyRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.PortRange;
import org.kafkamesos.core.store.wire.ClusterStateWire.TaskRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.VolumePolicyValue;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.placement.Constraints;
import org.kafkamesos.placement.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a {@link Broker} to the {@code BrokerRecord} of the current schema version and back, field by field,
 * for {@link ClusterStateCodec}. Reading throws {@link IllegalArgumentException} for a missing or impossible
 * field (the domain records' own checks do the rest); the codec turns it into a {@link StateSchemaException}.
 */
final class ClusterStateCodecBrokers {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStateCodecBrokers.class);

    private static final int MAX_NANOS = 999_999_999;

    private ClusterStateCodecBrokers() {
    }

    /** The record without its schema version, which the codec sets. */
    static BrokerRecord.Builder broker(Broker broker) {
        BrokerRecord.Builder r = BrokerRecord.newBuilder()
                .setId(broker.id())
                .setSpec(spec(broker.spec()))
                .setActive(broker.active())
                .setNeedsRestart(broker.needsRestart())
                .setPhase(phase(broker.phase()))
                .setFailover(failover(broker.failover()));
        broker.task().ifPresent(task -> r.setTask(task(task)));
        broker.lastHost().ifPresent(r::setLastHost);
        broker.stickySince().ifPresent(at -> r.setStickySince(instant(at)));
        broker.volume().ifPresent(v -> r.setVolume(volume(v)));
        r.setRemoving(broker.removing());
        broker.controllerPort().ifPresent(r::setControllerPort);
        broker.directoryId().ifPresent(r::setDirectoryId);
        return r;
    }

    static Broker broker(BrokerRecord r) {
        require(r.hasSpec(), "it has no broker spec");
        require(r.hasFailover(), "it has no failover record");
        return new Broker(r.getId(), spec(r.getSpec()), r.getActive(), r.getNeedsRestart(), phase(r.getPhaseValue()),
                r.hasTask() ? Optional.of(task(r.getTask())) : Optional.empty(), failover(r.getFailover()),
                r.hasLastHost() ? Optional.of(r.getLastHost()) : Optional.empty(),
                r.hasStickySince() ? Optional.of(instant(r.getStickySince())) : Optional.empty(),
                r.hasVolume() ? Optional.of(volume(r.getVolume())) : Optional.empty(), r.getRemoving(),
                r.hasControllerPort() ? OptionalInt.of(r.getControllerPort()) : OptionalInt.empty(),
                r.hasDirectoryId() ? Optional.of(r.getDirectoryId()) : Optional.empty());
    }

    private static BrokerVolumeRecord volume(BrokerVolume v) {
        BrokerVolumeRecord.Builder r = BrokerVolumeRecord.newBuilder()
                .setAgentId(v.agentId())
                .setHostname(v.hostname())
                .setPersistenceId(v.persistenceId())
                .setRole(v.role())
                .setCpus(v.reserved().cpus())
                .setMemMb(v.reserved().mem())
                .setDiskMb(v.reserved().disk())
                .setConfirmed(v.confirmed());
        v.reserved().ports().forEach(p -> r.addPorts(PortRange.newBuilder().setFrom(p.begin()).setTo(p.end())));
        return r.build();
    }

    private static BrokerVolume volume(BrokerVolumeRecord r) {
        List<org.kafkamesos.placement.PortRange> ports = new ArrayList<>();
        r.getPortsList().forEach(p -> ports.add(new org.kafkamesos.placement.PortRange(p.getFrom(), p.getTo())));
        return new BrokerVolume(r.getAgentId(), r.getHostname(), r.getPersistenceId(), r.getRole(),
                new Resources(r.getCpus(), r.getMemMb(), r.getDiskMb(), ports), r.getConfirmed());
    }

    private static BrokerSpecRecord spec(BrokerSpec spec) {
        BrokerSpecRecord.Builder r = BrokerSpecRecord.newBuilder()
                .setCpus(spec.cpus())
                .setMemMb(spec.memMb())
                .setHeapMb(spec.heapMb())
                .setDiskMb(spec.diskMb())
                .setPort(port(spec.port()))
                .setConstraints(Constraints.format(spec.constraints()))
                .putAllOptions(spec.options())
                .addAllJvmOptions(spec.jvmOptions())
                .setFailover(failoverPolicy(spec.failover()))
                .setStickinessPeriod(duration(spec.stickinessPeriod()))
                .setRoleValue(spec.role().ordinal());
        if (spec.volume() instanceof VolumePolicy.Existing existing) {
            r.setVolume(existing.persistenceId()).setVolumePolicy(VolumePolicyValue.VOLUME_EXISTING);
        } else {
            r.setVolumePolicy(spec.volume() instanceof VolumePolicy.Sandbox ? VolumePolicyValue.VOLUME_SANDBOX
                    : VolumePolicyValue.VOLUME_AUTO);
        }
        return r.build();
    }

    private static BrokerSpec spec(BrokerSpecRecord r) {
        require(r.hasPort(), "its spec has no port policy");
        require(r.hasFailover(), "its spec has no failover policy");
        require(r.hasStickinessPeriod(), "its spec has no stickiness period");
        VolumePolicy volume = volumePolicy(r);
        // A spec stored before the scheduler made volumes had no disk by default: its volume gets the default size.
        long disk = volume instanceof VolumePolicy.Auto && r.getDiskMb() == 0 ? BrokerSpec.DEFAULT_DISK_MB : r.getDiskMb();
        return new BrokerSpec(r.getCpus(), r.getMemMb(), launchableHeap(r.getHeapMb(), r.getMemMb()), disk, port(r.getPort()),
                Constraints.parse(r.getConstraints()), launchable(r.getOptionsMap()), launchableJvmOptions(r.getJvmOptionsList()),
                failoverPolicy(r.getFailover()), duration(r.getStickinessPeriod()), volume, role(r.getRoleValue()));
    }

    /** The role stored as {@code value}: the ordinal of {@link NodeRole}, as the record's enum numbers it. */
    private static NodeRole role(int value) {
        require(value >= 0 && value < NodeRole.values().length, "its spec has role " + value + ", which this version does not"
                + " know (" + NodeRole.ACCEPTED + ")");
        return NodeRole.values()[value];
    }

    /**
     * The stored options a launch accepts: earlier versions stored keys kafka-mesos sets itself (such as
     * {@code log.dirs}), with which no launch could start; they are left out, with a warning, so that the broker
     * launches again.
     */
    private static Map<String, String> launchable(Map<String, String> stored) {
        Map<String, String> options = new TreeMap<>(stored);
        for (String key : stored.keySet()) {
            try {
                LaunchSpec.requireOverrides(Map.of(key, stored.get(key)));
            } catch (IllegalArgumentException e) {
                LOG.warn("a stored broker option is left out, since no launch accepts it: {}", e.getMessage());
                options.remove(key);
            }
        }
        return options;
    }

    /**
     * A stored heap a launch accepts: earlier versions stored heaps below {@link LaunchSpec#MIN_HEAP_MB}, in which Kafka
     * does not start; such a heap is raised to it, with a warning, when the task's memory holds that.
     */
    private static long launchableHeap(long stored, long memMb) {
        if (stored >= LaunchSpec.MIN_HEAP_MB || memMb <= LaunchSpec.MIN_HEAP_MB) {
            return stored;
        }
        LOG.warn("a stored heap of {} MB is raised to {} MB, the smallest in which Kafka starts", stored, LaunchSpec.MIN_HEAP_MB);
        return LaunchSpec.MIN_HEAP_MB;
    }

    private static List<String> launchableJvmOptions(List<String> stored) {
        List<String> options = new ArrayList<>();
        for (String option : stored) {
            try {
                LaunchSpec.requireJvmOptions(List.of(option));
                options.add(option);
            } catch (IllegalArgumentException e) {
                LOG.warn("a stored JVM option is left out, since no launch accepts it: {}", e.getMessage());
            }
        }
        return options;
    }

    private static VolumePolicy volumePolicy(BrokerSpecRecord r) {
        switch (r.getVolumePolicy()) {
            case VOLUME_AUTO:
                return new VolumePolicy.Auto();
            case VOLUME_SANDBOX:
                return new VolumePolicy.Sandbox();
            case VOLUME_EXISTING:
                require(r.hasVolume(), "its spec names a volume made by hand but no persistence id");
                return new VolumePolicy.Existing(r.getVolume());
            case VOLUME_POLICY_UNSPECIFIED:
                return r.hasVolume() ? new VolumePolicy.Existing(r.getVolume()) : new VolumePolicy.Auto();
            default:
                throw new IllegalArgumentException("its spec has volume policy " + r.getVolumePolicyValue()
                        + ", which this version does not know");
        }
    }

    private static PortPolicyRecord port(PortPolicy port) {
        PortPolicyRecord.Builder r = PortPolicyRecord.newBuilder();
        if (port instanceof PortPolicy.Fixed fixed) {
            r.setFixed(fixed.port());
        } else if (port instanceof PortPolicy.Range range) {
            r.setRange(PortRange.newBuilder().setFrom(range.from()).setTo(range.to()));
        } else if (port instanceof PortPolicy.Auto) {
            r.setAuto(AutoPort.getDefaultInstance());
        } else {
            throw new IllegalArgumentException("no stored form for port policy " + port);
        }
        return r.build();
    }

    private static PortPolicy port(PortPolicyRecord r) {
        switch (r.getPolicyCase()) {
            case AUTO:
                return new PortPolicy.Auto();
            case FIXED:
                return new PortPolicy.Fixed(r.getFixed());
            case RANGE:
                return new PortPolicy.Range(r.getRange().getFrom(), r.getRange().getTo());
            default:
                throw new IllegalArgumentException("its port policy is none of auto, fixed or range");
        }
    }

    private static FailoverPolicyRecord failoverPolicy(FailoverPolicy policy) {
        FailoverPolicyRecord.Builder r = FailoverPolicyRecord.newBuilder()
                .setDelay(duration(policy.delay()))
                .setMaxDelay(duration(policy.maxDelay()));
        policy.maxTries().ifPresent(r::setMaxTries);
        return r.build();
    }

    private static FailoverPolicy failoverPolicy(FailoverPolicyRecord r) {
        require(r.hasDelay() && r.hasMaxDelay(), "its failover policy lacks a delay or a max delay");
        return new FailoverPolicy(duration(r.getDelay()), duration(r.getMaxDelay()),
                r.hasMaxTries() ? OptionalInt.of(r.getMaxTries()) : OptionalInt.empty());
    }

    private static FailoverRecord failover(Failover failover) {
        FailoverRecord.Builder r = FailoverRecord.newBuilder().setFailures(failover.failures());
        failover.lastFailure().ifPresent(at -> r.setLastFailure(instant(at)));
        failover.lastReason().ifPresent(r::setLastReason);
        return r.build();
    }

    private static Failover failover(FailoverRecord r) {
        return new Failover(r.getFailures(), r.hasLastFailure() ? Optional.of(instant(r.getLastFailure())) : Optional.empty(),
                r.hasLastReason() ? Optional.of(r.getLastReason()) : Optional.empty());
    }

    private static TaskRecord task(Task task) {
        return TaskRecord.newBuilder()
                .setTaskId(task.taskId())
                .setAgentId(task.agentId())
                .setHostname(task.hostname())
                .addAllPorts(task.ports())
                .putAllAttributes(task.attributes())
                .build();
    }

    private static Task task(TaskRecord r) {
        return new Task(r.getTaskId(), r.getAgentId(), r.getHostname(), r.getPortsList(), r.getAttributesMap());
    }

    private static Phase phase(TaskPhase phase) {
        switch (phase) {
            case NONE:
                return Phase.PHASE_NONE;
            case LAUNCHING:
                return Phase.PHASE_LAUNCHING;
            case STARTING:
                return Phase.PHASE_STARTING;
            case RUNNING:
                return Phase.PHASE_RUNNING;
            case STOPPING:
                return Phase.PHASE_STOPPING;
            case RECONCILING:
                return Phase.PHASE_RECONCILING;
            default:
                throw new IllegalArgumentException("no stored form for task phase " + phase);
        }
    }

    private static TaskPhase phase(int number) {
        switch (number) {
            case Phase.PHASE_NONE_VALUE:
                return TaskPhase.NONE;
            case Phase.PHASE_LAUNCHING_VALUE:
                return TaskPhase.LAUNCHING;
            case Phase.PHASE_STARTING_VALUE:
                return TaskPhase.STARTING;
            case Phase.PHASE_RUNNING_VALUE:
                return TaskPhase.RUNNING;
            case Phase.PHASE_STOPPING_VALUE:
                return TaskPhase.STOPPING;
            case Phase.PHASE_RECONCILING_VALUE:
                return TaskPhase.RECONCILING;
            default:
                throw new IllegalArgumentException("unknown task phase number " + number
                        + "; this version knows 1 (none) to 6 (reconciling)");
        }
    }

    private static InstantValue instant(Instant at) {
        return InstantValue.newBuilder().setEpochSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    private static Instant instant(InstantValue r) {
        requireNanos(r.getNanos());
        return Instant.ofEpochSecond(r.getEpochSeconds(), r.getNanos());
    }

    private static DurationValue duration(Duration d) {
        return DurationValue.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }

    private static Duration duration(DurationValue r) {
        requireNanos(r.getNanos());
        return Duration.ofSeconds(r.getSeconds(), r.getNanos());
    }

    private static void requireNanos(int nanos) {
        require(nanos >= 0 && nanos <= MAX_NANOS, "a time has " + nanos + " nanoseconds; expected 0 to " + MAX_NANOS);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
