package org.kafkamesos.core.store;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.store.StateSchemaException.Problem;
import org.kafkamesos.core.store.wire.ClusterStateWire.BrokerRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.ClusterRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.ControllerIds;
import org.kafkamesos.core.store.wire.ClusterStateWire.FrameworkIdRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.KafkaMode;
import org.kafkamesos.core.store.wire.ClusterStateWire.SchemaHeader;

/**
 * Converts the stored records of {@code cluster_state.proto} to and from the domain: the only code that sees
 * the generated types. Decoding reads the schema version first, refuses a newer one, parses the record,
 * upgrades it to the current version and only then maps it to the domain; whatever goes wrong on the way
 * is a {@link StateSchemaException}, never a protobuf or a validation exception.
 *
 * <p>Adding schema version 2: add the new fields to the messages (never renumber or reuse), raise
 * {@link ClusterStateRepository#SCHEMA_VERSION}, put an upgrade {@code 1 -> 2} into the map of each record
 * type that changed (it fills the new fields from the old ones and sets {@code schema_version} to 2), and
 * map the new fields in {@link ClusterStateCodecBrokers}. A record read at version 1 then goes through the
 * upgrade before it is mapped, so the mapping only ever knows the current version.
 */
final class ClusterStateCodec {

    static final int CURRENT = ClusterStateRepository.SCHEMA_VERSION;

    /** Upgrades of each record type, keyed by the version they upgrade from to the next. None yet: version 1 is the first. */
    private static final Map<Integer, UnaryOperator<FrameworkIdRecord>> FRAMEWORK_ID_UPGRADES = Map.of();
    private static final Map<Integer, UnaryOperator<ClusterRecord>> CLUSTER_UPGRADES = Map.of();
    private static final Map<Integer, UnaryOperator<BrokerRecord>> BROKER_UPGRADES = Map.of();

    private ClusterStateCodec() {
    }

    static byte[] encodeFrameworkId(String frameworkId) {
        return FrameworkIdRecord.newBuilder().setSchemaVersion(CURRENT).setFrameworkId(frameworkId).build().toByteArray();
    }

    static String decodeFrameworkId(String key, byte[] bytes) {
        FrameworkIdRecord record = read(key, bytes, FrameworkIdRecord.parser(), FrameworkIdRecord::getSchemaVersion,
                FRAMEWORK_ID_UPGRADES);
        return toDomain(key, "framework id", record, r -> {
            if (r.getFrameworkId().isBlank()) {
                throw new IllegalArgumentException("the framework id is blank");
            }
            return r.getFrameworkId();
        });
    }

    static byte[] encodeCluster(ClusterSpec cluster) {
        return ClusterRecord.newBuilder()
                .setSchemaVersion(CURRENT)
                .setName(cluster.name())
                .setMode(mode(cluster.mode()))
                .setControllers(cluster.controllers())
                .setClusterId(cluster.clusterId())
                .setDistribution(cluster.distribution())
                .setControllerIds(ControllerIds.newBuilder().addAllIds(cluster.controllerIds()))
                .setQuorumFormed(cluster.quorumFormed())
                .build().toByteArray();
    }

    static ClusterSpec decodeCluster(String key, byte[] bytes) {
        ClusterRecord record = read(key, bytes, ClusterRecord.parser(), ClusterRecord::getSchemaVersion, CLUSTER_UPGRADES);
        return toDomain(key, "cluster spec", record, r -> new ClusterSpec(r.getName(), mode(r.getModeValue()),
                r.getControllers(), r.getClusterId(), r.getDistribution(), controllerIds(r), r.getQuorumFormed()));
    }

    /** The chosen controllers; for a record from before they were chosen, brokers 0..controllers-1, the rule then. */
    private static List<Integer> controllerIds(ClusterRecord r) {
        if (r.hasControllerIds()) {
            return r.getControllerIds().getIdsList();
        }
        List<Integer> firstIds = new ArrayList<>();
        for (int id = 0; id < r.getControllers(); id++) {
            firstIds.add(id);
        }
        return firstIds;
    }

    static byte[] encodeBroker(Broker broker) {
        return ClusterStateCodecBrokers.broker(broker).setSchemaVersion(CURRENT).build().toByteArray();
    }

