package org.kafkamesos.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
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
import org.kafkamesos.core.store.ClusterStateRepository.Snapshot;
import org.kafkamesos.core.store.StateSchemaException.Problem;
import org.kafkamesos.core.store.wire.ClusterStateWire.BrokerRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.ClusterRecord;
import org.kafkamesos.core.store.wire.ClusterStateWire.FrameworkIdRecord;
import org.kafkamesos.placement.Constraints;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Resources;
import org.kafkamesos.state.FileStateStore;
import org.kafkamesos.state.MemoryStateStore;
import org.kafkamesos.state.StateStore;
import org.kafkamesos.state.StateStoreException;
import org.kafkamesos.state.ValueTooLargeException;
import org.kafkamesos.state.VersionConflictException;

/**
 * What the scheduler relies on from its stored state, on the memory and the file store alike: every field
 * of every broker comes back as saved, also after a restart; a second writer is detected, never silently
 * overwritten; a launch intent is stored before it returns; and a value it cannot read (newer schema,
 * damaged bytes) is refused with a {@link StateSchemaException} that says why.
 */
class ClusterStateRepositoryTest {

    enum Store { MEMORY, FILE }

    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456789Z");
    private static final ClusterSpec CLUSTER = new ClusterSpec("kafka-prod_1", ClusterSpec.KafkaMode.KRAFT, 3,
            "MkU3OEVBNTcwNTJENDM2Qg", "https://repo.example.com/kafka-4.1.1.tgz");

    @TempDir
    Path dir;

