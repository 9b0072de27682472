package org.kafkamesos.core.local;

import java.nio.ByteBuffer;
import java.util.UUID;
import com.google.protobuf.ByteString;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status updates on their way to schedulers. The agent's updates: an executor's, stamped as the agent stamps them
 * (a uuid, {@code SOURCE_EXECUTOR}, the agent and executor id), and the agent's own ({@code SOURCE_SLAVE}); each
 * goes through the task's stream ({@link StatusUpdateManager}), reaches the scheduler while its framework is
 * connected and its agent reachable, and waits for the scheduler's acknowledgement; a task is forgotten once its
 * terminal update is acknowledged. And the master's own updates ({@link MasterStatuses}), sent once, unacknowledged.
 * Called under the master's lock; {@link #executorUpdate}, called on executors' threads, and the stream's retries
 * take it.
 */
final class StatusUpdateDelivery {

    private static final Logger log = LoggerFactory.getLogger(StatusUpdateDelivery.class);

    private final MasterState state;
    private final StatusUpdateManager streams;

    StatusUpdateDelivery(MasterState state) {
        this.state = state;
        this.streams = new StatusUpdateManager(state, state.timer, state.settings.statusUpdateRetry(), this::send);
    }

    /** An update from an executor (a runtime thread): stamped as the agent does, then queued in the task's stream. */
    void executorUpdate(TaskEntry task, Protos.TaskStatus update) {
        synchronized (state) {
            if (!update.getTaskId().getValue().equals(task.taskId)) {
                log.warn("executor of task {} sent an update of task {}; dropped", task.taskId,
                        update.getTaskId().getValue());
                return;
            }
            Protos.TaskStatus.Builder stamped = update.toBuilder()
                    .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR)
                    .setSlaveId(Protos.SlaveID.newBuilder().setValue(task.agentId))
                    .setExecutorId(task.info.getExecutor().getExecutorId());
            if (!update.hasTimestamp()) {
                stamped.setTimestamp(MasterStatuses.seconds(state.now()));
            }
            accept(task, stamped);
        }
    }

    /** An update the agent makes itself (the executor could not start, or ended with the task unfinished). */
    void agentUpdate(TaskEntry task, Protos.TaskState taskState, Protos.TaskStatus.Reason reason, String message) {
        accept(task, Protos.TaskStatus.newBuilder()
                .setTaskId(task.info.getTaskId())
                .setState(taskState)
                .setSource(Protos.TaskStatus.Source.SOURCE_SLAVE)
                .setReason(reason)
                .setMessage(message)
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(task.agentId))
                .setExecutorId(task.info.getExecutor().getExecutorId())
                .setTimestamp(MasterStatuses.seconds(state.now())));
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
                state.tasks.remove(task.taskId);
            }
            return;
        }
        if (!task.unreachable) {
            task.masterLatest = update;
        }
        streams.add(task, update);
    }

    /** The status update manager's way out: to the framework's scheduler, if connected and the agent reachable. */
    private boolean send(TaskEntry task, Protos.TaskStatus update) {
        FrameworkEntry framework = state.frameworks.get(task.frameworkId);
        if (framework == null || framework.driver == null || !state.agents.get(task.agentId).reachable
                || task.orphaned) {
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

    /** The scheduler's acknowledgement: the task's next update goes out; a task ended and fully acknowledged goes. */
    void acknowledge(LocalSchedulerDriver driver, Protos.TaskStatus status) {
        FrameworkEntry framework = state.frameworkOf(driver);
        TaskEntry task = state.tasks.get(status.getTaskId().getValue());
        if (framework == null || task == null || !task.frameworkId.equals(framework.id)) {
            log.debug("ignoring an acknowledgement for task {}, which is not known", status.getTaskId().getValue());
            return;
        }
        if (!streams.acknowledge(task, status.getUuid())) {
            log.debug("ignoring an acknowledgement for task {}: not the update in flight", task.taskId);
            return;
        }
        if (task.pending.isEmpty() && task.endedOnAgent()) {
            // Mesos removes a task once its terminal update is acknowledged.
            state.tasks.remove(task.taskId);
        }
    }

    /** Sends the task's update in flight again now: its framework re-registered or its agent came back. */
    void resend(TaskEntry task) {
        streams.resend(task);
    }

    /** Stops the task's stream: the master has forgotten the task. */
    void drop(TaskEntry task) {
        streams.drop(task);
    }

    /** A master-generated update, sent once to the framework's scheduler if it is connected. */
    void sendMasterUpdate(FrameworkEntry framework, Protos.TaskStatus update) {
        if (framework.driver != null) {
            LocalSchedulerDriver driver = framework.driver;
            driver.deliver("statusUpdate", s -> s.statusUpdate(driver, update));
        }
    }

    private static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }
}
