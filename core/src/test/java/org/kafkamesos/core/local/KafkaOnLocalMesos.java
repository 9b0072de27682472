package org.kafkamesos.core.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.mesos.FrameworkSettings;
import org.kafkamesos.core.mesos.KafkaFramework;
import org.kafkamesos.core.mesos.TaskInfoFactory;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.scheduler.OrchestratorSettings;
import org.kafkamesos.state.MemoryStateStore;

/**
 * Real Kafka brokers for integration tests: a {@link LocalMesosCluster}, a {@link KafkaFramework} on it (a memory
 * store, listeners bound to each agent's address) and brokers added and started, running when {@link Builder#start()}
 * returns. {@link #close()} stops the brokers, waits until their tasks are gone, and closes the framework and the
 * local cluster. The distribution is the one the executor module assembles (system property {@code kafka.dist}).
 */
public final class KafkaOnLocalMesos implements AutoCloseable {

    private final LocalMesosCluster local;
    private final KafkaFramework mesos;
    private final List<Broker> running;

    private KafkaOnLocalMesos(LocalMesosCluster local, KafkaFramework mesos, List<Broker> running) {
        this.local = local;
        this.mesos = mesos;
        this.running = running;
    }

    /** A set-up whose local cluster keeps its folders under {@code workDir}; see {@link Builder}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    public LocalMesosCluster local() {
        return local;
    }

    public KafkaCluster cluster() {
        return mesos.cluster();
    }

    /** The endpoints ({@code host:port}) of the brokers as they ran when the set-up started, comma-separated. */
    public String bootstrapServers() {
        return running.stream()
                .map(b -> b.task().orElseThrow().hostname() + ":" + b.task().orElseThrow().ports().get(0))
                .collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        try {
            mesos.cluster().stop("*").join();
            mesos.cluster().await("*", b -> b.phase() == TaskPhase.NONE, Duration.ofMinutes(1)).join();
        } finally {
            try {
                mesos.close();
            } finally {
                local.close();
            }
        }
    }

    /** Builds a {@link KafkaOnLocalMesos}; {@link #agents} and {@link #brokers} are required. */
    public static final class Builder {
        private final Path workDir;
        private UnaryOperator<LocalMesosCluster.Builder> agents;
        private UnaryOperator<KafkaCluster.Builder> cluster = UnaryOperator.identity();
        private String brokers;
        private BrokerSpec spec;
        private Duration startTimeout = Duration.ofMinutes(3);

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** The local cluster's agents, such as {@code b -> b.agents(5, 14)}. */
        public Builder agents(UnaryOperator<LocalMesosCluster.Builder> value) {
            agents = value;
            return this;
        }

        /** Settings of the cluster besides its store, distribution and bind-to-agent-host, such as its controllers. */
        public Builder cluster(UnaryOperator<KafkaCluster.Builder> value) {
            cluster = value;
            return this;
        }

        /** The brokers to add with {@code spec}, and start. */
        public Builder brokers(String ids, BrokerSpec value) {
            brokers = ids;
            spec = value;
            return this;
        }

        /** How long the brokers may take to run; default 3 minutes. */
        public Builder startTimeout(Duration value) {
            startTimeout = value;
            return this;
        }

        /** Starts it all; fails with the brokers' explanations if they do not run in time, and leaves nothing behind. */
        public KafkaOnLocalMesos start() {
            String distribution = System.getProperty("kafka.dist");
            assertThat(distribution).as("system property kafka.dist").isNotBlank();
            LocalMesosCluster local = agents.apply(LocalMesosCluster.builder(workDir.resolve("mesos"))).build();
            KafkaFramework mesos = null;
            try {
                mesos = KafkaFramework.builder()
                        .cluster(cluster.apply(KafkaCluster.builder()
                                .store(MemoryStateStore.create())
                                .distribution(distribution)
                                // a role that reserves: each node's storage is a volume of its own and outlives its
                                // task, as the example scheduler runs them (a controller relaunched in its sandbox would
                                // join the quorum with new storage, which only the scheduler's quorum changes make a voter)
                                .settings(OrchestratorSettings.DEFAULT.withRole("kafka").withBindToAgentHost(true))))
                        .framework(FrameworkSettings.builder("kafka", "kafka").build())
                        .tasks(TaskInfoFactory.builder("kafka", "https://repo.example/kafka-mesos-executor.jar").build())
                        .driver(local::driver)
                        .build()
                        .start();
                KafkaCluster kafka = mesos.cluster();
                kafka.add(brokers, spec).join();
                kafka.start(brokers).join();
                List<Broker> running;
                try {
                    running = kafka.await(brokers, b -> b.phase() == TaskPhase.RUNNING, startTimeout).join();
                } catch (RuntimeException e) {
                    throw new AssertionError("brokers not running: " + kafka.explain(brokers).join(), e);
                }
                return new KafkaOnLocalMesos(local, mesos, running);
            } catch (RuntimeException | AssertionError e) {
                if (mesos != null) {
                    mesos.close();
                }
                local.close();
                throw e;
            }
        }
    }
}
