package org.kafkamesos.executor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.MesosExecutorDriver;
import org.apache.mesos.MesosNativeLibrary;
import org.apache.mesos.Protos;
import org.kafkamesos.executor.v1.AgentEnvironment;
import org.kafkamesos.executor.v1.HttpExecutorDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's main class, as a Mesos agent starts it: runs the {@link MesosExecutorAdapter} until the agent shuts
 * the executor down or its last task ends, under Mesos' V1 HTTP executor API ({@link HttpExecutorDriver}, no native
 * code) when the agent gives its endpoint ({@code MESOS_AGENT_ENDPOINT}), or under the native
 * {@code MesosExecutorDriver} with the argument {@value #NATIVE_ARGUMENT} or without an endpoint.
 *
 * <p>Exit status: 0 when the driver stopped normally, 1 when it aborted, 2 when the Mesos native library
 * cannot be loaded (then a message says to set {@value #NATIVE_LIBRARY_VARIABLE}), 64 when the environment the agent
 * set is malformed or an argument is unknown.
 *
 * <p>Mesos 1.11.0's generated protobuf classes predate protobuf 3.22, and protobuf-java 4.x warns about
 * them once per message type; the adapter filters those warnings (see
 * {@link MesosExecutorAdapter#filterMesosGencodeWarnings()}).
 */
public final class ExecutorMain {

    /** The environment variable naming the Mesos native library ({@code libmesos.so}). */
    public static final String NATIVE_LIBRARY_VARIABLE = "MESOS_NATIVE_JAVA_LIBRARY";
    /** The argument that asks for the native executor driver (libmesos) instead of the HTTP one. */
    public static final String NATIVE_ARGUMENT = "--native";
    static final int EXIT_NO_NATIVE_LIBRARY = 2;
    static final int EXIT_USAGE = 64;

    private static final Logger log = LoggerFactory.getLogger(ExecutorMain.class);

    private ExecutorMain() {
    }

    /** Runs the executor; see the class description for the exit status. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream err) {
        for (String arg : args) {
            if (!arg.equals(NATIVE_ARGUMENT)) {
                err.println("kafka-mesos executor: unknown argument '" + arg + "'; accepted: " + NATIVE_ARGUMENT
                        + " (the native driver instead of the HTTP one)");
                return EXIT_USAGE;
            }
        }
        Optional<AgentEnvironment> http;
        try {
            http = args.contains(NATIVE_ARGUMENT) ? Optional.empty() : AgentEnvironment.of(env);
        } catch (IllegalArgumentException e) {
            err.println("kafka-mesos executor: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (http.isEmpty()) {
            try {
                MesosNativeLibrary.load();
            } catch (UnsatisfiedLinkError e) {
                err.println(nativeLibraryMissing(env, e));
                return EXIT_NO_NATIVE_LIBRARY;
            }
        }
        Path sandbox = Path.of(env.getOrDefault("MESOS_SANDBOX", System.getProperty("user.dir")));
        try (MesosExecutorAdapter adapter = new MesosExecutorAdapter(
                sink -> ExecutorRuntime.builder().statusSink(sink).build(), sandbox)) {
            ExecutorDriver driver = http.<ExecutorDriver>map(environment -> new HttpExecutorDriver(adapter, environment))
                    .orElseGet(() -> new MesosExecutorDriver(adapter));
            Protos.Status status = driver.run();
            log.info("executor driver ended: {}", status);
            return status == Protos.Status.DRIVER_STOPPED ? 0 : 1;
        }
    }

    static String nativeLibraryMissing(Map<String, String> env, UnsatisfiedLinkError e) {
        String configured = env.get(NATIVE_LIBRARY_VARIABLE);
        String now = configured == null
                ? NATIVE_LIBRARY_VARIABLE + " is not set"
                : NATIVE_LIBRARY_VARIABLE + " is " + configured + ", which cannot be loaded";
        return "kafka-mesos executor: the Mesos native library cannot be loaded (" + e.getMessage() + "). "
                + now + ". Set " + NATIVE_LIBRARY_VARIABLE + " to the path of libmesos"
                + " (for example /usr/local/lib/libmesos.so); a Mesos agent sets it for the executors it starts"
                + " when it runs with --executor_environment_variables or has it in its own environment. Without "
                + NATIVE_ARGUMENT + ", the executor speaks Mesos' HTTP executor API and needs no libmesos, when the agent"
                + " sets MESOS_AGENT_ENDPOINT.";
    }
}
