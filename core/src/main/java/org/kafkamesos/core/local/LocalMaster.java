package org.kafkamesos.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import com.google.protobuf.ByteString;
import org.apache.mesos.Protos;
import org.kafkamesos.core.MesosSchedulerAdapter;
import org.kafkamesos.executor.ExecutorRuntime;
import org.kafkamesos.executor.LogFile;
import org.kafkamesos.executor.TaskStatusSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cluster's master and agents: frameworks, offers, tasks and their executors, status updates,
 * reconciliation and agent loss. Every method takes the master's lock (this object); callbacks are only queued
 * under it, on each driver's callback thread, so they reach schedulers in the order the master made them. No
 * executor is called under the lock: what an executor is told runs on its own thread ({@link ExecutorRun}).
 * See {@link LocalMesosCluster} for the Mesos behaviours modelled.
 */
final class LocalMaster {

    private static final Logger log = LoggerFactory.getLogger(LocalMaster.class);
    private static final int MASTER_PORT = 5050;
    private static final int AGENT_PORT = 5051;

    /** Everything the master is built with; see {@link LocalMesosCluster.Builder}. */
    record Settings(Path workDir, List<LocalAgent> agents, Duration offerInterval, Duration statusUpdateRetry,
                    Function<TaskStatusSink, ExecutorRuntime> runtimeFactory, InstantSource clock) {
    }

    private static final class AgentSlot {
        final LocalAgent agent;
        final AgentResources total;
        final Protos.SlaveInfo info;
        boolean reachable = true;

        AgentSlot(LocalAgent agent) {
            this.agent = agent;
            this.total = AgentResources.of(agent);
            Protos.SlaveInfo.Builder info = Protos.SlaveInfo.newBuilder()
                    .setId(Protos.SlaveID.newBuilder().setValue(agent.agentId()))
                    .setHostname(agent.hostname())
                    .setPort(AGENT_PORT)
                    .addAllResources(total.toProtos("*"));
            agent.attributes().forEach((name, value) -> info.addAttributes(Protos.Attribute.newBuilder().setName(name)
                    .setType(Protos.Value.Type.TEXT).setText(Protos.Value.Text.newBuilder().setValue(value))));
            this.info = info.build();
        }
    }

    private static final class FrameworkEntry {
        final String id;
        Protos.FrameworkInfo info;
        LocalSchedulerDriver driver;
        boolean suppressed;
        ScheduledFuture<?> failover;

        FrameworkEntry(String id, Protos.FrameworkInfo info) {
            this.id = id;
            this.info = info;
        }

        boolean partitionAware() {
            return info.getCapabilitiesList().stream()
                    .anyMatch(c -> c.getType() == Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE);
        }
    }

    private final Settings settings;
    private final String masterId = UUID.randomUUID().toString();
    private final Protos.MasterInfo masterInfo;
    private final ScheduledExecutorService timer;
    private final StatusUpdateManager updates;
    private final OfferBook offers = new OfferBook(masterId);
    private final Map<String, AgentSlot> agents = new LinkedHashMap<>();
    private final Map<String, FrameworkEntry> frameworks = new LinkedHashMap<>();
    private final Set<String> removedFrameworks = new HashSet<>();
    /** Tasks the master knows, and orphans whose executor may still run them; by task id. */
    private final Map<String, TaskEntry> tasks = new LinkedHashMap<>();
    /** The executor of every task ever launched, for its process, sandbox and logs; by task id. */
    private final Map<String, ExecutorRun> executors = new LinkedHashMap<>();
    /** Executors whose driver has not stopped. */
    private final Set<ExecutorRun> live = new HashSet<>();
    private int frameworkCount;
    private boolean closed;

