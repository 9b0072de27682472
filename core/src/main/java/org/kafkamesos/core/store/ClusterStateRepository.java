package org.kafkamesos.core.store;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.store.StateSchemaException.Problem;
import org.kafkamesos.state.Batch;
import org.kafkamesos.state.FencedException;
import org.kafkamesos.state.MissingKeyException;
import org.kafkamesos.state.StateStore;
import org.kafkamesos.state.StateStoreException;
import org.kafkamesos.state.ValueTooLargeException;
import org.kafkamesos.state.VersionConflictException;
import org.kafkamesos.state.Versioned;

/**
 * The scheduler's state in a {@link StateStore}: the framework id ({@value #FRAMEWORK_ID_KEY}), the
 * {@link ClusterSpec} ({@value #CLUSTER_KEY}) and every {@link Broker} ({@code /brokers/<id>}), each one
 * value, stored as a protobuf record of the project's own schema ({@code cluster_state.proto}) that carries
 * its {@link #SCHEMA_VERSION}. A record of a newer version is refused with a {@link StateSchemaException}
 * naming both versions; older versions are upgraded when read, and the next save writes the current one.
 *
 * <p><b>Optimistic writes.</b> Every write is a compare-and-set against the version this repository last
 * read ({@link #load()}) or wrote for that key; a key it has not seen is expected to be absent. So a
 * second scheduler writing the same store is detected, never silently overwritten: the write fails with
 * {@link VersionConflictException} (also when the other writer deleted the key) and changes nothing. The
 * repository does not retry; after a conflict the caller decides, usually by stepping down or by calling
 * {@link #load()} again. With a fenced store from a {@code Leadership}, a deposed scheduler's writes fail
 * with {@link FencedException} first.
 *
 * <p><b>Write-ahead.</b> The intent of a launch is written before the launch is sent:
 * {@link #recordLaunchIntent(Broker)} (or {@link #recordLaunchIntents(List)} for one offer cycle) stores
 * the broker in phase {@link TaskPhase#LAUNCHING} with its task, and returns only once the store has it;
 * only then may the orchestrator hand the launch to Mesos. A crash after the write and before the launch
 * leaves a LAUNCHING broker whose task Mesos does not know, which reconciliation repairs.
 *
 * <p>Not thread-safe: confine an instance to one thread, the orchestrator's event loop. It holds no state
 * but the versions it has seen, and nothing static. Failures of the store ({@link StateStoreException} and
 * its subclasses) pass through unchanged, except as said above.
 */
public final class ClusterStateRepository {

    /** The schema version this library writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    /** The key of the framework id. */
    public static final String FRAMEWORK_ID_KEY = "/framework-id";

    /** The key of the cluster spec. */
    public static final String CLUSTER_KEY = "/cluster";

    /** The parent of the brokers' keys, {@code /brokers/<id>}. */
    public static final String BROKERS_KEY = "/brokers";

    /** Broker keys as {@link #brokerKey(int)} writes them: a decimal id without leading zeros. */
    private static final Pattern BROKER_ID = Pattern.compile("0|[1-9][0-9]{0,9}");

    private final StateStore store;
    /** The version of every key as last read or written; a key missing here is expected to be absent. */
    private final Map<String, Long> versions = new HashMap<>();

