package org.kafkamesos.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.TaskPhase;

/**
 * The orchestrator driven through random sequences of operators' commands, offer cycles (some offers
 * rescinded), status updates delivered late, out of order, twice or lost in transit, task failures,
 * agent losses and returns, master failovers and scheduler crashes at any point of carrying out a
 * reaction, against a {@link SimulatedMesos} world that also holds a zombie task the scheduler never
 * knew. The {@link SchedulerHarness} around the orchestrator is the imperative shell a real scheduler
 * has: it persists each {@link Reaction}'s changes before it carries out its actions, and after a
 * crash it builds a new orchestrator from what it persisted, and nothing else.
 *
 * <p>Invariants, after every step: never two live tasks for one broker; no launch for an inactive
 * broker; every launch persisted first; no exception for any event in any phase, and no event that fails as a
 * whole (a command may only be refused, changing nothing; a spec no launch could run is refused while it is built);
 * every offer is used or declined once, in the cycle that brings it; what is persisted is what the orchestrator
 * holds. At the end of every
 * sequence the faults stop and the world is fair (lost agents return, every message arrives, tasks
 * start, offers flow as Mesos sends them, honouring suppression and decline filters): then every active
 * broker runs, with exactly one live task, and no other task is left alive.
 */
class OrchestratorProperties {

    static final int MAX_BROKER_ID = 5;

