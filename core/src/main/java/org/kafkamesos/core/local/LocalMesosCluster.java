package org.kafkamesos.core.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.kafkamesos.core.mesos.FrameworkSettings;
import org.kafkamesos.executor.ExecutorRuntime;
import org.kafkamesos.executor.LogFile;
import org.kafkamesos.executor.TaskStatusSink;

/**
 * A Mesos master and its agents in this JVM, for machines where Mesos cannot be installed: schedulers get a
 * {@link SchedulerDriver} ({@link #driver}) that behaves as the native driver connected to a master, and each task's
 * executor runs in-process (a {@code MesosExecutorAdapter} over an {@link ExecutorRuntime}, under an in-process
 * executor driver), so a Kafka task is a real Kafka process on this machine. Built with {@link Builder#httpMaster}, the
 * master also serves Mesos' V1 HTTP scheduler API at {@link #masterUri()}{@code /api/v1/scheduler}, for schedulers in
 * other processes ({@code HttpSchedulerDriver}); see {@code SchedulerEndpoint} for its answers.
 *
 * <pre>{@code
 * try (LocalMesosCluster local = LocalMesosCluster.builder(workDir).agents(3).build()) {
 *     SchedulerDriver driver = local.driver(scheduler, frameworkInfo);
 *     driver.run();
 * }
 * }</pre>
 *
 * <p><b>Modelled</b>, after the documented Mesos 1.11 behaviour:
 * <ul>
 *   <li>Agents with cpus, mem, disk, ports and text attributes, each with its own hostname and work folder
 *       ({@code workDir/<agentId>}); a sandbox per executor run,
 *       {@code <agentId>/frameworks/<frameworkId>/executors/<executorId>/runs/<uuid>}.</li>
 *   <li>Offers every offer interval (Mesos' allocation interval): to each registered, unsuppressed framework, one
 *       offer per reachable agent of all its resources that neither tasks nor outstanding offers hold (at least
 *       0.01 cpus or 32 MB, or something reserved), unless a filter of that framework refuses that agent; an
 *       agent's unreserved resources go to one framework per cycle, and resources reserved for a role only to a
 *       framework of that role, with their {@code ReservationInfo} (type, role, principal, labels).
 *       {@code declineOffer} and {@code launchTasks} install a filter of the resources refused for
 *       {@code refuse_seconds} (5 s without filters), which blocks an offer of that agent only while all its resources
 *       are among them, as the allocator's {@code RefusedOfferFilter} does: resources freed since pass with the rest;
 *       {@code reviveOffers} clears the framework's filters and un-suppresses; {@code suppressOffers} stops its
 *       offers. Offers are rescinded ({@code offerRescinded}) when
 *       their agent is lost and by {@link #rescindOffers()}.</li>
 *   <li>Accept ({@code acceptOffers}; {@code launchTasks} is an accept with one {@code LAUNCH}): the offers must be
 *       outstanding, the framework's and of one agent, else every task gets {@code TASK_DROPPED} (partition-aware
 *       frameworks) or {@code TASK_LOST}, reason {@code REASON_INVALID_OFFERS}, and nothing else is done. The
 *       operations run in order on the offered resources: {@code RESERVE}, {@code UNRESERVE}, {@code CREATE} and
 *       {@code DESTROY} with the master's validation ({@code OfferOperations}: reserve unreserved resources only,
 *       for the framework's role, with its principal; create volumes only on disk reserved for the role, with a
 *       persistence id unique on the agent; destroy only a volume no task uses; unreserve only resources that are
 *       no volume), an invalid one dropped on its own and logged, as the master drops it; {@code LAUNCH} as
 *       below. An invalid task (empty or duplicate id, another agent, no executor, an executor id in use,
 *       resources beyond what the offers hold after the operations before it) gets {@code TASK_ERROR},
 *       {@code REASON_TASK_INVALID}. The rest goes back to the pool, filtered for the accept's
 *       {@code refuse_seconds}, except converted resources, which Mesos returns unfiltered. A task holds its
 *       resources until it is terminal.</li>
 *   <li>Persistent volumes: a volume's data lives in {@code <agentId>/volumes/roles/<role>/<persistence id>},
 *       outside every sandbox; a task that uses it sees it at {@code <sandbox>/<container path>} (a symbolic link,
 *       as Mesos' posix isolator makes it, so the container path is one segment); it outlives its task and its
 *       executor, and is offered again, with its {@code DiskInfo.persistence}, once no task uses it;
 *       {@code DESTROY} deletes its data. An agent checkpoints its reservations and volumes in
 *       {@code <agentId>/meta/resources/resources_and_operations.state}, and a cluster started on the same work
 *       folder recovers them, as a Mesos agent does after a restart.</li>
 *   <li>Status updates from executors get a uuid, {@code SOURCE_EXECUTOR}, the agent and executor id, and go
 *       through a status update stream per task: in order, the next only once the scheduler acknowledged the
 *       previous one ({@code acknowledgeStatusUpdate}; acknowledgements are explicit), an unacknowledged one sent
 *       again after the status update retry (default 10 s, doubling up to 10 minutes). The master's own updates
 *       (reconciliation answers, launch refusals, agent loss) carry no uuid, need no acknowledgement, come from
 *       {@code SOURCE_MASTER} and are sent once. A task is forgotten once its terminal update is acknowledged.
 *       An executor that ends before its task fails it ({@code REASON_EXECUTOR_TERMINATED}, {@code SOURCE_SLAVE})
 *       and the scheduler hears {@code executorLost}.</li>
 *   <li>{@code killTask} goes to the task's executor, whose runtime sends SIGTERM, then SIGKILL after the grace
 *       period. A task the master does not know is answered as explicit reconciliation answers it (Mesos does the
 *       same): {@code TASK_UNKNOWN}, or {@code TASK_LOST} for frameworks that are not partition-aware. A kill of a
 *       task on an unreachable agent is logged and dropped, as the master cannot reach the agent.</li>
 *   <li>Reconciliation, explicit: a known task's latest state; an unknown task on a registered agent
 *       {@code TASK_GONE}, on an unreachable agent {@code TASK_UNREACHABLE}, on an unknown or unnamed agent
 *       {@code TASK_UNKNOWN} ({@code TASK_LOST} in each case for frameworks that are not partition-aware).
 *       Implicit: the latest state of every non-terminal task of the framework. Every answer has reason
 *       {@code REASON_RECONCILIATION}.</li>
 *   <li>Framework failover: {@code stop(true)} or {@code abort()} keeps the framework and its tasks for
 *       {@code FrameworkInfo.failover_timeout} (Mesos' default 0 tears it down at once); a driver started with the
 *       framework's id registers as it ({@code registered} with the same id) and receives the unacknowledged
 *       updates again; a driver still connected with that id gets {@code error("Framework failed over")}.
 *       {@code stop()} / {@code stop(false)}, or the timeout, tear the framework down: its tasks are killed and its
 *       id is refused afterwards ({@code error("Framework has been removed")}). An id the cluster never gave is
 *       accepted as it is, as a master that failed over accepts it.</li>
 *   <li>Agent loss ({@link #loseAgent}): the agent is cut off, not stopped, so its Kafka processes keep running.
 *       Its offers are rescinded, its tasks become {@code TASK_UNREACHABLE} (partition-aware) or
 *       {@code TASK_LOST}, reason {@code REASON_SLAVE_REMOVED}, then every framework hears {@code slaveLost}.
 *       Updates its executors send meanwhile wait in their streams. On {@link #restoreAgent}, tasks of a
 *       partition-aware framework come back: the master restates each one's latest state (a master update,
 *       reason {@code REASON_RECONCILIATION}; a real master leaves that to reconciliation) unless the stream has
 *       updates to send, which then go out; tasks of frameworks that are not partition-aware are killed, as Mesos
 *       shuts them down when their agent re-registers.</li>
 *   <li>Callbacks run on one thread per driver, in order; one that throws is logged and the driver goes on (the
 *       native driver would abort).</li>
 * </ul>
 *
 * <p><b>Not modelled</b>: hierarchical roles, quota, weights and DRF between frameworks (frameworks are offered
 * an agent in registration order; one framework at a time is the intended use), static reservations, refined
 * reservations, shared volumes, offer operations other than the five above (such as {@code LAUNCH_GROUP},
 * {@code GROW_VOLUME}), operation feedback, ACLs on operations, revocable resources, containerizers and
 * isolation (tasks share this machine; resources are only counted, and a volume's size is not enforced), the
 * fetcher for in-process executors ({@code CommandInfo} URIs are fetched only for
 * {@linkplain Builder#processExecutors process executors}, by {@code Fetcher}, without its cache), command tasks and
 * task groups, several tasks per executor, health checks, framework messages to schedulers, authentication and
 * authorisation, master failover, agent restarts while the cluster runs (only the recovery of reservations and
 * volumes when a cluster starts again), removal of agents for good ({@code TASK_GONE_BY_OPERATOR}), the V1 APIs'
 * JSON bodies (protobuf only), and the operator API ({@code /api/v1}).
 *
 * <p>One cluster at a time uses a work folder. The Kafka processes of a cluster end with its JVM, however it ends
 * ({@code ExecutorWatch}); a cluster that starts on a work folder ends whatever an earlier one left running there
 * before its agents start, as a Mesos agent ends executors that do not reconnect after it restarts.
 *
 * <p>Task ids identify tasks across the whole cluster here (Mesos scopes them per framework).
 * Thread-safe. {@link #close()} kills every task and waits until their processes have exited.
 */