    LocalMaster(Settings settings) {
        this.settings = settings;
        settings.agents().forEach(a -> agents.put(a.agentId(), new AgentSlot(a)));
        this.masterInfo = Protos.MasterInfo.newBuilder()
                .setId(masterId)
                .setIp(0x7f000001)
                .setPort(MASTER_PORT)
                .setHostname("127.0.0.1")
                .setPid("master@127.0.0.1:" + MASTER_PORT)
                .setVersion("1.11.0")
                .setAddress(Protos.Address.newBuilder().setHostname("127.0.0.1").setIp("127.0.0.1").setPort(MASTER_PORT))
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-mesos-master");
            t.setDaemon(true);
            return t;
        });
        this.updates = new StatusUpdateManager(this, timer, settings.statusUpdateRetry(), this::sendUpdate);
        long interval = settings.offerInterval().toNanos();
        timer.scheduleWithFixedDelay(this::allocate, interval, interval, TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- frameworks

    synchronized void subscribe(LocalSchedulerDriver driver) {
        Protos.FrameworkInfo info = driver.info();
        if (closed) {
            driver.fail("the local Mesos cluster is closed");
            return;
        }
        FrameworkEntry framework;
        if (info.hasId() && !info.getId().getValue().isEmpty()) {
            String id = info.getId().getValue();
            if (removedFrameworks.contains(id)) {
                driver.fail("Framework has been removed");
                return;
            }
            framework = frameworks.computeIfAbsent(id, known -> new FrameworkEntry(known, info));
            if (framework.driver != null && framework.driver != driver) {
                log.info("framework {} failed over to a new scheduler", id);
                offers.removeOfFramework(id);
                framework.driver.fail("Framework failed over");
            }
            if (framework.failover != null) {
                framework.failover.cancel(false);
                framework.failover = null;
            }
            framework.info = info;
        } else {
            String id = masterId + "-" + String.format("%04d", frameworkCount++);
            framework = new FrameworkEntry(id, info.toBuilder().setId(Protos.FrameworkID.newBuilder().setValue(id)).build());
            frameworks.put(id, framework);
        }
        framework.driver = driver;
        framework.suppressed = false;
        Protos.FrameworkID id = Protos.FrameworkID.newBuilder().setValue(framework.id).build();
        log.info("framework {} ({}) registered", framework.id, info.getName());
        driver.deliver("registered", s -> s.registered(driver, id, masterInfo));
        for (TaskEntry task : tasks.values()) {
            if (task.frameworkId.equals(framework.id) && !task.orphaned) {
                updates.resend(task);
            }
        }
        timer.execute(this::allocate);
    }

    synchronized void unsubscribe(LocalSchedulerDriver driver, boolean teardown) {
        FrameworkEntry framework = frameworkOf(driver);
        if (framework == null) {
            return;
        }
        framework.driver = null;
        offers.removeOfFramework(framework.id);
        if (teardown) {
            log.info("framework {} torn down by its scheduler", framework.id);
            teardown(framework);
            return;
        }
        Duration timeout = Duration.ofNanos((long) (framework.info.getFailoverTimeout() * 1e9));
        log.info("framework {} disconnected; its tasks keep running for its failover timeout of {}", framework.id, timeout);
        framework.failover = timer.schedule(() -> failoverTimedOut(framework), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    synchronized void updateFramework(LocalSchedulerDriver driver, Protos.FrameworkInfo info) {
        FrameworkEntry framework = frameworkOf(driver);
        if (framework != null) {
            framework.info = info.toBuilder().setId(Protos.FrameworkID.newBuilder().setValue(framework.id)).build();
        }
    }

    private synchronized void failoverTimedOut(FrameworkEntry framework) {
        if (framework.driver == null && frameworks.get(framework.id) == framework) {
            log.info("framework {} did not come back within its failover timeout: tearing it down", framework.id);
            teardown(framework);
        }
    }

    /** Removes the framework for good: its offers go back, its tasks are killed (their executors shut down). */
    private void teardown(FrameworkEntry framework) {
        frameworks.remove(framework.id);
        removedFrameworks.add(framework.id);
        offers.removeOfFramework(framework.id);
        offers.clearFilters(framework.id);
        for (TaskEntry task : new ArrayList<>(tasks.values())) {
            if (task.frameworkId.equals(framework.id)) {
                orphan(task);
            }
        }
    }

    /** The master forgets the task; its executor, if it still runs, is shut down once the agent is reachable. */
    private void orphan(TaskEntry task) {
        task.orphaned = true;
        updates.drop(task);
        if (task.executor == null || !live.contains(task.executor)) {
            tasks.remove(task.taskId);
        } else if (agents.get(task.agentId).reachable) {
            task.executor.shutdown();
        }
    }

    // ---------------------------------------------------------------- offers

    private void allocate() {
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant now = settings.clock().instant();
            Map<FrameworkEntry, List<Protos.Offer>> batches = new LinkedHashMap<>();
            for (AgentSlot agent : agents.values()) {
                if (!agent.reachable) {
                    continue;
                }
                AgentResources free = free(agent);
                if (!free.allocatable()) {
                    continue;
                }
                for (FrameworkEntry framework : frameworks.values()) {
                    if (framework.driver == null || framework.suppressed
                            || offers.refused(framework.id, agent.agent.agentId(), now)) {
                        continue;
                    }
                    OfferBook.Outstanding offer = offers.create(framework.info, agent.agent, free);
                    batches.computeIfAbsent(framework, f -> new ArrayList<>()).add(offer.offer());
                    break;
                }
            }
            batches.forEach((framework, batch) -> {
                LocalSchedulerDriver driver = framework.driver;
                driver.deliver("resourceOffers", s -> s.resourceOffers(driver, batch));
            });
        }
    }

    private AgentResources free(AgentSlot agent) {
        AgentResources free = agent.total.minus(offers.offeredOn(agent.agent.agentId()));
        for (TaskEntry task : tasks.values()) {
            if (task.agentId.equals(agent.agent.agentId()) && !task.endedOnAgent()) {
                free = free.minus(task.resources);
            }
        }
        return free;
    }

    synchronized void decline(LocalSchedulerDriver driver, String offerId, Protos.Filters filters) {
        FrameworkEntry framework = frameworkOf(driver);
        Optional<OfferBook.Outstanding> offer = offers.get(offerId);
        if (framework == null || offer.isEmpty() || !offer.get().frameworkId().equals(framework.id)) {
            log.warn("ignoring the decline of offer {}: it is no longer valid", offerId);
            return;
        }
        offers.remove(offerId);
        offers.refuse(framework.id, offer.get().agentId(), filters, settings.clock().instant());
    }

    synchronized void revive(LocalSchedulerDriver driver) {
        FrameworkEntry framework = frameworkOf(driver);
        if (framework != null) {
            framework.suppressed = false;
            offers.clearFilters(framework.id);
            timer.execute(this::allocate);
        }
    }

    synchronized void suppress(LocalSchedulerDriver driver) {
        FrameworkEntry framework = frameworkOf(driver);
        if (framework != null) {
            framework.suppressed = true;
        }
    }

    /** Rescinds every outstanding offer; their resources are offered again at the next allocation. */
    synchronized void rescindOffers() {
        rescind(offers.removeOfAgent(null));
    }

    private void rescind(List<OfferBook.Outstanding> rescinded) {
        for (OfferBook.Outstanding offer : rescinded) {
            FrameworkEntry framework = frameworks.get(offer.frameworkId());
            if (framework != null && framework.driver != null) {
                LocalSchedulerDriver driver = framework.driver;
                driver.deliver("offerRescinded", s -> s.offerRescinded(driver, offer.offer().getId()));
            }
        }
    }

    // ---------------------------------------------------------------- launch and kill

    synchronized void launch(LocalSchedulerDriver driver, List<Protos.OfferID> offerIds, List<Protos.TaskInfo> launched,
                             Protos.Filters filters) {
        FrameworkEntry framework = frameworkOf(driver);
        if (framework == null) {
            return;
        }
        Instant now = settings.clock().instant();
        List<OfferBook.Outstanding> used = new ArrayList<>();
        String invalid = offerIds.isEmpty() ? "no offer was given" : null;
        for (Protos.OfferID id : offerIds) {
            Optional<OfferBook.Outstanding> offer = offers.get(id.getValue());
            if (offer.isEmpty() || !offer.get().frameworkId().equals(framework.id)) {
                invalid = invalid != null ? invalid : "offer " + id.getValue() + " is no longer valid";
            } else if (used.contains(offer.get())) {
                invalid = invalid != null ? invalid : "offer " + id.getValue() + " is given twice";
            } else {
                if (!used.isEmpty() && !used.get(0).agentId().equals(offer.get().agentId())) {
                    invalid = invalid != null ? invalid : "offers " + used.get(0).id() + " and " + id.getValue()
                            + " are of different agents";
                }
                used.add(offer.get());
            }
        }
        used.forEach(o -> offers.remove(o.id()));
        if (invalid != null) {
            Protos.TaskState state = framework.partitionAware() ? Protos.TaskState.TASK_DROPPED : Protos.TaskState.TASK_LOST;
            for (Protos.TaskInfo task : launched) {
                deliverMaster(framework, MasterStatuses.update(task.getTaskId().getValue(), task.getSlaveId().getValue(),
                        state, Protos.TaskStatus.Reason.REASON_INVALID_OFFERS, "Task launched with invalid offers: " + invalid, now));
            }
            return;
        }
        AgentSlot agent = agents.get(used.get(0).agentId());
        AgentResources pool = AgentResources.NONE;
        for (OfferBook.Outstanding offer : used) {
            pool = pool.plus(offer.resources());
        }
        for (Protos.TaskInfo task : launched) {
            AgentResources needs;
            try {
                needs = TaskValidation.validate(task, framework.id, agent.agent.agentId(), pool, tasks::containsKey,
                        executorId -> live.stream().anyMatch(r -> r.executorId.equals(executorId)
                                && r.frameworkId.equals(framework.id)));
            } catch (IllegalArgumentException e) {
                deliverMaster(framework, MasterStatuses.update(task.getTaskId().getValue(), agent.agent.agentId(),
                        Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID, e.getMessage(), now));
                continue;
            }
            pool = pool.minus(needs);
            start(framework, agent, task, needs);
        }
        offers.refuse(framework.id, agent.agent.agentId(), filters, now);
    }

    private void start(FrameworkEntry framework, AgentSlot agent, Protos.TaskInfo task, AgentResources needs) {
        String executorId = task.getExecutor().getExecutorId().getValue();
        Protos.ExecutorInfo executorInfo = task.getExecutor().toBuilder().setFrameworkId(framework.info.getId()).build();
        TaskEntry entry = new TaskEntry(task, framework.id, agent.agent.agentId(), needs);
        tasks.put(entry.taskId, entry);
        Path sandbox = settings.workDir().resolve(agent.agent.agentId()).resolve("frameworks").resolve(framework.id)
                .resolve("executors").resolve(executorId).resolve("runs").resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(sandbox);
            ExecutorRun run = new ExecutorRun(executorId, framework.id, agent.agent.agentId(), sandbox,
                    settings.runtimeFactory(), update -> executorUpdate(entry, update), this::executorEnded);
            entry.executor = run;
            executors.put(entry.taskId, run);
            live.add(run);
            run.launch(executorInfo, framework.info, agent.info, task);
        } catch (IOException | RuntimeException e) {
            log.error("executor {} of task {} could not be started", executorId, entry.taskId, e);
            agentUpdate(entry, Protos.TaskState.TASK_FAILED, Protos.TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
                    "the executor could not be started: " + e.getMessage());
        }
    }

    synchronized void kill(LocalSchedulerDriver driver, String taskId) {
        FrameworkEntry framework = frameworkOf(driver);
        if (framework == null) {
            return;
        }
        TaskEntry task = tasks.get(taskId);
        if (task == null || task.orphaned || !task.frameworkId.equals(framework.id)) {
            // As Mesos does for a task it does not know: answer by reconciliation.
            reconcileOne(framework, Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                    .setState(Protos.TaskState.TASK_STAGING).build(), settings.clock().instant());
        } else if (task.unreachable) {
            log.warn("cannot kill task {}: its agent {} is unreachable", taskId, task.agentId);
        } else if (!task.endedOnAgent() && task.executor != null) {
            task.executor.kill(task.info.getTaskId());
        }
    }

    synchronized void frameworkMessage(LocalSchedulerDriver driver, String executorId, byte[] data) {
        FrameworkEntry framework = frameworkOf(driver);
        for (ExecutorRun run : live) {
            if (framework != null && run.executorId.equals(executorId) && run.frameworkId.equals(framework.id)
                    && agents.get(run.agentId).reachable) {
                run.frameworkMessage(data);
            }
        }
    }

    // ---------------------------------------------------------------- status updates

    /** An update from an executor (a runtime thread): stamped as the agent does, then queued in the task's stream. */
    private synchronized void executorUpdate(TaskEntry task, Protos.TaskStatus update) {
        if (!update.getTaskId().getValue().equals(task.taskId)) {
            log.warn("executor of task {} sent an update of task {}; dropped", task.taskId, update.getTaskId().getValue());
            return;
        }
        Protos.TaskStatus.Builder stamped = update.toBuilder()
                .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR)
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(task.agentId))
                .setExecutorId(task.info.getExecutor().getExecutorId());
        if (!update.hasTimestamp()) {
            stamped.setTimestamp(MasterStatuses.seconds(settings.clock().instant()));
        }
        accept(task, stamped);
    }

    /** An update the agent makes itself (the executor could not start, or ended with the task unfinished). */
    private void agentUpdate(TaskEntry task, Protos.TaskState state, Protos.TaskStatus.Reason reason, String message) {
        accept(task, Protos.TaskStatus.newBuilder()
                .setTaskId(task.info.getTaskId())
                .setState(state)
                .setSource(Protos.TaskStatus.Source.SOURCE_SLAVE)
                .setReason(reason)
                .setMessage(message)
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(task.agentId))
                .setExecutorId(task.info.getExecutor().getExecutorId())
                .setTimestamp(MasterStatuses.seconds(settings.clock().instant())));
    }

    private void accept(TaskEntry task, Protos.TaskStatus.Builder stamped) {
        if (task.endedOnAgent()) {
            log.debug("task {} has ended already; {} dropped", task.taskId, stamped.getState());
            return;
        }
        UUID uuid = UUID.randomUUID();
        Protos.TaskStatus update = stamped.setUuid(ByteString.copyFrom(bytes(uuid))).build();
        task.agentLatest = update;
        if (task.orphaned) {
            if (task.endedOnAgent()) {
                tasks.remove(task.taskId);
            }
            return;
        }
        if (!task.unreachable) {
            task.masterLatest = update;
        }
        updates.add(task, update);
    }

    /** The status update manager's way out: to the framework's scheduler, if connected and the agent reachable. */
    private boolean sendUpdate(TaskEntry task, Protos.TaskStatus update) {
        FrameworkEntry framework = frameworks.get(task.frameworkId);
        if (framework == null || framework.driver == null || !agents.get(task.agentId).reachable || task.orphaned) {
            return false;
        }
        if (!task.unreachable) {
            task.masterLatest = masterLatestOf(task, update);
        }
        LocalSchedulerDriver driver = framework.driver;
        driver.deliver("statusUpdate", s -> s.statusUpdate(driver, update));
        return true;
    }

    /** The master has seen the latest of the agent's updates once the agent reaches it. */
    private static Protos.TaskStatus masterLatestOf(TaskEntry task, Protos.TaskStatus sent) {
        return task.agentLatest != null ? task.agentLatest : sent;
    }

    synchronized void acknowledge(LocalSchedulerDriver driver, Protos.TaskStatus status) {
        FrameworkEntry framework = frameworkOf(driver);
        TaskEntry task = tasks.get(status.getTaskId().getValue());
        if (framework == null || task == null || !task.frameworkId.equals(framework.id)) {
            log.debug("ignoring an acknowledgement for task {}, which is not known", status.getTaskId().getValue());
            return;
        }
        if (!updates.acknowledge(task, status.getUuid())) {
            log.debug("ignoring an acknowledgement for task {}: not the update in flight", task.taskId);
            return;
        }
        if (task.pending.isEmpty() && task.endedOnAgent()) {
            // Mesos removes a task once its terminal update is acknowledged.
            tasks.remove(task.taskId);
        }
    }

    /** An executor's driver stopped: its unfinished tasks fail, and the scheduler hears {@code executorLost}. */
    private void executorEnded(ExecutorRun run) {
        synchronized (this) {
            live.remove(run);
            for (TaskEntry task : new ArrayList<>(tasks.values())) {
                if (task.executor == run && !task.endedOnAgent()) {
                    agentUpdate(task, Protos.TaskState.TASK_FAILED, Protos.TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
                            "the executor ended before the task did");
                }
                if (task.executor == run && task.orphaned) {
                    tasks.remove(task.taskId);
                }
            }
            FrameworkEntry framework = frameworks.get(run.frameworkId);
            if (framework != null && framework.driver != null && agents.get(run.agentId).reachable) {
                LocalSchedulerDriver driver = framework.driver;
                Protos.ExecutorID executorId = Protos.ExecutorID.newBuilder().setValue(run.executorId).build();
                Protos.SlaveID agentId = Protos.SlaveID.newBuilder().setValue(run.agentId).build();
                driver.deliver("executorLost", s -> s.executorLost(driver, executorId, agentId, 0));
            }
        }
        run.release();
    }

    private void deliverMaster(FrameworkEntry framework, Protos.TaskStatus update) {
        if (framework.driver != null) {
            LocalSchedulerDriver driver = framework.driver;
            driver.deliver("statusUpdate", s -> s.statusUpdate(driver, update));
        }
    }

    // ---------------------------------------------------------------- reconciliation

    synchronized void reconcile(LocalSchedulerDriver driver, List<Protos.TaskStatus> statuses) {
        FrameworkEntry framework = frameworkOf(driver);
        if (framework == null) {
            return;
        }
        Instant now = settings.clock().instant();
        if (statuses.isEmpty()) {
            for (TaskEntry task : tasks.values()) {
                if (task.frameworkId.equals(framework.id) && !task.orphaned
                        && !MasterStatuses.isTerminal(task.masterState())) {
                    deliverMaster(framework, latest(task, now));
                }
            }
            return;
        }
        statuses.forEach(status -> reconcileOne(framework, status, now));
    }

    private void reconcileOne(FrameworkEntry framework, Protos.TaskStatus asked, Instant now) {
        String taskId = asked.getTaskId().getValue();
        TaskEntry task = tasks.get(taskId);
        if (task != null && !task.orphaned && task.frameworkId.equals(framework.id)) {
            deliverMaster(framework, latest(task, now));
            return;
        }
        String agentId = asked.hasSlaveId() ? asked.getSlaveId().getValue() : "";
        AgentSlot agent = agents.get(agentId);
        MasterStatuses.AgentKnowledge knowledge = agent == null ? MasterStatuses.AgentKnowledge.UNKNOWN
                : agent.reachable ? MasterStatuses.AgentKnowledge.REGISTERED : MasterStatuses.AgentKnowledge.UNREACHABLE;
        Protos.TaskState state = MasterStatuses.reconciliation(knowledge, framework.partitionAware());
        deliverMaster(framework, MasterStatuses.update(taskId, agentId, state, Protos.TaskStatus.Reason.REASON_RECONCILIATION,
                "Reconciliation: task is unknown", now));
    }

    private static Protos.TaskStatus latest(TaskEntry task, Instant now) {
        Protos.TaskStatus latest = task.masterStatus().toBuilder().setState(task.masterState()).build();
        return MasterStatuses.restated(latest, Protos.TaskStatus.Reason.REASON_RECONCILIATION,
                "Reconciliation: Latest task state", now);
    }

    // ---------------------------------------------------------------- agents

    synchronized void loseAgent(String agentId) {
        AgentSlot agent = agent(agentId);
        if (!agent.reachable) {
            return;
        }
        agent.reachable = false;
        log.info("agent {} ({}) is unreachable", agentId, agent.agent.hostname());
        rescind(offers.removeOfAgent(agentId));
        Instant now = settings.clock().instant();
        for (TaskEntry task : new ArrayList<>(tasks.values())) {
            if (!task.agentId.equals(agentId) || task.orphaned) {
                continue;
            }
            FrameworkEntry framework = frameworks.get(task.frameworkId);
            boolean wasTerminal = MasterStatuses.isTerminal(task.masterState());
            if (framework.partitionAware()) {
                task.unreachable = true;
            } else {
                orphan(task);
            }
            if (!wasTerminal) {
                Protos.TaskState state = framework.partitionAware() ? Protos.TaskState.TASK_UNREACHABLE : Protos.TaskState.TASK_LOST;
                deliverMaster(framework, MasterStatuses.update(task.taskId, agentId, state,
                        Protos.TaskStatus.Reason.REASON_SLAVE_REMOVED, "agent " + agentId + " is unreachable", now));
            }
        }
        Protos.SlaveID id = Protos.SlaveID.newBuilder().setValue(agentId).build();
        for (FrameworkEntry framework : frameworks.values()) {
            if (framework.driver != null) {
                LocalSchedulerDriver driver = framework.driver;
                driver.deliver("slaveLost", s -> s.slaveLost(driver, id));
            }
        }
    }

    synchronized void restoreAgent(String agentId) {
        AgentSlot agent = agent(agentId);
        if (agent.reachable) {
            return;
        }
        agent.reachable = true;
        log.info("agent {} ({}) is reachable again", agentId, agent.agent.hostname());
        Instant now = settings.clock().instant();
        for (TaskEntry task : new ArrayList<>(tasks.values())) {
            if (!task.agentId.equals(agentId)) {
                continue;
            }
            if (task.orphaned) {
                if (task.executor != null && live.contains(task.executor)) {
                    task.executor.shutdown();
                }
                continue;
            }
            if (task.unreachable) {
                task.unreachable = false;
                if (task.agentLatest != null) {
                    task.masterLatest = task.agentLatest;
                }
                FrameworkEntry framework = frameworks.get(task.frameworkId);
                if (task.pending.isEmpty() && framework != null) {
                    deliverMaster(framework, MasterStatuses.restated(task.masterStatus(),
                            Protos.TaskStatus.Reason.REASON_RECONCILIATION, "agent " + agentId + " is reachable again", now));
                }
            }
            updates.resend(task);
        }
        timer.execute(this::allocate);
    }

    // ---------------------------------------------------------------- views

    synchronized List<LocalTask> tasks() {
        List<LocalTask> snapshot = new ArrayList<>();
        for (TaskEntry task : tasks.values()) {
            if (!task.orphaned) {
                snapshot.add(new LocalTask(task.taskId, task.frameworkId, task.agentId,
                        agents.get(task.agentId).agent.hostname(), MesosSchedulerAdapter.taskState(task.masterState())));
            }
        }
        return List.copyOf(snapshot);
    }

    synchronized List<LocalAgentState> agents() {
        List<LocalAgentState> snapshot = new ArrayList<>();
        for (AgentSlot agent : agents.values()) {
            int count = (int) tasks.values().stream()
                    .filter(t -> t.agentId.equals(agent.agent.agentId()) && !t.endedOnAgent()).count();
            AgentResources free = free(agent);
            snapshot.add(new LocalAgentState(agent.agent, agent.reachable, count,
                    new LocalAgentState.Free(free.cpus(), free.mem(), free.disk(), free.portsText())));
        }
        return List.copyOf(snapshot);
    }

    synchronized Optional<ExecutorRun> executorOf(String taskId) {
        return Optional.ofNullable(executors.get(taskId));
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
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = new ArrayList<>(live);
            frameworks.values().forEach(f -> {
                if (f.driver != null) {
                    drivers.add(f.driver);
                }
                if (f.failover != null) {
                    f.failover.cancel(false);
                }
            });
        }
        // Every executor at once: each waits for its Kafka process to exit, up to the runtime's kill grace period.
        java.util.concurrent.ExecutorService closing = Executors.newCachedThreadPool(r -> {
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
        timer.shutdownNow();
    }

    private AgentSlot agent(String agentId) {
        AgentSlot agent = agents.get(agentId);
        if (agent == null) {
            throw new IllegalArgumentException("no agent " + agentId + "; agents are " + agents.keySet());
        }
        return agent;
    }

    private FrameworkEntry frameworkOf(LocalSchedulerDriver driver) {
        for (FrameworkEntry framework : frameworks.values()) {
            if (framework.driver == driver) {
                return framework;
            }
        }
        return null;
    }

    private static byte[] bytes(UUID uuid) {
        return java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
