package org.kafkamesos.core.local;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import com.google.protobuf.ByteString;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' status update manager: per task, one stream of updates that need an acknowledgement. Only the
 * oldest unacknowledged update is in flight; the next is sent when the scheduler acknowledges it. An update in
 * flight is sent again after {@code initialRetry}, then after twice as long each time, up to {@link #MAX_RETRY}
 * (Mesos' agent retries from 10 s up to 10 minutes). Called under the master's lock ({@code lock}); retries take it.
 */
final class StatusUpdateManager {

    /** The longest wait between two sends of one update, as in Mesos. */
    static final Duration MAX_RETRY = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(StatusUpdateManager.class);

    /** Where updates go: answers whether the update reached a scheduler (framework connected, agent reachable). */
    interface Sender {
        boolean send(TaskEntry task, Protos.TaskStatus update);
    }

    private final Object lock;
    private final ScheduledExecutorService timer;
    private final Duration initialRetry;
    private final Sender sender;

    StatusUpdateManager(Object lock, ScheduledExecutorService timer, Duration initialRetry, Sender sender) {
        this.lock = lock;
        this.timer = timer;
        this.initialRetry = initialRetry;
        this.sender = sender;
    }

    /** Queues {@code update} (which has its uuid); sends it at once if no other update of the task is in flight. */
    void add(TaskEntry task, Protos.TaskStatus update) {
        task.pending.addLast(update);
        if (task.pending.size() == 1) {
            task.backoff = initialRetry;
            forward(task);
        }
    }

    /** Sends the update in flight, if any, again now, with a fresh back-off: after a (re-)registration or a return. */
    void resend(TaskEntry task) {
        cancelRetry(task);
        task.backoff = initialRetry;
        forward(task);
    }

    /**
     * Takes the scheduler's acknowledgement of the update with {@code uuid}: if it is the one in flight, the next
     * is sent. Answers whether it was.
     */
    boolean acknowledge(TaskEntry task, ByteString uuid) {
        Protos.TaskStatus head = task.pending.peekFirst();
        if (head == null || !head.getUuid().equals(uuid)) {
            return false;
        }
        task.pending.removeFirst();
        cancelRetry(task);
        task.backoff = initialRetry;
        forward(task);
        return true;
    }

    /** Stops sending the task's updates: its framework is gone. */
    void drop(TaskEntry task) {
        cancelRetry(task);
        task.pending.clear();
    }

    private void forward(TaskEntry task) {
        Protos.TaskStatus head = task.pending.peekFirst();
        if (head == null || !sender.send(task, head)) {
            return;
        }
        Duration delay = task.backoff;
        task.backoff = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
        try {
            task.retry = timer.schedule(() -> retry(task, head.getUuid()), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("cluster closed: no retry of an update of task {}", task.taskId);
        }
    }

    private void retry(TaskEntry task, ByteString uuid) {
        synchronized (lock) {
            Protos.TaskStatus head = task.pending.peekFirst();
            if (head != null && head.getUuid().equals(uuid)) {
                log.debug("re-sending unacknowledged {} of task {}", head.getState(), task.taskId);
                forward(task);
            }
        }
    }

    private static void cancelRetry(TaskEntry task) {
        if (task.retry != null) {
            task.retry.cancel(false);
            task.retry = null;
        }
    }
}
