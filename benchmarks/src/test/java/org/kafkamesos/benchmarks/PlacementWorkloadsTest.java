package org.kafkamesos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.netflix.fenzo.TaskScheduler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.kafkamesos.placement.PlacementEngine;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PlacementResult;
import org.openjdk.jmh.annotations.Param;

/**
 * The benchmarks time correct placements: each engine places every broker of its workloads, once
 * per host in the unique modes. Fenzo's workloads that take more than a second are left to the check
 * the benchmark runs after every iteration, to keep the build fast.
 */
class PlacementWorkloadsTest {

    static List<String> oursWorkloads() throws NoSuchFieldException {
        return params(PlacementBenchmark.class);
    }

    static List<String> fenzoFastWorkloads() throws NoSuchFieldException {
        return params(FenzoPlacementBenchmark.Fast.class);
    }

    private static List<String> params(Class<?> state) throws NoSuchFieldException {
        Field field = state.getDeclaredField("workload");
        return Arrays.asList(field.getAnnotation(Param.class).value());
    }

    @ParameterizedTest
    @MethodSource("oursWorkloads")
    void ours_placesEveryBroker_withConstraintsAndRackBalanceHeld(String name) {
        PlacementWorkload workload = PlacementWorkload.parse(name);

        PlacementResult result = PlacementEngine.create().place(PlacementRequest.of(workload.offers(), workload.demands()));

        assertThat(result.unplaced()).isEmpty();
        List<PlacedBroker> placed = PlacedBroker.of(result);
        assertThat(PlacementCheck.problems(workload, placed)).isEmpty();
        if (workload.constraints() == ConstraintMode.UNIQUE_RACK) {
            assertThat(PlacementCheck.rackSpread(placed)).isLessThanOrEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("fenzoFastWorkloads")
    void fenzo_placesEveryBroker_onceEachHostInUniqueModes(String name) {
        PlacementWorkload workload = PlacementWorkload.parse(name);
        TaskScheduler scheduler = FenzoBaseline.newScheduler();
        try {
            List<PlacedBroker> placed = FenzoBaseline.placed(
                    scheduler.scheduleOnce(FenzoBaseline.tasks(workload), FenzoBaseline.leases(workload)));

            assertThat(placed).hasSize(workload.brokers());
            assertThat(PlacementCheck.problems(workload, placed)).isEmpty();
        } finally {
            scheduler.shutdown();
        }
    }

    @Test
    void fenzo_runsEveryWorkloadOfOurs_butThe1000x10000UniqueOnes() throws NoSuchFieldException {
        List<String> fenzo = new ArrayList<>(fenzoFastWorkloads());
        fenzo.addAll(params(FenzoPlacementBenchmark.Slow.class));
        List<String> skipped = new ArrayList<>(oursWorkloads());
        skipped.removeAll(fenzo);

        assertThat(oursWorkloads()).containsAll(fenzo);
        assertThat(skipped).containsExactly("1000x10000/unique", "1000x10000/unique+rack");
    }

    @Test
    void placementCheck_findsDoubleBookedHostAndMissingBroker() {
        PlacementWorkload workload = PlacementWorkload.parse("3x10/unique");
        List<PlacedBroker> placed = List.of(
                new PlacedBroker(0, PlacementWorkload.hostname(1), List.of(31000)),
                new PlacedBroker(1, PlacementWorkload.hostname(1), List.of(31001)));

        assertThat(PlacementCheck.problems(workload, placed))
                .containsExactly("2 of 3 brokers placed", "hostname=unique broken: two brokers on host-00001");
        assertThatThrownBy(() -> PlacementCheck.require("test", workload, placed, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3x10/unique");
    }

    @Test
    void workload_parsesItsName() {
        PlacementWorkload workload = PlacementWorkload.parse("1000x10000/unique+rack");

        assertThat(workload).isEqualTo(new PlacementWorkload(1000, 10000, ConstraintMode.UNIQUE_RACK));
        assertThat(workload.name()).isEqualTo("1000x10000/unique+rack");
        assertThat(workload.offers().get(21).attributeText("rack")).isEqualTo("r1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000x1000", "1000/unique", "ax1/none", "10x10/spread", "0x10/none"})
    void workload_refusesMalformedNames(String name) {
        assertThatThrownBy(() -> PlacementWorkload.parse(name)).isInstanceOf(IllegalArgumentException.class);
    }
}
