package org.kafkamesos.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code kafka-mesos}: the command line of the example programs, and the main class of the examples
 * jar. Subcommands: {@code capacity-plan} ({@link CapacityPlanner}).
 *
 * <pre>
 * java -jar examples/target/kafka-mesos-examples-0.1.0-SNAPSHOT.jar capacity-plan --file examples/plans/three-racks.json
 * java -jar examples/target/kafka-mesos-examples-0.1.0-SNAPSHOT.jar capacity-plan --help
 * </pre>
 *
 * <p>Invalid input exits with {@value CapacityPlanner#EXIT_INVALID_INPUT} after one message on
 * standard error that names what was wrong; no stack trace.
 */
@Command(name = "kafka-mesos", subcommands = {CapacityPlanner.class, CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = CapacityPlanner.EXIT_INVALID_INPUT, usageHelpAutoWidth = true,
        description = "Runs Apache Kafka on Apache Mesos. Tools of the kafka-mesos library.")
public final class KafkaMesosCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The {@code kafka-mesos} command line with its subcommands, ready to {@code execute}. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new KafkaMesosCli()));
    }

    /** Reports invalid input as one message plus a pointer to {@code --help}, never a stack trace. */
    static CommandLine configure(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(KafkaMesosCli::reportInvalidInput);
    }

    /** Without a subcommand there is nothing to do. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand; accepted: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    private static int reportInvalidInput(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + name + " --help' for what is accepted.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
