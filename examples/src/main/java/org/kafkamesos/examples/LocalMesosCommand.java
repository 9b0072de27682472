package org.kafkamesos.examples;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.kafkamesos.core.local.LocalClusterException;
import org.kafkamesos.core.local.LocalMesosCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kafka-mesos local-mesos}: a local Mesos master and its agents in this process, serving Mesos' V1 scheduler
 * API over HTTP, until interrupted; a scheduler in another process connects with
 * {@code scheduler --master http://HOST:PORT}. Each task's executor is a process of its own, started from what the
 * task's URIs fetch into its sandbox, speaking Mesos' V1 executor API to its agent. Stopping this process ends its
 * agents and their tasks, as stopping a machine's Mesos master and agents together would; a scheduler that stops or
 * crashes leaves them running for its framework's failover timeout.
 */
@Command(name = "local-mesos", description = "Run a local Mesos master and agents, serving Mesos' HTTP scheduler API, until "
        + "interrupted.")
final class LocalMesosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "3",
            description = "Agents, on addresses 127.0.0.1..N (see --network); default ${DEFAULT-VALUE}.")
    int agents;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address the master listens on; default ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "5050",
            description = "The master's port (0 for any free one); default ${DEFAULT-VALUE}, as Mesos'.")
    int port;

    @Option(names = "--network", paramLabel = "N", defaultValue = "0",
            description = "The agents' loopback network: agents on 127.N.0.1..; default ${DEFAULT-VALUE}.")
    int network;

    @Option(names = "--ports", paramLabel = "FROM-TO", defaultValue = "9092-9100",
            description = "The ports each agent offers; default ${DEFAULT-VALUE}. 31000-32000 is what a stock Mesos agent offers.")
    String ports;

    @Option(names = "--work-dir", paramLabel = "PATH", defaultValue = ".kafka-mesos",
            description = "Where the agents keep their sandboxes and volumes (under local-mesos/); default ${DEFAULT-VALUE}.")
    Path workDir;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: 0..65535 (0 for any free one), got " + port);
        }
        LocalOptions local = new LocalOptions();
        local.agents = agents;
        local.network = network;
        local.ports = ports;
        local.workDir = workDir;
        LocalMesosCluster cluster;
        try {
            local.check();
            cluster = local.start("local-mesos", builder -> builder.httpMaster(host, port).processExecutors(true));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().replace("--local-", "--"), e);
        } catch (LocalClusterException | UncheckedIOException e) {
            spec.commandLine().getErr().println("kafka-mesos local-mesos: " + e.getMessage());
            return BrokerCli.EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cluster.close();
            } finally {
                stopped.countDown();
            }
        }, "kafka-mesos-local-mesos-shutdown"));
        URI master = cluster.masterUri().orElseThrow();
        PrintWriter out = spec.commandLine().getOut();
        int[] range = local.portRange();
        out.println("local Mesos master at " + master + " with " + agents + " agents on 127." + network + ".0.1.." + agents
                + ", ports " + range[0] + "-" + range[1] + "; Ctrl-C stops it and every task on it");
        out.println("next: ./kafka-mesos.sh scheduler --master " + master + " --bind-to-agent-host");
        out.flush();
        stopped.await();
        return 0;
    }
}