    private ClusterStateRepository(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * A repository over {@code store}, which it does not close. It has seen no version yet: call
     * {@link #load()} first to update existing state, or write to create it.
     */
    public static ClusterStateRepository over(StateStore store) {
        return new ClusterStateRepository(store);
    }

    /** The store key of broker {@code id}: {@code /brokers/<id>}. */
    public static String brokerKey(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, got " + id);
        }
        return BROKERS_KEY + "/" + id;
    }

    /**
     * Reads everything, and from now on expects the versions read. The reads are not one atomic snapshot;
     * with a single writer (the leader) they are.
     *
     * @throws StateSchemaException if a value is damaged, invalid, of a newer schema version, or a key under
     *                              {@value #BROKERS_KEY} is not a broker id; the versions
     *                              expected stay as they were
     */
    public Snapshot load() {
        Map<String, Long> seen = new HashMap<>();
        Optional<String> frameworkId = read(FRAMEWORK_ID_KEY, seen).map(v -> ClusterStateCodec.decodeFrameworkId(FRAMEWORK_ID_KEY, v));
        Optional<ClusterSpec> cluster = read(CLUSTER_KEY, seen).map(v -> ClusterStateCodec.decodeCluster(CLUSTER_KEY, v));
        SortedMap<Integer, Broker> brokers = new TreeMap<>();
        SortedMap<Integer, Long> brokerVersions = new TreeMap<>();
        for (String key : store.children(BROKERS_KEY)) {
            int id = brokerId(key);
            Optional<byte[]> value = read(key, seen);
            if (value.isEmpty()) {
                continue; // deleted since it was listed
            }
            Broker broker = ClusterStateCodec.decodeBroker(key, value.get());
            if (broker.id() != id) {
                throw new StateSchemaException(key, Problem.INVALID, OptionalLong.of(SCHEMA_VERSION),
                        "holds broker " + broker.id() + "; a broker is stored at " + brokerKey(broker.id()), null);
            }
            brokers.put(id, broker);
            brokerVersions.put(id, seen.get(key));
        }
        versions.clear();
        versions.putAll(seen);
        return new Snapshot(frameworkId, cluster, brokers, new Versions(version(seen, FRAMEWORK_ID_KEY), version(seen, CLUSTER_KEY),
                brokerVersions));
    }

    /**
     * Stores the id Mesos gave the framework, to re-register with after a restart.
     *
     * @throws VersionConflictException if another writer changed it since this repository last saw it
     */
    public void saveFrameworkId(String frameworkId) {
        if (frameworkId == null || frameworkId.isBlank()) {
            throw new IllegalArgumentException("framework id must be non-blank, got " + (frameworkId == null ? "null" : "'" + frameworkId + "'"));
        }
        write(FRAMEWORK_ID_KEY, "the framework id", ClusterStateCodec.encodeFrameworkId(frameworkId));
    }

    /**
     * Stores the cluster spec.
     *
     * @throws VersionConflictException if another writer changed it since this repository last saw it
     */
    public void saveCluster(ClusterSpec cluster) {
        Objects.requireNonNull(cluster, "cluster");
        write(CLUSTER_KEY, "the cluster spec", ClusterStateCodec.encodeCluster(cluster));
    }

    /**
     * Stores one broker, every field of it.
     *
     * @throws VersionConflictException if another writer changed it since this repository last saw it
     * @throws ValueTooLargeException   if its stored form exceeds {@link StateStore#MAX_VALUE_BYTES}
     */
    public void saveBroker(Broker broker) {
        Objects.requireNonNull(broker, "broker");
        write(brokerKey(broker.id()), "broker " + broker.id(), ClusterStateCodec.encodeBroker(broker));
    }

    /**
     * The write-ahead step of a launch: stores {@code broker}, in phase {@link TaskPhase#LAUNCHING} with the
     * task about to be launched, and returns once the store has it. Send the launch only after this returns;
     * if it throws, do not send it.
     *
     * @throws IllegalArgumentException if the broker is not in phase LAUNCHING
     * @throws VersionConflictException if another writer changed the broker since this repository last saw it
     */
    public void recordLaunchIntent(Broker broker) {
        saveBroker(requireLaunching(broker));
    }

    /**
     * The write-ahead step of one offer cycle's launches: {@link #recordLaunchIntent(Broker)} for every broker,
     * all-or-nothing, in one store commit.
     *
     * @throws IllegalArgumentException if a broker is not in phase LAUNCHING, or an id appears twice
     * @throws VersionConflictException if another writer changed one of them; then none is stored
     */
    public void recordLaunchIntents(List<Broker> brokers) {
        brokers.forEach(ClusterStateRepository::requireLaunching);
        saveAll(brokers);
    }

    /**
     * Stores several brokers all-or-nothing, in one {@link StateStore#commit(Batch)}. Nothing to do for an
     * empty list.
     *
     * @throws IllegalArgumentException if a broker id appears twice
     * @throws VersionConflictException if another writer changed one of them; then none is stored
     * @throws ValueTooLargeException   if one exceeds {@link StateStore#MAX_VALUE_BYTES} or all of them
     *                                  {@link StateStore#MAX_BATCH_BYTES}; then none is stored
     */
    public void saveAll(List<Broker> brokers) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        long total = 0;
        for (Broker broker : brokers) {
            String key = brokerKey(Objects.requireNonNull(broker, "broker").id());
            byte[] value = requireSize("broker " + broker.id(), ClusterStateCodec.encodeBroker(broker));
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException("broker " + broker.id() + " appears twice; save each broker once per batch");
            }
            total += value.length;
        }
        if (values.isEmpty()) {
            return;
        }
        if (total > StateStore.MAX_BATCH_BYTES) {
            throw new ValueTooLargeException(values.size() + " brokers saved in one batch (save fewer at a time)", total,
                    StateStore.MAX_BATCH_BYTES);
        }
        Batch.Builder batch = Batch.builder();
        values.forEach((key, value) -> {
            Long known = versions.get(key);
            if (known == null) {
                batch.create(key, value);
            } else {
                batch.put(key, value, known);
            }
        });
        Map<String, Long> written;
        try {
            written = store.commit(batch.build());
        } catch (MissingKeyException e) {
            throw deletedMeanwhile(e.key(), e);
        }
        versions.putAll(written);
    }

    /**
     * Deletes broker {@code id}.
     *
     * @return whether there was one; false when neither this repository nor the store has it
     * @throws VersionConflictException if another writer changed or deleted it since this repository last saw
     *                                  it, or created it while this repository had not seen it
     */
    public boolean removeBroker(int id) {
        String key = brokerKey(id);
        Long known = versions.get(key);
        if (known == null) {
            Optional<Versioned<byte[]>> current = store.get(key);
            if (current.isPresent()) {
                throw new VersionConflictException(key, OptionalLong.empty(), OptionalLong.of(current.get().version()));
            }
            return false;
        }
        try {
            store.delete(key, known);
        } catch (MissingKeyException e) {
            throw deletedMeanwhile(key, e);
        }
        versions.remove(key);
        return true;
    }

    private Optional<byte[]> read(String key, Map<String, Long> seen) {
        Optional<Versioned<byte[]>> value = store.get(key);
        value.ifPresent(v -> seen.put(key, v.version()));
        return value.map(Versioned::value);
    }

    private void write(String key, String what, byte[] value) {
        requireSize(what, value);
        Long known = versions.get(key);
        long version;
        try {
            version = known == null ? store.create(key, value) : store.put(key, value, known);
        } catch (MissingKeyException e) {
            throw deletedMeanwhile(key, e);
        }
        versions.put(key, version);
    }

    /** A conditional write found the key gone: someone else deleted it, which is a conflict like any other. */
    private VersionConflictException deletedMeanwhile(String key, MissingKeyException cause) {
        Long known = versions.get(key);
        VersionConflictException conflict = new VersionConflictException(key,
                known == null ? OptionalLong.empty() : OptionalLong.of(known), OptionalLong.empty());
        conflict.initCause(cause);
        return conflict;
    }

    private static byte[] requireSize(String what, byte[] value) {
        if (value.length > StateStore.MAX_VALUE_BYTES) {
            throw new ValueTooLargeException(what + " as stored (its options, JVM options and constraints make up most of it)",
                    value.length, StateStore.MAX_VALUE_BYTES);
        }
        return value;
    }

    private static Broker requireLaunching(Broker broker) {
        Objects.requireNonNull(broker, "broker");
        if (broker.phase() != TaskPhase.LAUNCHING) {
            throw new IllegalArgumentException("a launch intent is a broker in phase LAUNCHING with the task to launch; broker "
                    + broker.id() + " is in phase " + broker.phase());
        }
        return broker;
    }

    private static int brokerId(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (BROKER_ID.matcher(name).matches()) {
            long id = Long.parseLong(name);
            if (id <= Integer.MAX_VALUE) {
                return (int) id;
            }
        }
        throw new StateSchemaException(key, Problem.INVALID, OptionalLong.empty(), "is not a broker's key: expected "
                + BROKERS_KEY + "/<id> with a broker id from 0 to " + Integer.MAX_VALUE + " without leading zeros", null);
    }

    private static OptionalLong version(Map<String, Long> seen, String key) {
        Long v = seen.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * The state as {@link #load()} found it.
     *
     * @param frameworkId the framework id, empty before the first registration
     * @param cluster     the cluster spec, empty before it was first saved
     * @param brokers     every broker by id
     * @param versions    the store version of each value read, which later writes expect
     */
    public record Snapshot(Optional<String> frameworkId, Optional<ClusterSpec> cluster, SortedMap<Integer, Broker> brokers,
                           Versions versions) {

        public Snapshot {
            Objects.requireNonNull(frameworkId, "frameworkId");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(versions, "versions");
            brokers = Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
            brokers.forEach((id, broker) -> {
                if (id != broker.id()) {
                    throw new IllegalArgumentException("broker " + broker.id() + " is filed under id " + id);
                }
            });
        }

        /** Whether the store held nothing: the scheduler starts for the first time. */
        public boolean isEmpty() {
            return frameworkId.isEmpty() && cluster.isEmpty() && brokers.isEmpty();
        }
    }

    /**
     * Store versions of the values a {@link Snapshot} was read from; empty or missing for absent values.
     *
     * @param frameworkId the version of {@value ClusterStateRepository#FRAMEWORK_ID_KEY}
     * @param cluster     the version of {@value ClusterStateRepository#CLUSTER_KEY}
     * @param brokers     the version of {@code /brokers/<id>} by broker id
     */
    public record Versions(OptionalLong frameworkId, OptionalLong cluster, SortedMap<Integer, Long> brokers) {

        public Versions {
            Objects.requireNonNull(frameworkId, "frameworkId");
            Objects.requireNonNull(cluster, "cluster");
            brokers = Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
        }
    }

    @Override
    public String toString() {
        return "ClusterStateRepository[" + versions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "@" + e.getValue()).collect(Collectors.joining(", ")) + "]";
    }
}
