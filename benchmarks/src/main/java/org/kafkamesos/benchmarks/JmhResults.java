package org.kafkamesos.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The runs of a JMH JSON results file ({@code -rf json}) and the number format of the tables that
 * {@link PlacementResultsTable} and {@link StateStoreResultsTable} print from them.
 */
final class JmhResults {

    /** One JMH score: mean and the half-width of its 99.9% confidence interval (NaN with one sample). */
    record Score(double mean, double error) {
    }

    /**
     * One benchmark run of the file.
     *
     * @param benchmark the benchmark method's full name, {@code org.kafkamesos.benchmarks.PlacementBenchmark.place}
     * @param params    its {@code @Param} values by name
     * @param score     its primary score
     * @param unit      the score's unit, such as {@code ms/op} or {@code ops/s}
     */
    record Run(String benchmark, Map<String, String> params, Score score, String unit) {

        Run {
            params = Map.copyOf(params);
        }

        /** The value of the parameter {@code name}, or an error naming the run when it has none. */
        String param(String name) {
            String value = params.get(name);
            if (value == null) {
                throw new IllegalArgumentException(benchmark + " has no parameter " + name + "; it has " + params.keySet());
            }
            return value;
        }

        /** This run, or an error when its unit is not {@code expected}, the unit the table is made for. */
        Run requireUnit(String expected, String mode) {
            if (!expected.equals(unit)) {
                throw new IllegalArgumentException(benchmark + " is in " + unit + "; the table expects " + expected + " (" + mode + ")");
            }
            return this;
        }
    }

    private JmhResults() {
    }

    /** The text of the JMH JSON file {@code json}. */
    static String read(Path json) {
        try {
            return Files.readString(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + json.toAbsolutePath(), e);
        }
    }

    /** The runs in the JMH JSON text {@code json}, in the file's order. */
    static List<Run> parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JMH JSON results: " + e.getMessage(), e);
        }
        List<Run> runs = new ArrayList<>();
        for (JsonNode run : root) {
            Map<String, String> params = new LinkedHashMap<>();
            run.path("params").properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
            JsonNode metric = run.path("primaryMetric");
            runs.add(new Run(run.path("benchmark").asText(), params,
                    new Score(metric.path("score").asDouble(), metric.path("scoreError").asDouble(Double.NaN)),
                    metric.path("scoreUnit").asText()));
        }
        return runs;
    }

    /** {@code mean ± error}, or the mean alone when JMH gave no error. */
    static String format(Score s) {
        String mean = number(s.mean());
        return Double.isNaN(s.error()) ? mean : mean + " ± " + number(s.error());
    }

    /** Three significant figures below 100, whole numbers with thousands separators from 100 on. */
    static String number(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : value >= 1 ? "%.2f" : "%.3f", value);
    }
}
