package org.kafkamesos.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.BrokerVolume;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.Failover;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.model.VolumePolicy;
import org.kafkamesos.core.store.StateSchemaException.Problem;
import org.kafkamesos.core.store.wire.ClusterStateWire.BrokerRecord;
import org.kafkamesos.executor.LaunchSpec;
import org.kafkamesos.executor.QuorumVoter;
import org.kafkamesos.placement.Constraint;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Resources;

/**
 * What a scheduler restarted from its store relies on: every broker it saved, in any phase and with any
 * spec the domain accepts, reads back equal; a newer schema version is refused as such; and no bytes,
 * however damaged, make reading throw anything but a {@link StateSchemaException}.
 */
class ClusterStateCodecProperties {

    private static final String KEY = "/brokers/1";

    private static final List<BiFunction<String, byte[], Object>> DECODERS = List.of(
            ClusterStateCodec::decodeBroker, ClusterStateCodec::decodeCluster, ClusterStateCodec::decodeFrameworkId);

    @Property
    void aBrokerEncodedThenDecoded_isEqual(@ForAll("brokers") Broker broker) {
        Broker decoded = ClusterStateCodec.decodeBroker(ClusterStateRepository.brokerKey(broker.id()), ClusterStateCodec.encodeBroker(broker));

        assertThat(decoded).isEqualTo(broker);
    }

    @Property
    void aClusterSpecEncodedThenDecoded_isEqual(@ForAll("clusters") ClusterSpec cluster) {
        assertThat(ClusterStateCodec.decodeCluster("/cluster", ClusterStateCodec.encodeCluster(cluster))).isEqualTo(cluster);
    }

    @Property
    void aFrameworkIdEncodedThenDecoded_isEqual(@ForAll("texts") String suffix) {
        String frameworkId = "fw-" + suffix;

        assertThat(ClusterStateCodec.decodeFrameworkId("/framework-id", ClusterStateCodec.encodeFrameworkId(frameworkId)))
                .isEqualTo(frameworkId);
    }

    @Property
    void arbitraryBytes_decodeOrFailWithAStateSchemaException(@ForAll @Size(max = 64) byte[] bytes) {
        decodeAllOrFailOnlyWithStateSchemaException(bytes);
    }

    /** Valid records with bytes flipped, cut or inserted: closer to real damage than noise, deeper into the parsers. */
    @Property
    void damagedRecords_decodeOrFailWithAStateSchemaException(@ForAll("brokers") Broker broker,
                                                              @ForAll("damage") Damage damage) {
        decodeAllOrFailOnlyWithStateSchemaException(damage.apply(ClusterStateCodec.encodeBroker(broker)));
    }

