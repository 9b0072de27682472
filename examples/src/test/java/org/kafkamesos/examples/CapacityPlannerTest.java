package org.kafkamesos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.placement.Strategy;

/** {@code kafka-mesos capacity-plan}, run in-process as a user runs it, judged by its report and exit code. */
class CapacityPlannerTest {

    private static final Path THREE_RACKS = Path.of("plans", "three-racks.json");
    private static final Pattern RACK_LINE = Pattern.compile("^rack (\\S+): (\\d+) hosts?, (\\d+) brokers?$");
    private static final Pattern HOST_LINE = Pattern.compile("^  (\\S+): (\\d+) brokers?; free (.+)$");
    private static final Pattern BROKER_LINE = Pattern.compile("^    broker (\\d+): (.+)$");

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return Arrays.asList(out.split("\\R"));
        }

        /** Matching groups of every report line that matches {@code pattern}. */
        List<Matcher> matching(Pattern pattern) {
            List<Matcher> found = new ArrayList<>();
            for (String line : lines()) {
                Matcher m = pattern.matcher(line);
                if (m.matches()) {
                    found.add(m);
                }
            }
            return found;
        }

        /** Host of each broker listed in the report, running or placed. */
        Map<Integer, String> hostOfBroker() {
            Map<Integer, String> hosts = new TreeMap<>();
            String host = null;
            for (String line : lines()) {
                Matcher h = HOST_LINE.matcher(line);
                Matcher b = BROKER_LINE.matcher(line);
                if (h.matches()) {
                    host = h.group(1);
                } else if (b.matches()) {
                    assertThat(hosts.put(Integer.parseInt(b.group(1)), host)).as("broker listed twice").isNull();
                }
            }
            return hosts;
        }
    }

    private static Run capacityPlan(String... args) {
        Cli run = Cli.run(Stream.concat(Stream.of("capacity-plan"), Arrays.stream(args)).toArray(String[]::new));
        return new Run(run.exitCode(), run.out(), run.err());
    }

    private Path planFile(String json) throws IOException {
        return Files.writeString(dir.resolve("plan.json"), json);
    }

    private static void assertInvalidInput(Run run, String... mentioned) {
        assertThat(run.exitCode()).isEqualTo(CapacityPlanner.EXIT_INVALID_INPUT).isNotEqualTo(CapacityPlanner.EXIT_UNPLACED);
        assertThat(run.out()).as("no report for invalid input").isEmpty();
        assertThat(run.err()).startsWith("kafka-mesos capacity-plan: ").contains(mentioned)
                .contains("Run 'kafka-mesos capacity-plan --help'")
                .doesNotContain("Exception", "\tat ");
        assertThat(run.err().lines().count()).as("one message and a pointer to --help").isEqualTo(2);
    }

    @Test
    void shippedExample_placesEveryBroker_oneBrokerPerHost_racksBalanced() {
        Run run = capacityPlan("--file", THREE_RACKS.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Capacity plan (strategy spread): 6 agents in 3 racks, 5 brokers to place, 1 running")
                .contains("Totals: 5 of 5 brokers placed, 0 unplaced, 1 running")
                .contains("Every broker placed.")
                .doesNotContain("not placed");
        List<Matcher> hosts = run.matching(HOST_LINE);
        assertThat(hosts).extracting(m -> m.group(1))
                .containsExactly("kafka-r1-1", "kafka-r1-2", "kafka-r2-1", "kafka-r2-2", "kafka-r3-1", "kafka-r3-2");
        assertThat(hosts).extracting(m -> m.group(2)).as("brokers per host").containsOnly("1");
        List<Matcher> racks = run.matching(RACK_LINE);
        assertThat(racks).extracting(m -> m.group(1)).containsExactly("r1", "r2", "r3");
        assertThat(racks).extracting(m -> m.group(3)).as("brokers per rack").containsOnly("2");
        Map<Integer, String> hostOf = run.hostOfBroker();
        assertThat(hostOf).containsOnlyKeys(0, 1, 2, 3, 4, 9).containsEntry(0, "kafka-r1-1");
        assertThat(hostOf.values()).doesNotHaveDuplicates();
        assertThat(run.lines()).contains(
                "  kafka-r1-1: 1 broker; free 8 cpus, 32768 MB mem, 500000 MB disk",
                "    broker 0: running",
                "    broker 9: 1 cpu, 4096 MB mem, 100000 MB disk, port 9092");
    }

    @Test
    void shippedExample_freeResourcesPerHost_areAgentMinusPlaced() {
        Run run = capacityPlan("--file", THREE_RACKS.toString());

        // broker 1 (2 cpus, 8192 MB, 200000 MB disk) lands on a 16-cpu r3 agent: the spread strategy
        // prefers the agent with the most free cpus among hosts with the fewest brokers
        assertThat(run.hostOfBroker()).containsEntry(1, "kafka-r3-1");
        assertThat(run.lines()).contains("  kafka-r3-1: 1 broker; free 14 cpus, 57344 MB mem, 800000 MB disk",
                "  cpus: 9 used, 55 free of 64");
    }

    @Test
    void homogeneousCluster_fromTheOptions_spreadsOverRacks() {
        Run run = capacityPlan("--agents", "6", "--racks", "3", "--agent-cpus", "8", "--agent-mem", "32768",
                "--agent-disk", "500000", "--agent-ports", "31000..32000", "--brokers", "5", "--broker-cpus", "1",
                "--broker-mem", "4096", "--broker-disk", "100000", "--constraints", "hostname=unique,rack=groupBy:3",
                "--strategy", "spread");

        assertThat(run.exitCode()).isZero();
        assertThat(run.matching(RACK_LINE)).extracting(m -> m.group(1) + "=" + m.group(3))
                .containsExactly("r1=2", "r2=2", "r3=1");
        assertThat(run.matching(HOST_LINE)).hasSize(6).extracting(m -> Integer.parseInt(m.group(2))).allMatch(n -> n <= 1);
        assertThat(run.lines()).contains("    broker 0: 1 cpu, 4096 MB mem, 100000 MB disk, port 31000",
                "  host-06: 0 brokers; free 8 cpus, 32768 MB mem, 500000 MB disk",
                "Totals: 5 of 5 brokers placed, 0 unplaced, 0 running");
    }

    @Test
    void noOptions_usesTheDefaults_threeBrokersOnThreeAgents() {
        Run run = capacityPlan();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Capacity plan (strategy spread): 3 agents in 3 racks, 3 brokers to place, 0 running");
        assertThat(run.hostOfBroker()).containsExactly(Map.entry(0, "host-01"), Map.entry(1, "host-02"), Map.entry(2, "host-03"));
    }

    @Test
    void binPack_fillsTheFirstAgentBeforeTheNext() {
        Run run = capacityPlan("--strategy", "bin-pack", "--constraints", "", "--brokers", "4");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Capacity plan (strategy bin-pack)");
        assertThat(run.hostOfBroker().values()).containsOnly("host-01");
        assertThat(run.lines()).contains("  host-01: 4 brokers; free 4 cpus, 16384 MB mem, 500000 MB disk",
                "    broker 3: 1 cpu, 4096 MB mem, 0 MB disk, port 31003");
    }

    @Test
    void impossiblePlan_exitsTwo_andPrintsTheExplanation() {
        Run run = capacityPlan("--agents", "2", "--racks", "2", "--brokers", "3");

        assertThat(run.exitCode()).isEqualTo(CapacityPlanner.EXIT_UNPLACED);
        assertThat(run.lines()).contains("Totals: 2 of 3 brokers placed, 1 unplaced, 0 running", "Unplaced: 1 broker",
                "  broker 2 not placed: 2 offers excluded by hostname=unique (brokers 0, 1 on host-01, host-02)");
        assertThat(run.hostOfBroker()).containsOnlyKeys(0, 1);
    }

    @Test
    void brokerBiggerThanAnyAgent_isExplainedByTheShortfall() {
        Run run = capacityPlan("--brokers", "1", "--broker-cpus", "16");

        assertThat(run.exitCode()).isEqualTo(CapacityPlanner.EXIT_UNPLACED);
        assertThat(run.lines()).contains("  broker 0 not placed: 3 offers too small in cpus (have 8, need 16)");
    }

    @Test
    void malformedConstraint_isAUsageError_namingTheBadPart() {
        Run run = capacityPlan("--constraints", "hostname=unique,rack=grupBy:3");

        assertInvalidInput(run, "--constraints", "unknown operator 'grupBy'", "accepted operators: unique, cluster[:value], groupBy[:n]");
    }

    @Test
    void malformedMarathonConstraint_inAPlanFile_namesTheBroker() throws IOException {
        Path plan = planFile("{\"agents\": [{\"hostname\": \"a\"}],"
                + " \"brokers\": [{\"id\": 1}, {\"id\": 2, \"constraints\": \"[[\\\"rack\\\", \\\"GROUP_BY\\\", \\\"x\\\"]]\"}]}");

        Run run = capacityPlan("--file", plan.toString());

        assertInvalidInput(run, plan + ": brokers[1].constraints: ", "GROUP_BY", "needs a whole number >= 1, got 'x'");
    }

    @Test
    void missingFile_saysSoAndWhatIsExpected() {
        Run run = capacityPlan("--file", "no-such-plan.json");

        assertInvalidInput(run, "--file: no such file 'no-such-plan.json'", "expected the path of a JSON plan file");
    }

    @Test
    void malformedJson_namesTheLineAndColumn() throws IOException {
        Path plan = planFile("{\n  \"agents\": [\n    {\"hostname\": \"a\", \"cpus\": }\n  ]\n}\n");

        Run run = capacityPlan("--file", plan.toString());

        assertInvalidInput(run, plan + ": ", "line 3, column ", "malformed JSON");
    }

    @Test
    void wrongTypeInJson_namesTheFieldAndTheExpectedType() throws IOException {
        Path plan = planFile("{\"agents\": [{\"hostname\": \"a\"}, {\"hostname\": \"b\", \"cpus\": \"eight\"}]}");

        Run run = capacityPlan("--file", plan.toString());

        assertInvalidInput(run, "agents[1].cpus", "expected a number, got 'eight'");
    }

    @Test
    void fractionalBrokerId_isRefused_notTruncated() throws IOException {
        Path plan = planFile("{\"brokers\": [{\"id\": 1.5}]}");

        Run run = capacityPlan("--file", plan.toString());

        assertInvalidInput(run, "brokers[0].id", "expected a whole number");
    }

    @Test
    void unknownFieldInJson_listsTheAcceptedFields() throws IOException {
        Path plan = planFile("{\"agents\": [{\"hostname\": \"a\", \"cpu\": 4}]}");

        Run run = capacityPlan("--file", plan.toString());

        assertInvalidInput(run, "agents[0]", "unknown field 'cpu'", "accepted: agentId, attributes, count, cpus, disk, hostname, mem, ports, rack");
    }

    @Test
    void unknownStrategy_listsTheAcceptedOnes() throws IOException {
        assertInvalidInput(capacityPlan("--strategy", "fastest"), "--strategy", "unknown strategy 'fastest'; accepted: spread, bin-pack, first-fit");

        Path plan = planFile("{\"strategy\": \"fastest\"}");
        assertInvalidInput(capacityPlan("--file", plan.toString()), "strategy: unknown strategy 'fastest'; accepted: spread, bin-pack, first-fit");
    }

    @Test
    void acceptedStrategyNames_coverEveryStrategy() {
        assertThat(Arrays.stream(Strategy.values()).map(StrategyNames::name))
                .containsExactlyElementsOf(Arrays.asList(StrategyNames.ACCEPTED.split(", ")));
    }

    @Test
    void fileAndClusterOptions_areNotMixed() {
        Run run = capacityPlan("--file", THREE_RACKS.toString(), "--brokers", "9");

        assertInvalidInput(run, "--file cannot be combined with --brokers");
    }

    @Test
    void badOptionValues_nameTheOption() {
        assertInvalidInput(capacityPlan("--agent-ports", "31000..abc"), "--agent-ports: '31000..abc'", "9092,31000..32000");
        assertInvalidInput(capacityPlan("--agent-ports", "31000..32000,31500"), "--agent-ports:", "overlap");
        assertInvalidInput(capacityPlan("--broker-port", "70000"), "--broker-port: expected a port 1..65535, got 70000");
        assertInvalidInput(capacityPlan("--racks", "0"), "--racks must be >= 1, got 0");
        assertInvalidInput(capacityPlan("--agents", "many"), "'--agents'", "'many' is not an int");
    }

    @Test
    void planFile_countedAgentsAndBrokers_getSuffixedHostsAndTheLowestFreeIds() throws IOException {
        Path plan = planFile("{\"strategy\": \"first-fit\","
                + " \"agents\": [{\"hostname\": \"big\", \"count\": 2, \"cpus\": 4, \"mem\": 8192, \"ports\": \"9092\"}],"
                + " \"brokers\": [{\"id\": 1, \"cpus\": 1, \"mem\": 1024, \"port\": 9092},"
                + "               {\"count\": 3, \"cpus\": 1, \"mem\": 1024, \"ports\": 0}],"
                + " \"running\": [{\"id\": 0, \"hostname\": \"big-2\"}]}");

        Run run = capacityPlan("--file", plan.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Capacity plan (strategy first-fit): 2 agents in 1 rack, 4 brokers to place, 1 running");
        assertThat(run.matching(RACK_LINE)).extracting(m -> m.group(1)).containsExactly(PlacementReport.NO_RACK);
        assertThat(run.hostOfBroker()).containsExactly(Map.entry(0, "big-2"), Map.entry(1, "big-1"), Map.entry(2, "big-1"),
                Map.entry(3, "big-1"), Map.entry(4, "big-1"));
        assertThat(run.lines()).contains("    broker 1: 1 cpu, 1024 MB mem, 0 MB disk, port 9092",
                "    broker 2: 1 cpu, 1024 MB mem, 0 MB disk, no ports",
                "  big-1: 4 brokers; free 0 cpus, 4096 MB mem, 500000 MB disk");
    }

    @Test
    void runningBrokerOnAnUnknownHost_isRefused() throws IOException {
        Path plan = planFile("{\"agents\": [{\"hostname\": \"a\"}], \"running\": [{\"id\": 0, \"hostname\": \"b\"}]}");

        assertInvalidInput(capacityPlan("--file", plan.toString()), "running[0].hostname: 'b' is not among the agents");
    }

    @Test
    void help_documentsBothFormsOfInput() {
        Run run = capacityPlan("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: kafka-mesos capacity-plan", "--file=<plan.json>", "--agents=<n>",
                "--constraints=<constraints>", "Plan file (--file), JSON:", "\"agents\": [", "\"brokers\": [", "\"running\": [",
                "64   invalid input");
        assertThat(run.out().lines()).allMatch(line -> line.length() <= 80, "fits 80 columns");
    }

    @Test
    void withoutSubcommand_theCliNamesTheSubcommands() {
        Cli run = Cli.run();

        assertThat(run.exitCode()).isEqualTo(CapacityPlanner.EXIT_INVALID_INPUT);
        assertThat(run.err()).startsWith("kafka-mesos: missing subcommand; accepted: quickstart, scheduler, local-mesos, broker, topic, rebalance, capacity-plan");
    }
}