public final class LocalMesosCluster implements AutoCloseable {

    private final LocalMaster master;
    private final EarlierRuns workDir;
    private final Optional<MasterHttpServer> http;

    private LocalMesosCluster(LocalMaster master, EarlierRuns workDir, Optional<MasterHttpServer> http) {
        this.master = master;
        this.workDir = workDir;
        this.http = http;
    }

    /** Starts a cluster whose agents keep their folders under {@code workDir}; see {@link Builder}. */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /**
     * A scheduler driver for {@code scheduler}, not started. It registers as a new framework, or, when
     * {@code frameworkInfo} has an id, as that framework (failover). Each call gives a new driver.
     */
    public SchedulerDriver driver(Scheduler scheduler, Protos.FrameworkInfo frameworkInfo) {
        return new LocalSchedulerDriver(master, scheduler, frameworkInfo);
    }

    /**
     * A scheduler driver for {@code scheduler}, not started, registering with {@code framework}'s
     * {@code FrameworkInfo}: what a {@link org.kafkamesos.core.mesos.KafkaFramework} takes as its
     * {@link org.kafkamesos.core.mesos.DriverFactory} ({@code local::driver}).
     */
    public SchedulerDriver driver(Scheduler scheduler, FrameworkSettings framework) {
        return driver(scheduler, framework.frameworkInfo());
    }

