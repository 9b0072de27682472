package org.kafkamesos.core.mesos;

import java.util.Objects;
import org.apache.mesos.MesosSchedulerDriver;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.kafkamesos.core.mesos.v1.HttpSchedulerDriver;
import org.kafkamesos.core.mesos.v1.MasterDetector;

/**
 * Makes the {@link SchedulerDriver} a {@link KafkaFramework} runs on: Mesos' V1 HTTP scheduler API
 * ({@link #http(String)}, no native code), Mesos' native driver ({@link #nativeDriver(String)}), a local Mesos cluster
 * in this JVM ({@code LocalMesosCluster::driver}), or any other transport that speaks the driver's API.
 */
@FunctionalInterface
public interface DriverFactory {

    /**
     * A driver, not started, that calls {@code scheduler} back and registers with {@code framework}'s
     * {@code FrameworkInfo} (re-registering as its framework id, if it has one). Acknowledgements must be
     * explicit: the scheduler acknowledges a status update once its consequences are persisted.
     */
    SchedulerDriver create(Scheduler scheduler, FrameworkSettings framework);

    /**
     * A driver over Mesos' V1 HTTP scheduler API ({@link HttpSchedulerDriver}), which needs no Mesos native library:
     * it subscribes to the leading master, with the framework's credential as HTTP Basic if it has one.
     *
     * @param master {@code http://host:port}, {@code https://host:port}, {@code host:port} or
     *               {@code zk://[user:password@]host:port[,host:port...]/path}
     * @throws IllegalArgumentException if {@code master} is none of these, saying what is accepted
     */
    static DriverFactory http(String master) {
        MasterDetector.of(master).close(); // a master that cannot be parsed is refused now, not at the first connection
        return (scheduler, framework) -> HttpSchedulerDriver.builder(scheduler, framework.frameworkInfo(),
                MasterDetector.of(master)).credential(framework.credential()).build();
    }

    /**
     * Mesos' native (JNI) driver, with implicit acknowledgements off and the framework's credential, if it has
     * one. Loads the Mesos native library ({@code MESOS_NATIVE_JAVA_LIBRARY}) when called.
     *
     * @param master {@code host:port}, {@code zk://host:port/mesos} or {@code file:///path}
     * @throws UnsatisfiedLinkError from {@link #create} if the Mesos native library cannot be loaded
     */
    static DriverFactory nativeDriver(String master) {
        Objects.requireNonNull(master, "master");
        return (scheduler, framework) -> {
            Protos.FrameworkInfo info = framework.frameworkInfo();
            return framework.credential()
                    .<SchedulerDriver>map(credential -> new MesosSchedulerDriver(scheduler, info, master, false, credential))
                    .orElseGet(() -> new MesosSchedulerDriver(scheduler, info, master, false));
        };
    }
}