    /** A spec with a name for the step descriptions. */
    record NamedSpec(String name, BrokerSpec spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Specs that all fit on the agents, so that every active broker can run once the world is fair. */
    static final List<NamedSpec> SPECS = List.of(
            new NamedSpec("default", BrokerSpec.DEFAULT),
            new NamedSpec("small", BrokerSpec.builder().cpus(0.5).memMb(1024).heapMb(512).build()),
            new NamedSpec("big", BrokerSpec.builder().cpus(2).memMb(4096).heapMb(2048).build()),
            new NamedSpec("combined", BrokerSpec.builder().role(org.kafkamesos.core.model.NodeRole.BOTH).build()),
            new NamedSpec("impatient", BrokerSpec.builder().stickinessPeriod(Duration.ofSeconds(30))
                    .failover(new FailoverPolicy(Duration.ofSeconds(5), Duration.ofSeconds(30), OptionalInt.of(3))).build()));

    /** A new cluster forms under faults: three controllers (placed together) and one broker, added and started, none launched yet. */
    @Property(tries = 1000)
    void newCluster_underAnyEvents_keepsTheInvariants_andRunsEveryActiveBrokerOnceTheWorldIsFair(
            @ForAll("newClusterOfThreeControllers") ActionChain<SchedulerHarness> chain) {
        check(chain);
    }

    /** A cluster in service: one controller and two brokers, running when the faults begin. */
    @Property(tries = 1000)
    void clusterInService_underAnyEvents_keepsTheInvariants_andRunsEveryActiveBrokerOnceTheWorldIsFair(
            @ForAll("clusterInServiceWithOneController") ActionChain<SchedulerHarness> chain) {
        check(chain);
    }

    /**
     * A cluster whose brokers keep their data on volumes of their own (role {@code kafka}): one controller and two
     * brokers in service, then faults, removals and replacements. Besides the invariants above: a broker's volume is
     * created once and exists on at most one agent; a broker with a volume is launched only on an offer that carries
     * it (both checked by the world as it carries the actions out); and once every broker is removed and the world
     * settles, nothing stays reserved for the framework.
     */
    @Property(tries = 1000)
    void brokersOnVolumes_underAnyEvents_keepTheirVolume_andRemovingEveryBrokerLeavesNothingReserved(
            @ForAll("clusterOnVolumes") ActionChain<SchedulerHarness> chain) {
        SchedulerHarness end = chain
                .withInvariant("never two live tasks for one broker", SchedulerHarness::checkOneLiveTaskPerBroker)
                .withInvariant("what is persisted is what the orchestrator holds", SchedulerHarness::checkPersistedMirrorsOrchestrator)
                .withInvariant("a broker's volume exists on at most one agent", SchedulerHarness::checkVolumes)
                .run();
        Statistics.label("brokers on a volume when the faults stop")
                .collect(end.orchestrator.brokers().values().stream().filter(b -> b.volume().isPresent()).count());
        end.settle();
        assertThat(end.orchestrator.brokers().values()).as("every running broker is on a volume of its own")
                .filteredOn(b -> b.phase() == TaskPhase.RUNNING).allMatch(b -> b.volume().isPresent());
        int releasedBefore = end.mesos.volumeCounts()[1];
        end.removeEverythingAndSettle();
        Statistics.label("volumes created").collect(Math.min(end.mesos.volumeCounts()[0], 8));
        Statistics.label("reservations released before the final removal").collect(Math.min(releasedBefore, 4));
    }

    /** Mesos' default allocation interval: how often a fair world makes offers. */
    static final Duration OFFER_INTERVAL = Duration.ofSeconds(1);

    /**
     * Liveness of offers: brokers 3 and 4 fail at every start and back off (for up to {@code maxBackOffSeconds}), and
     * meanwhile the other agents' offers are declined until their next retry. Then an operator starts a stopped broker,
     * or restarts a running one, whose host has room: it is launched within one offer interval of becoming launchable,
     * plus the one the revive takes, and never waits for a decline filter set on another broker's behalf.
     */
    @Property(tries = 200)
    void aBrokerThatBecomesLaunchable_isLaunchedWithinAnOfferIntervalAndTheRevive_whateverFiltersOthersCaused(
            @ForAll @IntRange(min = 10, max = 120) int backOffSeconds, @ForAll @IntRange(min = 10, max = 600) int maxBackOffSeconds,
            @ForAll @IntRange(min = 30, max = 400) int failingIntervals, @ForAll boolean restart) {
        SchedulerHarness h = new SchedulerHarness(1, 3, 3, true);
        int target = restart ? 1 : 2;
        if (!restart) {
            h.command(new BrokerCommand.Stop(List.of(2)));
            for (int i = 0; i < 10 && h.orchestrator.brokers().get(2).phase() != TaskPhase.NONE; i++) {
                h.offerInterval(OFFER_INTERVAL, java.util.Set.of());
            }
        }
        BrokerSpec failing = BrokerSpec.builder().failover(new FailoverPolicy(Duration.ofSeconds(backOffSeconds),
                Duration.ofSeconds(Math.max(backOffSeconds, maxBackOffSeconds)), OptionalInt.empty())).build();
        h.command(new BrokerCommand.Add(List.of(3, 4), failing));
        h.command(new BrokerCommand.Start(List.of(3, 4)));
        for (int i = 0; i < failingIntervals; i++) {
            h.offerInterval(OFFER_INTERVAL, java.util.Set.of(3, 4));
        }
        String before = h.orchestrator.brokers().get(target).task().map(t -> t.taskId()).orElse("");
        h.command(restart ? new BrokerCommand.Restart(List.of(target)) : new BrokerCommand.Start(List.of(target)));

        java.time.Instant launchableSince = null;
        for (int i = 0; i < 30; i++) {
            Broker b = h.orchestrator.brokers().get(target);
            boolean launched = b.task().map(t -> !t.taskId().equals(before)).orElse(false);
            if (launched) {
                Statistics.label("longest refuse before, s").collect(Math.min(h.longestRefuse.toSeconds() / 60 * 60, 600));
                return;
            }
            if (launchableSince == null && b.isPending(h.now)) {
                launchableSince = h.now;
            }
            if (launchableSince != null) {
                assertThat(Duration.between(launchableSince, h.now))
                        .as("broker %d, launchable since %s, is launched within an offer interval and the revive; explanation: %s",
                                target, launchableSince, h.orchestrator.lastExplanations().get(target))
                        .isLessThanOrEqualTo(OFFER_INTERVAL.multipliedBy(2));
            }
            h.offerInterval(OFFER_INTERVAL, java.util.Set.of(3, 4));
        }
        throw new AssertionError("broker " + target + " was not launched: " + h);
    }

    @Provide
    Arbitrary<ActionChain<SchedulerHarness>> clusterOnVolumes() {
        return chains(() -> new SchedulerHarness(1, 3, 3, true, OrchestratorSettings.DEFAULT.withRole("kafka")), 10);
    }

    @Provide
    Arbitrary<ActionChain<SchedulerHarness>> newClusterOfThreeControllers() {
        return chains(() -> new SchedulerHarness(3, 4, 4, false), 4);
    }

    @Provide
    Arbitrary<ActionChain<SchedulerHarness>> clusterInServiceWithOneController() {
        return chains(() -> new SchedulerHarness(1, 3, 3, true), 4);
    }

    private static void check(ActionChain<SchedulerHarness> chain) {
        SchedulerHarness end = chain
                .withInvariant("never two live tasks for one broker", SchedulerHarness::checkOneLiveTaskPerBroker)
                .withInvariant("what is persisted is what the orchestrator holds", SchedulerHarness::checkPersistedMirrorsOrchestrator)
                .run();
        long running = end.orchestrator.brokers().values().stream().filter(b -> b.phase() == TaskPhase.RUNNING).count();
        Statistics.label("brokers running when the faults stop").collect(running);
        Statistics.label("scheduler crashes").collect(end.crashes);
        Statistics.label("launches on rescinded offers").collect(end.launchesOnRescindedOffers);
        end.settle();
        Statistics.label("active brokers run in the end").collect(end.orchestrator.brokers().values().stream().filter(Broker::active).count());
    }

    /** Chains of up to 50 steps from the state {@code start} makes, operators' commands weighing {@code commandWeight}. */
    private static Arbitrary<ActionChain<SchedulerHarness>> chains(Supplier<SchedulerHarness> start, int commandWeight) {
        return ActionChain.<SchedulerHarness>startWith(start)
                .withAction(commandWeight, step(commands()))
                .withAction(4, step(offerCycles()))
                .withAction(6, step(index().map(i -> Transformer.mutate("deliver message " + i, h -> h.deliver(i)))))
                .withAction(1, step(index().map(i -> Transformer.mutate("duplicate message " + i, h -> h.duplicate(i)))))
                .withAction(1, step(index().map(i -> Transformer.mutate("lose message " + i, h -> h.drop(i)))))
                .withAction(5, step(Combinators.combine(index(), Arbitraries.frequency(Tuple.of(5, false), Tuple.of(1, true)))
                        .as((i, fail) -> Transformer.mutate((fail ? "fail" : "progress") + " task " + i, h -> h.progress(i, fail)))))
                .withAction(1, step(Arbitraries.just(Transformer.mutate("calm: every task progresses, every message arrives", SchedulerHarness::calm))))
                .withAction(3, step(ticks()))
                .withAction(1, step(index().map(i -> Transformer.mutate("lose agent " + i, h -> h.loseAgent(i)))))
                .withAction(1, step(index().map(i -> Transformer.mutate("return agent " + i, h -> h.returnAgent(i)))))
                .withAction(1, step(crashes()))
                .withAction(1, step(Arbitraries.just(Transformer.mutate("master failover", SchedulerHarness::masterFailover))))
                .withMaxTransformations(50);
    }

    private static Action<SchedulerHarness> step(Arbitrary<Transformer<SchedulerHarness>> transformer) {
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<SchedulerHarness>> transformer() {
                return transformer;
            }
        };
    }

