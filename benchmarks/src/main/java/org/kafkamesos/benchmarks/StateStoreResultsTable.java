package org.kafkamesos.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kafkamesos.benchmarks.JmhResults.Run;
import org.kafkamesos.benchmarks.JmhResults.Score;

/**
 * Prints the results of {@link StateStoreBenchmark} from a JMH JSON file as a markdown table: one row
 * per store, one column per operation, operations per second (mean ± 99.9% error). Used by
 * {@code benchmarks/run-state-benchmark.sh}; by hand:
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar org.kafkamesos.benchmarks.StateStoreResultsTable benchmarks/results/state.json
 * }</pre>
 */
public final class StateStoreResultsTable {

    private static final String BENCHMARK = StateStoreBenchmark.class.getName() + ".";

    /** The benchmark methods by their column heading, in column order. */
    private static final Map<String, String> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("put", "put");
        OPERATIONS.put("putIfVersion", "put, compare-and-set");
        OPERATIONS.put("get", "get");
        OPERATIONS.put("commitBatchOf10", "batch of 10 puts");
    }

    private StateStoreResultsTable() {
    }

    /** Prints the table for the JMH JSON file {@code args[0]}, {@code benchmarks/results/state.json} by default. */
    public static void main(String[] args) {
        Path json = Path.of(args.length > 0 ? args[0] : "benchmarks/results/state.json");
        System.out.print(render(JmhResults.read(json)));
    }

    /** The markdown table for the JMH JSON text {@code json}; stores and operations not run are left out. */
    static String render(String json) {
        Map<String, Map<String, Score>> byStore = new HashMap<>();
        for (Run run : JmhResults.parse(json)) {
            if (!run.benchmark().startsWith(BENCHMARK)) {
                continue;
            }
            String operation = run.benchmark().substring(BENCHMARK.length());
            if (!OPERATIONS.containsKey(operation)) {
                throw new IllegalArgumentException(run.benchmark() + " is not an operation the table knows: " + OPERATIONS.keySet());
            }
            run.requireUnit("ops/s", "Throughput, operations per second");
            byStore.computeIfAbsent(run.param("store"), s -> new HashMap<>()).put(operation, run.score());
        }
        List<String> operations = OPERATIONS.keySet().stream()
                .filter(op -> byStore.values().stream().anyMatch(scores -> scores.containsKey(op)))
                .toList();
        StringBuilder out = new StringBuilder("| store |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String op : operations) {
            out.append(' ').append(OPERATIONS.get(op)).append(" (ops/s) |");
            rule.append("---:|");
        }
        out.append('\n').append(rule).append('\n');
        List<String> stores = BenchmarkedStore.KINDS.stream().filter(byStore::containsKey).toList();
        for (String store : stores) {
            out.append("| ").append(store).append(" |");
            for (String op : operations) {
                Score score = byStore.get(store).get(op);
                out.append(' ').append(score == null ? "not run" : JmhResults.format(score)).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }
}
