package org.kafkamesos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kafkamesos.core.scheduler.MesosAction;

/** The benchmark's workloads do what they claim, once each. */
class OrchestratorBenchmarkTest {

    @Test
    void offerCycle_launchesEveryBroker_andStatusUpdatesAreAllAcknowledged() {
        OrchestratorBenchmark benchmark = new OrchestratorBenchmark();
        benchmark.inputs();

        assertThat(benchmark.offerCycle().actions()).filteredOn(a -> a instanceof MesosAction.Launch)
                .hasSize(OrchestratorBenchmark.BROKERS);
        benchmark.checkLastCycle();
        assertThat(benchmark.statusUpdates()).isGreaterThanOrEqualTo(OrchestratorBenchmark.STATUS_UPDATES);
    }
}
