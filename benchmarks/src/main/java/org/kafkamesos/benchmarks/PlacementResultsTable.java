package org.kafkamesos.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints the results of {@link PlacementBenchmark} and {@link FenzoPlacementBenchmark} from one JMH
 * JSON file as a markdown table: per workload our time, Fenzo's time (mean ± 99.9% error, ms per
 * full placement) and how many times slower Fenzo is. Used by
 * {@code benchmarks/run-placement-benchmark.sh}; by hand:
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.kafkamesos.benchmarks.PlacementResultsTable benchmarks/results/placement.json
 * }</pre>
 */
public final class PlacementResultsTable {

    private static final String OURS = PlacementBenchmark.class.getName() + ".";
    private static final String FENZO = FenzoPlacementBenchmark.class.getName() + ".";

    /** One JMH score: mean and the half-width of its 99.9% confidence interval (NaN with one sample). */
    record Score(double mean, double error) {
    }

    private PlacementResultsTable() {
    }

    /** Prints the table for the JMH JSON file {@code args[0]}, {@code benchmarks/results/placement.json} by default. */
    public static void main(String[] args) {
        Path json = Path.of(args.length > 0 ? args[0] : "benchmarks/results/placement.json");
        try {
            System.out.print(render(Files.readString(json)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + json.toAbsolutePath(), e);
        }
    }

    /** The markdown table for the JMH JSON text {@code json}. */
    static String render(String json) {
        Map<PlacementWorkload, Score> ours = new TreeMap<>(ORDER);
        Map<PlacementWorkload, Score> fenzo = new TreeMap<>(ORDER);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JMH JSON results: " + e.getMessage(), e);
        }
        for (JsonNode run : root) {
            String benchmark = run.path("benchmark").asText();
            Map<PlacementWorkload, Score> engine = benchmark.startsWith(OURS) ? ours : benchmark.startsWith(FENZO) ? fenzo : null;
            if (engine == null) {
                continue;
            }
            JsonNode metric = run.path("primaryMetric");
            String unit = metric.path("scoreUnit").asText();
            if (!"ms/op".equals(unit)) {
                throw new IllegalArgumentException(benchmark + " is in " + unit + "; the table expects ms/op (AverageTime, ms)");
            }
            engine.put(PlacementWorkload.parse(run.path("params").path("workload").asText()),
                    new Score(metric.path("score").asDouble(), metric.path("scoreError").asDouble(Double.NaN)));
        }
        Map<PlacementWorkload, Score> all = new TreeMap<>(ORDER);
        all.putAll(fenzo);
        all.putAll(ours);
        StringBuilder out = new StringBuilder();
        out.append("| brokers x offers | constraints | ours (ms) | Fenzo 0.13.8 (ms) | Fenzo / ours |\n");
        out.append("|---|---|---:|---:|---:|\n");
        for (PlacementWorkload w : all.keySet()) {
            Score o = ours.get(w);
            Score f = fenzo.get(w);
            out.append("| ").append(w.brokers()).append(" x ").append(w.hosts())
                    .append(" | ").append(w.constraints().label)
                    .append(" | ").append(o == null ? "not run" : format(o))
                    .append(" | ").append(f == null ? "not run" : format(f))
                    .append(" | ").append(o == null || f == null ? "-" : ratio(f.mean() / o.mean()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static final Comparator<PlacementWorkload> ORDER = Comparator.comparingInt(PlacementWorkload::brokers)
            .thenComparingInt(PlacementWorkload::hosts)
            .thenComparing(PlacementWorkload::constraints);

    static String format(Score s) {
        String mean = number(s.mean());
        return Double.isNaN(s.error()) ? mean : mean + " ± " + number(s.error());
    }

    private static String number(double ms) {
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%,.0f", ms);
        }
        return String.format(Locale.ROOT, ms >= 10 ? "%.1f" : ms >= 1 ? "%.2f" : "%.3f", ms);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%,.0fx" : "%.1fx", r);
    }
}