    /**
     * The master's HTTP address ({@code http://host:port}), where it serves Mesos' V1 scheduler API
     * ({@code /api/v1/scheduler}), when built with {@link Builder#httpMaster}; empty otherwise.
     */
    public Optional<URI> masterUri() {
        return http.map(MasterHttpServer::uri);
    }

    /** The HTTP side of the master, if it has one: for the tests of this package. */
    Optional<MasterHttpServer> httpServer() {
        return http;
    }

    /** The running Kafka process of task {@code taskId}, while there is one. */
    public Optional<ProcessHandle> process(String taskId) {
        return master.process(taskId);
    }

    /**
     * The last {@code lines} lines of one of task {@code taskId}'s log files, also once the task has ended.
     *
     * @throws IllegalArgumentException if no task {@code taskId} was launched here, or {@code lines < 0}
     */
    public String logTail(String taskId, LogFile file, int lines) {
        return master.logTail(taskId, file, lines);
    }

    /** The sandbox (working folder) of task {@code taskId}'s executor, if the task was launched here. */
    public Optional<Path> sandbox(String taskId) {
        return master.executorOf(taskId).map(run -> run.sandbox());
    }

    /** The tasks the master knows now, in launch order. */
    public List<LocalTask> tasks() {
        return master.tasks();
    }

    /** The ids of the offers made and neither used, declined nor rescinded yet, oldest first. */
    public List<String> outstandingOffers() {
        return master.outstandingOffers();
    }

    /** Every agent now, in the order given to the builder. */
    public List<LocalAgentState> agents() {
        return master.agents();
    }

    /**
     * Cuts agent {@code agentId} off from the master (a network partition); its tasks keep running. See the class
     * description for what frameworks are told. Does nothing if it is cut off already.
     *
     * @throws IllegalArgumentException if there is no such agent
     */
    public void loseAgent(String agentId) {
        master.loseAgent(agentId);
    }

