package org.kafkamesos.core.local;

import java.util.Objects;
import java.util.function.Consumer;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos;

/**
 * The in-process stand-in for Mesos' executor driver: status updates go straight to the agent's status update
 * manager ({@code updates}); {@code stop()} and {@code abort()} end the executor ({@code onEnd}). There is no
 * connection to lose, so the executor is never disconnected.
 */
final class LocalExecutorDriver implements ExecutorDriver {

    private final Consumer<Protos.TaskStatus> updates;
    private final Consumer<Protos.Status> onEnd;
    private Protos.Status status = Protos.Status.DRIVER_RUNNING;

    LocalExecutorDriver(Consumer<Protos.TaskStatus> updates, Consumer<Protos.Status> onEnd) {
        this.updates = Objects.requireNonNull(updates, "updates");
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    }

    /** Running from construction: the agent starts the executor and its driver together. */
    @Override
    public synchronized Protos.Status start() {
        return status;
    }

    @Override
    public Protos.Status stop() {
        return end(Protos.Status.DRIVER_STOPPED);
    }

    @Override
    public Protos.Status abort() {
        return end(Protos.Status.DRIVER_ABORTED);
    }

    @Override
    public synchronized Protos.Status join() {
        while (status == Protos.Status.DRIVER_RUNNING) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
        }
        return status;
    }

    @Override
    public Protos.Status run() {
        return join();
    }

    @Override
    public Protos.Status sendStatusUpdate(Protos.TaskStatus update) {
        synchronized (this) {
            if (status != Protos.Status.DRIVER_RUNNING) {
                return status;
            }
        }
        updates.accept(update);
        return Protos.Status.DRIVER_RUNNING;
    }

    /** Framework messages from executors are not modelled: accepted and dropped. */
    @Override
    public synchronized Protos.Status sendFrameworkMessage(byte[] data) {
        return status;
    }

    private Protos.Status end(Protos.Status to) {
        synchronized (this) {
            if (status != Protos.Status.DRIVER_RUNNING) {
                return status;
            }
            status = to;
            notifyAll();
        }
        onEnd.accept(to);
        return to;
    }
}
