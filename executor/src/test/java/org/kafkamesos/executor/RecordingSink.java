package org.kafkamesos.executor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/** Keeps every status update; lets a test wait for one, and run a check at the moment one arrives. */
final class RecordingSink implements TaskStatusSink {

    private final List<TaskStatus> updates = new ArrayList<>();
    private volatile Consumer<TaskStatus> onUpdate = s -> { };

    @Override
    public void update(TaskStatus status) {
        onUpdate.accept(status);
        synchronized (this) {
            updates.add(status);
        }
    }

    /** Runs {@code check} on every update, on the reporting thread, before the update is recorded. */
    void onUpdate(Consumer<TaskStatus> check) {
        this.onUpdate = check;
    }

    synchronized List<TaskStatus> of(String taskId) {
        return updates.stream().filter(s -> s.taskId().equals(taskId)).collect(Collectors.toList());
    }

    List<TaskState> states(String taskId) {
        return of(taskId).stream().map(TaskStatus::state).collect(Collectors.toList());
    }

    /** Waits for {@code taskId} to report {@code state}, failing early (with the messages) if it ends otherwise. */
    TaskStatus awaitState(String taskId, TaskState state, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<TaskStatus> seen = of(taskId);
            boolean reached = seen.stream().anyMatch(s -> s.state() == state);
            boolean endedOtherwise = seen.stream().anyMatch(s -> s.state().isTerminal() && s.state() != state);
            if (endedOtherwise && !reached) {
                throw new AssertionError("task " + taskId + " ended without reaching " + state + ": "
                        + seen.stream().map(s -> s.state() + " " + s.message()).collect(Collectors.joining("\n")));
            }
            return reached;
        });
        return of(taskId).stream().filter(s -> s.state() == state).findFirst().orElseThrow();
    }

    /** The final (terminal) update of a task, once there is one. */
    TaskStatus awaitTerminal(String taskId, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> of(taskId).stream().anyMatch(s -> s.state().isTerminal()));
        return of(taskId).stream().filter(s -> s.state().isTerminal()).findFirst().orElseThrow();
    }
}