    /**
     * Reconnects agent {@code agentId}, lost by {@link #loseAgent}. Does nothing if it is not lost.
     *
     * @throws IllegalArgumentException if there is no such agent
     */
    public void restoreAgent(String agentId) {
        master.restoreAgent(agentId);
    }

    /** Rescinds every outstanding offer ({@code offerRescinded}); the resources are offered again next cycle. */
    public void rescindOffers() {
        master.rescindOffers();
    }

    /**
     * Kills every task, waits until their processes have exited (up to each runtime's kill grace period and a
     * margin), then ends every driver ({@code join()} returns {@code DRIVER_STOPPED}) and the master's threads.
     * Frameworks are not torn down. Idempotent.
     */
    @Override
    public void close() {
        try {
            // the master first: executor processes hear their SHUTDOWN through the agents' HTTP side
            master.close();
            http.ifPresent(MasterHttpServer::close);
        } finally {
            workDir.close();
        }
    }

    /**
     * Builds a {@link LocalMesosCluster}. Defaults: no agent unless {@link #agents} or {@link #agent} is called;
     * offer interval 1 s; status update retry 10 s; the runtime
     * {@code sink -> ExecutorRuntime.builder().statusSink(sink).build()}; the system clock.
     */
    public static final class Builder {
        private final Path workDir;
        private final List<LocalAgent> agents = new ArrayList<>();
        private Duration offerInterval = Duration.ofSeconds(1);
        private Duration statusUpdateRetry = Duration.ofSeconds(10);
        private Function<TaskStatusSink, ExecutorRuntime> runtimeFactory =
                sink -> ExecutorRuntime.builder().statusSink(sink).build();
        private InstantSource clock = InstantSource.system();
        private InetSocketAddress httpMaster;
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private boolean processExecutors;

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /**
         * Adds agents {@code agent-1..agent-<n>}: agent {@code i} on address {@code 127.0.0.<i>}, with 4 cpus,
         * 8192 MB mem, 20480 MB disk, ports 9092-9100 and attribute {@code rack=r<i>}. Linux routes all of
         * 127.0.0.0/8 to the loopback interface; macOS needs {@code sudo ifconfig lo0 alias 127.0.0.<i>} for
         * {@code i > 1}.
         */
        public Builder agents(int n) {
            if (n < 1 || n > 254) {
                throw new IllegalArgumentException("agents(n) takes 1..254 agents, got " + n);
            }
            for (int i = 1; i <= n; i++) {
                agents.add(LocalAgent.defaultAgent(i));
            }
            return this;
        }

        /**
         * Adds {@code n} agents like {@link #agents(int)}, on the loopback addresses {@code 127.<network>.0.1..n}
         * instead of {@code 127.0.0.1..n}: a second local cluster on the same machine (a test beside a running
         * quickstart, say) then binds the same ports without a clash.
         */
        public Builder agents(int n, int network) {
            return agents(n, network, LocalAgent.DEFAULT_PORTS.begin(), LocalAgent.DEFAULT_PORTS.end());
        }

        /**
         * Adds {@code n} agents like {@link #agents(int, int)} that offer the ports {@code portsFrom..portsTo} instead of
         * 9092-9100: {@code 31000, 32000} is what a stock Mesos agent offers (its {@code --resources} default).
         */
        public Builder agents(int n, int network, int portsFrom, int portsTo) {
            if (n < 1 || n > 254) {
                throw new IllegalArgumentException("agents(n) takes 1..254 agents, got " + n);
            }
            for (int i = 1; i <= n; i++) {
                agents.add(LocalAgent.defaultAgent(i, network, portsFrom, portsTo));
            }
            return this;
        }

        /** Adds {@code agent}; repeatable. */
        public Builder agent(LocalAgent agent) {
            agents.add(Objects.requireNonNull(agent, "agent"));
            return this;
        }

        /** How often offers are made (Mesos' allocation interval); default 1 s. */
        public Builder offerInterval(Duration interval) {
            offerInterval = interval;
            return this;
        }

        /**
         * How long an unacknowledged status update waits before it is sent again the first time; each further wait
         * doubles, up to 10 minutes. Default 10 s, as Mesos' agent.
         */
        public Builder statusUpdateRetry(Duration initialDelay) {
            statusUpdateRetry = initialDelay;
            return this;
        }

        /** Makes each executor's runtime, given the sink its updates go to; default a process runtime. */
        public Builder runtimeFactory(Function<TaskStatusSink, ExecutorRuntime> factory) {
            runtimeFactory = factory;
            return this;
        }

