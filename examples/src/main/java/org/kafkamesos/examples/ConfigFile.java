package org.kafkamesos.examples;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@value #FILE_NAME}, as mesos/kafka reads it: options as {@code key=value}, the key an option's name without its
 * dashes ({@code master=local}, {@code storage=file:state}, {@code api=http://localhost:7000},
 * {@code framework-name=kafka}), for every command that has that option; the command line overrides it. Read from the
 * working directory, or from the file {@code --config FILE} names (anywhere on the command line). A key that is no
 * option of any command is refused, naming the keys accepted.
 */
final class ConfigFile {

    static final String FILE_NAME = "kafka-mesos.properties";
    static final String OPTION = "--config";

    /** The command line without {@code --config FILE}, and the file to read, if any. */
    record Found(List<String> args, Optional<Path> file) {
    }

    private ConfigFile() {
    }

    /**
     * Finds the file for {@code args} run in {@code workingDir}.
     *
     * @throws IllegalArgumentException if {@code --config} has no value, or names a file that is not there
     */
    static Found find(String[] args, Path workingDir) {
        List<String> rest = new ArrayList<>();
        Optional<Path> named = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(OPTION) || arg.startsWith(OPTION + "=")) {
                String value = arg.equals(OPTION) ? (i + 1 < args.length ? args[++i] : "") : arg.substring(OPTION.length() + 1);
                if (value.isBlank()) {
                    throw new IllegalArgumentException(OPTION + " needs a file, such as " + OPTION + " " + FILE_NAME);
                }
                Path file = workingDir.resolve(value);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(OPTION + " names " + file + ", which is not a file");
                }
                named = Optional.of(file);
            } else {
                rest.add(arg);
            }
        }
        Path inWorkingDir = workingDir.resolve(FILE_NAME);
        return new Found(rest, named.or(() -> Files.isRegularFile(inWorkingDir) ? Optional.of(inWorkingDir) : Optional.empty()));
    }

    /**
     * The file's options as the default values of every command of {@code cli}.
     *
     * @throws IllegalArgumentException if the file cannot be read, or holds a key that is no option
     */
    static void apply(Path file, CommandLine cli) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Set<String> accepted = new TreeSet<>();
        collect(cli, accepted);
        for (String key : properties.stringPropertyNames()) {
            if (!accepted.contains(key)) {
                throw new IllegalArgumentException(file + ": '" + key + "' is no option of kafka-mesos; keys are option names"
                        + " without their dashes: " + String.join(", ", accepted));
            }
        }
        cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(properties));
    }

    private static void collect(CommandLine command, Set<String> into) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                into.add(option.longestName().replaceFirst("^-+", ""));
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
