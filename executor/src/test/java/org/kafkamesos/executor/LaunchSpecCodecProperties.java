package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The wire form is what a scheduler and an executor of different builds share: whatever spec the scheduler
 * writes, the executor reads back the same one, and whatever bytes arrive, the executor either gets a valid
 * spec or a {@link LaunchSpecFormatException} that it turns into TASK_FAILED, never another exception.
 */
class LaunchSpecCodecProperties {

    @Property
    void everySpec_decodesToAnEqualSpec(@ForAll("specs") LaunchSpec spec) {
        assertThat(LaunchSpec.fromBytes(spec.toBytes())).isEqualTo(spec);
    }

    @Property
    void encoding_isDeterministic(@ForAll("specs") LaunchSpec spec) {
        assertThat(spec.toBytes()).isEqualTo(LaunchSpec.fromBytes(spec.toBytes()).toBytes());
    }

    @Property(tries = 2000)
    void arbitraryBytes_giveASpecOrTheCodecsException(@ForAll byte[] bytes) {
        try {
            LaunchSpec spec = LaunchSpec.fromBytes(bytes);
            assertThat(spec).isNotNull();
        } catch (LaunchSpecFormatException expected) {
            assertThat(expected.getMessage()).startsWith("launch spec");
        }
    }

    @Property(tries = 2000)
    void mutatedSpecs_giveASpecOrTheCodecsException(@ForAll("specs") LaunchSpec spec, @ForAll("mutations") List<Integer> flips) {
        byte[] bytes = spec.toBytes();
        for (int flip : flips) {
            int bit = Math.floorMod(flip, bytes.length * 8);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        try {
            assertThat(LaunchSpec.fromBytes(bytes)).isNotNull();
        } catch (LaunchSpecFormatException expected) {
            assertThat(expected.getMessage()).startsWith("launch spec");
        }
    }

    @Provide
    Arbitrary<List<Integer>> mutations() {
        return Arbitraries.integers().list().ofMinSize(1).ofMaxSize(4);
    }

    /** Valid specs of every role combination, with and without overrides and allowed owned keys. */
    @Provide
    Arbitrary<LaunchSpec> specs() {
        Arbitrary<Set<Role>> roles = Arbitraries.of(EnumSet.of(Role.BROKER), EnumSet.of(Role.CONTROLLER),
                EnumSet.of(Role.BROKER, Role.CONTROLLER));
        Arbitrary<String> hosts = Arbitraries.strings().withChars("abcxyz019.-").ofMinLength(1).ofMaxLength(12);
        Arbitrary<Integer> ports = Arbitraries.integers().between(1, 65535);
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<String> keys = Arbitraries.strings().withChars("abcdefghij._-0").ofMinLength(1).ofMaxLength(15)
                .filter(k -> !LaunchSpec.ownedKeys().contains(k));
        Arbitrary<Map<String, String>> overrides = Arbitraries.maps(keys, text).ofMaxSize(4);
        Arbitrary<List<String>> logDirs = Arbitraries.strings().withChars("abc/._ ").ofMinLength(1).ofMaxLength(10)
                .filter(s -> !s.isBlank()).set().ofMinSize(1).ofMaxSize(3).map(List::copyOf);
        Arbitrary<List<String>> jvm = Arbitraries.strings().ofMinLength(1).ofMaxLength(10)
                .filter(s -> !s.isBlank() && s.indexOf('\0') < 0 && !s.startsWith("-X")).list().ofMaxSize(3);
        Arbitrary<Set<String>> allowed = Arbitraries.of(LaunchSpec.ownedKeys()).set().ofMaxSize(2);

        return Combinators.combine(Arbitraries.integers().between(0, 1000), roles, hosts, hosts, ports, ports, logDirs)
                .flatAs((nodeId, r, bind, advertised, brokerPort, controllerPort, dirs) ->
                        Combinators.combine(Arbitraries.integers().between(LaunchSpec.MIN_HEAP_MB, 65536), jvm, overrides, allowed,
                                Arbitraries.integers().between(0, 3), Arbitraries.of(LaunchSpec.randomClusterId(), "AAAAAAAAAAAAAAAAAAAAAA"))
                                .as((heap, options, extra, allowedKeys, otherVoters, clusterId) -> {
                                    int controller = controllerPort.equals(brokerPort) ? brokerPort % 65535 + 1 : controllerPort;
                                    LaunchSpec.Builder b = LaunchSpec.builder(nodeId, clusterId)
                                            .roles(r.toArray(new Role[0]))
                                            .bindHost(bind).advertisedHost(advertised)
                                            .heapMb(heap).jvmOptions(options).distribution("dist/" + bind)
                                            .overrides(extra);
                                    dirs.forEach(b::logDir);
                                    if (r.contains(Role.BROKER)) {
                                        b.brokerPort(brokerPort);
                                    }
                                    if (r.contains(Role.CONTROLLER)) {
                                        b.controllerPort(controller).voter(nodeId, advertised, controller);
                                    }
                                    for (int i = 1; i <= otherVoters || (!r.contains(Role.CONTROLLER) && i == 1); i++) {
                                        b.voter(nodeId + 1000 + i, "c" + i, 9093);
                                    }
                                    allowedKeys.forEach(b::allowOwnedOverride);
                                    allowedKeys.stream().limit(1).forEach(k -> b.override(k, "allowed"));
                                    return b.build();
                                }))
                .flatMap(spec -> Arbitraries.of(false, true).map(dynamic -> dynamic ? dynamic(spec) : spec));
    }

    /** {@code spec} in a dynamic quorum: each voter with a directory id. */
    private static LaunchSpec dynamic(LaunchSpec spec) {
        List<QuorumVoter> voters = spec.controllerQuorum().stream().map(v -> new QuorumVoter(v.nodeId(), v.host(), v.port(),
                java.util.Optional.of(QuorumVoter.newDirectoryId(() -> new java.util.UUID(v.nodeId() + 7L, v.port() + 11L))))).toList();
        return new LaunchSpec(spec.nodeId(), spec.roles(), spec.clusterId(), spec.bindHost(), spec.advertisedHost(), spec.brokerPort(),
                spec.controllerPort(), voters, spec.logDirs(), spec.heapMb(), spec.jvmOptions(), spec.distribution(), spec.overrides(),
                spec.allowedOwnedOverrides(), true);
    }
}
