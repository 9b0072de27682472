package org.kafkamesos.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.scheduler.BrokerEvent;
import org.kafkamesos.core.scheduler.Lifecycle;
import org.kafkamesos.core.scheduler.MesosAction;
import org.kafkamesos.core.scheduler.Orchestrator;
import org.kafkamesos.core.scheduler.OrchestratorSettings;
import org.kafkamesos.core.scheduler.Reaction;
import org.kafkamesos.core.scheduler.SchedulerEvent;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The orchestrator's two hot paths: one offer cycle of 1,000 offers with 100 pending brokers under
 * {@code hostname=unique,rack=groupBy:10}, and 10,000 status updates of running brokers' tasks.
 *
 * <p>Run with {@code benchmarks/run-orchestrator-benchmark.sh}, which writes
 * {@code benchmarks/results/orchestrator.json}. Each invocation builds a fresh orchestrator from the
 * brokers prepared in {@code @Setup} (a copy of 100 brokers, inside the measured region, negligible
 * beside the work); a check after each invocation fails the run if the cycle did not launch all 100
 * brokers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OrchestratorBenchmark {

    static final int BROKERS = 100;
    static final int OFFERS = 1000;
    static final int STATUS_UPDATES = 10_000;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ClusterSpec CLUSTER = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 3, "MkU3OEVBNTcwNTJENDM2Qk", "/opt/kafka");

    private List<Offer> offers;
    private SchedulerEvent.OffersReceived offerEvent;
    private Map<Integer, Broker> pending;
    private Map<Integer, Broker> running;
    private List<SchedulerEvent.TaskStatusChanged> updates;
    private Reaction last;

    @Setup(Level.Trial)
    public void inputs() {
        offers = new ArrayList<>();
        for (int i = 0; i < OFFERS; i++) {
            offers.add(Offer.builder("offer-" + i, "agent-" + i, "host-" + i).cpus(8).mem(32768).disk(500_000)
                    .ports(9092, 9093).ports(31000, 32000).attribute("rack", "r" + (i % 10)).build());
        }
        offerEvent = new SchedulerEvent.OffersReceived(offers);
        BrokerSpec spec = BrokerSpec.builder().cpus(1).memMb(4096).heapMb(2048).constraints("hostname=unique,rack=groupBy:10").build();
        pending = new TreeMap<>();
        running = new TreeMap<>();
        updates = new ArrayList<>();
        for (int id = 0; id < BROKERS; id++) {
            Broker b = Lifecycle.next(Broker.added(id, spec), new BrokerEvent.Start(), NOW).broker();
            pending.put(id, b);
            Task task = new Task("kafka-" + id + "-t", "agent-" + id, "host-" + id, List.of(9092), Map.of("rack", "r" + (id % 10)));
            Broker launched = Lifecycle.next(b, new BrokerEvent.Launched(task), NOW).broker();
            running.put(id, Lifecycle.next(launched, new BrokerEvent.StatusUpdate(task.taskId(), MesosTaskState.RUNNING, ""), NOW).broker());
        }
        for (int i = 0; i < STATUS_UPDATES; i++) {
            int id = i % BROKERS;
            updates.add(new SchedulerEvent.TaskStatusChanged("kafka-" + id + "-t", "agent-" + id, MesosTaskState.RUNNING, "",
                    Optional.empty(), Optional.of(new byte[] {(byte) i})));
        }
    }

    private static Orchestrator orchestrator(Map<Integer, Broker> brokers) {
        AtomicLong ids = new AtomicLong();
        return new Orchestrator(CLUSTER, OrchestratorSettings.DEFAULT, PlacementEngine.create(), brokers, Optional.of("fw"),
                () -> new UUID(0, ids.incrementAndGet()));
    }

    /** Fails the run if the previous offer cycle did not launch every broker. */
    @TearDown(Level.Invocation)
    public void checkLastCycle() {
        if (last != null) {
            long launches = last.actions().stream().filter(a -> a instanceof MesosAction.Launch).count();
            if (launches != BROKERS) {
                throw new IllegalStateException("the offer cycle launched " + launches + " of " + BROKERS + " brokers");
            }
        }
    }

    @Benchmark
    public Reaction offerCycle() {
        last = orchestrator(pending).handle(offerEvent, NOW);
        return last;
    }

    @Benchmark
    public int statusUpdates() {
        Orchestrator orchestrator = orchestrator(running);
        int actions = 0;
        for (SchedulerEvent.TaskStatusChanged update : updates) {
            actions += orchestrator.handle(update, NOW).actions().size();
        }
        return actions;
    }
}
