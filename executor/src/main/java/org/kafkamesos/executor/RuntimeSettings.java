package org.kafkamesos.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The settings of an {@link ExecutorRuntime}, validated once; see {@link ExecutorRuntime.Builder}. */
record RuntimeSettings(InstantSource clock, Path javaExecutable, Duration readinessTimeout, Duration readinessInterval,
                       Duration killGrace, Duration formatTimeout, long outputCapBytes, int failureLogLines) {

    /** How long one readiness request may take. */
    static final Duration READINESS_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    RuntimeSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        requirePositive("readiness timeout", readinessTimeout);
        requirePositive("readiness interval", readinessInterval);
        Objects.requireNonNull(killGrace, "killGrace");
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException("kill grace must be >= 0, got " + killGrace);
        }
        requirePositive("format timeout", formatTimeout);
        if (outputCapBytes < 1024) {
            throw new IllegalArgumentException("output cap must be >= 1024 bytes, got " + outputCapBytes);
        }
        if (failureLogLines < 0) {
            throw new IllegalArgumentException("failure log lines must be >= 0, got " + failureLogLines);
        }
    }

    private static void requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0, got " + d);
        }
    }

    /** The java executable of the running JVM. */
    static Path currentJava() {
        return ProcessHandle.current().info().command()
                .map(Path::of)
                .filter(p -> p.getFileName().toString().equals("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, "kafka-mesos-executor-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
