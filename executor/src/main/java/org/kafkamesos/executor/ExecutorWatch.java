package org.kafkamesos.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The main of every JVM the executor starts (a Kafka node, the storage tool): it runs the real main class and ends the
 * JVM when the executor that started it is gone, so that no Kafka process outlives its executor, even one ended by
 * SIGKILL, whose shutdown hooks never run. The executor holds the write end of the process's standard input and
 * never writes to it; the operating system closes it when the executor's process ends, however it ends, and this
 * class then reads end of file: it calls {@code System.exit}, so that Kafka's own shutdown hook stops the node, and
 * halts the JVM if that takes longer than {@link #HALT_AFTER_MILLIS}.
 *
 * <p>Runs on Kafka's classpath, beside Kafka's jars: it uses the JDK only, and is one class file without nested
 * classes, which {@link #install} copies to where the command's classpath names it.
 *
 * <pre>java ... -cp libs/*:&lt;dir&gt; org.kafkamesos.executor.ExecutorWatch kafka.Kafka server.properties</pre>
 */
public final class ExecutorWatch implements Runnable {

    /** How long Kafka may take to shut down once its executor is gone, before the JVM is halted. */
    static final long HALT_AFTER_MILLIS = 15_000;
    /** The exit status when the executor is gone: 128 + SIGTERM, as if the executor had stopped the process. */
    static final int EXIT_EXECUTOR_GONE = 143;
    /** The folder, under a sandbox, that {@link #install} writes this class to. */
    static final String FOLDER = ".kafka-mesos-watch";

    private final boolean halter;

    private ExecutorWatch(boolean halter) {
        this.halter = halter;
    }

    /**
     * Watches standard input, then runs {@code args[0]}'s main with the rest of {@code args}.
     *
     * @throws Exception whatever the real main throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ExecutorWatch <main class> [args...]: runs the main class and exits when standard"
                    + " input closes (the executor that started the process is gone)");
            System.exit(2);
        }
        Thread watch = new Thread(new ExecutorWatch(false), "kafka-mesos-executor-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception checked) {
                throw checked;
            }
            throw (Error) cause;
        }
    }

    @Override
    public void run() {
        if (halter) {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("kafka-mesos: the JVM did not stop within " + HALT_AFTER_MILLIS + " ms; halting it");
            Runtime.getRuntime().halt(EXIT_EXECUTOR_GONE);
            return;
        }
        try {
            InputStream in = System.in;
            byte[] ignored = new byte[256];
            while (in.read(ignored) >= 0) {
                // the executor never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken standard input means the same: the executor is gone
        }
        System.err.println("kafka-mesos: standard input closed: the executor that started this process is gone; stopping");
        Thread halt = new Thread(new ExecutorWatch(true), "kafka-mesos-executor-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(EXIT_EXECUTOR_GONE);
    }

    /**
     * Copies this class file to {@code sandbox/}{@value #FOLDER}, once, and answers that folder, for the classpath of a
     * command whose main is this class.
     *
     * @throws UncheckedIOException if the sandbox cannot be written
     */
    static Path install(Path sandbox) {
        Path root = sandbox.resolve(FOLDER);
        String resource = ExecutorWatch.class.getName().replace('.', '/') + ".class";
        Path target = root.resolve(resource);
        try (InputStream bytes = ExecutorWatch.class.getClassLoader().getResourceAsStream(resource)) {
            if (bytes == null) {
                throw new IllegalStateException(resource + " is not on the executor's classpath");
            }
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.copy(bytes, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the executor watch to " + root + ": " + e.getMessage(), e);
        }
    }
}