    @Property
    void aRecordOfANewerSchemaVersion_isRefusedNamingBothVersions(@ForAll("brokers") Broker broker,
                                                                  @ForAll @IntRange(min = 2) int version) {
        byte[] newer = brokerRecord(broker).toBuilder().setSchemaVersion(version).build().toByteArray();

        assertThatThrownBy(() -> ClusterStateCodec.decodeBroker(KEY, newer))
                .isInstanceOfSatisfying(StateSchemaException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.NEWER_VERSION);
                    assertThat(e.storedVersion()).hasValue(version);
                })
                .hasMessageContaining("schema version " + version)
                .hasMessageContaining("schema version " + ClusterStateRepository.SCHEMA_VERSION);
    }

    private static void decodeAllOrFailOnlyWithStateSchemaException(byte[] bytes) {
        for (BiFunction<String, byte[], Object> decoder : DECODERS) {
            try {
                assertThat(decoder.apply(KEY, bytes)).isNotNull();
            } catch (StateSchemaException e) {
                assertThat(e.key()).isEqualTo(KEY);
                assertThat(e.getMessage()).startsWith("value at " + KEY + " ");
            }
        }
    }

    private static BrokerRecord brokerRecord(Broker broker) {
        try {
            return BrokerRecord.parseFrom(ClusterStateCodec.encodeBroker(broker));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------------------------- generators

    /** Brokers in every phase, with specs anywhere in the ranges the domain records accept. */
    @Provide
    Arbitrary<Broker> brokers() {
        Arbitrary<Integer> ids = Arbitraries.oneOf(Arbitraries.integers().between(0, 20), Arbitraries.integers().greaterOrEqual(0));
        Arbitrary<boolean[]> flags = Arbitraries.integers().between(0, 3).map(f -> new boolean[] {(f & 1) != 0, (f & 2) != 0});
        Arbitrary<Failover> failovers = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), instants().optional(),
                text().optional()).as(Failover::new);
        Arbitrary<Broker> plain = Combinators.combine(ids, specs(), flags, Arbitraries.of(TaskPhase.class), tasks(), failovers,
                        hostnames().optional(), instants().optional())
                .as((id, spec, flag, phase, task, failover, lastHost, stickySince) -> new Broker(id, spec, flag[0], flag[1], phase,
                        phase == TaskPhase.NONE ? Optional.empty() : Optional.of(task), failover, lastHost, stickySince));
        // each draw another first character, so that one Kafka refuses (reserved, or a leading '-') is followed by one it takes
        Arbitrary<Optional<String>> directoryIds = Arbitraries.longs().map(bits -> {
            long[] draw = {0};
            return QuorumVoter.newDirectoryId(() -> new UUID(bits ^ (draw[0]++ << 58), ~bits));
        }).optional();
        return Combinators.combine(plain, brokerVolumes().optional(), Arbitraries.of(false, true),
                        Arbitraries.integers().between(1, 65535).optional(), directoryIds)
                .as((b, volume, removing, controllerPort, directoryId) -> {
                    Broker withVolume = b.withVolume(volume);
                    Broker withPort = controllerPort.map(withVolume::withControllerPort).orElse(withVolume);
                    Broker kept = directoryId.map(withPort::withDirectoryId).orElse(withPort);
                    return removing && volume.isPresent() && !b.active() && b.phase() == TaskPhase.NONE ? kept.asRemoving() : kept;
                });
    }

    static Arbitrary<BrokerVolume> brokerVolumes() {
        Arbitrary<Resources> reserved = Combinators.combine(Arbitraries.doubles().between(0, 64).ofScale(3),
                Arbitraries.doubles().between(0, 1e6).ofScale(3), Arbitraries.doubles().between(0.001, 1e7).ofScale(3),
                Arbitraries.integers().between(1, 65535).set().ofMaxSize(3))
                .as((cpus, mem, disk, ports) -> new Resources(cpus, mem, disk,
                        ports.stream().sorted().map(p -> new PortRange(p, p)).toList()));
        return Combinators.combine(text().filter(s -> !s.isBlank()), hostnames(), text().filter(s -> !s.isBlank()),
                        Arbitraries.of("kafka", "kafka/brokers", "r"), reserved, Arbitraries.of(false, true))
                .as(BrokerVolume::new);
    }

    static Arbitrary<BrokerSpec> specs() {
        Arbitrary<Double> cpus = Arbitraries.oneOf(Arbitraries.doubles().between(0.01, 64).ofScale(2),
                Arbitraries.doubles().between(1e-9, 1e9).ofScale(12), Arbitraries.of(Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2));
        Arbitrary<long[]> memory = Arbitraries.longs().between(LaunchSpec.MIN_HEAP_MB + 1, Long.MAX_VALUE)
                .flatMap(mem -> Arbitraries.longs().between(LaunchSpec.MIN_HEAP_MB, mem - 1).map(heap -> new long[] {mem, heap}));
        Arbitrary<Long> disk = Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().greaterOrEqual(0));
        Arbitrary<VolumePolicy> volume = Arbitraries.oneOf(Arbitraries.just(new VolumePolicy.Auto()),
                Arbitraries.just(new VolumePolicy.Sandbox()),
                Arbitraries.strings().withChars("abc-019_.:").ofMinLength(1).ofMaxLength(20)
                        .filter(s -> !s.equals("auto") && !s.equals("none")).map(VolumePolicy.Existing::new));
        Arbitrary<BrokerSpec.Builder> base = Combinators.combine(cpus, memory, disk, ports(), constraints(), volume)
                .as((c, mem, d, port, constraints, v) -> BrokerSpec.builder().cpus(c).memMb(mem[0]).heapMb(mem[1])
                        // a volume of its own has a size
                        .diskMb(v instanceof VolumePolicy.Auto && d == 0 ? 1 : d)
                        .port(port).constraints(constraints).volume(v));
        return Combinators.combine(base, Arbitraries.maps(configKeys(), text()).ofMaxSize(5), jvmOptions().list().ofMaxSize(5),
                        failoverPolicies(), durations(), Arbitraries.of(org.kafkamesos.core.model.NodeRole.class))
                .as((b, options, jvm, failover, stickiness, role) -> b.options(options).jvmOptions(jvm).failover(failover)
                        .stickinessPeriod(stickiness).role(role).build());
    }

    private static Arbitrary<PortPolicy> ports() {
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        return Arbitraries.oneOf(Arbitraries.just(new PortPolicy.Auto()), port.map(PortPolicy.Fixed::new),
                Combinators.combine(port, port).as((a, b) -> new PortPolicy.Range(Math.min(a, b), Math.max(a, b))));
    }

    /** Constraints of all eight operators, with values and regexes whose commas must survive the text form. */
    private static Arbitrary<List<Constraint>> constraints() {
        Arbitrary<String> attributes = Arbitraries.of("hostname", "rack", "zone", "disk.type", "rack-id", "a_b");
        Arbitrary<String> values = Arbitraries.of("r1", "a b", "x,y", "é", "z=1", "us-east-1a", "[1]", "\"q\"");
        Arbitrary<String> regexes = Arbitraries.of("r[12]", "r{1,2}", ".*", "h(1|2),?", "\\d+", "[,=:]+");
        Arbitrary<Integer> counts = Arbitraries.integers().between(1, Integer.MAX_VALUE);
        Arbitrary<Constraint> constraint = Arbitraries.oneOf(
                attributes.map(Constraint.Unique::new),
                Combinators.combine(attributes, values.optional()).as(Constraint.Cluster::new),
                Combinators.combine(attributes, counts).as(Constraint.GroupBy::new),
                Combinators.combine(attributes, regexes).as(Constraint.Like::new),
                Combinators.combine(attributes, regexes).as(Constraint.Unlike::new),
                Combinators.combine(attributes, counts).as(Constraint.MaxPer::new),
                Combinators.combine(attributes, values).as(Constraint.Is::new),
                Combinators.combine(attributes, values).as(Constraint.IsNot::new));
        return constraint.list().ofMaxSize(4);
    }

    private static Arbitrary<FailoverPolicy> failoverPolicies() {
        Arbitrary<OptionalInt> maxTries = Arbitraries.oneOf(Arbitraries.just(OptionalInt.empty()),
                Arbitraries.integers().greaterOrEqual(1).map(OptionalInt::of));
        return Combinators.combine(durations(), durations(), maxTries)
                .as((a, b, tries) -> a.compareTo(b) <= 0 ? new FailoverPolicy(a, b, tries) : new FailoverPolicy(b, a, tries));
    }

    private static Arbitrary<Task> tasks() {
        Arbitrary<String> ids = Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1).ofMaxLength(40);
        Arbitrary<List<Integer>> ports = Arbitraries.integers().list().ofMaxSize(4);
        return Combinators.combine(ids, ids, hostnames(), ports, Arbitraries.maps(optionKeys(), text()).ofMaxSize(4))
                .as(Task::new);
    }

    private static Arbitrary<String> hostnames() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars(".-").ofMinLength(1).ofMaxLength(30)
                .filter(h -> !h.isBlank());
    }

    /** Kafka config names a broker's options may set: every name but those kafka-mesos sets itself. */
    private static Arbitrary<String> configKeys() {
        return Arbitraries.oneOf(Arbitraries.of("log.retention.hours", "num.io.threads", "broker.rack"),
                Arbitraries.strings().withCharRange('a', 'z').withChars(".-_0").ofMinLength(1).ofMaxLength(20))
                .filter(k -> !LaunchSpec.ownedKeys().contains(k));
    }

    /** JVM options a launch accepts: not blank, no NUL, no heap size. */
    private static Arbitrary<String> jvmOptions() {
        return text().filter(s -> {
            try {
                LaunchSpec.requireJvmOptions(List.of(s));
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        });
    }

    private static Arbitrary<String> optionKeys() {
        return Arbitraries.oneOf(Arbitraries.of("log.retention.hours", "num.io.threads", "rack", "zone"),
                Arbitraries.strings().withCharRange('a', 'z').withChars(".-_ ").ofMinLength(1).ofMaxLength(20)
                        .filter(k -> !k.isBlank()));
    }

    @Provide
    Arbitrary<String> texts() {
        return text();
    }

    /** Text users write, non-ASCII included (whole code points only: stored strings are UTF-8). */
    private static Arbitrary<String> text() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').withChars("éß€中\t\n").ofMaxLength(30);
        return Arbitraries.oneOf(plain, plain.map(s -> s + "\uD83D\uDE00" + s));
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }

    private static Arbitrary<Duration> durations() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 100_000).map(Duration::ofSeconds),
                Combinators.combine(Arbitraries.longs().greaterOrEqual(0), Arbitraries.integers().between(0, 999_999_999))
                        .as(Duration::ofSeconds));
    }

    @Provide
    Arbitrary<ClusterSpec> clusters() {
        Arbitrary<String> names = Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1).ofMaxLength(64);
        Arbitrary<Integer> controllers = Arbitraries.integers().between(0, 1_000_000).map(n -> 2 * n + 1);
        Arbitrary<String> clusterIds = Arbitraries.strings().alpha().numeric().withChars("-_").ofLength(22);
        Arbitrary<java.util.List<Integer>> ids = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(5);
        return Combinators.combine(names, Arbitraries.of(ClusterSpec.KafkaMode.class), controllers, clusterIds,
                        text().filter(t -> !t.isBlank()), ids, Arbitraries.of(true, false))
                .as((name, mode, n, id, dist, chosen, formed) -> new ClusterSpec(name, mode, n, id, dist,
                        chosen.stream().distinct().limit(n).toList(), formed));
    }

    /** One way to damage stored bytes. */
    record Damage(int position, int kind, byte value) {
        byte[] apply(byte[] bytes) {
            if (bytes.length == 0) {
                return new byte[] {value};
            }
            int at = Math.floorMod(position, bytes.length);
            switch (kind) {
                case 0: {
                    byte[] flipped = bytes.clone();
                    flipped[at] ^= value == 0 ? 1 : value;
                    return flipped;
                }
                case 1:
                    return java.util.Arrays.copyOf(bytes, at);
                default: {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = value;
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    return longer;
                }
            }
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 2), Arbitraries.bytes()).as(Damage::new);
    }
}
