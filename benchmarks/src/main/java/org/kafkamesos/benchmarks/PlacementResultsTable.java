package org.kafkamesos.benchmarks;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.kafkamesos.benchmarks.JmhResults.Run;
import org.kafkamesos.benchmarks.JmhResults.Score;

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

    private PlacementResultsTable() {
    }

    /** Prints the table for the JMH JSON file {@code args[0]}, {@code benchmarks/results/placement.json} by default. */
    public static void main(String[] args) {
        Path json = Path.of(args.length > 0 ? args[0] : "benchmarks/results/placement.json");
        System.out.print(render(JmhResults.read(json)));
    }

    /** The markdown table for the JMH JSON text {@code json}. */
    static String render(String json) {
        Map<PlacementWorkload, Score> ours = new TreeMap<>(ORDER);
        Map<PlacementWorkload, Score> fenzo = new TreeMap<>(ORDER);
        for (Run run : JmhResults.parse(json)) {
            String benchmark = run.benchmark();
            Map<PlacementWorkload, Score> engine = benchmark.startsWith(OURS) ? ours : benchmark.startsWith(FENZO) ? fenzo : null;
            if (engine == null) {
                continue;
            }
            run.requireUnit("ms/op", "AverageTime, ms");
            engine.put(PlacementWorkload.parse(run.param("workload")), run.score());
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
                    .append(" | ").append(o == null ? "not run" : JmhResults.format(o))
                    .append(" | ").append(f == null ? "not run" : JmhResults.format(f))
                    .append(" | ").append(o == null || f == null ? "-" : ratio(f.mean() / o.mean()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static final Comparator<PlacementWorkload> ORDER = Comparator.comparingInt(PlacementWorkload::brokers)
            .thenComparingInt(PlacementWorkload::hosts)
            .thenComparing(PlacementWorkload::constraints);

    private static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%,.0fx" : "%.1fx", r);
    }
}
