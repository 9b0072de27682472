package org.kafkamesos.executor;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.kafkamesos.executor.wire.LaunchSpecWire;
import org.kafkamesos.executor.wire.LaunchSpecWire.LaunchSpecMessage;

/** Converts {@link LaunchSpec} to and from its protobuf wire form; the only code that sees the generated types. */
final class LaunchSpecCodec {

    private LaunchSpecCodec() {
    }

    static byte[] encode(LaunchSpec spec) {
        LaunchSpecMessage.Builder m = LaunchSpecMessage.newBuilder()
                // a static quorum's spec is what executors of format 1 read; a dynamic one needs format 2
                .setFormatVersion(spec.dynamicQuorum() ? LaunchSpec.FORMAT_VERSION : 1)
                .setDynamicQuorum(spec.dynamicQuorum())
                .setNodeId(spec.nodeId())
                .setClusterId(spec.clusterId())
                .setBindHost(spec.bindHost())
                .setAdvertisedHost(spec.advertisedHost())
                .setBrokerPort(spec.brokerPort().orElse(0))
                .setControllerPort(spec.controllerPort().orElse(0))
                .addAllLogDirs(spec.logDirs())
                .setHeapMb(spec.heapMb())
                .addAllJvmOptions(spec.jvmOptions())
                .setDistribution(spec.distribution())
                .putAllOverrides(spec.overrides())
                .addAllAllowedOwnedOverrides(spec.allowedOwnedOverrides());
        for (Role role : Role.values()) {
            if (spec.has(role)) {
                m.addRoles(role == Role.BROKER ? LaunchSpecWire.Role.ROLE_BROKER : LaunchSpecWire.Role.ROLE_CONTROLLER);
            }
        }
        for (QuorumVoter v : spec.controllerQuorum()) {
            m.addControllerQuorum(LaunchSpecWire.Voter.newBuilder().setNodeId(v.nodeId()).setHost(v.host()).setPort(v.port())
                    .setDirectoryId(v.directoryId().orElse("")));
        }
        return m.build().toByteArray();
    }

    static LaunchSpec decode(byte[] bytes) {
        if (bytes == null) {
            throw new LaunchSpecFormatException("launch spec is missing: the task carries no data");
        }
        LaunchSpecMessage m;
        try {
            m = LaunchSpecMessage.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new LaunchSpecFormatException("launch spec is not a LaunchSpec message (" + bytes.length + " bytes): "
                    + e.getMessage(), e);
        }
        int version = m.getFormatVersion();
        if (version == 0) {
            throw new LaunchSpecFormatException("launch spec has no format version: expected format version "
                    + LaunchSpec.FORMAT_VERSION + " as LaunchSpec.toBytes() writes it");
        }
        if (version < 0 || version > LaunchSpec.FORMAT_VERSION) {
            throw new LaunchSpecFormatException("launch spec format version " + Integer.toUnsignedString(version)
                    + " is newer than this executor understands (up to " + LaunchSpec.FORMAT_VERSION
                    + "): upgrade the executor to the scheduler's version");
        }
        try {
            return new LaunchSpec(m.getNodeId(), roles(m), m.getClusterId(), m.getBindHost(), m.getAdvertisedHost(),
                    port(m.getBrokerPort()), port(m.getControllerPort()), voters(m), m.getLogDirsList(), m.getHeapMb(),
                    m.getJvmOptionsList(), m.getDistribution(), new java.util.TreeMap<>(m.getOverridesMap()),
                    Set.copyOf(m.getAllowedOwnedOverridesList()), m.getDynamicQuorum());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new LaunchSpecFormatException("launch spec is invalid: " + e.getMessage(), e);
        }
    }

    private static Set<Role> roles(LaunchSpecMessage m) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (int i = 0; i < m.getRolesCount(); i++) {
            LaunchSpecWire.Role role = m.getRoles(i);
            if (role == LaunchSpecWire.Role.ROLE_BROKER) {
                roles.add(Role.BROKER);
            } else if (role == LaunchSpecWire.Role.ROLE_CONTROLLER) {
                roles.add(Role.CONTROLLER);
            } else {
                throw new LaunchSpecFormatException("launch spec has an unknown role (number " + m.getRolesValue(i)
                        + "): this executor knows broker and controller");
            }
        }
        return roles;
    }

    private static OptionalInt port(int port) {
        return port == 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    private static List<QuorumVoter> voters(LaunchSpecMessage m) {
        List<QuorumVoter> voters = new ArrayList<>();
        for (LaunchSpecWire.Voter v : m.getControllerQuorumList()) {
            voters.add(new QuorumVoter(v.getNodeId(), v.getHost(), v.getPort(),
                    v.getDirectoryId().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v.getDirectoryId())));
        }
        return voters;
    }
}
