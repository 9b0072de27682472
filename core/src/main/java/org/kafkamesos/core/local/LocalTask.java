package org.kafkamesos.core.local;

import java.util.Objects;
import org.kafkamesos.core.model.MesosTaskState;

/**
 * One task of a {@link LocalMesosCluster}, as the master sees it at the moment of {@link LocalMesosCluster#tasks()}.
 *
 * @param taskId      the task id the scheduler gave
 * @param frameworkId the framework that launched it
 * @param agentId     the agent it runs on
 * @param hostname    that agent's hostname
 * @param state       the master's latest state of the task: {@code STAGING} until its executor reports, then the
 *                    last reported state, or {@code UNREACHABLE} while its agent is lost
 */
public record LocalTask(String taskId, String frameworkId, String agentId, String hostname, MesosTaskState state) {

    public LocalTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(state, "state");
    }
}
