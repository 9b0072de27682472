package org.kafkamesos.examples;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code help [COMMAND...]}: the usage of the command named by the path, at any depth ({@code help broker add}),
 * or of {@code kafka-mesos} itself; a name that is no command is refused with the ones accepted there.
 */
@Command(name = "help", helpCommand = true, description = "Show the usage of a command, such as 'help broker add'.")
final class HelpCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommands, such as: broker add.")
    List<String> path = List.of();

    @Override
    public void run() {
        CommandLine command = spec.commandLine().getParent();
        for (String name : path) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                throw new ParameterException(spec.commandLine(), "'" + name + "' is no command of '"
                        + command.getCommandSpec().qualifiedName() + "'; accepted: " + String.join(", ", command.getSubcommands().keySet()));
            }
            command = sub;
        }
        command.usage(spec.commandLine().getOut());
    }
}