    static Broker decodeBroker(String key, byte[] bytes) {
        BrokerRecord record = read(key, bytes, BrokerRecord.parser(), BrokerRecord::getSchemaVersion, BROKER_UPGRADES);
        return toDomain(key, "broker", record, ClusterStateCodecBrokers::broker);
    }

    /** Parses a record of any known version and upgrades it to the current one. */
    private static <M extends MessageLite> M read(String key, byte[] bytes, Parser<M> parser, Function<M, Integer> versionOf,
                                                  Map<Integer, UnaryOperator<M>> upgrades) {
        long version = schemaVersion(key, bytes);
        M record;
        try {
            record = parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw notARecord(key, bytes, OptionalLong.of(version), e);
        }
        for (int from = (int) version; from < CURRENT; from++) {
            UnaryOperator<M> upgrade = upgrades.get(from);
            if (upgrade == null) {
                throw new IllegalStateException("no upgrade of " + record.getClass().getSimpleName() + " from schema version "
                        + from + " to " + (from + 1) + "; every version up to " + CURRENT + " needs one");
            }
            record = upgrade.apply(record);
        }
        if (versionOf.apply(record) != CURRENT) {
            throw new IllegalStateException("upgrading " + record.getClass().getSimpleName() + " from schema version "
                    + version + " ended at " + Integer.toUnsignedString(versionOf.apply(record)) + ", not " + CURRENT);
        }
        return record;
    }

    /** The version every stored record carries as field 1, read before the record's own type. */
    private static long schemaVersion(String key, byte[] bytes) {
        long version;
        try {
            version = Integer.toUnsignedLong(SchemaHeader.parseFrom(bytes).getSchemaVersion());
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw notARecord(key, bytes, OptionalLong.empty(), e);
        }
        if (version == 0) {
            throw new StateSchemaException(key, Problem.NOT_A_RECORD, OptionalLong.empty(), "(" + bytes.length
                    + " bytes) has no schema version, so it is not a record kafka-mesos wrote (every record carries schema version "
                    + CURRENT + " or older): it is damaged or foreign", null);
        }
        if (version > CURRENT) {
            throw new StateSchemaException(key, Problem.NEWER_VERSION, OptionalLong.of(version), "has schema version "
                    + version + ", newer than the schema version " + CURRENT + " this kafka-mesos reads: a newer kafka-mesos"
                    + " wrote it; run that version (or a newer one) rather than lose what this one does not understand", null);
        }
        return version;
    }

    private static <M, T> T toDomain(String key, String what, M record, Function<M, T> mapping) {
        try {
            return mapping.apply(record);
        } catch (StateSchemaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StateSchemaException(key, Problem.INVALID, OptionalLong.of(CURRENT), "is not a valid " + what
                    + " (schema version " + CURRENT + "): " + e.getMessage(), e);
        }
    }

    private static StateSchemaException notARecord(String key, byte[] bytes, OptionalLong version, Exception cause) {
        return new StateSchemaException(key, Problem.NOT_A_RECORD, version, "(" + bytes.length
                + " bytes) does not parse as a kafka-mesos state record, so it is damaged or foreign: " + cause.getMessage(), cause);
    }

    private static KafkaMode mode(ClusterSpec.KafkaMode mode) {
        return switch (mode) {
            case KRAFT -> KafkaMode.KAFKA_MODE_KRAFT;
            case KRAFT_DYNAMIC -> KafkaMode.KAFKA_MODE_KRAFT_DYNAMIC;
        };
    }

    private static ClusterSpec.KafkaMode mode(int number) {
        if (number == KafkaMode.KAFKA_MODE_KRAFT_VALUE) {
            return ClusterSpec.KafkaMode.KRAFT;
        }
        if (number == KafkaMode.KAFKA_MODE_KRAFT_DYNAMIC_VALUE) {
            return ClusterSpec.KafkaMode.KRAFT_DYNAMIC;
        }
        throw new IllegalArgumentException("unknown Kafka mode number " + number + "; this version knows KRaft with a static ("
                + KafkaMode.KAFKA_MODE_KRAFT_VALUE + ") or a dynamic quorum (" + KafkaMode.KAFKA_MODE_KRAFT_DYNAMIC_VALUE + ")");
    }
}