    private final List<StateStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(StateStore::close);
    }

    // ---------------------------------------------------------------------------------- round trips

    @ParameterizedTest
    @EnumSource(Store.class)
    void load_emptyStore_isAnEmptySnapshot(Store kind) {
        Snapshot snapshot = ClusterStateRepository.over(open(kind)).load();

        assertThat(snapshot.isEmpty()).isTrue();
        assertThat(snapshot.brokers()).isEmpty();
        assertThat(snapshot.versions().frameworkId()).isEmpty();
        assertThat(snapshot.versions().cluster()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void saveThenLoad_frameworkIdAndCluster_comeBackEqual(Store kind) {
        StateStore store = open(kind);
        ClusterStateRepository repository = ClusterStateRepository.over(store);

        repository.saveFrameworkId("a6b1c2d3-0000-4f4f-9e9e-5b5b5b5b5b5b-0042");
        repository.saveCluster(CLUSTER);
        Snapshot snapshot = ClusterStateRepository.over(store).load();

        assertThat(snapshot.frameworkId()).contains("a6b1c2d3-0000-4f4f-9e9e-5b5b5b5b5b5b-0042");
        assertThat(snapshot.cluster()).contains(CLUSTER);
        assertThat(snapshot.isEmpty()).isFalse();
        assertThat(snapshot.versions().frameworkId()).hasValue(0);
        assertThat(snapshot.versions().cluster()).hasValue(0);
    }

    static Stream<Arguments> everyPhaseOnEveryStore() {
        return Stream.of(Store.values()).flatMap(kind -> Stream.of(TaskPhase.values()).map(phase -> Arguments.of(kind, phase)));
    }

    @ParameterizedTest(name = "{0} store, phase {1}")
    @MethodSource("everyPhaseOnEveryStore")
    void saveThenLoad_brokerWithEveryField_comesBackEqual(Store kind, TaskPhase phase) {
        StateStore store = open(kind);
        Broker full = fullBroker(7, phase);
        Broker minimal = minimalBroker(8, phase);

        ClusterStateRepository.over(store).saveBroker(full);
        ClusterStateRepository.over(store).saveBroker(minimal);
        Snapshot snapshot = ClusterStateRepository.over(store).load();

        assertThat(snapshot.brokers()).containsExactly(Map.entry(7, full), Map.entry(8, minimal));
        assertThat(snapshot.brokers().get(7).spec().constraints()).hasSize(4);
        assertThat(snapshot.versions().brokers()).containsExactly(Map.entry(7, 0L), Map.entry(8, 0L));
    }

    @Test
    void storedConstraints_areTheMesosKafkaText() throws Exception {
        StateStore store = open(Store.MEMORY);
        Broker broker = fullBroker(1, TaskPhase.RUNNING);

        ClusterStateRepository.over(store).saveBroker(broker);

        BrokerRecord stored = BrokerRecord.parseFrom(store.get("/brokers/1").orElseThrow().value());
        assertThat(stored.getSchemaVersion()).isEqualTo(ClusterStateRepository.SCHEMA_VERSION);
        assertThat(stored.getSpec().getConstraints())
                .isEqualTo("hostname=unique,rack=groupBy:3,rack=like:r{1,2},zone=isNot:z9")
                .isEqualTo(Constraints.format(broker.spec().constraints()));
    }

    @Test
    void aBrokerStoredBeforeVolumes_loadsOnAVolumeOfItsOwnNextTime_withTheDefaultDisk_andAVolumeByHandStaysOne() throws Exception {
        BrokerRecord current = brokerRecord(minimalBroker(1, TaskPhase.NONE));
        // as written before volume_policy: no policy, no disk, no volume
        BrokerRecord old = current.toBuilder().setSpec(current.getSpec().toBuilder().clearVolumePolicy().setDiskMb(0).clearVolume())
                .build();
        BrokerRecord oldByHand = current.toBuilder().setId(2).setSpec(current.getSpec().toBuilder().clearVolumePolicy()
                .setDiskMb(0).setVolume("made-by-hand")).build();
        MemoryStateStore store = MemoryStateStore.create();
        store.put("/brokers/1", old.toByteArray());
        store.put("/brokers/2", oldByHand.toByteArray());

        SortedMap<Integer, Broker> loaded = ClusterStateRepository.over(store).load().brokers();

        assertThat(loaded.get(1).spec().volume()).isEqualTo(new VolumePolicy.Auto());
        assertThat(loaded.get(1).spec().diskMb()).isEqualTo(BrokerSpec.DEFAULT_DISK_MB);
        assertThat(loaded.get(1).volume()).as("its data was in its sandbox: it has no volume yet").isEmpty();
        assertThat(loaded.get(2).spec().volume()).isEqualTo(new VolumePolicy.Existing("made-by-hand"));
        assertThat(loaded.get(2).spec().diskMb()).isZero();
    }

    @Test
    void storedOptionsNoLaunchAccepts_areLeftOut_soThatTheBrokerLaunchesAgain() {
        BrokerRecord current = brokerRecord(minimalBroker(1, TaskPhase.NONE));
        // as an earlier version stored them: kafka-mesos' own keys among the options, a heap among the JVM options
        BrokerRecord bad = current.toBuilder().setSpec(current.getSpec().toBuilder()
                .putOptions("log.dirs", "/etc").putOptions("num.io.threads", "16").addJvmOptions("-Xmx64g").addJvmOptions("-Da=b"))
                .build();
        MemoryStateStore store = MemoryStateStore.create();
        store.put("/brokers/1", bad.toByteArray());

        BrokerSpec loaded = ClusterStateRepository.over(store).load().brokers().get(1).spec();

        assertThat(loaded.options()).containsExactly(Map.entry("num.io.threads", "16"));
        assertThat(loaded.jvmOptions()).containsExactly("-Da=b");
    }

    @Test
    void fileStore_reopenedAfterAStop_restoresEverything_andTheNewRepositoryCanWrite() {
        Path state = dir.resolve("state");
        List<Broker> brokers = new ArrayList<>();
        for (TaskPhase phase : TaskPhase.values()) {
            brokers.add(fullBroker(brokers.size(), phase));
            brokers.add(minimalBroker(brokers.size(), phase));
        }
        try (FileStateStore before = FileStateStore.open(state)) {
            ClusterStateRepository repository = ClusterStateRepository.over(before);
            repository.saveFrameworkId("fw-1");
            repository.saveCluster(CLUSTER);
            repository.saveAll(brokers);
            repository.saveBroker(brokers.get(0).withActive(false)); // version 1
            brokers.set(0, brokers.get(0).withActive(false));
        }

        FileStateStore after = FileStateStore.open(state);
        opened.add(after);
        ClusterStateRepository restarted = ClusterStateRepository.over(after);
        Snapshot snapshot = restarted.load();

        assertThat(snapshot.frameworkId()).contains("fw-1");
        assertThat(snapshot.cluster()).contains(CLUSTER);
        assertThat(new ArrayList<>(snapshot.brokers().values())).isEqualTo(brokers);
        assertThat(snapshot.versions().brokers().get(0)).isEqualTo(1L);

        Broker changed = brokers.get(1).withNeedsRestart(true);
        restarted.saveBroker(changed);
        restarted.saveFrameworkId("fw-1");
        assertThat(ClusterStateRepository.over(after).load().brokers().get(1)).isEqualTo(changed);
    }

    // ------------------------------------------------------------------------------- compare-and-set

    @ParameterizedTest
    @EnumSource(Store.class)
    void twoRepositoriesOnOneStore_theSecondWriterGetsAConflict_andTheFirstWriteStays(Store kind) {
        StateStore store = open(kind);
        ClusterStateRepository first = ClusterStateRepository.over(store);
        first.saveBroker(minimalBroker(1, TaskPhase.NONE));
        ClusterStateRepository second = ClusterStateRepository.over(store);
        second.load();
        first.load();

        Broker firstWrite = minimalBroker(1, TaskPhase.NONE).withActive(true);
        first.saveBroker(firstWrite);

        VersionConflictException conflict = catchThrowableOfType(VersionConflictException.class,
                () -> second.saveBroker(minimalBroker(1, TaskPhase.NONE).withNeedsRestart(true)));
        assertThat(conflict.key()).isEqualTo("/brokers/1");
        assertThat(conflict.expected()).hasValue(0);
        assertThat(conflict.actual()).hasValue(1);
        assertThat(ClusterStateRepository.over(store).load().brokers().get(1)).isEqualTo(firstWrite);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aRepositoryThatHasNotSeenAKey_expectsItAbsent_soAnotherWritersValueIsAConflict(Store kind) {
        StateStore store = open(kind);
        ClusterStateRepository first = ClusterStateRepository.over(store);
        ClusterStateRepository second = ClusterStateRepository.over(store);
        first.saveFrameworkId("fw-first");
        first.saveCluster(CLUSTER);
        first.saveBroker(minimalBroker(2, TaskPhase.NONE));

        assertThatThrownBy(() -> second.saveFrameworkId("fw-second")).isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("/framework-id");
        assertThatThrownBy(() -> second.saveCluster(CLUSTER)).isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> second.saveBroker(minimalBroker(2, TaskPhase.NONE))).isInstanceOf(VersionConflictException.class);
        assertThatThrownBy(() -> second.removeBroker(2)).isInstanceOf(VersionConflictException.class);
        assertThat(ClusterStateRepository.over(store).load().frameworkId()).contains("fw-first");
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aKeyDeletedByAnotherWriter_isAConflict_notAMissingKey(Store kind) {
        StateStore store = open(kind);
        ClusterStateRepository first = ClusterStateRepository.over(store);
        first.saveBroker(minimalBroker(3, TaskPhase.NONE));
        ClusterStateRepository second = ClusterStateRepository.over(store);
        second.load();
        first.removeBroker(3);

        VersionConflictException onSave = catchThrowableOfType(VersionConflictException.class,
                () -> second.saveBroker(minimalBroker(3, TaskPhase.NONE)));
        VersionConflictException onRemove = catchThrowableOfType(VersionConflictException.class, () -> second.removeBroker(3));
        VersionConflictException inBatch = catchThrowableOfType(VersionConflictException.class,
                () -> second.saveAll(List.of(minimalBroker(3, TaskPhase.NONE))));

        for (VersionConflictException e : List.of(onSave, onRemove, inBatch)) {
            assertThat(e.key()).isEqualTo("/brokers/3");
            assertThat(e.expected()).hasValue(0);
            assertThat(e.actual()).isEmpty();
        }
        assertThat(store.get("/brokers/3")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void afterAConflict_loadingAgain_letsTheWriteThrough(Store kind) {
        StateStore store = open(kind);
        ClusterStateRepository first = ClusterStateRepository.over(store);
        ClusterStateRepository second = ClusterStateRepository.over(store);
        first.saveCluster(CLUSTER);
        assertThatThrownBy(() -> second.saveCluster(CLUSTER)).isInstanceOf(VersionConflictException.class);

        second.load();
        second.saveCluster(CLUSTER);

        assertThat(store.get("/cluster").orElseThrow().version()).isEqualTo(1);
        assertThatThrownBy(() -> first.saveCluster(CLUSTER)).isInstanceOf(VersionConflictException.class);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void saveAll_writesEveryBroker_orNone_whenOneConflicts(Store kind) {
        StateStore store = open(kind);
        ClusterStateRepository first = ClusterStateRepository.over(store);
        ClusterStateRepository second = ClusterStateRepository.over(store);
        first.saveAll(List.of(minimalBroker(0, TaskPhase.NONE), minimalBroker(1, TaskPhase.NONE)));
        second.load();
        first.saveBroker(minimalBroker(1, TaskPhase.NONE).withActive(true));

        List<Broker> batch = List.of(fullBroker(0, TaskPhase.RUNNING), fullBroker(1, TaskPhase.RUNNING), fullBroker(2, TaskPhase.RUNNING));
        assertThatThrownBy(() -> second.saveAll(batch)).isInstanceOf(VersionConflictException.class);

        Snapshot unchanged = ClusterStateRepository.over(store).load();
        assertThat(unchanged.brokers()).containsOnlyKeys(0, 1);
        assertThat(unchanged.brokers().get(0)).isEqualTo(minimalBroker(0, TaskPhase.NONE));

        second.load();
        second.saveAll(batch);
        second.saveAll(batch); // the versions the batch wrote are expected next
        assertThat(new ArrayList<>(ClusterStateRepository.over(store).load().brokers().values())).isEqualTo(batch);
    }

    @Test
    void saveAll_sameBrokerTwice_isRefused_andAnEmptyListWritesNothing() {
        StateStore store = open(Store.MEMORY);
        ClusterStateRepository repository = ClusterStateRepository.over(store);

        assertThatThrownBy(() -> repository.saveAll(List.of(minimalBroker(4, TaskPhase.NONE), fullBroker(4, TaskPhase.NONE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broker 4 appears twice");
        repository.saveAll(List.of());

        assertThat(store.children("/")).isEmpty();
    }

    // ----------------------------------------------------------------------------- remove and intent

    @ParameterizedTest
    @EnumSource(Store.class)
    void removeBroker_deletesIt_andSaysWhetherThereWasOne(Store kind) {
        StateStore store = open(kind);
        ClusterStateRepository repository = ClusterStateRepository.over(store);
        repository.saveAll(List.of(minimalBroker(1, TaskPhase.NONE), minimalBroker(2, TaskPhase.NONE)));

        assertThat(repository.removeBroker(1)).isTrue();
        assertThat(repository.removeBroker(1)).isFalse();
        assertThat(repository.removeBroker(9)).isFalse();

        assertThat(ClusterStateRepository.over(store).load().brokers()).containsOnlyKeys(2);
        repository.saveBroker(minimalBroker(1, TaskPhase.NONE)); // created again, expected absent
        assertThat(store.get("/brokers/1").orElseThrow().version()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void recordLaunchIntent_isStoredWhenItReturns_withTheTaskToLaunch(Store kind) {
        StateStore store = open(kind);
        ClusterStateRepository orchestrators = ClusterStateRepository.over(store);
        Broker pending = minimalBroker(5, TaskPhase.NONE).withActive(true);
        orchestrators.saveBroker(pending);
        Task task = new Task("kafka-prod_1-5-0f1e2d3c", "agent-S7", "h5.example.com", List.of(31005, 31006), Map.of("rack", "r2"));

        orchestrators.recordLaunchIntent(pending.with(TaskPhase.LAUNCHING, Optional.of(task)));

        Broker afterCrash = ClusterStateRepository.over(store).load().brokers().get(5);
        assertThat(afterCrash.phase()).isEqualTo(TaskPhase.LAUNCHING);
        assertThat(afterCrash.task()).contains(task);
    }

    @ParameterizedTest
    @EnumSource(value = TaskPhase.class, names = "LAUNCHING", mode = EnumSource.Mode.EXCLUDE)
    void recordLaunchIntent_ofABrokerNotLaunching_isRefused_andWritesNothing(TaskPhase phase) {
        StateStore store = open(Store.MEMORY);
        ClusterStateRepository repository = ClusterStateRepository.over(store);

        assertThatThrownBy(() -> repository.recordLaunchIntent(fullBroker(1, phase)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phase " + phase);
        assertThatThrownBy(() -> repository.recordLaunchIntents(List.of(fullBroker(2, TaskPhase.LAUNCHING), fullBroker(1, phase))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.children("/brokers")).isEmpty();
    }

    @Test
    void recordLaunchIntents_storesOneOfferCyclesLaunchesTogether() {
        StateStore store = open(Store.MEMORY);
        List<Broker> launches = List.of(fullBroker(0, TaskPhase.LAUNCHING), minimalBroker(1, TaskPhase.LAUNCHING));

        ClusterStateRepository.over(store).recordLaunchIntents(launches);

        assertThat(new ArrayList<>(ClusterStateRepository.over(store).load().brokers().values())).isEqualTo(launches);
    }

    // ------------------------------------------------------------------------------ size and schema

    @Test
    void aBrokerOverTheValueLimit_isRefusedWithTheSizes_beforeAnythingIsWritten() {
        StateStore store = open(Store.MEMORY);
        ClusterStateRepository repository = ClusterStateRepository.over(store);
        Broker huge = new Broker(1, BrokerSpec.builder().options(Map.of("x", "y".repeat(StateStore.MAX_VALUE_BYTES))).build(),
                false, false, TaskPhase.NONE, Optional.empty(), Failover.NONE, Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> repository.saveBroker(huge)).isInstanceOf(ValueTooLargeException.class)
                .hasMessageContaining("broker 1").hasMessageContaining("limit is " + StateStore.MAX_VALUE_BYTES);
        assertThatThrownBy(() -> repository.saveAll(List.of(huge))).isInstanceOf(ValueTooLargeException.class);
        assertThat(store.children("/brokers")).isEmpty();
    }

    @Test
    void brokersOverTheBatchLimitTogether_areRefused_andNoneIsWritten() {
        StateStore store = open(Store.MEMORY);
        BrokerSpec big = BrokerSpec.builder().options(Map.of("x", "y".repeat(StateStore.MAX_VALUE_BYTES / 3))).build();
        List<Broker> brokers = List.of(Broker.added(0, big), Broker.added(1, big), Broker.added(2, big), Broker.added(3, big));

        assertThatThrownBy(() -> ClusterStateRepository.over(store).saveAll(brokers)).isInstanceOf(ValueTooLargeException.class)
                .hasMessageContaining("4 brokers saved in one batch");
        assertThat(store.children("/brokers")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aNewerSchemaVersion_isRefused_namingBothVersions(Store kind) {
        StateStore store = open(kind);
        byte[] newer = BrokerRecord.newBuilder(brokerRecord(fullBroker(1, TaskPhase.RUNNING))).setSchemaVersion(2).build().toByteArray();
        store.put("/brokers/1", newer);

        StateSchemaException e = catchThrowableOfType(StateSchemaException.class, () -> ClusterStateRepository.over(store).load());

        assertThat(e.problem()).isEqualTo(Problem.NEWER_VERSION);
        assertThat(e.key()).isEqualTo("/brokers/1");
        assertThat(e.storedVersion()).hasValue(2);
        assertThat(e.supportedVersion()).isEqualTo(1);
        assertThat(e).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("/brokers/1").hasMessageContaining("schema version 2")
                .hasMessageContaining("schema version 1 this kafka-mesos reads");
    }

    @Test
    void aClusterRecordFromBeforeControllersWereChosen_hasTheLowestIdsAsControllers_asTheRuleWasThen() {
        byte[] old = ClusterRecord.newBuilder().setSchemaVersion(ClusterStateRepository.SCHEMA_VERSION).setName("kafka")
                .setModeValue(1).setControllers(3).setClusterId(CLUSTER.clusterId()).setDistribution("/opt/kafka").build().toByteArray();

        ClusterSpec decoded = ClusterStateCodec.decodeCluster("/cluster", old);

        assertThat(decoded.controllerIds()).containsExactly(0, 1, 2);
        assertThat(ClusterStateCodec.decodeCluster("/cluster", ClusterStateCodec.encodeCluster(
                decoded.withControllerIds(List.of())))).as("none chosen yet stays none").satisfies(c ->
                assertThat(c.controllerIds()).isEmpty());
    }

    @Test
    void newerVersionsOfTheFrameworkIdAndClusterRecords_andTheLargestVersion_areRefusedToo() {
        StateStore store = open(Store.MEMORY);
        store.put("/framework-id", FrameworkIdRecord.newBuilder().setSchemaVersion(3).setFrameworkId("fw").build().toByteArray());

        assertThatThrownBy(() -> ClusterStateRepository.over(store).load()).isInstanceOf(StateSchemaException.class)
                .hasMessageContaining("/framework-id has schema version 3");

        store.delete("/framework-id");
        store.put("/cluster", ClusterRecord.newBuilder().setSchemaVersion(-1).build().toByteArray());
        StateSchemaException e = catchThrowableOfType(StateSchemaException.class, () -> ClusterStateRepository.over(store).load());
        assertThat(e.storedVersion()).hasValue(4_294_967_295L);
        assertThat(e).hasMessageContaining("schema version 4294967295");
    }

    @Test
    void aNewerVersion_isNeverOverwritten_byAnOlderScheduler() {
        StateStore store = open(Store.MEMORY);
        byte[] newer = BrokerRecord.newBuilder(brokerRecord(fullBroker(1, TaskPhase.RUNNING))).setSchemaVersion(2).build().toByteArray();
        store.put("/brokers/1", newer);
        ClusterStateRepository older = ClusterStateRepository.over(store);
        assertThatThrownBy(older::load).isInstanceOf(StateSchemaException.class);

        assertThatThrownBy(() -> older.saveBroker(fullBroker(1, TaskPhase.RUNNING))).isInstanceOf(VersionConflictException.class);
        assertThat(store.get("/brokers/1").orElseThrow().value()).isEqualTo(newer);
    }

    static Stream<Arguments> damagedValues() {
        byte[] valid = ClusterStateCodec.encodeBroker(fullBroker(1, TaskPhase.RUNNING));
        return Stream.of(
                Arguments.of("garbage", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, Problem.NOT_A_RECORD),
                Arguments.of("empty", new byte[0], Problem.NOT_A_RECORD),
                Arguments.of("text", "{\"id\": 1}".getBytes(StandardCharsets.UTF_8), Problem.NOT_A_RECORD),
                Arguments.of("truncated", Arrays.copyOf(valid, valid.length - 3), Problem.NOT_A_RECORD),
                Arguments.of("a cluster record", ClusterStateCodec.encodeCluster(CLUSTER), Problem.INVALID),
                Arguments.of("a broker without spec", BrokerRecord.newBuilder(brokerRecord(fullBroker(1, TaskPhase.RUNNING)))
                        .clearSpec().build().toByteArray(), Problem.INVALID),
                Arguments.of("an unknown phase", BrokerRecord.newBuilder(brokerRecord(fullBroker(1, TaskPhase.RUNNING)))
                        .setPhaseValue(42).build().toByteArray(), Problem.INVALID),
                Arguments.of("no task while running", BrokerRecord.newBuilder(brokerRecord(fullBroker(1, TaskPhase.RUNNING)))
                        .clearTask().build().toByteArray(), Problem.INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedValues")
    void aDamagedValue_isAStateSchemaException_namingTheKey_neverAProtobufException(String what, byte[] value, Problem expected) {
        StateStore store = open(Store.MEMORY);
        store.put("/brokers/1", value);

        StateSchemaException e = catchThrowableOfType(StateSchemaException.class, () -> ClusterStateRepository.over(store).load());

        assertThat(e).as(what).isNotNull();
        assertThat(e.key()).isEqualTo("/brokers/1");
        assertThat(e.getMessage()).startsWith("value at /brokers/1 ");
        assertThat(e.problem()).isEqualTo(expected);
    }

    @Test
    void aBrokerFiledUnderAnotherId_orAKeyThatIsNoBrokerId_isRefused() {
        StateStore store = open(Store.MEMORY);
        store.put("/brokers/2", ClusterStateCodec.encodeBroker(minimalBroker(1, TaskPhase.NONE)));

        assertThatThrownBy(() -> ClusterStateRepository.over(store).load()).isInstanceOf(StateSchemaException.class)
                .hasMessageContaining("/brokers/2 holds broker 1");

        store.delete("/brokers/2");
        store.put("/brokers/01", ClusterStateCodec.encodeBroker(minimalBroker(1, TaskPhase.NONE)));
        assertThatThrownBy(() -> ClusterStateRepository.over(store).load()).isInstanceOf(StateSchemaException.class)
                .hasMessageContaining("/brokers/01 is not a broker's key");
    }

    @Test
    void aFailedLoad_keepsTheVersionsExpectedBefore() {
        StateStore store = open(Store.MEMORY);
        ClusterStateRepository repository = ClusterStateRepository.over(store);
        repository.saveBroker(minimalBroker(1, TaskPhase.NONE));
        store.put("/brokers/2", new byte[] {1, 2, 3});

        assertThatThrownBy(repository::load).isInstanceOf(StateSchemaException.class);
        repository.saveBroker(minimalBroker(1, TaskPhase.NONE).withActive(true));

        assertThat(store.get("/brokers/1").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void fixtures_differFromTheDefaults_inEveryOptionalField() {
        Broker full = fullBroker(1, TaskPhase.RUNNING);
        assertThat(full.spec().volume()).isNotEqualTo(BrokerSpec.DEFAULT.volume());
        assertThat(full.volume()).isPresent();
        assertThat(full.spec().failover().maxTries()).isPresent();
        assertThat(full.spec().port()).isNotEqualTo(BrokerSpec.DEFAULT.port());
        assertThat(full.failover().lastFailure()).isPresent();
        assertThat(full.failover().lastReason()).isPresent();
        assertThat(full.lastHost()).isPresent();
        assertThat(full.stickySince()).isPresent();
        assertThat(full.spec().diskMb()).isNotEqualTo(BrokerSpec.DEFAULT.diskMb());
        assertThat(full.spec().options()).isNotEmpty();
        assertThat(full.spec().jvmOptions()).isNotEmpty();
    }

    // ------------------------------------------------------------------------------------- fixtures

    private StateStore open(Store kind) {
        StateStore store = kind == Store.MEMORY ? MemoryStateStore.create() : FileStateStore.open(dir.resolve("store"));
        opened.add(store);
        return store;
    }

    private static BrokerRecord brokerRecord(Broker broker) {
        try {
            return BrokerRecord.parseFrom(ClusterStateCodec.encodeBroker(broker));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** Every field away from its default, and a task unless in phase NONE. */
    static Broker fullBroker(int id, TaskPhase phase) {
        TreeMap<String, String> options = new TreeMap<>(Map.of("log.retention.hours", "168", "num.io.threads", "16",
                "ssl.keystore.password", "p=ß,é:\"x\"", "empty.value", ""));
        BrokerSpec spec = BrokerSpec.builder()
                .cpus(2.75)
                .memMb(6144)
                .heapMb(4096)
                .diskMb(102_400)
                .port(id % 2 == 0 ? new PortPolicy.Range(31000, 31010) : new PortPolicy.Fixed(9092))
                .constraints("hostname=unique,rack=groupBy:3,rack=like:r{1,2},zone=isNot:z9")
                .options(options)
                .jvmOptions(List.of("-XX:+UseG1GC", "-Dkafka.logs.dir=/var/log/kafka with space", "-Xss1m"))
                .failover(new FailoverPolicy(Duration.ofSeconds(30, 5), Duration.ofMinutes(20), OptionalInt.of(5)))
                .stickinessPeriod(Duration.ofMinutes(7).plusMillis(500))
                .volume("kafka-data-" + id)
                .build();
        Optional<Task> task = phase == TaskPhase.NONE ? Optional.empty()
                : Optional.of(new Task("kafka-prod_1-" + id + "-2b9c0f4e", "20250301-101530-0001-S" + id, "h" + id + ".example.com",
                        List.of(31000 + id, 9093), Map.of("rack", "r" + (id % 3), "zone", "z1", "hostname", "h" + id + ".example.com")));
        Failover failover = new Failover(3, Optional.of(T0.plusSeconds(id)), Optional.of("TASK_FAILED: exit code 137, OOM"));
        BrokerVolume volume = new BrokerVolume("20250301-101530-0001-S" + id, "h" + id + ".example.com", "kafka-prod_1-" + id + "-v1",
                "kafka", new Resources(2.75, 6144, 102_400, List.of(new PortRange(9092, 9093))), true);
        return new Broker(id, spec, true, phase != TaskPhase.NONE, phase, task, failover, Optional.of("h" + id + ".example.com"),
                Optional.of(T0.minusNanos(1)), Optional.of(volume), false);
    }

    /** Every field at its default or empty, and a task (with no ports or attributes) unless in phase NONE. */
    static Broker minimalBroker(int id, TaskPhase phase) {
        Optional<Task> task = phase == TaskPhase.NONE ? Optional.empty()
                : Optional.of(new Task("t" + id, "a", "h", List.of(), Map.of()));
        return new Broker(id, BrokerSpec.DEFAULT, false, false, phase, task, Failover.NONE, Optional.empty(), Optional.empty());
    }

}
