package org.kafkamesos.core.local;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.mesos.Protos;

/**
 * The checks the local master makes of a task before it launches it; a task that fails one gets
 * {@code TASK_ERROR} with {@code REASON_TASK_INVALID} and the message of the check, as Mesos' task validation does.
 */
final class TaskValidation {

    private TaskValidation() {
    }

    /**
     * The resources {@code task} takes (its own and its executor's), if it may be launched on {@code agentId} from
     * {@code pool}.
     *
     * @param knownTask     whether a task id is in use on the cluster
     * @param knownExecutor whether an executor id is in use by a running executor of the framework
     * @throws IllegalArgumentException saying why the task is invalid
     */
    static AgentResources validate(Protos.TaskInfo task, String frameworkId, String agentId, AgentResources pool,
                                   Predicate<String> knownTask, Predicate<String> knownExecutor) {
        String taskId = task.getTaskId().getValue();
        if (taskId.isEmpty()) {
            throw new IllegalArgumentException("Task has an empty task id");
        }
        if (knownTask.test(taskId)) {
            throw new IllegalArgumentException("Task has duplicate ID: " + taskId);
        }
        if (!task.getSlaveId().getValue().equals(agentId)) {
            throw new IllegalArgumentException("Task uses agent " + task.getSlaveId().getValue() + " but the offers are of agent "
                    + agentId);
        }
        if (!task.hasExecutor()) {
            throw new IllegalArgumentException("Task has no executor: the local cluster runs tasks with an ExecutorInfo"
                    + " only, in-process; command tasks (Mesos' command executor) are not modelled");
        }
        Protos.ExecutorInfo executor = task.getExecutor();
        if (executor.getExecutorId().getValue().isEmpty()) {
            throw new IllegalArgumentException("Task's executor has an empty executor id");
        }
        if (knownExecutor.test(executor.getExecutorId().getValue())) {
            throw new IllegalArgumentException("Executor " + executor.getExecutorId().getValue() + " is in use; the local"
                    + " cluster runs one task per executor");
        }
        if (executor.hasFrameworkId() && !executor.getFrameworkId().getValue().equals(frameworkId)) {
            throw new IllegalArgumentException("Task's executor names framework " + executor.getFrameworkId().getValue()
                    + ", not " + frameworkId);
        }
        List<Protos.Resource> all = new ArrayList<>(task.getResourcesList());
        all.addAll(executor.getResourcesList());
        AgentResources needs;
        try {
            needs = AgentResources.of(all);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Task uses invalid resources: " + e.getMessage(), e);
        }
        if (!(needs.cpus() > 0 || needs.mem() > 0)) {
            throw new IllegalArgumentException("Task and its executor use no cpus and no mem");
        }
        if (!pool.contains(needs)) {
            throw new IllegalArgumentException("Task uses more resources " + needs + " than available " + pool);
        }
        return needs;
    }
}
