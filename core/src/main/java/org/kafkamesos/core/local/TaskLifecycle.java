package org.kafkamesos.core.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks from launch to their end, and the executors that run them. Launch: the offers are checked (outstanding,
 * the framework's, of one agent; else {@code TASK_DROPPED} or {@code TASK_LOST}, {@code REASON_INVALID_OFFERS}),
 * each task is validated ({@link TaskValidation}; else {@code TASK_ERROR}), and its executor starts in a fresh
 * sandbox; the rest of the offers is filtered. Also kill, framework messages to executors, an executor's end
 * (its unfinished task fails, the scheduler hears {@code executorLost}), and orphaned tasks, which the master
 * forgets; their executor, if it still runs, is shut down once its agent is reachable. Called under the master's lock; {@link #executorEnded}, called on an
 * executor's thread, takes it. No executor is called under the lock: what an executor is told runs on its own
 * thread ({@link ExecutorRun}).
 */
final class TaskLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskLifecycle.class);

    private final MasterState state;
    private final StatusUpdateDelivery delivery;
    private final ReconciliationAnswers reconciliation;
    private final OfferAllocation allocation;

    TaskLifecycle(MasterState state, StatusUpdateDelivery delivery, ReconciliationAnswers reconciliation,
                  OfferAllocation allocation) {
        this.state = state;
        this.delivery = delivery;
        this.reconciliation = reconciliation;
        this.allocation = allocation;
    }

    /**
     * An accept of {@code offerIds} with {@code operations}, in order: {@code LAUNCH} starts its tasks, the four
     * resource operations convert resources ({@link OfferOperations}); see the class description.
     */
    void accept(LocalSchedulerDriver driver, List<Protos.OfferID> offerIds, List<Protos.Offer.Operation> operations,
                Protos.Filters filters) {
        FrameworkEntry framework = state.frameworkOf(driver);
        if (framework == null) {
            return;
        }
        Instant now = state.now();
        List<OfferBook.Outstanding> used = new ArrayList<>();
        String invalid = offerIds.isEmpty() ? "no offer was given" : null;
        for (Protos.OfferID id : offerIds) {
            Optional<OfferBook.Outstanding> offer = state.offers.get(id.getValue());
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
        used.forEach(o -> state.offers.remove(o.id()));
        if (invalid != null) {
            Protos.TaskState taskState = framework.partitionAware() ? Protos.TaskState.TASK_DROPPED : Protos.TaskState.TASK_LOST;
            for (Protos.Offer.Operation operation : operations) {
                for (Protos.TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                    delivery.sendMasterUpdate(framework, MasterStatuses.update(task.getTaskId().getValue(),
                            task.getSlaveId().getValue(), taskState, Protos.TaskStatus.Reason.REASON_INVALID_OFFERS,
                            "Task launched with invalid offers: " + invalid, now));
                }
            }
            return;
        }
        AgentSlot agent = state.agents.get(used.get(0).agentId());
        AgentResources pool = AgentResources.NONE;
        for (OfferBook.Outstanding offer : used) {
            pool = pool.plus(offer.resources());
        }
        AgentResources converted = AgentResources.NONE;
        for (Protos.Offer.Operation operation : operations) {
            if (operation.getType() == Protos.Offer.Operation.Type.LAUNCH) {
                for (Protos.TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                    Optional<AgentResources> needs = validated(framework, agent, task, pool, now);
                    if (needs.isPresent()) {
                        pool = pool.minus(needs.get());
                        start(framework, agent, task, needs.get());
                    }
                }
                continue;
            }
            try {
                OfferOperations.Outcome outcome = OfferOperations.apply(operation, pool, agent.total().reserved(),
                        state.inUse(agent), Set.of(OfferBook.role(framework.info)), principal(framework.info));
                agent.apply(outcome);
                pool = pool.minus(outcome.consumed()).plus(outcome.converted());
                converted = converted.plus(outcome.converted());
                log.info("agent {}: {} of framework {}: {} became {}", agent.agent.agentId(), operation.getType(), framework.id,
                        outcome.consumed(), outcome.converted());
            } catch (IllegalArgumentException e) {
                log.warn("dropping the {} operation of framework {} on agent {}: {}", operation.getType(), framework.id,
                        agent.agent.agentId(), e.getMessage());
            }
        }
        // Mesos filters the unused offered resources with the accept's filters but returns converted ones unfiltered,
        // so that they are offered again at once (an offer holding them is no subset of the filter)
        AgentResources convertedUnused = pool.common(converted);
        state.offers.refuse(framework.id, agent.agent.agentId(), pool.minus(convertedUnused), filters, now);
        if (!convertedUnused.isEmpty()) {
            allocation.allocateSoon();
        }
    }

    /** The resources {@code task} takes from {@code pool}, or empty after a {@code TASK_ERROR} saying why it cannot. */
    private Optional<AgentResources> validated(FrameworkEntry framework, AgentSlot agent, Protos.TaskInfo task,
                                               AgentResources pool, Instant now) {
        try {
            return Optional.of(TaskValidation.validate(task, framework.id, agent.agent.agentId(), pool, state.tasks::containsKey,
                    executorId -> state.live.stream().anyMatch(r -> r.executorId().equals(executorId)
                            && r.frameworkId().equals(framework.id))));
        } catch (IllegalArgumentException e) {
            delivery.sendMasterUpdate(framework, MasterStatuses.update(task.getTaskId().getValue(),
                    agent.agent.agentId(), Protos.TaskState.TASK_ERROR, Protos.TaskStatus.Reason.REASON_TASK_INVALID,
                    e.getMessage(), now));
            return Optional.empty();
        }
    }

    private static Optional<String> principal(Protos.FrameworkInfo framework) {
        return framework.hasPrincipal() && !framework.getPrincipal().isEmpty() ? Optional.of(framework.getPrincipal())
                : Optional.empty();
    }

    private void start(FrameworkEntry framework, AgentSlot agent, Protos.TaskInfo task, AgentResources needs) {
        String executorId = task.getExecutor().getExecutorId().getValue();
        Protos.ExecutorInfo executorInfo = task.getExecutor().toBuilder().setFrameworkId(framework.info.getId()).build();
        TaskEntry entry = new TaskEntry(task, framework.id, agent.agent.agentId(), needs);
        state.tasks.put(entry.taskId, entry);
        Path sandbox = state.settings.workDir().resolve(agent.agent.agentId()).resolve("frameworks").resolve(framework.id)
                .resolve("executors").resolve(executorId).resolve("runs").resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(sandbox);
            mountVolumes(agent, needs, sandbox);
            ExecutorRun run;
            if (state.settings.processExecutors()) {
                ExecutorProcess process = new ExecutorProcess(executorId, framework.id, agent.agent.agentId(), sandbox,
                        state.agentEndpoints.get(agent.agent.agentId()), update -> delivery.executorUpdate(entry, update),
                        this::executorEnded);
                state.processes.put(executorId, process);
                run = process;
            } else {
                run = new InProcessExecutor(executorId, framework.id, agent.agent.agentId(), sandbox,
                        state.settings.runtimeFactory(), update -> delivery.executorUpdate(entry, update),
                        ended -> executorEnded(ended, null));
            }
            entry.executor = run;
            state.executors.put(entry.taskId, run);
            state.live.add(run);
            run.launch(executorInfo, framework.info, agent.info, task);
        } catch (IOException | RuntimeException e) {
            log.error("executor {} of task {} could not be started", executorId, entry.taskId, e);
            delivery.agentUpdate(entry, Protos.TaskState.TASK_FAILED, Protos.TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
                    "the executor could not be started: " + e.getMessage());
        }
    }

    /**
     * Links each volume the task uses into its sandbox at the volume's container path, as Mesos' posix isolator does
     * ({@code filesystem/posix}: a symbolic link from {@code <sandbox>/<container_path>} to the volume's folder).
     */
    private static void mountVolumes(AgentSlot agent, AgentResources needs, Path sandbox) throws IOException {
        for (Protos.Resource volume : needs.volumes().values()) {
            Path target = agent.volumePath(volume);
            Files.createDirectories(target);
            Files.createSymbolicLink(sandbox.resolve(volume.getDisk().getVolume().getContainerPath()), target);
        }
    }

    void kill(LocalSchedulerDriver driver, String taskId) {
        FrameworkEntry framework = state.frameworkOf(driver);
        if (framework == null) {
            return;
        }
        TaskEntry task = state.tasks.get(taskId);
        if (task == null || task.orphaned || !task.frameworkId.equals(framework.id)) {
            // As Mesos does for a task it does not know: answer by reconciliation.
            reconciliation.reconcileOne(framework, Protos.TaskStatus.newBuilder()
                    .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                    .setState(Protos.TaskState.TASK_STAGING).build(), state.now());
        } else if (task.unreachable) {
            log.warn("cannot kill task {}: its agent {} is unreachable", taskId, task.agentId);
        } else if (!task.endedOnAgent() && task.executor != null) {
            task.executor.kill(task.info.getTaskId());
        }
    }

    void frameworkMessage(LocalSchedulerDriver driver, String executorId, byte[] data) {
        FrameworkEntry framework = state.frameworkOf(driver);
        for (ExecutorRun run : state.live) {
            if (framework != null && run.executorId().equals(executorId) && run.frameworkId().equals(framework.id)
                    && state.agents.get(run.agentId()).reachable) {
                run.frameworkMessage(data);
            }
        }
    }

    /**
     * An executor's driver stopped, or its process ended ({@code why}, if known): its unfinished tasks fail, and the
     * scheduler hears {@code executorLost}.
     */
    private void executorEnded(ExecutorRun run, String why) {
        synchronized (state) {
            state.live.remove(run);
            state.processes.remove(run.executorId(), run);
            for (TaskEntry task : new ArrayList<>(state.tasks.values())) {
                if (task.executor == run && !task.endedOnAgent()) {
                    delivery.agentUpdate(task, Protos.TaskState.TASK_FAILED, Protos.TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
                            "the executor ended before the task did" + (why == null ? "" : ": " + why));
                }
                if (task.executor == run && task.orphaned) {
                    state.tasks.remove(task.taskId);
                }
            }
            FrameworkEntry framework = state.frameworks.get(run.frameworkId());
            if (framework != null && framework.driver != null && state.agents.get(run.agentId()).reachable) {
                LocalSchedulerDriver driver = framework.driver;
                Protos.ExecutorID executorId = Protos.ExecutorID.newBuilder().setValue(run.executorId()).build();
                Protos.SlaveID agentId = Protos.SlaveID.newBuilder().setValue(run.agentId()).build();
                driver.deliver("executorLost", s -> s.executorLost(driver, executorId, agentId, 0));
            }
        }
        run.release();
    }

    /** The master forgets the task; its executor, if it still runs, is shut down once the agent is reachable. */
    void orphan(TaskEntry task) {
        task.orphaned = true;
        delivery.drop(task);
        if (task.executor == null || !state.live.contains(task.executor)) {
            state.tasks.remove(task.taskId);
        } else if (state.agents.get(task.agentId).reachable) {
            task.executor.shutdown();
        }
    }

    /** Shuts down the executor of an orphaned task, if it still runs: its agent is reachable again. */
    void shutDownOrphan(TaskEntry task) {
        if (task.executor != null && state.live.contains(task.executor)) {
            task.executor.shutdown();
        }
    }
}
