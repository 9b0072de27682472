package org.kafkamesos.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.kafkamesos.placement.PlacementEngine;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PlacementResult;
import org.kafkamesos.placement.Strategy;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code capacity-plan}: places a described set of brokers on a described set of agents with the
 * placement engine and prints where each broker goes, per rack and host, with what is left free, and
 * why any broker fits nowhere. Nothing is launched; it serves simulations and capacity planning.
 *
 * <p>The cluster comes in one of two forms.
 *
 * <p><b>Options, for a homogeneous cluster.</b> Identical agents {@code host-01, host-02, ...} dealt
 * round-robin to racks {@code r1..rN} (agent attribute {@code rack}), identical brokers with ids
 * {@code 0..n-1}. Defaults: 3 agents in 3 racks with 8 cpus, 32768 MB mem, 500000 MB disk and ports
 * 31000..32000 each; 3 brokers of 1 cpu, 4096 MB mem, no disk, 1 port, {@code hostname=unique};
 * strategy spread.
 * <pre>
 * kafka-mesos capacity-plan --agents 6 --racks 3 --agent-cpus 8 --agent-mem 32768 --agent-disk 500000 \
 *     --agent-ports 31000..32000 --brokers 5 --broker-cpus 1 --broker-mem 4096 --broker-disk 100000 \
 *     --constraints hostname=unique,rack=groupBy:3 --strategy spread
 * </pre>
 *
 * <p><b>A JSON plan file</b> ({@code --file plan.json}; see {@code examples/plans/three-racks.json}):
 * <pre>{@code
 * {
 *   "strategy": "spread",
 *   "agents": [
 *     {"hostname": "kafka-r1", "count": 2, "rack": "r1", "attributes": {"zone": "a"},
 *      "cpus": 8, "mem": 32768, "disk": 500000, "ports": ["9092", "31000..32000"]}
 *   ],
 *   "brokers": [
 *     {"count": 2, "cpus": 2, "mem": 8192, "ports": 1, "constraints": "hostname=unique,rack=groupBy:3"},
 *     {"id": 9, "port": 9092, "constraints": "[[\"hostname\",\"UNIQUE\"]]"}
 *   ],
 *   "running": [{"id": 0, "hostname": "kafka-r1-1", "constraints": "hostname=unique"}]
 * }
 * }</pre>
 * Agents: {@code hostname} (required), {@code agentId} (default the hostname), {@code rack},
 * {@code attributes} (text or numbers), {@code cpus}, {@code mem} and {@code disk} in MB and
 * {@code ports} (ranges) as the options' defaults, and {@code count} for that many identical agents
 * named {@code hostname-1..count}. Brokers: {@code id}, or {@code count} brokers taking the lowest ids
 * not otherwise used; {@code cpus}, {@code mem}, {@code disk} as the options' defaults; {@code ports},
 * a number of ports of any number (default 1 without {@code port}, else 0); {@code port}, a specific
 * port; {@code constraints} in either syntax (default none). Running brokers: {@code id},
 * {@code hostname} (one of the agents), {@code constraints}; they count for constraints and spread,
 * while the agents' resources are what is free for new brokers. {@code --strategy} overrides the
 * file's strategy.
 *
 * <p>Exit codes: 0 when every broker is placed, {@value #EXIT_UNPLACED} when some broker is not, and
 * {@value #EXIT_INVALID_INPUT} (sysexits' EX_USAGE) for invalid input, which is reported in one message
 * naming the bad part and what is accepted.
 */
@Command(name = "capacity-plan", sortOptions = false, showDefaultValues = true, usageHelpAutoWidth = true,
        exitCodeOnInvalidInput = CapacityPlanner.EXIT_INVALID_INPUT,
        description = {"Plans where Kafka brokers fit on Mesos agents, without launching anything.",
            "Runs the placement engine and prints the placement per rack and host, what is left free, "
                + "and why any broker fits nowhere. Describe the cluster either with the options for a "
                + "homogeneous cluster or with a JSON plan file (--file)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every broker placed", "2:some broker not placed; the report says why",
            "64:invalid input (bad option, constraint, strategy or plan file)"},
        footerHeading = "%nPlan file (--file), JSON:%n",
        footer = {
            "  {\"strategy\": \"spread\",",
            "   \"agents\": [",
            "     {\"hostname\": \"kafka-r1\", \"count\": 2, \"rack\": \"r1\",",
            "      \"attributes\": {\"zone\": \"a\"}, \"cpus\": 8, \"mem\": 32768,",
            "      \"disk\": 500000, \"ports\": [\"9092\", \"31000..32000\"]}],",
            "   \"brokers\": [",
            "     {\"count\": 2, \"cpus\": 2, \"mem\": 8192, \"ports\": 1,",
            "      \"constraints\": \"hostname=unique,rack=groupBy:3\"},",
            "     {\"id\": 9, \"port\": 9092, \"constraints\": \"[[\\\"hostname\\\",\\\"UNIQUE\\\"]]\"}],",
            "   \"running\": [",
            "     {\"id\": 0, \"hostname\": \"kafka-r1-1\", \"constraints\": \"hostname=unique\"}]}",
            "",
            "agents   hostname (required); agentId (default: the hostname); rack;",
            "         attributes (text or numbers); cpus, mem (MB), disk (MB) and ports",
            "         (ranges) with the defaults of the options; count: that many",
            "         identical agents, named hostname-1..count.",
            "brokers  id, or count: that many brokers with the lowest ids not otherwise",
            "         used; cpus, mem (MB), disk (MB) with the defaults of the options;",
            "         ports: how many ports of any number (default 1 without port,",
            "         else 0); port: a specific port; constraints in either syntax",
            "         (default none).",
            "running  id, hostname (one of the agents), constraints: brokers already",
            "         running. They count for constraints and spread; the agents'",
            "         resources are what is free for new brokers.",
            "strategy " + StrategyNames.ACCEPTED + " (default spread); --strategy overrides it.",
            "",
            "Example: kafka-mesos capacity-plan --file examples/plans/three-racks.json"})
public final class CapacityPlanner implements Callable<Integer> {

    /** Exit code when some broker could not be placed. */
    public static final int EXIT_UNPLACED = 2;

    /** Exit code for invalid input: EX_USAGE of sysexits.h, distinct from {@link #EXIT_UNPLACED}. */
    public static final int EXIT_INVALID_INPUT = 64;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "<plan.json>",
            description = "JSON plan file describing agents, brokers and running brokers (see below); "
                    + "excludes the homogeneous-cluster options.")
    Path file;

    @Option(names = {"-s", "--strategy"}, paramLabel = "<strategy>", converter = StrategyNames.class,
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "How to choose among fitting agents: " + "spread (fewest brokers per host; default), "
                    + "bin-pack (fullest agent that fits), first-fit (first agent by hostname).")
    Strategy strategy;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @ArgGroup(exclusive = false, validate = false, heading = "%nHomogeneous cluster, when no --file is given:%n")
    ClusterOptions cluster = new ClusterOptions();

    /** Runs {@code capacity-plan} on its own; {@link KafkaMesosCli} is the usual entry point. */
    public static void main(String[] args) {
        System.exit(KafkaMesosCli.configure(new CommandLine(new CapacityPlanner())).execute(args));
    }

    /** Places the described brokers and prints the report; returns the exit code. */
    @Override
    public Integer call() {
        PlacementRequest request = request();
        PlacementResult result = PlacementEngine.create().place(request);
        PrintWriter out = spec.commandLine().getOut();
        out.print(new PlacementReport(request, result).render());
        out.flush();
        return result.unplaced().isEmpty() ? CommandLine.ExitCode.OK : EXIT_UNPLACED;
    }

    private PlacementRequest request() {
        try {
            if (file == null) {
                return cluster.toRequest(strategy == null ? Strategy.SPREAD : strategy);
            }
            List<String> clusterOptions = spec.commandLine().getParseResult().matchedOptions().stream()
                    .filter(o -> o.group() != null).map(OptionSpec::longestName).collect(Collectors.toList());
            if (!clusterOptions.isEmpty()) {
                throw new IllegalArgumentException("--file cannot be combined with " + String.join(", ", clusterOptions)
                        + "; describe the agents and brokers either in the file or with options");
            }
            PlacementRequest fromFile = PlanFileReader.read(file);
            return strategy == null ? fromFile : fromFile.withStrategy(strategy);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
