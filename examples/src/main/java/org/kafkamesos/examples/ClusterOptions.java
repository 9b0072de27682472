package org.kafkamesos.examples;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.kafkamesos.placement.BrokerDemand;
import org.kafkamesos.placement.ClusterView;
import org.kafkamesos.placement.Constraint;
import org.kafkamesos.placement.Constraints;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.PortRequest;
import org.kafkamesos.placement.Strategy;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * A homogeneous cluster described by options: identical agents named {@code host-01, host-02, ...}
 * spread round-robin over racks {@code r1..rN} (agent attribute {@code rack}), and identical brokers
 * with ids {@code 0..n-1}.
 */
final class ClusterOptions {

    @Option(names = "--agents", paramLabel = "<n>", description = "Number of identical agents (hosts host-01, host-02, ...).")
    int agents = Defaults.AGENTS;

    @Option(names = "--racks", paramLabel = "<n>", description = "Racks the agents are dealt to round-robin, as agent attribute rack=r1..rN.")
    int racks = Defaults.RACKS;

    @Option(names = "--agent-cpus", paramLabel = "<cpus>", description = "CPUs of each agent.")
    double agentCpus = Defaults.AGENT_CPUS;

    @Option(names = "--agent-mem", paramLabel = "<MB>", description = "Memory of each agent, MB.")
    long agentMem = Defaults.AGENT_MEM;

    @Option(names = "--agent-disk", paramLabel = "<MB>", description = "Disk of each agent, MB.")
    long agentDisk = Defaults.AGENT_DISK;

    @Option(names = "--agent-ports", paramLabel = "<ranges>", description = "Ports of each agent: " + PortRanges.ACCEPTED + ".")
    String agentPorts = Defaults.AGENT_PORTS;

    @Option(names = "--brokers", paramLabel = "<n>", description = "Number of identical brokers to place, ids 0..n-1.")
    int brokers = Defaults.BROKERS;

    @Option(names = "--broker-cpus", paramLabel = "<cpus>", description = "CPUs of each broker.")
    double brokerCpus = Defaults.BROKER_CPUS;

    @Option(names = "--broker-mem", paramLabel = "<MB>", description = "Memory of each broker, MB.")
    long brokerMem = Defaults.BROKER_MEM;

    @Option(names = "--broker-disk", paramLabel = "<MB>", description = "Disk of each broker, MB.")
    long brokerDisk = Defaults.BROKER_DISK;

    @Option(names = "--broker-ports", paramLabel = "<n>", showDefaultValue = Visibility.NEVER,
            description = "Number of ports of any number each broker takes. Default: 1 without --broker-port, else 0.")
    Integer brokerPorts;

    @Option(names = "--broker-port", paramLabel = "<port>", description = "A specific port every broker takes (besides --broker-ports).")
    Integer brokerPort;

    @Option(names = "--constraints", paramLabel = "<constraints>",
            description = "Hard constraints of every broker, mesos/kafka syntax (hostname=unique,rack=groupBy:3) "
                    + "or Marathon syntax ([[\"hostname\",\"UNIQUE\"]]); \"\" for none. "
                    + "Operators: " + Constraints.ACCEPTED_OPERATORS + ".")
    String constraints = Defaults.BROKER_CONSTRAINTS;

    /** The placement request these options describe; IllegalArgumentException names the bad option. */
    PlacementRequest toRequest(Strategy strategy) {
        require("--agents", agents, 0);
        require("--racks", racks, 1);
        require("--brokers", brokers, 0);
        List<PortRange> ports = option("--agent-ports", () -> PortRanges.parse(agentPorts));
        List<Constraint> parsed = option("--constraints", () -> Constraints.parse(constraints));
        PortRequest[] portRequests = PortRanges.requests(brokerPorts, "--broker-ports", brokerPort, "--broker-port");
        int width = Math.max(2, Integer.toString(agents).length());
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            String host = String.format("host-%0" + width + "d", i + 1);
            Offer.Builder offer = Offer.builder("offer-" + host, host, host)
                    .cpus(agentCpus).mem(agentMem).disk(agentDisk)
                    .attribute("rack", "r" + (i % racks + 1));
            ports.forEach(r -> offer.ports(r.begin(), r.end()));
            offers.add(option("--agent-cpus, --agent-mem, --agent-disk", offer::build));
        }
        List<BrokerDemand> demands = new ArrayList<>();
        for (int id = 0; id < brokers; id++) {
            BrokerDemand.Builder demand = BrokerDemand.builder(id)
                    .cpus(brokerCpus).mem(brokerMem).disk(brokerDisk)
                    .ports(portRequests).constraints(parsed);
            demands.add(option("--broker-cpus, --broker-mem, --broker-disk", demand::build));
        }
        return new PlacementRequest(offers, demands, ClusterView.EMPTY, strategy, Instant.EPOCH);
    }

    private static void require(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
    }

    private static <T> T option(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }
}
