package org.kafkamesos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateStoreResultsTableTest {

    private static String run(String method, String store, double score, String error, String unit) {
        return "{\"benchmark\":\"org.kafkamesos.benchmarks.StateStoreBenchmark." + method + "\",\"mode\":\"thrpt\","
                + "\"params\":{\"store\":\"" + store + "\"},"
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + error + ",\"scoreUnit\":\"" + unit + "\"}}";
    }

    @Test
    void render_putsOneStorePerRow_inKindOrder_withOperationsAsColumns() {
        String json = "[" + String.join(",",
                run("get", "zookeeper", 9876.5, "123.4", "ops/s"),
                run("put", "file", 812.25, "40.5", "ops/s"),
                run("commitBatchOf10", "memory", 345678, "\"NaN\"", "ops/s"),
                run("put", "memory", 2500000, "25000", "ops/s"),
                run("put", "zookeeper", 1500, "75", "ops/s"),
                "{\"benchmark\":\"org.kafkamesos.benchmarks.PlacementBenchmark.place\",\"params\":{\"workload\":\"100x1000/none\"},"
                        + "\"primaryMetric\":{\"score\":1,\"scoreError\":0,\"scoreUnit\":\"ms/op\"}}") + "]";

        String table = StateStoreResultsTable.render(json);

        assertThat(table.split("\n")).containsExactly(
                "| store | put (ops/s) | get (ops/s) | batch of 10 puts (ops/s) |",
                "|---|---:|---:|---:|",
                "| memory | 2,500,000 ± 25,000 | not run | 345,678 |",
                "| file | 812 ± 40.5 | not run | not run |",
                "| zookeeper | 1,500 ± 75.0 | 9,877 ± 123 | not run |");
    }

    @Test
    void render_refusesOtherUnits() {
        String json = "[" + run("put", "memory", 1, "0", "ms/op") + "]";

        assertThatThrownBy(() -> StateStoreResultsTable.render(json)).hasMessageContaining("ops/s");
    }
}
