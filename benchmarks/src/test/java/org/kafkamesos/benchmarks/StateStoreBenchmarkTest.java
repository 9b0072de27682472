package org.kafkamesos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * Each store of {@link StateStoreBenchmark} sets up, answers one call of every benchmark method with
 * what was written, passes the iteration check and tears down leaving no directory behind.
 */
class StateStoreBenchmarkTest {

    static List<String> stores() throws NoSuchFieldException {
        return Arrays.asList(StateStoreBenchmark.class.getDeclaredField("store").getAnnotation(Param.class).value());
    }

    @Test
    void stores_areEveryKindTheBenchmarkOpens() throws NoSuchFieldException {
        assertThat(stores()).containsExactlyElementsOf(BenchmarkedStore.KINDS);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyOperation_runsOnceAndIsAcknowledged_thenTearDownLeavesNothing(String store) throws Exception {
        StateStoreBenchmark benchmark = new StateStoreBenchmark();
        benchmark.store = store;
        benchmark.openStore();
        Optional<Path> directory;
        try {
            directory = benchmark.opened.directory();
            assertThat(directory.isPresent()).isEqualTo(!"memory".equals(store));
            directory.ifPresent(d -> assertThat(d).isNotEmptyDirectory());

            assertThat(benchmark.put()).isEqualTo(1);
            assertThat(benchmark.putIfVersion()).isEqualTo(1);
            assertThat(benchmark.putIfVersion()).isEqualTo(2);
            assertThat(benchmark.get()).hasValueSatisfying(v -> {
                assertThat(v.value()).hasSize(StateStoreBenchmark.VALUE_BYTES);
                assertThat(v.version()).isZero();
            });
            assertThat(benchmark.commitBatchOf10()).hasSize(StateStoreBenchmark.BATCH_KEYS).containsValue(1L).doesNotContainValue(0L);
            benchmark.checkAcknowledgedWrites();
        } finally {
            benchmark.closeStore();
        }

        directory.ifPresent(d -> assertThat(d).doesNotExist());
    }

    @Test
    void open_unknownStore_namesTheAcceptedOnes() {
        assertThatThrownBy(() -> BenchmarkedStore.open("etcd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("etcd")
                .hasMessageContaining("memory, file, zookeeper");
    }
}
