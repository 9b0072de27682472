package org.kafkamesos.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.CommandRejectedException;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.executor.QuorumVoter;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementEngine;

/** Scenarios, among them each failure the mesos/kafka scheduler was known for. */
class OrchestratorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ClusterSpec CLUSTER = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 1, "MkU3OEVBNTcwNTJENDM2Qk", "/opt/kafka");

    private final AtomicLong uuids = new AtomicLong();
    private Orchestrator orchestrator = newOrchestrator(Map.of());

    private Orchestrator newOrchestrator(Map<Integer, Broker> restored) {
        return new Orchestrator(CLUSTER, OrchestratorSettings.DEFAULT, PlacementEngine.create(), restored, Optional.empty(),
                () -> new UUID(0, uuids.incrementAndGet()));
    }

    private static Offer offer(String id, String host) {
        return Offer.builder(id, "agent-" + host, host).cpus(8).mem(32768).disk(100_000).ports(9092, 9100)
                .attribute("rack", "r-" + host).build();
    }

    private static List<MesosAction.Launch> launches(Reaction r) {
        return r.actions().stream().filter(a -> a instanceof MesosAction.Launch).map(a -> (MesosAction.Launch) a).toList();
    }

    private static <T extends MesosAction> List<T> actions(Reaction r, Class<T> type) {
        return r.actions().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private Reaction offers(Instant at, Offer... offers) {
        return orchestrator.handle(new SchedulerEvent.OffersReceived(List.of(offers)), at);
    }

    private Reaction status(String taskId, MesosTaskState state, Instant at) {
        return orchestrator.handle(new SchedulerEvent.TaskStatusChanged(taskId, "agent", state, "", Optional.empty(),
                Optional.of(new byte[] {1})), at);
    }

    /** Registers, adds brokers 0..n-1 with defaults and starts them. */
    private void startBrokers(int n) {
        orchestrator.handle(new SchedulerEvent.Registered("fw-1", "master"), T0);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(i);
        }
        orchestrator.apply(new BrokerCommand.Add(ids, BrokerSpec.DEFAULT), T0);
        orchestrator.apply(new BrokerCommand.Start(ids), T0);
    }

    private String runningTask(int broker) {
        return orchestrator.brokers().get(broker).task().orElseThrow().taskId();
    }

    @Test
    void oneBroker_isLaunchedOnce_inOneCycleWithManyOffers_andNotAgainInTheNext() {
        startBrokers(1);

        Reaction first = offers(T0, offer("o1", "h1"), offer("o2", "h2"), offer("o3", "h3"));
        Reaction second = offers(T0.plusSeconds(1), offer("o4", "h4"));

        assertThat(launches(first)).hasSize(1);
        assertThat(actions(first, MesosAction.Decline.class)).hasSize(2);
        assertThat(launches(second)).isEmpty();
        assertThat(first.changed()).extracting(Broker::phase).contains(TaskPhase.LAUNCHING);
    }

    @Test
    void launch_isInTheReactionsChangesBeforeItIsSent() {
        startBrokers(1);

        Reaction r = offers(T0, offer("o1", "h1"));

        MesosAction.Launch launch = launches(r).get(0);
        assertThat(r.changed()).anySatisfy(b -> {
            assertThat(b.id()).isEqualTo(launch.brokerId());
            assertThat(b.task().orElseThrow().taskId()).isEqualTo(launch.taskId());
        });
        assertThat(launch.taskId()).startsWith("kafka-0-");
        assertThat(launch.spec().controllerQuorum()).singleElement().satisfies(v -> assertThat(v.host()).isEqualTo("h1"));
    }

    @Test
    void stopWhileLaunchingOrStarting_killsTheTask() {
        startBrokers(1);
        offers(T0, offer("o1", "h1"));
        String launching = runningTask(0);

        Reaction stopLaunching = orchestrator.apply(new BrokerCommand.Stop(List.of(0)), T0);

        assertThat(actions(stopLaunching, MesosAction.Kill.class)).extracting(MesosAction.Kill::taskId).containsExactly(launching);

        status(launching, MesosTaskState.KILLED, T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(0)), T0);
        offers(T0, offer("o2", "h1"));
        String starting = runningTask(0);
        status(starting, MesosTaskState.STARTING, T0);

        Reaction stopStarting = orchestrator.apply(new BrokerCommand.Stop(List.of(0)), T0);

        assertThat(actions(stopStarting, MesosAction.Kill.class)).extracting(MesosAction.Kill::taskId).containsExactly(starting);
        assertThat(orchestrator.brokers().get(0).phase()).isEqualTo(TaskPhase.STOPPING);
    }

    @Test
    void zombieTask_thatIsNoBrokersTask_isKilled() {
        startBrokers(1);

        Reaction r = status("kafka-0-zombie", MesosTaskState.STAGING, T0);

        assertThat(actions(r, MesosAction.Kill.class)).extracting(MesosAction.Kill::taskId).containsExactly("kafka-0-zombie");
        assertThat(actions(r, MesosAction.Acknowledge.class)).hasSize(1);
    }

    @Test
    void afterASchedulerRestart_unansweredTasksAreTakenAsGone_andTheBrokerIsLaunchedAgainOnItsHost() {
        startBrokers(1);
        offers(T0, offer("o1", "h1"));
        status(runningTask(0), MesosTaskState.RUNNING, T0);
        Broker persisted = orchestrator.brokers().get(0);

        orchestrator = newOrchestrator(Map.of(0, persisted));
        Reaction registered = orchestrator.handle(new SchedulerEvent.Reregistered("master"), T0.plusSeconds(60));

        assertThat(orchestrator.brokers().get(0).phase()).isEqualTo(TaskPhase.RECONCILING);
        assertThat(actions(registered, MesosAction.Reconcile.class)).singleElement()
                .satisfies(rec -> assertThat(rec.tasks()).extracting(MesosAction.TaskRef::taskId).containsExactly(persisted.task().get().taskId()));

        Instant t = T0.plusSeconds(60);
        int reconciles = 1;
        for (int i = 0; i < 20 && orchestrator.brokers().get(0).phase() == TaskPhase.RECONCILING; i++) {
            t = t.plus(Duration.ofMinutes(1));
            reconciles += actions(orchestrator.handle(new SchedulerEvent.Tick(), t), MesosAction.Reconcile.class).size();
        }

        assertThat(orchestrator.brokers().get(0).phase()).isEqualTo(TaskPhase.NONE);
        assertThat(reconciles).isEqualTo(OrchestratorSettings.DEFAULT.reconcileMaxAttempts());
        Reaction relaunch = offers(t, offer("o9", "h9"), offer("o2", "h1"));
        assertThat(launches(relaunch)).singleElement().satisfies(l -> assertThat(l.assignment().hostname()).isEqualTo("h1"));
    }

    @Test
    void afterASchedulerRestart_aRunningTaskIsReattached_notKilled() {
        startBrokers(1);
        offers(T0, offer("o1", "h1"));
        String task = runningTask(0);
        status(task, MesosTaskState.RUNNING, T0);
        orchestrator = newOrchestrator(orchestrator.brokers());
        orchestrator.handle(new SchedulerEvent.Reregistered("master"), T0);

        Reaction answer = status(task, MesosTaskState.RUNNING, T0.plusSeconds(1));

        assertThat(actions(answer, MesosAction.Kill.class)).isEmpty();
        assertThat(orchestrator.brokers().get(0).phase()).isEqualTo(TaskPhase.RUNNING);
        assertThat(orchestrator.brokers().get(0).task().orElseThrow().taskId()).isEqualTo(task);
    }

    @Test
    void offers_areSuppressedWhenNothingWaits_andRevivedWhenABrokerDoes() {
        startBrokers(1);
        Reaction launched = offers(T0, offer("o1", "h1"));
        assertThat(actions(launched, MesosAction.Suppress.class)).as("nothing waits once the broker is launched").hasSize(1);
        status(runningTask(0), MesosTaskState.RUNNING, T0);

        Reaction failed = status(runningTask(0), MesosTaskState.FAILED, T0.plusSeconds(5));

        assertThat(actions(failed, MesosAction.Revive.class)).hasSize(1);
    }

    @Test
    void failedBroker_offersAreDeclinedUntilItsBackoffEnds() {
        startBrokers(1);
        offers(T0, offer("o1", "h1"));
        status(runningTask(0), MesosTaskState.FAILED, T0);

        Reaction during = offers(T0.plusSeconds(20), offer("o2", "h1"));

        assertThat(launches(during)).isEmpty();
        assertThat(actions(during, MesosAction.Decline.class)).singleElement()
                .satisfies(d -> assertThat(d.refuse()).isEqualTo(Duration.ofSeconds(40)));
        assertThat(launches(offers(T0.plusSeconds(60), offer("o3", "h1")))).hasSize(1);
    }

    @Test
    void controllersOfANewQuorum_areLaunchedTogether() {
        ClusterSpec three = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 3, CLUSTER.clusterId(), "/opt/kafka");
        orchestrator = new Orchestrator(three, OrchestratorSettings.DEFAULT, PlacementEngine.create(), Map.of(), Optional.empty(),
                () -> new UUID(0, uuids.incrementAndGet()));
        startBrokers(3);

        Reaction tooFew = offers(T0, offer("o1", "h1"), offer("o2", "h2"));

        assertThat(launches(tooFew)).isEmpty();
        assertThat(orchestrator.lastExplanations().get(0)).contains("controllers 0 and 2 would share h1")
                .contains("the offers of this cycle came from too few hosts");
        assertThat(orchestrator.lastExplanations().get(2)).contains("controllers 0 and 2 would share h1");

        Reaction enough = offers(T0.plusSeconds(1), offer("o3", "h1"), offer("o4", "h2"), offer("o5", "h3"));

        assertThat(launches(enough)).hasSize(3);
        assertThat(orchestrator.lastExplanations()).isEmpty();
        assertThat(launches(enough).get(0).spec().controllerQuorum()).hasSize(3);
    }

    @Test
    void aLaunchSpecAnOfferMakesInvalid_isThatBrokersProblem_itsOfferIsDeclined_andTheNextOfferLaunchesIt() {
        startBrokers(1);
        offers(T0, offer("o1", "h1"));
        orchestrator.apply(new BrokerCommand.Add(List.of(1), BrokerSpec.DEFAULT), T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(1)), T0);

        Reaction bad = offers(T0.plusSeconds(1), offer("o2", "bad host"));

        assertThat(bad.failure()).isEmpty();
        assertThat(launches(bad)).isEmpty();
        assertThat(actions(bad, MesosAction.Decline.class)).extracting(MesosAction.Decline::offerId).containsExactly("o2");
        assertThat(bad.changed()).isEmpty();
        assertThat(orchestrator.brokers().get(1).phase()).isEqualTo(TaskPhase.NONE);
        assertThat(orchestrator.lastExplanations().get(1))
                .contains("broker 1 cannot be launched on bad host")
                .contains("'bad host' is not a host name or address");

        Reaction good = offers(T0.plusSeconds(2), offer("o3", "h2"));

        assertThat(launches(good)).extracting(MesosAction.Launch::brokerId).containsExactly(1);
        assertThat(orchestrator.lastExplanations()).doesNotContainKey(1);
    }

    @Test
    void aNewControllerWhoseLaunchSpecCannotBeMade_holdsBackEveryLaunchOfTheCycle() {
        ClusterSpec three = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 3, CLUSTER.clusterId(), "/opt/kafka");
        orchestrator = new Orchestrator(three, OrchestratorSettings.DEFAULT, PlacementEngine.create(), Map.of(), Optional.empty(),
                () -> new UUID(0, uuids.incrementAndGet()));
        startBrokers(3);

        Reaction r = offers(T0, offer("o1", "h1"), offer("o2", "h2"), offer("o3", "bad host"));

        assertThat(r.failure()).isEmpty();
        assertThat(launches(r)).isEmpty();
        assertThat(actions(r, MesosAction.Decline.class)).hasSize(3);
        assertThat(r.changed()).isEmpty();
        assertThat(orchestrator.brokers().values()).allSatisfy(b -> {
            assertThat(b.phase()).isEqualTo(TaskPhase.NONE);
            assertThat(b.lastHost()).isEmpty();
        });
        assertThat(orchestrator.lastExplanations().values()).hasSize(3).allSatisfy(why -> assertThat(why).contains("bad host"));
    }

    @Test
    void anEventThatFailsAsAWhole_changesNothing_declinesItsOffers_andCarriesTheFailure() {
        RuntimeException defect = new IllegalStateException("a defect in placement");
        orchestrator = new Orchestrator(CLUSTER, OrchestratorSettings.DEFAULT, request -> {
            throw defect;
        }, Map.of(), Optional.empty(), () -> new UUID(0, uuids.incrementAndGet()));
        startBrokers(1);
        Map<Integer, Broker> before = orchestrator.brokers();

        Reaction r = offers(T0, offer("o1", "h1"), offer("o2", "h2"));

        assertThat(r.failure()).containsSame(defect);
        assertThat(r.actions()).containsExactly(new MesosAction.Decline("o1", OrchestratorSettings.DEFAULT.unfitRefuse()),
                new MesosAction.Decline("o2", OrchestratorSettings.DEFAULT.unfitRefuse()));
        assertThat(r.changed()).isEmpty();
        assertThat(orchestrator.brokers()).isEqualTo(before);
        assertThat(orchestrator.handle(new SchedulerEvent.Tick(), T0.plusSeconds(1)).failure()).isEmpty();
    }

    @Test
    void anyBrokerIdsFormACluster_theFirstBrokersStarted_byId_areTheControllers_chosenOnce() {
        ClusterSpec three = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 3, CLUSTER.clusterId(), "/opt/kafka");
        orchestrator = new Orchestrator(three, OrchestratorSettings.DEFAULT, PlacementEngine.create(), Map.of(), Optional.empty(),
                () -> new UUID(0, uuids.incrementAndGet()));
        orchestrator.handle(new SchedulerEvent.Registered("fw-1", "master"), T0);
        orchestrator.apply(new BrokerCommand.Add(List.of(1000, 1001, 1002, 7), BrokerSpec.DEFAULT), T0);

        Reaction first = orchestrator.apply(new BrokerCommand.Start(List.of(1001)), T0);
        Reaction rest = orchestrator.apply(new BrokerCommand.Start(List.of(1002, 1000, 7)), T0);

        assertThat(first.cluster()).hasValueSatisfying(c -> assertThat(c.controllerIds()).containsExactly(1001));
        assertThat(rest.cluster()).hasValueSatisfying(c -> assertThat(c.controllerIds()).containsExactly(7, 1000, 1001));
        assertThat(orchestrator.apply(new BrokerCommand.Stop(List.of(7)), T0).cluster()).as("chosen once").isEmpty();
        assertThat(orchestrator.apply(new BrokerCommand.Start(List.of(7)), T0).cluster()).isEmpty();

        Reaction launched = offers(T0, offer("o1", "h1"), offer("o2", "h2"), offer("o3", "h3"), offer("o4", "h4"));

        assertThat(launches(launched)).extracting(MesosAction.Launch::brokerId).containsExactlyInAnyOrder(7, 1000, 1001, 1002);
        MesosAction.Launch broker = launches(launched).stream().filter(l -> l.brokerId() == 1002).findFirst().orElseThrow();
        assertThat(broker.spec().controllerQuorum()).extracting(v -> v.nodeId()).containsExactly(7, 1000, 1001);
        assertThat(broker.spec().controllerPort()).as("1002 is no controller").isEmpty();
    }

    @Test
    void brokersRestoredStarted_withNoChoiceStored_choseTheirControllers_beforeTheFirstOfferCycle() {
        ClusterSpec three = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 3, CLUSTER.clusterId(), "/opt/kafka");
        Map<Integer, Broker> restored = new java.util.TreeMap<>();
        for (int id : List.of(1000, 1001, 1002)) {
            restored.put(id, Lifecycle.next(Broker.added(id, BrokerSpec.DEFAULT), new BrokerEvent.Start(), T0).broker());
        }
        orchestrator = new Orchestrator(three, OrchestratorSettings.DEFAULT, PlacementEngine.create(), restored, Optional.empty(),
                () -> new UUID(0, uuids.incrementAndGet()));

        Reaction launched = offers(T0, offer("o1", "h1"), offer("o2", "h2"), offer("o3", "h3"));

        assertThat(launches(launched)).extracting(MesosAction.Launch::brokerId).containsExactlyInAnyOrder(1000, 1001, 1002);
        assertThat(orchestrator.cluster().controllerIds()).containsExactly(1000, 1001, 1002);
    }

    private static Offer stockOffer(String id, String host) {
        return Offer.builder(id, "agent-" + host, host).cpus(8).mem(32768).disk(100_000).ports(31000, 32000)
                .attribute("rack", "r-" + host).build();
    }

    @Test
    void onStockAgents_theControllersTakeOfferedPorts_everyNodeNamesThem_andEachKeepsItsPortWhenItComesBack() {
        ClusterSpec three = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 3, CLUSTER.clusterId(), "/opt/kafka");
        orchestrator = new Orchestrator(three, OrchestratorSettings.DEFAULT, PlacementEngine.create(), Map.of(), Optional.empty(),
                () -> new UUID(0, uuids.incrementAndGet()));
        startBrokers(3);

        List<MesosAction.Launch> first = launches(offers(T0, stockOffer("o1", "h1"), stockOffer("o2", "h2"), stockOffer("o3", "h3")));

        assertThat(first).hasSize(3);
        for (MesosAction.Launch l : first) {
            int controllerPort = l.spec().controllerPort().orElseThrow();
            assertThat(l.assignment().ports()).containsExactly(l.spec().brokerPort().orElseThrow(), controllerPort)
                    .allSatisfy(port -> assertThat(port).isBetween(31000, 32000));
            assertThat(orchestrator.brokers().get(l.brokerId()).controllerPort()).hasValue(controllerPort);
            assertThat(l.spec().controllerQuorum()).as("every node names the same voters")
                    .isEqualTo(first.get(0).spec().controllerQuorum());
            assertThat(l.spec().controllerQuorum()).anySatisfy(v -> {
                assertThat(v.nodeId()).isEqualTo(l.brokerId());
                assertThat(v.host()).isEqualTo(l.assignment().hostname());
                assertThat(v.port()).isEqualTo(controllerPort);
            });
        }
        MesosAction.Launch zero = first.stream().filter(l -> l.brokerId() == 0).findFirst().orElseThrow();
        status(zero.taskId(), MesosTaskState.FAILED, T0);

        List<MesosAction.Launch> again = launches(offers(T0.plus(Duration.ofMinutes(2)),
                stockOffer("o4", zero.assignment().hostname())));

        assertThat(again).singleElement().satisfies(l -> {
            assertThat(l.spec().controllerPort()).isEqualTo(zero.spec().controllerPort());
            assertThat(l.spec().controllerQuorum()).isEqualTo(zero.spec().controllerQuorum());
        });
    }

    @Test
    void aNewCluster_formsADynamicQuorum_eachControllerWithADirectoryIdItKeeps_andEveryNodeNamesTheSameVoters() {
        ClusterSpec created = ClusterSpec.create("kafka", 3, "/opt/kafka");
        assertThat(created.dynamicQuorum()).isTrue();
        orchestrator = new Orchestrator(created, OrchestratorSettings.DEFAULT, PlacementEngine.create(), Map.of(), Optional.empty(),
                () -> new UUID(7, uuids.incrementAndGet()));
        orchestrator.handle(new SchedulerEvent.Registered("fw-1", "master"), T0);
        orchestrator.apply(new BrokerCommand.Add(List.of(0, 1, 2, 3), BrokerSpec.DEFAULT), T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(0, 1, 2, 3)), T0);

        List<MesosAction.Launch> first = launches(offers(T0, stockOffer("o1", "h1"), stockOffer("o2", "h2"), stockOffer("o3", "h3")));

        assertThat(first).hasSize(4).allSatisfy(l -> {
            assertThat(l.spec().dynamicQuorum()).isTrue();
            assertThat(l.spec().controllerQuorum()).isEqualTo(first.get(0).spec().controllerQuorum());
        });
        List<QuorumVoter> voters = first.get(0).spec().controllerQuorum();
        assertThat(voters).extracting(QuorumVoter::nodeId).containsExactly(0, 1, 2);
        assertThat(voters).extracting(v -> v.directoryId().orElseThrow()).doesNotHaveDuplicates();
        for (QuorumVoter v : voters) {
            assertThat(orchestrator.brokers().get(v.nodeId()).directoryId()).isEqualTo(v.directoryId());
        }
        assertThat(orchestrator.brokers().get(3).directoryId()).as("broker 3 is no controller").isEmpty();
        MesosAction.Launch one = first.stream().filter(l -> l.brokerId() == 1).findFirst().orElseThrow();
        status(one.taskId(), MesosTaskState.FAILED, T0);

        List<MesosAction.Launch> again = launches(offers(T0.plus(Duration.ofMinutes(2)), stockOffer("o4", one.assignment().hostname())));

        assertThat(again).singleElement().satisfies(l -> assertThat(l.spec().controllerQuorum()).as("the same voters")
                .isEqualTo(voters));
    }

    @Test
    void aControllerOfAFormedDynamicQuorum_isReplacedOnAnotherHost_andJoinsWithNewStorage_whileEveryLaunchNamesNoDirectoryIds() {
        orchestrator = new Orchestrator(ClusterSpec.create("kafka", 3, "/opt/kafka"), OrchestratorSettings.DEFAULT, PlacementEngine.create(),
                Map.of(), Optional.empty(), () -> new UUID(7, uuids.incrementAndGet()));
        startBrokers(4);
        List<MesosAction.Launch> first = launches(offers(T0, stockOffer("o1", "h1"), stockOffer("o2", "h2"), stockOffer("o3", "h3")));
        assertThat(first).hasSize(4);
        MesosAction.Launch one = first.stream().filter(l -> l.brokerId() == 1).findFirst().orElseThrow();
        status(one.taskId(), MesosTaskState.LOST, T0);
        assertThatThrownBy(() -> orchestrator.apply(new BrokerCommand.Replace(List.of(1)), T0))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessage("broker 1 is a controller of a KRaft quorum that has not formed yet (no controller has run): its voters"
                        + " are the ones it forms with; replace it once a controller runs");
        assertThat(orchestrator.cluster().quorumFormed()).isFalse();

        Reaction running = status(runningTask(0), MesosTaskState.RUNNING, T0);

        assertThat(running.cluster()).as("persisted").hasValueSatisfying(c -> assertThat(c.quorumFormed()).isTrue());
        assertThat(orchestrator.cluster().controllersJoin()).isTrue();
        String oldDirectory = orchestrator.brokers().get(1).directoryId().orElseThrow();
        orchestrator.apply(new BrokerCommand.Replace(List.of(1)), T0);
        Broker replaced = orchestrator.brokers().get(1);
        assertThat(replaced.lastHost()).isEmpty();
        assertThat(replaced.controllerPort()).isEmpty();
        assertThat(replaced.directoryId()).as("its new storage gets the directory id Kafka gives it").isEmpty();

        String zeroHost = orchestrator.brokers().get(0).task().orElseThrow().hostname();
        String twoHost = orchestrator.brokers().get(2).task().orElseThrow().hostname();
        List<MesosAction.Launch> again = launches(offers(T0.plus(Duration.ofMinutes(2)), stockOffer("o4", zeroHost),
                stockOffer("o5", twoHost), stockOffer("o6", "h4")));

        assertThat(again).singleElement().satisfies(l -> {
            assertThat(l.brokerId()).isEqualTo(1);
            assertThat(l.assignment().hostname()).as("off every other controller's host").isEqualTo("h4");
            assertThat(l.spec().controllerQuorum()).as("a formed quorum: the bootstrap servers, no directory id")
                    .allSatisfy(v -> assertThat(v.directoryId()).isEmpty())
                    .extracting(QuorumVoter::nodeId).containsExactly(0, 1, 2);
            assertThat(l.spec().controllerQuorum()).filteredOn(v -> v.nodeId() == 1).singleElement()
                    .satisfies(v -> assertThat(v.host()).isEqualTo("h4"));
        });
        assertThat(orchestrator.brokers().get(1).directoryId()).isEmpty();
        assertThat(oldDirectory).isNotEmpty();
    }

    @Test
    void withAutomaticReplacementOn_aControllerIsReplacedOnceItsAgentHasBeenLostThatLong_butNotIfItsAgentOffersAgain() {
        OrchestratorSettings settings = OrchestratorSettings.DEFAULT.withReplaceLostControllersAfter(Optional.of(Duration.ofMinutes(1)));
        orchestrator = new Orchestrator(ClusterSpec.create("kafka", 3, "/opt/kafka"), settings, PlacementEngine.create(), Map.of(),
                Optional.empty(), () -> new UUID(7, uuids.incrementAndGet()));
        startBrokers(3);
        offers(T0, stockOffer("o1", "h1"), stockOffer("o2", "h2"), stockOffer("o3", "h3"));
        for (int id = 0; id < 3; id++) {
            status(runningTask(id), MesosTaskState.RUNNING, T0);
        }
        String oneHost = orchestrator.brokers().get(1).task().orElseThrow().hostname();
        String twoHost = orchestrator.brokers().get(2).task().orElseThrow().hostname();
        orchestrator.handle(new SchedulerEvent.AgentLost("agent-" + oneHost), T0);
        orchestrator.handle(new SchedulerEvent.AgentLost("agent-" + twoHost), T0);
        assertThat(orchestrator.brokers().get(1).task()).isEmpty();

        orchestrator.handle(new SchedulerEvent.Tick(), T0.plusSeconds(59));
        assertThat(orchestrator.brokers().get(1).lastHost()).as("not before the period").hasValue(oneHost);
        // the agent of controller 2 comes back: it is no loss for good
        offers(T0.plusSeconds(59), stockOffer("o4", twoHost));

        Reaction due = orchestrator.handle(new SchedulerEvent.Tick(), T0.plusSeconds(60));

        assertThat(due.changed()).extracting(Broker::id).contains(1).doesNotContain(2);
        assertThat(orchestrator.brokers().get(1).lastHost()).as("placed anew").isEmpty();
        assertThat(orchestrator.brokers().get(1).directoryId()).isEmpty();
        assertThat(orchestrator.brokers().get(2).lastHost()).hasValue(twoHost);
        List<MesosAction.Launch> anew = launches(offers(T0.plusSeconds(61), stockOffer("o5", "h9")));
        assertThat(anew).singleElement().satisfies(l -> assertThat(l.brokerId()).isEqualTo(1));
    }

    @Test
    void withAutomaticReplacementOff_aLostControllerWaitsForItsHost() {
        orchestrator = new Orchestrator(ClusterSpec.create("kafka", 3, "/opt/kafka"), OrchestratorSettings.DEFAULT, PlacementEngine.create(),
                Map.of(), Optional.empty(), () -> new UUID(7, uuids.incrementAndGet()));
        startBrokers(3);
        offers(T0, stockOffer("o1", "h1"), stockOffer("o2", "h2"), stockOffer("o3", "h3"));
        status(runningTask(0), MesosTaskState.RUNNING, T0);
        String oneHost = orchestrator.brokers().get(1).task().orElseThrow().hostname();
        orchestrator.handle(new SchedulerEvent.AgentLost("agent-" + oneHost), T0);

        orchestrator.handle(new SchedulerEvent.Tick(), T0.plus(Duration.ofDays(1)));

        assertThat(orchestrator.brokers().get(1).lastHost()).hasValue(oneHost);
    }

    @Test
    void aFormedDynamicQuorum_growsWithBrokersThatNeverRan_andShrinksByItsHighestIds_whileAStaticOneRefuses() {
        orchestrator = new Orchestrator(ClusterSpec.create("kafka", 3, "/opt/kafka"), OrchestratorSettings.DEFAULT, PlacementEngine.create(),
                Map.of(), Optional.empty(), () -> new UUID(7, uuids.incrementAndGet()));
        startBrokers(4);
        assertThatThrownBy(() -> orchestrator.setControllers(5, T0)).isInstanceOf(CommandRejectedException.class)
                .hasMessage("the dynamic quorum has not formed yet (no controller has run): change the number of controllers once it has");
        offers(T0, stockOffer("o1", "h1"), stockOffer("o2", "h2"), stockOffer("o3", "h3"));
        status(runningTask(0), MesosTaskState.RUNNING, T0);
        assertThatThrownBy(() -> orchestrator.setControllers(4, T0)).isInstanceOf(CommandRejectedException.class)
                .hasMessage("controllers must be an odd number >= 1 (a quorum needs a majority), got 4");

        Reaction grown = orchestrator.setControllers(5, T0);

        assertThat(grown.cluster()).hasValueSatisfying(c -> assertThat(c.controllers()).isEqualTo(5));
        assertThat(orchestrator.cluster().controllerIds()).as("broker 3 ran as a broker: it is not chosen").containsExactly(0, 1, 2);
        orchestrator.apply(new BrokerCommand.Add(List.of(4, 5), BrokerSpec.DEFAULT), T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(4, 5)), T0);
        assertThat(orchestrator.cluster().controllerIds()).containsExactly(0, 1, 2, 4, 5);
        List<MesosAction.Launch> joining = launches(offers(T0.plusSeconds(1), stockOffer("o4", "h4"), stockOffer("o5", "h5")));
        assertThat(joining).extracting(MesosAction.Launch::brokerId).containsExactlyInAnyOrder(4, 5);
        assertThat(joining).allSatisfy(l -> {
            assertThat(l.spec().controllerPort()).isPresent();
            assertThat(l.spec().controllerQuorum()).as("they join: no directory ids").allSatisfy(v -> assertThat(v.directoryId()).isEmpty());
        });
        assertThat(joining).extracting(l -> l.assignment().hostname()).doesNotHaveDuplicates();

        orchestrator.setControllers(3, T0.plusSeconds(2));

        assertThat(orchestrator.cluster().controllerIds()).containsExactly(0, 1, 2);
        assertThat(orchestrator.brokers().get(4).task()).as("it runs on until restarted as a broker only").isPresent();
        Orchestrator fixed = new Orchestrator(new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 3, CLUSTER.clusterId(), "/opt/kafka"),
                OrchestratorSettings.DEFAULT, PlacementEngine.create(), Map.of(), Optional.empty(), () -> new UUID(0, 1));
        assertThatThrownBy(() -> fixed.setControllers(5, T0)).isInstanceOf(CommandRejectedException.class)
                .hasMessageStartingWith("the cluster has a static quorum, whose voters are fixed");
    }

    @Test
    void dedicatedControllers_areChosenFirst_listenOnTheirControllerPortOnly_andBrokersOnlyNodesNeverControl() {
        orchestrator = new Orchestrator(ClusterSpec.create("kafka", 3, "/opt/kafka"), OrchestratorSettings.DEFAULT, PlacementEngine.create(),
                Map.of(), Optional.empty(), () -> new UUID(7, uuids.incrementAndGet()));
        orchestrator.handle(new SchedulerEvent.Registered("fw-1", "master"), T0);
        BrokerSpec controller = BrokerSpec.builder().cpus(0.5).memMb(768).heapMb(256).role(org.kafkamesos.core.model.NodeRole.CONTROLLER).build();
        BrokerSpec broker = BrokerSpec.builder().role(org.kafkamesos.core.model.NodeRole.BROKER).build();
        orchestrator.apply(new BrokerCommand.Add(List.of(0, 1, 2), broker), T0);
        orchestrator.apply(new BrokerCommand.Add(List.of(10, 11, 12, 13), controller), T0);
        orchestrator.apply(new BrokerCommand.Start(List.of(0, 1, 2, 10, 11, 12, 13)), T0);

        assertThat(orchestrator.cluster().controllerIds()).containsExactly(10, 11, 12);
        // the placement spreads by load, and would put two small controllers on one host of five
        List<MesosAction.Launch> launched = launches(offers(T0, stockOffer("o1", "h1"), stockOffer("o2", "h2"), stockOffer("o3", "h3"),
                stockOffer("o4", "h4"), stockOffer("o5", "h5")));

        assertThat(launched).extracting(MesosAction.Launch::brokerId).containsExactlyInAnyOrder(0, 1, 2, 10, 11, 12);
        for (MesosAction.Launch l : launched) {
            if (l.brokerId() >= 10) {
                assertThat(l.spec().roles()).containsExactly(org.kafkamesos.executor.Role.CONTROLLER);
                assertThat(l.spec().brokerPort()).isEmpty();
                assertThat(l.assignment().ports()).containsExactly(l.spec().controllerPort().getAsInt());
            } else {
                assertThat(l.spec().roles()).containsExactly(org.kafkamesos.executor.Role.BROKER);
                assertThat(l.spec().controllerQuorum()).extracting(QuorumVoter::nodeId).containsExactly(10, 11, 12);
            }
        }
        assertThat(launched).filteredOn(l -> l.brokerId() >= 10).extracting(l -> l.assignment().hostname()).doesNotHaveDuplicates();
        assertThat(orchestrator.lastExplanations().get(13)).isEqualTo("broker 13 not launched: its role is controller, and it is"
                + " not one of the quorum's controllers (10, 11, 12); grow the quorum ('controllers N') or give it another role");
        assertThatThrownBy(() -> orchestrator.apply(new BrokerCommand.Update(List.of(0), BrokerSpec.DEFAULT, false), T0))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessage("broker 0 keeps its role broker: a role changes only before a node first runs, and a controller's never;"
                        + " add a new node with --role auto instead");
    }

    @Test
    void inADynamicQuorum_oneVoterAloneIsNotRemoved_butRemovingThemAllEndsTheQuorum() {
        orchestrator = new Orchestrator(ClusterSpec.create("kafka", 3, "/opt/kafka"), OrchestratorSettings.DEFAULT, PlacementEngine.create(),
                Map.of(), Optional.empty(), () -> new UUID(7, uuids.incrementAndGet()));
        startBrokers(4);
        offers(T0, stockOffer("o1", "h1"), stockOffer("o2", "h2"), stockOffer("o3", "h3"));
        orchestrator.apply(new BrokerCommand.Stop(List.of(0, 1, 2, 3)), T0);
        for (int id = 0; id < 4; id++) {
            status(runningTask(id), MesosTaskState.KILLED, T0);
        }

        assertThatThrownBy(() -> orchestrator.apply(new BrokerCommand.Remove(List.of(1, 3)), T0))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessage("broker 1 is a voter of the KRaft quorum (brokers 0, 1, 2 are): shrink the quorum first ('controllers N'"
                        + " leaves the highest ids out), or 'broker replace' it once its host is gone; removing them all ends the quorum");
        assertThat(orchestrator.brokers()).containsKeys(0, 1, 2, 3);
        Reaction removed = orchestrator.apply(new BrokerCommand.Remove(List.of(0, 1, 2, 3)), T0);
        assertThat(removed.removed()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(orchestrator.brokers()).as("in their sandboxes (role *) they are forgotten at once").isEmpty();
    }

    @Test
    void aControllerRestoredFromARecordOfFixedControllerPorts_keeps9093() {
        ClusterSpec one = new ClusterSpec("kafka", ClusterSpec.KafkaMode.KRAFT, 1, CLUSTER.clusterId(), "/opt/kafka");
        Broker ranBefore = Lifecycle.next(Broker.added(0, BrokerSpec.DEFAULT), new BrokerEvent.Start(), T0).broker()
                .withStickiness(Optional.of("h1"), Optional.empty());
        orchestrator = new Orchestrator(one, OrchestratorSettings.DEFAULT, PlacementEngine.create(), Map.of(0, ranBefore), Optional.empty(),
                () -> new UUID(0, uuids.incrementAndGet()));
        orchestrator.handle(new SchedulerEvent.Registered("fw-1", "master"), T0);

        List<MesosAction.Launch> launched = launches(offers(T0, offer("o1", "h1")));

        assertThat(launched).singleElement().satisfies(l -> {
            assertThat(l.spec().controllerPort()).hasValue(Orchestrator.LEGACY_CONTROLLER_PORT);
            assertThat(l.spec().controllerQuorum()).singleElement().satisfies(v -> assertThat(v.port()).isEqualTo(9093));
        });
    }

    @Test
    void rollingRestart_restartsOneBrokerAtATime() {
        startBrokers(2);
        offers(T0, offer("o1", "h1"), offer("o2", "h2"));
        status(runningTask(0), MesosTaskState.RUNNING, T0);
        status(runningTask(1), MesosTaskState.RUNNING, T0);
        String first = runningTask(0);

        Reaction restart = orchestrator.apply(new BrokerCommand.Restart(List.of(0, 1)), T0);

        assertThat(actions(restart, MesosAction.Kill.class)).extracting(MesosAction.Kill::taskId).containsExactly(first);
        assertThat(orchestrator.brokers().get(1).phase()).isEqualTo(TaskPhase.RUNNING);
        status(first, MesosTaskState.KILLED, T0);
        offers(T0, offer("o3", "h1"));
        assertThat(orchestrator.brokers().get(1).phase()).as("waits until broker 0 runs again").isEqualTo(TaskPhase.RUNNING);

        Reaction zeroBack = status(runningTask(0), MesosTaskState.RUNNING, T0);

        assertThat(actions(zeroBack, MesosAction.Kill.class)).singleElement()
                .satisfies(k -> assertThat(k.taskId()).startsWith("kafka-1-"));
    }

    @Test
    void badCommands_changeNothing_andSayWhy() {
        startBrokers(1);
        Map<Integer, Broker> before = orchestrator.brokers();

        assertThatThrownBy(() -> orchestrator.apply(new BrokerCommand.Start(List.of(0, 7)), T0))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.kind()).isEqualTo(CommandRejectedException.Kind.UNKNOWN_BROKER))
                .hasMessage("broker 7 does not exist");
        assertThatThrownBy(() -> orchestrator.apply(new BrokerCommand.Remove(List.of(0)), T0))
                .hasMessageContaining("broker 0 is active; stop it before removing it");
        assertThatThrownBy(() -> orchestrator.apply(new BrokerCommand.Add(List.of(0), BrokerSpec.DEFAULT), T0))
                .hasMessage("broker 0 already exists");
        assertThat(orchestrator.brokers()).isEqualTo(before);
    }
}
