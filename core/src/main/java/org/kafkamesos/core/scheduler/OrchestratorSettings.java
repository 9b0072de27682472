package org.kafkamesos.core.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.placement.Resources;

/**
 * How the orchestrator talks to Mesos.
 *
 * @param role                  the framework's role, whose reservations brokers may use; default {@code *}
 * @param controllerPort        the port a controller's KRaft listener takes at its first launch, which it keeps for its
 *                              life: any offered port ({@link PortPolicy.Auto}, the default, as stock agents offer
 *                              31000-32000), a fixed port or a range
 * @param unfitRefuse           how long offers that fit no pending broker are refused; default 10 seconds
 * @param idleRefuse            how long offers are refused when no broker waits at all; default 5 minutes
 * @param reconcileDelay        the first wait for answers to explicit reconciliation; it doubles per attempt; default 5 seconds
 * @param reconcileMaxDelay     the longest such wait; default 1 minute
 * @param reconcileMaxAttempts  explicit reconciliation attempts before unanswered tasks are taken as gone; default 5
 * @param implicitReconcileEvery how often implicit reconciliation runs once explicit reconciliation is done; default 10 minutes
 * @param bindToAgentHost       whether Kafka's listeners bind to the agent's hostname rather than to every interface
 *                              ({@code 0.0.0.0}, the default); on when several agents share one machine under
 *                              different addresses, as the agents of a local Mesos cluster do
 * @param executor              the cpus and memory (MB) of each broker's executor, beside its task's: placed with the
 *                              broker and given to its {@code ExecutorInfo}, so that an agent's isolation counts the
 *                              executor's JVM apart from Kafka's; default {@link #DEFAULT_EXECUTOR}
 * @param replaceLostControllersAfter how long a controller of a dynamic quorum that has formed may be without a task
 *                              after its agent was lost (Mesos' {@code slaveLost}, as this scheduler heard it) before it
 *                              is replaced as {@code broker replace} would: placed anew on another agent, where it joins
 *                              the quorum with new storage; empty (the default) leaves that to the operator. A controller
 *                              that gets a task again, or whose agent offers again, is not replaced
 */
public record OrchestratorSettings(String role, PortPolicy controllerPort, Duration unfitRefuse, Duration idleRefuse,
                                   Duration reconcileDelay, Duration reconcileMaxDelay, int reconcileMaxAttempts,
                                   Duration implicitReconcileEvery, boolean bindToAgentHost, Resources executor,
                                   Optional<Duration> replaceLostControllersAfter) {

    /**
     * An executor's resources by default: 0.1 cpus and 256 MB, the executor JVM's 128 MB heap
     * ({@code TaskInfoFactory.DEFAULT_EXECUTOR_JVM_OPTIONS}) and what a JVM needs beside it.
     */
    public static final Resources DEFAULT_EXECUTOR = new Resources(0.1, 256, 0, List.of());

    /** The defaults documented on the record. */
    public static final OrchestratorSettings DEFAULT = new OrchestratorSettings("*", new PortPolicy.Auto(), Duration.ofSeconds(10),
            Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofMinutes(1), 5, Duration.ofMinutes(10), false,
            DEFAULT_EXECUTOR, Optional.empty());

    public OrchestratorSettings {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("role must be non-blank, '*' for the default role");
        }
        Objects.requireNonNull(controllerPort, "controllerPort");
        for (Duration d : new Duration[] {unfitRefuse, idleRefuse, reconcileDelay, reconcileMaxDelay, implicitReconcileEvery}) {
            Objects.requireNonNull(d, "durations must be given");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be > 0, got " + d);
            }
        }
        if (reconcileMaxAttempts < 1) {
            throw new IllegalArgumentException("reconcile attempts must be >= 1, got " + reconcileMaxAttempts);
        }
        Objects.requireNonNull(executor, "executor");
        if (executor.disk() != 0 || !executor.ports().isEmpty()) {
            throw new IllegalArgumentException("an executor gets cpus and memory only, got " + executor);
        }
        Objects.requireNonNull(replaceLostControllersAfter, "replaceLostControllersAfter");
        replaceLostControllersAfter.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("the time before a lost controller is replaced must be >= 0, got " + d);
            }
        });
    }

    /** The same settings with another role. */
    public OrchestratorSettings withRole(String other) {
        return new OrchestratorSettings(other, controllerPort, unfitRefuse, idleRefuse, reconcileDelay, reconcileMaxDelay,
                reconcileMaxAttempts, implicitReconcileEvery, bindToAgentHost, executor, replaceLostControllersAfter);
    }

    /** The same settings with listeners bound to the agent's hostname ({@code true}) or to every interface. */
    public OrchestratorSettings withBindToAgentHost(boolean value) {
        return new OrchestratorSettings(role, controllerPort, unfitRefuse, idleRefuse, reconcileDelay, reconcileMaxDelay,
                reconcileMaxAttempts, implicitReconcileEvery, value, executor, replaceLostControllersAfter);
    }

    /** The same settings with {@code value} for the port of each controller placed for the first time. */
    public OrchestratorSettings withControllerPort(PortPolicy value) {
        return new OrchestratorSettings(role, value, unfitRefuse, idleRefuse, reconcileDelay, reconcileMaxDelay,
                reconcileMaxAttempts, implicitReconcileEvery, bindToAgentHost, executor, replaceLostControllersAfter);
    }

    /** The same settings with lost controllers replaced after {@code value}, or (empty) only by the operator. */
    public OrchestratorSettings withReplaceLostControllersAfter(Optional<Duration> value) {
        return new OrchestratorSettings(role, controllerPort, unfitRefuse, idleRefuse, reconcileDelay, reconcileMaxDelay,
                reconcileMaxAttempts, implicitReconcileEvery, bindToAgentHost, executor, value);
    }

    /** The same settings with {@code value} for each executor (cpus and memory; {@link Resources#NONE}: none). */
    public OrchestratorSettings withExecutor(Resources value) {
        return new OrchestratorSettings(role, controllerPort, unfitRefuse, idleRefuse, reconcileDelay, reconcileMaxDelay,
                reconcileMaxAttempts, implicitReconcileEvery, bindToAgentHost, value, replaceLostControllersAfter);
    }
}
