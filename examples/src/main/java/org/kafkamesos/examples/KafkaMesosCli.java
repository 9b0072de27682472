package org.kafkamesos.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.kafkamesos.core.http.MesosKafkaNames;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code kafka-mesos}: the command line of the example programs, and the main class of the examples
 * jar. Subcommands: {@code quickstart} ({@link QuickstartCommand}), {@code scheduler} ({@link SchedulerCommand}),
 * {@code broker ...} ({@link BrokerCli}), {@code topic ...}, {@code rebalance ...}, {@code capacity-plan}
 * ({@link CapacityPlanner}), {@code help [COMMAND...]} ({@link HelpCommand}), and mesos/kafka's top-level broker
 * commands ({@code add}, {@code update}, {@code remove}, {@code start}, {@code stop}, {@code restart}, {@code list},
 * {@code log}, {@code status}), each the same as {@code broker <command>}.
 *
 * <pre>
 * ./kafka-mesos.sh quickstart
 * ./kafka-mesos.sh scheduler --master local --storage file:.kafka-mesos/state
 * ./kafka-mesos.sh broker add 0..2 --cpus 1 --mem 2048 --heap 1024
 * java -jar examples/target/kafka-mesos-examples-0.1.0-SNAPSHOT.jar capacity-plan --file examples/plans/three-racks.json
 * java -jar examples/target/kafka-mesos-examples-0.1.0-SNAPSHOT.jar capacity-plan --help
 * </pre>
 *
 * <p>Invalid input exits with {@value CapacityPlanner#EXIT_INVALID_INPUT} after one message on
 * standard error that names what was wrong; no stack trace. A command that fails while it runs exits with 1
 * after one message on standard error (the cause is logged).
 */
@Command(name = "kafka-mesos", subcommands = {QuickstartCommand.class, SchedulerCommand.class, LocalMesosCommand.class, BrokerCli.class, TopicCli.class, RebalanceCli.class,
        CapacityPlanner.class, HelpCommand.class,
        // mesos/kafka's top-level broker commands, the same as 'broker <command>'
        BrokerCli.Add.class, BrokerCli.Clone.class, BrokerCli.Update.class, BrokerCli.Remove.class, BrokerCli.Start.class,
        BrokerCli.Stop.class, BrokerCli.Restart.class, BrokerCli.ListBrokers.class, BrokerCli.Log.class, BrokerCli.Status.class,
        BrokerCli.Controllers.class},
        exitCodeOnInvalidInput = CapacityPlanner.EXIT_INVALID_INPUT, usageHelpAutoWidth = true,
        description = "Runs Apache Kafka on Apache Mesos. Tools of the kafka-mesos library.")
public final class KafkaMesosCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(args, Path.of("").toAbsolutePath(), commandLine()));
    }

    /**
     * Runs {@code args} on {@code cli} as if in {@code workingDir}: with the defaults of {@value ConfigFile#FILE_NAME}
     * there, or of the file {@code --config} names ({@link ConfigFile}).
     */
    static int execute(String[] args, Path workingDir, CommandLine cli) {
        ConfigFile.Found found;
        try {
            found = ConfigFile.find(args, workingDir);
            found.file().ifPresent(file -> ConfigFile.apply(file, cli));
        } catch (IllegalArgumentException e) {
            cli.getErr().println("kafka-mesos: " + e.getMessage());
            cli.getErr().flush();
            return CapacityPlanner.EXIT_INVALID_INPUT;
        }
        return cli.execute(found.args().toArray(String[]::new));
    }

    /** The {@code kafka-mesos} command line with its subcommands, ready to {@code execute}. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new KafkaMesosCli()));
    }

    /** Reports invalid input as one message plus a pointer to {@code --help}, never a stack trace. */
    static CommandLine configure(CommandLine commandLine) {
        commandLine.getSubcommands().values().forEach(sub -> configure(sub));
        commandLine.getCommandSpec().exitCodeOnInvalidInput(CapacityPlanner.EXIT_INVALID_INPUT);
        return commandLine.setParameterExceptionHandler(KafkaMesosCli::reportInvalidInput)
                .setExecutionExceptionHandler(KafkaMesosCli::reportFailure);
    }

    private static int reportFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        err.flush();
        LoggerFactory.getLogger(KafkaMesosCli.class).debug("command failed", e);
        return 1;
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
        err.println(name + ": " + mesosKafkaName(e, command).orElse(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + name + " --help' for what is accepted.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * What to use instead, when what the command line did not match is an option or a command of mesos/kafka that has
     * no counterpart here ({@link MesosKafkaNames}).
     */
    private static Optional<String> mesosKafkaName(ParameterException e, CommandLine command) {
        if (!(e instanceof UnmatchedArgumentException unmatched)) {
            return Optional.empty();
        }
        String path = command.getCommandSpec().qualifiedName(" ").replaceFirst("^kafka-mesos ?", "");
        for (String arg : unmatched.getUnmatched()) {
            Optional<String> instead = arg.startsWith("-") ? MesosKafkaNames.option(arg.split("=", 2)[0])
                    : MesosKafkaNames.command((path + " " + arg).strip());
            if (instead.isPresent()) {
                return instead;
            }
        }
        return Optional.empty();
    }
}