        /**
         * Serves the master over HTTP on {@code host:port} (port 0: any free one), with Mesos' V1 scheduler API at
         * {@code /api/v1/scheduler}; see {@link #masterUri()}. Default: no HTTP, drivers in this JVM only.
         */
        public Builder httpMaster(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("the master's port is 0..65535 (0 for any free one), got " + port);
            }
            httpMaster = new InetSocketAddress(Objects.requireNonNull(host, "host"), port);
            if (httpMaster.isUnresolved()) {
                throw new IllegalArgumentException("the master's host '" + host + "' does not resolve");
            }
            return this;
        }

        /**
         * Runs each executor as a process of its own, as a Mesos agent does: the task's URIs fetched into its sandbox,
         * its command run there with an HTTP executor's environment, speaking Mesos' V1 executor API to its agent's
         * {@code /api/v1/executor} (each agent serves it on its own address, on a free port). Needs
         * {@link #httpMaster}; the {@link #runtimeFactory} then goes unused. Default: executors in this JVM.
         */
        public Builder processExecutors(boolean value) {
            processExecutors = value;
            return this;
        }

        /** How often the HTTP master sends each subscriber a HEARTBEAT event; default 15 s, as Mesos. */
        public Builder heartbeatInterval(Duration interval) {
            heartbeatInterval = interval;
            return this;
        }

        /** Times offer filters and stamps the master's updates; default the system clock. */
        public Builder clock(InstantSource instantSource) {
            clock = instantSource;
            return this;
        }

        /**
         * Creates the work folder and starts the master.
         *
         * @throws IllegalArgumentException if no agent is given, two agents share an id, or a setting is out of range
         * @throws LocalClusterException    if an agent's address cannot be bound on this machine, or the work folder
         *                                  cannot be created, or another local cluster uses it; the processes an earlier
         *                                  cluster on it left running are ended first (see {@code EarlierRuns})
         */
        public LocalMesosCluster build() {
            if (agents.isEmpty()) {
                throw new IllegalArgumentException("a local cluster needs at least one agent: agents(n) or agent(...)");
            }
            Set<String> ids = new HashSet<>();
            for (LocalAgent agent : agents) {
                if (!ids.add(agent.agentId())) {
                    throw new IllegalArgumentException("agent id " + agent.agentId() + " is given twice");
                }
            }
            requirePositive("offer interval", offerInterval);
            requirePositive("status update retry", statusUpdateRetry);
            requirePositive("heartbeat interval", heartbeatInterval);
            if (processExecutors && httpMaster == null) {
                throw new IllegalArgumentException("process executors speak HTTP to their agent: give httpMaster(host, port)"
                        + " too");
            }
            Objects.requireNonNull(runtimeFactory, "runtimeFactory");
            Objects.requireNonNull(clock, "clock");
            agents.forEach(agent -> requireBindable(agent.hostname()));
            try {
                Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new LocalClusterException("cannot create the work folder " + workDir + ": " + e.getMessage(),
                        new UncheckedIOException(e));
            }
            EarlierRuns taken = EarlierRuns.take(workDir);
            LocalMaster master = null;
            try {
                master = new LocalMaster(new LocalMaster.Settings(workDir, List.copyOf(agents),
                        offerInterval, statusUpdateRetry, runtimeFactory, clock, processExecutors));
                LocalMaster started = master;
                Optional<MasterHttpServer> http = Optional.ofNullable(httpMaster)
                        .map(address -> MasterHttpServer.start(started, address, heartbeatInterval));
                return new LocalMesosCluster(master, taken, http);
            } catch (RuntimeException e) {
                if (master != null) {
                    master.close();
                }
                taken.close();
                throw e;
            }
        }

        private static void requirePositive(String what, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be > 0, got " + value);
            }
        }

        /** Binds an ephemeral port on {@code address}, so that a Kafka node of that agent can bind too. */
        static void requireBindable(String address) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
                socket.getLocalPort();
            } catch (IOException e) {
                throw new LocalClusterException("agent address " + address + " cannot be bound on this machine ("
                        + e.getMessage() + "). On Linux every 127.0.0.N is a loopback address; on macOS add it first with"
                        + " 'sudo ifconfig lo0 alias " + address + "', or give agents addresses this machine has.", e);
            }
        }
    }
}
