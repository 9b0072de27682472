package org.kafkamesos.core.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.mesos.Protos;
import org.kafkamesos.core.mesos.MesosSchedulerAdapter;
import org.kafkamesos.executor.ExecutorRuntime;
import org.kafkamesos.executor.LogFile;
import org.kafkamesos.executor.TaskStatusSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cluster's master and agents, as its drivers and {@link LocalMesosCluster} call them. Owns the
 * frameworks' registration, failover and teardown, the views of tasks and agents, and closing; the rest is
 * delegated: offers to {@link OfferAllocation}, launch, kill and executors to {@link TaskLifecycle}, status updates
 * to {@link StatusUpdateDelivery}, reconciliation to {@link ReconciliationAnswers}, agent loss and return to
 * {@link AgentReachability}, all over one {@link MasterState}. Every method takes the master's lock (the
 * {@code MasterState}); callbacks are only queued under it, on each driver's callback thread, so they reach
 * schedulers in the order the master made them. No executor is called under the lock: what an executor is told
 * runs on its own thread ({@link ExecutorRun}). See {@link LocalMesosCluster} for the Mesos behaviours modelled.
 */
final class LocalMaster {

    private static final Logger log = LoggerFactory.getLogger(LocalMaster.class);

    /** Everything the master is built with; see {@link LocalMesosCluster.Builder}. */
    record Settings(Path workDir, List<LocalAgent> agents, Duration offerInterval, Duration statusUpdateRetry,
                    Function<TaskStatusSink, ExecutorRuntime> runtimeFactory, InstantSource clock, boolean processExecutors) {
    }

    private final MasterState state;
    private final StatusUpdateDelivery delivery;
    private final OfferAllocation allocation;
    private final ReconciliationAnswers reconciliation;
    private final TaskLifecycle tasks;
    private final AgentReachability reachability;

