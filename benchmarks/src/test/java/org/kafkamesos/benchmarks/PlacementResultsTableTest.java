package org.kafkamesos.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlacementResultsTableTest {

    private static String run(String benchmark, String workload, double score, String error) {
        return "{\"benchmark\":\"org.kafkamesos.benchmarks." + benchmark + "\",\"mode\":\"avgt\","
                + "\"params\":{\"workload\":\"" + workload + "\"},"
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + error + ",\"scoreUnit\":\"ms/op\"}}";
    }

    @Test
    void render_putsBothEnginesOnOneRowPerWorkload_withFenzoOverOurs() {
        String json = "[" + String.join(",",
                run("PlacementBenchmark.place", "1000x1000/unique", 2.5, "0.25"),
                run("FenzoPlacementBenchmark.scheduleOnceSlow", "1000x1000/unique", 27500, "\"NaN\""),
                run("PlacementBenchmark.place", "100x1000/none", 0.5, "0.01"),
                run("PlacementBenchmark.place", "1000x10000/unique", 30, "1.5"),
                run("FenzoPlacementBenchmark.scheduleOnce", "100x1000/none", 50, "2")) + "]";

        String table = PlacementResultsTable.render(json);

        assertThat(table.split("\n")).containsExactly(
                "| brokers x offers | constraints | ours (ms) | Fenzo 0.13.8 (ms) | Fenzo / ours |",
                "|---|---|---:|---:|---:|",
                "| 100 x 1000 | none | 0.500 ± 0.010 | 50.0 ± 2.00 | 100x |",
                "| 1000 x 1000 | unique | 2.50 ± 0.250 | 27,500 | 11,000x |",
                "| 1000 x 10000 | unique | 30.0 ± 1.50 | not run | - |");
    }

    @Test
    void render_refusesOtherUnits() {
        String json = "[" + run("PlacementBenchmark.place", "100x1000/none", 1, "0").replace("ms/op", "ops/s") + "]";

        assertThatThrownBy(() -> PlacementResultsTable.render(json)).hasMessageContaining("ms/op");
    }
}
