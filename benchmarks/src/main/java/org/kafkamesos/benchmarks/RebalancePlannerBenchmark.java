package org.kafkamesos.benchmarks;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.kafkamesos.core.rebalance.RebalancePlan;
import org.kafkamesos.core.rebalance.RebalancePlanner;
import org.kafkamesos.core.rebalance.RebalanceRequest;
import org.kafkamesos.core.rebalance.TopicPartitionId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rebalance planner on a large cluster: one {@code RebalancePlanner.plan(request)} for 100,000
 * partitions (100 topics of 1,000, replication factor 3) over 100 brokers in 10 racks (broker {@code i}
 * on rack {@code r(i % 10)}), in milliseconds. Target: under 1 s per plan.
 *
 * <p>Scenarios: {@code grow} (placed on brokers 0-89, target 0-99), {@code drain} (placed on 0-99, target
 * all but broker 42), {@code balanced} (placed on 0-99, target the same). The current assignment is the
 * planner's own placement of the partitions from scratch, built in {@code @Setup(Level.Trial)} with the
 * request. After every iteration the last plan is checked: 3 replicas on 3 racks per partition, nothing on
 * the drained broker, replicas per broker within one of each other; a wrong plan fails the run.
 *
 * <p>Run, from any directory:
 * <pre>{@code
 * benchmarks/run-rebalance-benchmark.sh
 * }</pre>
 * which builds if needed and runs {@code java -jar benchmarks/target/benchmarks.jar
 * 'org\.kafkamesos\.benchmarks\.RebalancePlannerBenchmark\.' -rf json -rff benchmarks/results/rebalance.json};
 * extra arguments go to JMH, e.g. {@code -p scenario=grow}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RebalancePlannerBenchmark {

    static final int TOPICS = 100;
    static final int PARTITIONS_PER_TOPIC = 1_000;
    static final int REPLICATION_FACTOR = 3;
    static final int RACKS = 10;
    static final int DRAINED = 42;

    /** {@code grow} 90 to 100 brokers, {@code drain} broker 42 of 100, {@code balanced} nothing to do. */
    @Param({"grow", "drain", "balanced"})
    String scenario;

    private RebalanceRequest request;
    private RebalancePlan last;

    @Setup(Level.Trial)
    public void buildRequest() {
        request = request(scenario);
    }

    /** One plan of all 100,000 partitions. */
    @Benchmark
    public RebalancePlan plan() {
        last = RebalancePlanner.plan(request);
        return last;
    }

    @TearDown(Level.Iteration)
    public void checkLastPlan() {
        check(scenario, request, last);
    }

    static RebalanceRequest request(String scenario) {
        int before;
        SortedMap<Integer, Optional<String>> target;
        switch (scenario) {
            case "grow" -> {
                before = 90;
                target = brokers(100, -1);
            }
            case "drain" -> {
                before = 100;
                target = brokers(100, DRAINED);
            }
            case "balanced" -> {
                before = 100;
                target = brokers(100, -1);
            }
            default -> throw new IllegalArgumentException("scenario " + scenario + ": grow, drain or balanced");
        }
        TreeMap<TopicPartitionId, List<Integer>> empty = new TreeMap<>();
        for (int t = 0; t < TOPICS; t++) {
            for (int p = 0; p < PARTITIONS_PER_TOPIC; p++) {
                empty.put(new TopicPartitionId(String.format("topic-%03d", t), p), List.of());
            }
        }
        SortedMap<TopicPartitionId, List<Integer>> current = RebalancePlanner.plan(
                new RebalanceRequest(empty, brokers(before, -1), OptionalInt.of(REPLICATION_FACTOR))).target();
        return new RebalanceRequest(current, target, OptionalInt.empty());
    }

    private static SortedMap<Integer, Optional<String>> brokers(int count, int without) {
        TreeMap<Integer, Optional<String>> brokers = new TreeMap<>();
        for (int b = 0; b < count; b++) {
            if (b != without) {
                brokers.put(b, Optional.of("r" + b % RACKS));
            }
        }
        return brokers;
    }

    static void check(String scenario, RebalanceRequest request, RebalancePlan plan) {
        plan.target().forEach((partition, replicas) -> {
            Set<String> racks = new HashSet<>();
            replicas.forEach(b -> racks.add(request.brokers().get(b).orElseThrow()));
            if (replicas.size() != REPLICATION_FACTOR || racks.size() != REPLICATION_FACTOR || replicas.contains(DRAINED)
                    && scenario.equals("drain")) {
                throw new IllegalStateException(scenario + ": " + partition + " planned on " + replicas);
            }
        });
        int max = plan.replicasPerBroker().values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int min = plan.replicasPerBroker().values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        if (max - min > 1) {
            throw new IllegalStateException(scenario + ": replicas per broker from " + min + " to " + max);
        }
    }
}
