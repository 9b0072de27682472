package org.kafkamesos.executor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM running Kafka code (a node, or the storage tool), started from an argv list with no shell, its
 * output copied to size-capped sandbox files.
 *
 * <p>No process outlives its owner: {@link #stop} ends the process and its descendants (SIGTERM, the grace
 * period, then SIGKILL), and a JVM shutdown hook does the same for every process still running when the
 * executor's own JVM exits. A SIGKILL of the executor escapes both, so the process's standard input is a pipe that
 * the executor holds open and never writes: when the executor's process ends, however it ends, the pipe closes and
 * {@link ExecutorWatch}, the process's main, ends the JVM (on a Mesos agent the containerizer also ends the task's
 * process tree).
 */
final class KafkaProcess {

    private static final Logger log = LoggerFactory.getLogger(KafkaProcess.class);

    /** Processes not yet known to have exited, for the shutdown hook. */
    private static final Set<KafkaProcess> LIVE = ConcurrentHashMap.newKeySet();
    /** How long the shutdown hook lets processes stop before SIGKILL: Mesos allows an executor 5 s by default. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(4);
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(5);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(KafkaProcess::stopAllOnShutdown, "kafka-process-shutdown"));
    }

    private final Process process;
    private final String name;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private KafkaProcess(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /**
     * Starts {@code command} in {@code workDir}; standard input is a pipe this JVM holds open until it ends (see
     * {@link ExecutorWatch}), standard output and error go to {@code stdout} and {@code stderr}, each capped at
     * {@code capBytes} (see {@link CappedOutput}).
     *
     * @throws LaunchFailure when the process cannot be started (no such java executable, for one)
     */
    static KafkaProcess start(String name, List<String> command, Path workDir, Path stdout, Path stderr, long capBytes) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LaunchFailure("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
        KafkaProcess p = new KafkaProcess(process, name);
        LIVE.add(p);
        Thread out = CappedOutput.start(process.getInputStream(), stdout, capBytes, name + "-stdout");
        Thread err = CappedOutput.start(process.getErrorStream(), stderr, capBytes, name + "-stderr");
        Thread waiter = new Thread(() -> p.awaitExit(out, err), name + "-exit");
        waiter.setDaemon(true);
        waiter.start();
        log.info("started {} as process {}", name, process.pid());
        return p;
    }

    private void awaitExit(Thread out, Thread err) {
        int code;
        while (true) {
            try {
                code = process.waitFor();
                break;
            } catch (InterruptedException e) {
                // Only this thread waits; it is not interrupted on purpose. Keep waiting.
            }
        }
        try {
            out.join(PUMP_DRAIN.toMillis());
            err.join(PUMP_DRAIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
        log.info("{} (process {}) exited with status {}", name, process.pid(), code);
        exit.complete(code);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit status once the process has exited and its output is in the files. */
    CompletableFuture<Integer> onExit() {
        return exit;
    }

    /**
     * Stops the process: SIGTERM, up to {@code grace} for it to exit (Kafka's controlled shutdown), then
     * SIGKILL; descendants are killed as well. Safe to call more than once and from several threads.
     *
     * @return how the process ended
     */
    StopResult stop(Duration grace) {
        long started = System.nanoTime();
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        boolean forced = false;
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(grace)) {
                forced = true;
                log.warn("{} (process {}) did not stop within {} s of SIGTERM; sending SIGKILL", name, process.pid(),
                        grace.toSeconds());
                process.destroyForcibly();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        int code = exit.join();
        return new StopResult(code, forced, Duration.ofNanos(System.nanoTime() - started));
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void stopAllOnShutdown() {
        if (LIVE.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (KafkaProcess p : LIVE) {
            p.process.descendants().forEach(ProcessHandle::destroyForcibly);
            p.process.destroy();
        }
        for (KafkaProcess p : LIVE) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !p.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.process.destroyForcibly();
            }
        }
    }

    /**
     * How a stopped process ended.
     *
     * @param exitCode its exit status (143 after SIGTERM, 137 after SIGKILL)
     * @param forced   whether SIGKILL was needed because the grace period ran out
     * @param took     from the stop request to the exit
     */
    record StopResult(int exitCode, boolean forced, Duration took) {
    }

    /** Says what an exit status means: {@code 137 (killed by signal 9, SIGKILL)}. */
    static String describeExit(int code) {
        if (code > 128 && code < 160) {
            int signal = code - 128;
            String name = switch (signal) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                case 2 -> "SIGINT";
                case 1 -> "SIGHUP";
                default -> "signal " + signal;
            };
            return code + " (killed by signal " + signal + ", " + name + ")";
        }
        return Integer.toString(code);
    }
}
