package org.kafkamesos.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.VirtualMachineLease;
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
 * The peer baseline: Netflix Fenzo 0.13.8 on the workloads of {@link PlacementBenchmark}, in the same
 * JMH run, in milliseconds per full placement. See {@link FenzoBaseline} for how a workload is
 * given to Fenzo.
 *
 * <p>Measured: one {@code TaskScheduler.scheduleOnce(tasks, leases)} on a scheduler built just
 * before, outside the measured region ({@code @Setup(Level.Invocation)}), and shut down just after
 * (its thread pool). The call includes Fenzo's intake of the leases, as our engine's measured call
 * includes indexing its offers. Leases (Fenzo's {@code VMLeaseObject} over Mesos
 * {@code Protos.Offer}s) and task requests are built once per trial. Fenzo evaluates hosts on its own
 * thread pool, one thread per core; our engine uses the calling thread only. After every iteration
 * the last placement is checked as for ours, except that Fenzo's rack balance is a soft preference
 * and is not required.
 *
 * <p>Fenzo's hostname unique constraint walks every co-task for every host it considers, so with
 * 1000 brokers a placement takes from seconds to minutes: those workloads get one warm-up and two
 * measured iterations of one call each ({@link #scheduleOnceSlow}), and the {@code 1000x10000}
 * unique workloads, which take minutes per call (226 s for {@code unique}, timed once on 2 cores),
 * are not run. Run with
 * {@link PlacementBenchmark}: see its javadoc.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class FenzoPlacementBenchmark {

    /** The inputs of one workload and a fresh scheduler per call. */
    abstract static class Inputs {
        private PlacementWorkload parsed;
        private List<VirtualMachineLease> leases;
        private List<TaskRequest> tasks;
        private TaskScheduler scheduler;
        private SchedulingResult last;

        abstract String workload();

        @Setup(Level.Trial)
        public void buildInputs() {
            parsed = PlacementWorkload.parse(workload());
            leases = FenzoBaseline.leases(parsed);
            tasks = FenzoBaseline.tasks(parsed);
        }

        @Setup(Level.Invocation)
        public void freshScheduler() {
            scheduler = FenzoBaseline.newScheduler();
        }

        SchedulingResult scheduleOnce() {
            last = scheduler.scheduleOnce(tasks, leases);
            return last;
        }

        @TearDown(Level.Invocation)
        public void shutDownScheduler() {
            scheduler.shutdown();
        }

        @TearDown(Level.Iteration)
        public void checkLastPlacement() {
            PlacementCheck.require("Fenzo", parsed, FenzoBaseline.placed(last), false);
        }
    }

    /** Workloads Fenzo places in under a second or so. */
    @State(Scope.Benchmark)
    public static class Fast extends Inputs {
        @Param({"100x1000/none", "100x1000/unique", "100x1000/unique+rack", "1000x1000/none"})
        String workload;

        @Override
        String workload() {
            return workload;
        }
    }

    /** Workloads that take Fenzo seconds to minutes; the 1000x10000 unique ones are left out. */
    @State(Scope.Benchmark)
    public static class Slow extends Inputs {
        @Param({"1000x1000/unique", "1000x1000/unique+rack", "1000x10000/none"})
        String workload;

        @Override
        String workload() {
            return workload;
        }
    }

    /** One full placement of every broker. */
    @Benchmark
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public SchedulingResult scheduleOnce(Fast inputs) {
        return inputs.scheduleOnce();
    }

    /** One full placement of every broker; each iteration is a single call. */
    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 2, time = 1)
    public SchedulingResult scheduleOnceSlow(Slow inputs) {
        return inputs.scheduleOnce();
    }
}
