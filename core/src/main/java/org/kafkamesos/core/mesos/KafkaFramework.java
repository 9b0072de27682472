package org.kafkamesos.core.mesos;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;
import org.kafkamesos.core.KafkaCluster;
import org.kafkamesos.core.scheduler.MesosAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KafkaCluster} running on Mesos: the one door for it. The builder makes the cluster (restoring it from
 * its store), registers with the framework id the store holds so that Mesos sees a restarted scheduler as the same
 * framework, and wires the driver's callbacks into the cluster ({@link MesosSchedulerAdapter}) and the cluster's
 * actions onto the driver ({@link DriverActionSink}).
 *
 * <pre>{@code
 * try (KafkaFramework mesos = KafkaFramework.builder()
 *         .cluster(KafkaCluster.builder().store(leadership.store()).distribution("kafka_2.13-4.1.1.tgz"))
 *         .framework(FrameworkSettings.builder("kafka", "kafka").principal("kafka").build())
 *         .tasks(TaskInfoFactory.builder("kafka", "https://repo.example/kafka-mesos-executor.jar").build())
 *         .driver(DriverFactory.http("zk://zk1:2181/mesos"))   // or nativeDriver(...), or localMesosCluster::driver
 *         .build()
 *         .start()) {
 *     mesos.cluster().add("0..2", BrokerSpec.DEFAULT).join();
 *     mesos.cluster().start("*").join();
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the driver with failover, so that Mesos keeps the brokers running for the framework's
 * failover timeout and the next scheduler on the same store takes them over, then closes the cluster.
 */
public final class KafkaFramework implements AutoCloseable {

    private final KafkaCluster cluster;
    private final SchedulerDriver driver;
    private final FrameworkSettings framework;
    private boolean closed;

    private KafkaFramework(KafkaCluster cluster, SchedulerDriver driver, FrameworkSettings framework) {
        this.cluster = cluster;
        this.driver = driver;
        this.framework = framework;
    }

    /** Starts the wiring of a cluster on Mesos; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster: its Java API. */
    public KafkaCluster cluster() {
        return cluster;
    }

    /** The driver the cluster runs on; {@link #start()} starts it. */
    public SchedulerDriver driver() {
        return driver;
    }

    /** The settings the framework registers with: the given ones, with the framework id the store holds, if any. */
    public FrameworkSettings framework() {
        return framework;
    }

    /**
     * Starts the driver: the framework registers (or re-registers) and reconciles, and offers begin.
     *
     * @return this
     * @throws IllegalStateException if the driver does not start, with its status
     */
    public KafkaFramework start() {
        Protos.Status status = driver.start();
        if (status != Protos.Status.DRIVER_RUNNING) {
            throw new IllegalStateException("the Mesos driver did not start: " + status);
        }
        return this;
    }

    /**
     * Stops the driver with failover (the brokers keep running; a new scheduler on the same store takes them over),
     * then the cluster's event loop. Closing twice does nothing more.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.stop(true);
        } finally {
            cluster.close();
        }
    }

    /**
     * Builds a {@link KafkaFramework}; {@link #cluster}, {@link #framework}, {@link #tasks} and {@link #driver} are
     * required.
     */
    public static final class Builder {
        private KafkaCluster.Builder cluster;
        private FrameworkSettings framework;
        private TaskInfoFactory tasks;
        private DriverFactory driver;

        private Builder() {
        }

        /**
         * The cluster to run, as configured for {@link KafkaCluster#builder()} but for its action sink, which is the
         * driver's: whatever {@link KafkaCluster.Builder#actions} it had is replaced.
         */
        public Builder cluster(KafkaCluster.Builder value) {
            cluster = Objects.requireNonNull(value, "cluster");
            return this;
        }

        /** How the framework registers; a framework id the cluster's store holds replaces the one given here. */
        public Builder framework(FrameworkSettings value) {
            framework = Objects.requireNonNull(value, "framework");
            return this;
        }

        /** What the brokers' tasks look like; made for the cluster's name ({@link TaskInfoFactory#builder}). */
        public Builder tasks(TaskInfoFactory value) {
            tasks = Objects.requireNonNull(value, "tasks");
            return this;
        }

        /** Where the driver comes from: {@link DriverFactory#nativeDriver(String)}, or a local Mesos cluster's. */
        public Builder driver(DriverFactory value) {
            driver = Objects.requireNonNull(value, "driver");
            return this;
        }

        /**
         * Makes the cluster (restoring it from its store), then the driver, registered with the stored framework id;
         * the driver is not started. If anything fails, the cluster is closed again.
         *
         * @throws IllegalArgumentException if a setting is missing, or the task factory is for another cluster than
         *                                  the one the store holds
         */
        public KafkaFramework build() {
            if (cluster == null || framework == null || tasks == null || driver == null) {
                throw new IllegalArgumentException("a Kafka framework needs a cluster, framework settings, a task factory and a"
                        + " driver factory; missing: " + missing());
            }
            ActionForwarder forwarder = new ActionForwarder();
            KafkaCluster made = cluster.actions(forwarder).build();
            try {
                if (!tasks.clusterName().equals(made.spec().name())) {
                    throw new IllegalArgumentException("the task factory makes tasks of cluster '" + tasks.clusterName()
                            + "', but the cluster is named '" + made.spec().name() + "' (a stored cluster keeps the name it was"
                            + " created with); build the TaskInfoFactory with the cluster's name");
                }
                FrameworkSettings settings = made.frameworkId().join().map(framework::withFrameworkId).orElse(framework);
                MesosSchedulerAdapter adapter = new MesosSchedulerAdapter(made::onEvent);
                SchedulerDriver madeDriver = Objects.requireNonNull(driver.create(adapter, settings),
                        "the driver factory gave no driver");
                forwarder.target = adapter.actionSink(madeDriver, tasks, settings.principal());
                return new KafkaFramework(made, madeDriver, settings);
            } catch (RuntimeException | Error e) {
                made.close();
                throw e;
            }
        }

        private String missing() {
            StringBuilder s = new StringBuilder();
            if (cluster == null) {
                s.append("cluster ");
            }
            if (framework == null) {
                s.append("framework ");
            }
            if (tasks == null) {
                s.append("tasks ");
            }
            if (driver == null) {
                s.append("driver ");
            }
            return s.toString().strip();
        }
    }

    /**
     * The cluster's action sink, pointed at the driver once the driver exists. The cluster is made first (the driver
     * needs the framework id it stores), and it acts on Mesos only once the driver has registered it, so no action
     * arrives before the target is set; one that did would find no driver to carry it out.
     */
    private static final class ActionForwarder implements Consumer<List<MesosAction>> {
        private static final Logger LOG = LoggerFactory.getLogger(KafkaFramework.class);
        private volatile DriverActionSink target;

        @Override
        public void accept(List<MesosAction> actions) {
            DriverActionSink sink = target;
            if (sink == null) {
                LOG.warn("no driver yet to carry out {}", actions);
                return;
            }
            sink.execute(actions);
        }
    }
}
