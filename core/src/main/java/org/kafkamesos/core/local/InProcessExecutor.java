package org.kafkamesos.core.local;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.mesos.Protos;
import org.kafkamesos.executor.ExecutorRuntime;
import org.kafkamesos.executor.LogFile;
import org.kafkamesos.executor.MesosExecutorAdapter;
import org.kafkamesos.executor.TaskStatusSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One executor of one task, run in-process: a {@link MesosExecutorAdapter} over an {@link ExecutorRuntime} made by
 * the cluster's runtime factory, driven by a {@link LocalExecutorDriver}. What the agent tells the executor
 * (launch, kill, shutdown) runs on the executor's own thread, in order, as messages over the agent's socket would;
 * the runtime reports from its own threads.
 */
final class InProcessExecutor implements ExecutorRun {

    private static final Logger log = LoggerFactory.getLogger(InProcessExecutor.class);

    private final String executorId;
    private final String frameworkId;
    private final String agentId;
    private final Path sandbox;
    private final LocalExecutorDriver driver;
    private final AtomicReference<ExecutorRuntime> runtime = new AtomicReference<>();
    private final ExecutorService thread;
    private final MesosExecutorAdapter adapter;

    /**
     * @param updates the agent's status update manager, for every update the executor sends
     * @param onEnd   told once when the executor's driver stops or aborts
     */
    InProcessExecutor(String executorId, String frameworkId, String agentId, Path sandbox,
                Function<TaskStatusSink, ExecutorRuntime> runtimeFactory, Consumer<Protos.TaskStatus> updates,
                Consumer<ExecutorRun> onEnd) {
        this.executorId = executorId;
        this.frameworkId = frameworkId;
        this.agentId = agentId;
        this.sandbox = sandbox;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-executor-" + executorId);
            t.setDaemon(true);
            return t;
        });
        this.driver = new LocalExecutorDriver(updates, status -> onEnd.accept(this));
        this.adapter = new MesosExecutorAdapter(sink -> {
            ExecutorRuntime made = runtimeFactory.apply(sink);
            runtime.set(made);
            return made;
        }, sandbox);
    }

    @Override
    public String executorId() {
        return executorId;
    }

    @Override
    public String frameworkId() {
        return frameworkId;
    }

    @Override
    public String agentId() {
        return agentId;
    }

    @Override
    public Path sandbox() {
        return sandbox;
    }

    @Override
    public void launch(Protos.ExecutorInfo executor, Protos.FrameworkInfo framework, Protos.SlaveInfo agent, Protos.TaskInfo task) {
        run("launch", () -> {
            adapter.registered(driver, executor, framework, agent);
            adapter.launchTask(driver, task);
        });
    }

    @Override
    public void kill(Protos.TaskID taskId) {
        run("kill", () -> adapter.killTask(driver, taskId));
    }

    @Override
    public void frameworkMessage(byte[] data) {
        run("frameworkMessage", () -> adapter.frameworkMessage(driver, data));
    }

    /** Asks the executor to shut down: it kills its tasks and stops its driver. */
    @Override
    public void shutdown() {
        run("shutdown", () -> adapter.shutdown(driver));
    }

    /** Kills every task, waits until they have ended, then releases the executor's threads. Blocks. */
    @Override
    public void closeAndWait() {
        try {
            adapter.close();
        } finally {
            thread.shutdown();
        }
    }

    /** Releases the executor's threads once its driver has stopped, without blocking the caller. */
    @Override
    public void release() {
        run("release", adapter::close);
        thread.shutdown();
    }

    @Override
    public Optional<ProcessHandle> process(String taskId) {
        return Optional.ofNullable(runtime.get()).flatMap(r -> r.process(taskId));
    }

    /** @throws IllegalArgumentException as {@link ExecutorRuntime#logTail} does */
    @Override
    public String logTail(String taskId, LogFile file, int lines) {
        ExecutorRuntime r = runtime.get();
        if (r == null) {
            throw new IllegalArgumentException("task " + taskId + " has no executor runtime");
        }
        return r.logTail(taskId, file, lines);
    }

    private void run(String what, Runnable action) {
        try {
            thread.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.error("executor {}: {} failed", executorId, what, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("executor {} has ended; {} dropped", executorId, what);
        }
    }
}