    /** A choice among what is there when the step runs: taken modulo the number of candidates. */
    private static Arbitrary<Integer> index() {
        return Arbitraries.integers().between(0, 7);
    }

    private static Arbitrary<Transformer<SchedulerHarness>> commands() {
        Arbitrary<List<Integer>> ids = Arbitraries.integers().between(0, MAX_BROKER_ID).list().ofMinSize(1).ofMaxSize(2);
        Arbitrary<NamedSpec> specs = Arbitraries.of(SPECS);
        Arbitrary<Transformer<SchedulerHarness>> add = Combinators.combine(ids, specs)
                .as((i, s) -> command("add " + i + " " + s, new BrokerCommand.Add(i, s.spec())));
        Arbitrary<Transformer<SchedulerHarness>> update = Combinators.combine(ids, specs)
                .as((i, s) -> command("update " + i + " " + s, new BrokerCommand.Update(i, s.spec())));
        return Arbitraries.frequencyOf(
                Tuple.of(3, add),
                Tuple.of(3, ids.map(i -> command("start " + i, new BrokerCommand.Start(i)))),
                Tuple.of(2, ids.map(i -> command("stop " + i, new BrokerCommand.Stop(i)))),
                Tuple.of(1, ids.map(i -> command("restart " + i, new BrokerCommand.Restart(i)))),
                Tuple.of(1, update),
                Tuple.of(1, ids.map(i -> command("remove " + i, new BrokerCommand.Remove(i)))),
                Tuple.of(1, ids.map(i -> command("replace " + i, new BrokerCommand.Replace(i)))),
                // grow or shrink a formed dynamic quorum (refused before it forms); as many controllers as hosts at most
                Tuple.of(1, Arbitraries.of(1, 3).map(n -> Transformer.mutate("controllers " + n, h -> h.setControllers(n)))),
                Tuple.of(1, invalidSpecs()));
    }

