package org.kafkamesos.core.scheduler;

import java.util.Objects;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.Task;

/** What can happen to one broker: an operator's command, a launch, or news of its task. */
public sealed interface BrokerEvent {

    /** The column of the {@link Lifecycle} table the event falls in. */
    Kind kind();

    /** The columns of the {@link Lifecycle} table. */
    enum Kind {
        START, STOP, RESTART, UPDATE, REPLACE, LAUNCHED, TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_ENDED, RECONCILE,
        RECONCILE_EXPIRED
    }

    /** The operator wants the broker running; resets its failures. */
    record Start() implements BrokerEvent {
        @Override
        public Kind kind() {
            return Kind.START;
        }
    }

    /** The operator wants the broker stopped. */
    record Stop() implements BrokerEvent {
        @Override
        public Kind kind() {
            return Kind.STOP;
        }
    }

    /** Stop the task and launch it again (a step of a rolling restart); the broker stays active. */
    record Restart() implements BrokerEvent {
        @Override
        public Kind kind() {
            return Kind.RESTART;
        }
    }

    /**
     * The operator changed the spec. {@code appliedLive}: the change was applied to the running Kafka process
     * already (dynamic broker configs), so its task runs the new spec and needs no restart for it.
     */
    record Update(BrokerSpec spec, boolean appliedLive) implements BrokerEvent {
        public Update {
            Objects.requireNonNull(spec, "spec");
        }

        /** A change that the running task, if any, does not have yet. */
        public Update(BrokerSpec spec) {
            this(spec, false);
        }

        @Override
        public Kind kind() {
            return Kind.UPDATE;
        }
    }

    /** The operator gave up the broker's host and volume: it is placed anew. */
    record Replace() implements BrokerEvent {
        @Override
        public Kind kind() {
            return Kind.REPLACE;
        }
    }

    /** The scheduler persisted and sent a launch of {@code task}. */
    record Launched(Task task) implements BrokerEvent {
        public Launched {
            Objects.requireNonNull(task, "task");
        }

        @Override
        public Kind kind() {
            return Kind.LAUNCHED;
        }
    }

    /**
     * Mesos reported {@code state} for {@code taskId}; an update for another task than the broker's
     * current one changes nothing (the orchestrator deals with unknown tasks).
     */
    record StatusUpdate(String taskId, MesosTaskState state, String message) implements BrokerEvent {
        public StatusUpdate {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(state, "state");
            message = message == null ? "" : message;
        }

        @Override
        public Kind kind() {
            if (state.isTerminal()) {
                return Kind.TASK_ENDED;
            }
            switch (state) {
                case STAGING: case STARTING:
                    return Kind.TASK_STARTING;
                case RUNNING:
                    return Kind.TASK_RUNNING;
                default:
                    return Kind.TASK_KILLING;
            }
        }
    }

    /** The scheduler (re)registered and asks Mesos what became of the task. */
    record Reconcile() implements BrokerEvent {
        @Override
        public Kind kind() {
            return Kind.RECONCILE;
        }
    }

    /** Reconciliation ran out of attempts without news of the task: it is taken as gone. */
    record ReconcileExpired() implements BrokerEvent {
        @Override
        public Kind kind() {
            return Kind.RECONCILE_EXPIRED;
        }
    }
}