    LocalMaster(Settings settings) {
        // agents read their checkpointed Mesos resources before any adapter would have filtered protobuf's warnings
        MesosSchedulerAdapter.filterMesosGencodeWarnings();
        this.state = new MasterState(settings);
        this.delivery = new StatusUpdateDelivery(state);
        this.allocation = new OfferAllocation(state);
        this.reconciliation = new ReconciliationAnswers(state, delivery);
        this.tasks = new TaskLifecycle(state, delivery, reconciliation, allocation);
        this.reachability = new AgentReachability(state, delivery, allocation, tasks);
        long interval = settings.offerInterval().toNanos();
        state.timer.scheduleWithFixedDelay(allocation::allocate, interval, interval, TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- frameworks

    void subscribe(LocalSchedulerDriver driver) {
        synchronized (state) {
            Protos.FrameworkInfo info = driver.info();
            if (state.closed) {
                driver.fail("the local Mesos cluster is closed");
                return;
            }
            FrameworkEntry framework;
            if (info.hasId() && !info.getId().getValue().isEmpty()) {
                String id = info.getId().getValue();
                if (state.removedFrameworks.contains(id)) {
                    driver.fail("Framework has been removed");
                    return;
                }
                framework = state.frameworks.computeIfAbsent(id, known -> new FrameworkEntry(known, info));
                if (framework.driver != null && framework.driver != driver) {
                    log.info("framework {} failed over to a new scheduler", id);
                    state.offers.removeOfFramework(id);
                    framework.driver.fail("Framework failed over");
                }
                if (framework.failover != null) {
                    framework.failover.cancel(false);
                    framework.failover = null;
                }
                framework.info = info;
            } else {
                String id = state.nextFrameworkId();
                framework = new FrameworkEntry(id,
                        info.toBuilder().setId(Protos.FrameworkID.newBuilder().setValue(id)).build());
                state.frameworks.put(id, framework);
            }
            framework.driver = driver;
            framework.suppressed = false;
            Protos.FrameworkID id = Protos.FrameworkID.newBuilder().setValue(framework.id).build();
            log.info("framework {} ({}) registered", framework.id, info.getName());
            driver.deliver("registered", s -> s.registered(driver, id, state.masterInfo));
            for (TaskEntry task : state.tasks.values()) {
                if (task.frameworkId.equals(framework.id) && !task.orphaned) {
                    delivery.resend(task);
                }
            }
            allocation.allocateSoon();
        }
    }

    /** The executors that run as processes, by executor id: what the agents' executor API serves. */
    Map<String, ExecutorProcess> executorProcesses() {
        return state.processes;
    }

    /** Where each agent serves its executors ({@code ip:port} by agent id), once its HTTP side listens. */
    void agentEndpoints(Map<String, String> endpoints) {
        state.agentEndpoints = Map.copyOf(endpoints);
    }

    List<LocalAgent> agentList() {
        return state.settings.agents();
    }

    /** Whether the master knows the framework: registered, or waiting to fail over. */
    boolean knowsFramework(String frameworkId) {
        synchronized (state) {
            return state.frameworks.containsKey(frameworkId);
        }
    }

    void unsubscribe(LocalSchedulerDriver driver, boolean teardown) {
        synchronized (state) {
            FrameworkEntry framework = state.frameworkOf(driver);
            if (framework == null) {
                return;
            }
            framework.driver = null;
            state.offers.removeOfFramework(framework.id);
            if (teardown) {
                log.info("framework {} torn down by its scheduler", framework.id);
                teardown(framework);
                return;
            }
            Duration timeout = Duration.ofNanos((long) (framework.info.getFailoverTimeout() * 1e9));
            log.info("framework {} disconnected; its tasks keep running for its failover timeout of {}",
                    framework.id, timeout);
            framework.failover = state.timer.schedule(() -> failoverTimedOut(framework), timeout.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    void updateFramework(LocalSchedulerDriver driver, Protos.FrameworkInfo info) {
        synchronized (state) {
            FrameworkEntry framework = state.frameworkOf(driver);
            if (framework != null) {
                framework.info = info.toBuilder().setId(Protos.FrameworkID.newBuilder().setValue(framework.id)).build();
            }
        }
    }

    private void failoverTimedOut(FrameworkEntry framework) {
        synchronized (state) {
            if (framework.driver == null && state.frameworks.get(framework.id) == framework) {
                log.info("framework {} did not come back within its failover timeout: tearing it down", framework.id);
                teardown(framework);
            }
        }
    }

    /** Removes the framework for good: its offers go back, its tasks are killed (their executors shut down). */
    private void teardown(FrameworkEntry framework) {
        state.frameworks.remove(framework.id);
        state.removedFrameworks.add(framework.id);
        state.offers.removeOfFramework(framework.id);
        state.offers.clearFilters(framework.id);
        for (TaskEntry task : new ArrayList<>(state.tasks.values())) {
            if (task.frameworkId.equals(framework.id)) {
                tasks.orphan(task);
            }
        }
    }

    // ---------------------------------------------------------------- calls delegated under the lock

    void decline(LocalSchedulerDriver driver, String offerId, Protos.Filters filters) {
        synchronized (state) {
            allocation.decline(driver, offerId, filters);
        }
    }

    void revive(LocalSchedulerDriver driver) {
        synchronized (state) {
            allocation.revive(driver);
        }
    }

    void suppress(LocalSchedulerDriver driver) {
        synchronized (state) {
            allocation.suppress(driver);
        }
    }

    /** Rescinds every outstanding offer; their resources are offered again at the next allocation. */
    void rescindOffers() {
        synchronized (state) {
            allocation.rescind(null);
        }
    }

    void accept(LocalSchedulerDriver driver, List<Protos.OfferID> offerIds, List<Protos.Offer.Operation> operations,
                Protos.Filters filters) {
        synchronized (state) {
            tasks.accept(driver, offerIds, operations, filters);
        }
    }

    void kill(LocalSchedulerDriver driver, String taskId) {
        synchronized (state) {
            tasks.kill(driver, taskId);
        }
    }

    void frameworkMessage(LocalSchedulerDriver driver, String executorId, byte[] data) {
        synchronized (state) {
            tasks.frameworkMessage(driver, executorId, data);
        }
    }

    void acknowledge(LocalSchedulerDriver driver, Protos.TaskStatus status) {
        synchronized (state) {
            delivery.acknowledge(driver, status);
        }
    }

    void reconcile(LocalSchedulerDriver driver, List<Protos.TaskStatus> statuses) {
        synchronized (state) {
            reconciliation.reconcile(driver, statuses);
        }
    }

    void loseAgent(String agentId) {
        synchronized (state) {
            reachability.lose(agentId);
        }
    }

    void restoreAgent(String agentId) {
        synchronized (state) {
            reachability.restore(agentId);
        }
    }

    // ---------------------------------------------------------------- views

    List<String> outstandingOffers() {
        synchronized (state) {
            return state.offers.ids();
        }
    }

    List<LocalTask> tasks() {
        synchronized (state) {
            List<LocalTask> snapshot = new ArrayList<>();
            for (TaskEntry task : state.tasks.values()) {
                if (!task.orphaned) {
                    snapshot.add(new LocalTask(task.taskId, task.frameworkId, task.agentId,
                            state.agents.get(task.agentId).agent.hostname(),
                            MesosSchedulerAdapter.taskState(task.masterState())));
                }
            }
            return List.copyOf(snapshot);
        }
    }

    List<LocalAgentState> agents() {
        synchronized (state) {
            List<LocalAgentState> snapshot = new ArrayList<>();
            for (AgentSlot agent : state.agents.values()) {
                int count = (int) state.tasks.values().stream()
                        .filter(t -> t.agentId.equals(agent.agent.agentId()) && !t.endedOnAgent()).count();
                AgentResources free = state.free(agent).unreserved();
                AgentResources inUse = state.inUse(agent);
                snapshot.add(new LocalAgentState(agent.agent, agent.reachable, count,
                        new LocalAgentState.Free(free.cpus(), free.mem(), free.disk(), AgentResources.portsText(free.ports())),
                        agent.total().reservations(), agent.total().volumes().values().stream()
                                .map(v -> AgentResources.volumeState(v, agent.volumePath(v), inUse)).toList()));
            }
            return List.copyOf(snapshot);
        }
    }

    Optional<ExecutorRun> executorOf(String taskId) {
        synchronized (state) {
            return Optional.ofNullable(state.executors.get(taskId));
        }
    }

    Optional<ProcessHandle> process(String taskId) {
        return executorOf(taskId).flatMap(run -> run.process(taskId));
    }

    String logTail(String taskId, LogFile file, int lines) {
        return executorOf(taskId)
                .orElseThrow(() -> new IllegalArgumentException("no task " + taskId + " was launched on this cluster"))
                .logTail(taskId, file, lines);
    }

    // ---------------------------------------------------------------- closing

    /** Stops offering, kills every task and waits until each executor has ended, then ends every driver. */
    void close() {
        List<ExecutorRun> running;
        List<LocalSchedulerDriver> drivers = new ArrayList<>();
        synchronized (state) {
            if (state.closed) {
                return;
            }
            state.closed = true;
            running = new ArrayList<>(state.live);
            state.frameworks.values().forEach(f -> {
                if (f.driver != null) {
                    drivers.add(f.driver);
                }
                if (f.failover != null) {
                    f.failover.cancel(false);
                }
            });
        }
        // Every executor at once: each waits for its Kafka process to exit, up to the runtime's kill grace period.
        ExecutorService closing = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-mesos-close");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture.allOf(running.stream()
                            .map(run -> CompletableFuture.runAsync(run::closeAndWait, closing))
                            .toArray(CompletableFuture[]::new))
                    .join();
        } finally {
            closing.shutdown();
        }
        drivers.forEach(LocalSchedulerDriver::terminate);
        state.timer.shutdownNow();
    }
}