    /** Specs an operator may type that no launch could run: each is refused while it is built. */
    private static Arbitrary<Transformer<SchedulerHarness>> invalidSpecs() {
        Arbitrary<String> ownedKeys = Arbitraries.of("log.dirs", "node.id", "process.roles", "listeners", "controller.quorum.voters",
                "broker.id", "advertised.listeners");
        Arbitrary<Transformer<SchedulerHarness>> owned = ownedKeys.map(key -> Transformer.mutate("spec with option " + key,
                h -> h.commandWithInvalidSpec("option " + key, () -> BrokerSpec.builder().options(java.util.Map.of(key, "/etc")).build())));
        Arbitrary<Transformer<SchedulerHarness>> heapOption = Arbitraries.of("-Xmx4g", "-Xms1g", "-XX:MaxHeapSize=1g")
                .map(o -> Transformer.mutate("spec with JVM option " + o,
                        h -> h.commandWithInvalidSpec("JVM option " + o, () -> BrokerSpec.builder().jvmOptions(List.of(o)).build())));
        Arbitrary<Transformer<SchedulerHarness>> heapOverMem = Arbitraries.longs().between(1, 1 << 20).map(mem -> Transformer.mutate(
                "spec with heap over mem " + mem,
                h -> h.commandWithInvalidSpec("heap over mem " + mem, () -> BrokerSpec.builder().memMb(mem).heapMb(mem + 1).build())));
        Arbitrary<Transformer<SchedulerHarness>> cpus = Arbitraries.of(0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY)
                .map(c -> Transformer.mutate("spec with cpus " + c,
                        h -> h.commandWithInvalidSpec("cpus " + c, () -> BrokerSpec.builder().cpus(c).build())));
        return Arbitraries.oneOf(owned, heapOption, heapOverMem, cpus);
    }

    private static Transformer<SchedulerHarness> command(String description, BrokerCommand command) {
        return Transformer.mutate(description, h -> h.command(command));
    }

    private static Arbitrary<Transformer<SchedulerHarness>> offerCycles() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(-1)), Tuple.of(1, index()))
                .map(r -> Transformer.mutate(r < 0 ? "offer cycle" : "offer cycle, offer " + r + " rescinded", h -> h.offerCycle(r)));
    }

    private static Arbitrary<Transformer<SchedulerHarness>> ticks() {
        Arbitrary<Integer> seconds = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(1, 10)),
                Tuple.of(3, Arbitraries.integers().between(10, 120)),
                Tuple.of(1, Arbitraries.integers().between(120, 900)));
        return seconds.map(s -> Transformer.mutate("tick +" + s + "s", h -> h.tick(Duration.ofSeconds(s))));
    }

    private static Arbitrary<Transformer<SchedulerHarness>> crashes() {
        return Combinators.combine(Arbitraries.of(SchedulerHarness.CrashPoint.class), Arbitraries.integers().between(0, 3), Arbitraries.of(true, false))
                .as((point, carriedOut, reregistered) -> Transformer.mutate("crash " + point
                        + (point == SchedulerHarness.CrashPoint.BETWEEN_EVENTS ? "" : " after " + carriedOut + " actions")
                        + ", then " + (reregistered ? "Reregistered" : "Registered"), h -> h.crash(point, carriedOut, reregistered)));
    }
}
