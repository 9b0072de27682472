package org.kafkamesos.benchmarks;

import java.util.concurrent.TimeUnit;

import org.kafkamesos.placement.PlacementEngine;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PlacementResult;
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
 * Our placement engine on the workloads of {@link PlacementWorkload}: how long one full placement of
 * all brokers takes, in milliseconds. {@link FenzoPlacementBenchmark} runs the same workloads
 * through Fenzo in the same JMH run, so that a ratio can be quoted.
 *
 * <p>Measured: {@code PlacementEngine.place(request)} and nothing else. The request (offers, demands
 * with parsed constraints) is built once per trial, as a scheduler holds its offers before it
 * places. Each call is a placement from scratch: the engine keeps no state between calls. After
 * every iteration the last placement is checked ({@link PlacementCheck}): all brokers placed, no
 * host over-committed, hostname unique and rack balance held; a wrong placement fails the run.
 *
 * <p>Run, from any directory, both engines and a markdown table of the results:
 * <pre>{@code
 * benchmarks/run-placement-benchmark.sh
 * }</pre>
 * which builds if needed and runs
 * {@code java -jar benchmarks/target/benchmarks.jar 'org\.kafkamesos\.benchmarks\..*PlacementBenchmark'
 * -rf json -rff benchmarks/results/placement.json}; extra arguments go to JMH, e.g.
 * {@code -p workload=1000x10000/unique+rack}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PlacementBenchmark {

    /** {@code <brokers>x<offers>/<constraints>}; see {@link PlacementWorkload#parse(String)}. */
    @Param({
            "100x1000/none", "100x1000/unique", "100x1000/unique+rack",
            "1000x1000/none", "1000x1000/unique", "1000x1000/unique+rack",
            "1000x10000/none", "1000x10000/unique", "1000x10000/unique+rack"})
    String workload;

    private PlacementWorkload parsed;
    private PlacementEngine engine;
    private PlacementRequest request;
    private PlacementResult last;

    @Setup(Level.Trial)
    public void buildRequest() {
        parsed = PlacementWorkload.parse(workload);
        engine = PlacementEngine.create();
        request = PlacementRequest.of(parsed.offers(), parsed.demands());
    }

    /** One full placement of every broker. */
    @Benchmark
    public PlacementResult place() {
        last = engine.place(request);
        return last;
    }

    @TearDown(Level.Iteration)
    public void checkLastPlacement() {
        PlacementCheck.require("ours", parsed, PlacedBroker.of(last), true);
    }
}
