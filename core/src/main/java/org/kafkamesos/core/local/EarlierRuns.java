package org.kafkamesos.core.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a local cluster finds of an earlier run on its work folder. The folder is held by one cluster at a time (a lock
 * on {@value #LOCK_FILE}), and a cluster that takes it ends the processes its executors started in an earlier run that
 * are still alive, before any agent starts, so that none holds an agent's ports. A Mesos agent that restarts recovers
 * its executors, which reconnect (docs/agent-recovery.md); the executors here ran inside the earlier cluster's JVM, so
 * there is nothing to reconnect to, and the agent instead acts as Mesos does with executors that do not reconnect
 * within its recovery timeout: it ends them, and their tasks are gone. Their processes were started by
 * {@code ExecutorWatch}, which ends them once the earlier JVM is gone; this covers the moments that takes, and
 * processes of a build without it.
 */
final class EarlierRuns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EarlierRuns.class);

    static final String LOCK_FILE = ".local-mesos.lock";
    /** How long a process of an earlier run may take to stop after SIGTERM (Kafka's controlled shutdown). */
    private static final Duration GRACE = Duration.ofSeconds(20);

    private final FileChannel channel;
    private final FileLock lock;

    private EarlierRuns(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the work folder for this cluster and ends the processes of an earlier run.
     *
     * @throws LocalClusterException if another cluster, in this JVM or another, holds the folder
     */
    static EarlierRuns take(Path workDir) {
        Path lockFile = workDir.resolve(LOCK_FILE);
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LocalClusterException("cannot open " + lockFile + ": " + e.getMessage(), new UncheckedIOException(e));
        }
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new LocalClusterException("the work folder " + workDir + " is in use by another local cluster: stop that"
                    + " one first, or give this one another work folder", null);
        }
        endProcesses(workDir);
        return new EarlierRuns(channel, lock);
    }

    /**
     * The live processes that an executor of a cluster on {@code workDir} started (their logs dir is a sandbox in it),
     * and the executors that ran as processes (each sandbox's {@value ExecutorProcess#PID_FILE} names one).
     */
    static List<ProcessHandle> processes(Path workDir) {
        String marker = "-Dkafka.logs.dir=" + workDir.toAbsolutePath().normalize() + "/";
        java.util.Set<Long> executors = executorPids(workDir);
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)
                        || (executors.contains(p.pid()) && c.contains("ExecutorMain"))).orElse(false))
                .toList();
    }

    /** The pids in {@code <agent>/frameworks/<f>/executors/<e>/runs/<run>/}{@value ExecutorProcess#PID_FILE}. */
    private static java.util.Set<Long> executorPids(Path workDir) {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        for (Path agent : children(workDir)) {
            for (Path framework : children(agent.resolve("frameworks"))) {
                for (Path executor : children(framework.resolve("executors"))) {
                    for (Path run : children(executor.resolve("runs"))) {
                        try {
                            pids.add(Long.parseLong(java.nio.file.Files.readString(run.resolve(ExecutorProcess.PID_FILE)).strip()));
                        } catch (IOException | NumberFormatException e) {
                            // no executor process ran there
                        }
                    }
                }
            }
        }
        return pids;
    }

    private static List<Path> children(Path dir) {
        try (java.util.stream.Stream<Path> list = java.nio.file.Files.list(dir)) {
            return list.filter(java.nio.file.Files::isDirectory).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void endProcesses(Path workDir) {
        List<ProcessHandle> earlier = processes(workDir);
        if (earlier.isEmpty()) {
            return;
        }
        log.warn("{} process(es) of an earlier run on {} are still alive: ending them before the agents start ({})",
                earlier.size(), workDir, earlier.stream().map(p -> Long.toString(p.pid())).toList());
        earlier.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = earlier.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            earlier.stream().filter(ProcessHandle::isAlive).forEach(p -> {
                log.warn("process {} of an earlier run did not stop within {} s of SIGTERM: SIGKILL", p.pid(), GRACE.toSeconds());
                p.destroyForcibly();
            });
            CompletableFuture.allOf(exits).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while ending the processes of an earlier run on " + workDir, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        log.info("the processes of the earlier run on {} have ended", workDir);
    }

    /** Releases the work folder. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("could not release the lock on the work folder: {}", e.toString());
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("could not close the lock file: {}", e.toString());
        }
    }
}
