package org.kafkamesos.core.local;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.Protos;

/**
 * Everything the local master knows (agents, frameworks, offers, tasks, executors), shared by the classes that make
 * up the master, and the master's lock: this object's monitor. The state is read and written, and callbacks are
 * queued to drivers, only while holding it, so callbacks reach schedulers in the order the master made them.
 */
final class MasterState {

    private static final int MASTER_PORT = 5050;

    final LocalMaster.Settings settings;
    final String masterId = UUID.randomUUID().toString();
    final Protos.MasterInfo masterInfo;
    /** The master's one thread: allocation, status update retries and failover timeouts run on it. */
    final ScheduledExecutorService timer;
    final OfferBook offers = new OfferBook(masterId);
    final Map<String, AgentSlot> agents = new LinkedHashMap<>();
    final Map<String, FrameworkEntry> frameworks = new LinkedHashMap<>();
    /** Ids of frameworks torn down; they may not register again. */
    final Set<String> removedFrameworks = new HashSet<>();
    /** Tasks the master knows, and orphans whose executor may still run them; by task id. */
    final Map<String, TaskEntry> tasks = new LinkedHashMap<>();
    /** The executor of every task ever launched, for its process, sandbox and logs; by task id. */
    final Map<String, ExecutorRun> executors = new LinkedHashMap<>();
    /** Executors whose driver has not stopped. */
    final Set<ExecutorRun> live = new HashSet<>();
    /** The executors that run as processes, by executor id, for their agents' {@code /api/v1/executor}. */
    final Map<String, ExecutorProcess> processes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Each agent's {@code ip:port} for its executors, once the HTTP server listens. */
    volatile Map<String, String> agentEndpoints = Map.of();
    boolean closed;
    private int frameworkCount;

    MasterState(LocalMaster.Settings settings) {
        this.settings = settings;
        settings.agents().forEach(a -> agents.put(a.agentId(), new AgentSlot(a, settings.workDir().resolve(a.agentId()))));
        this.masterInfo = Protos.MasterInfo.newBuilder()
                .setId(masterId)
                .setIp(0x7f000001)
                .setPort(MASTER_PORT)
                .setHostname("127.0.0.1")
                .setPid("master@127.0.0.1:" + MASTER_PORT)
                .setVersion("1.11.0")
                .setAddress(Protos.Address.newBuilder().setHostname("127.0.0.1").setIp("127.0.0.1").setPort(MASTER_PORT))
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-mesos-master");
            t.setDaemon(true);
            return t;
        });
    }

    Instant now() {
        return settings.clock().instant();
    }

    /** A new framework id, as a master gives one: its own id and a sequence number. */
    String nextFrameworkId() {
        return masterId + "-" + String.format("%04d", frameworkCount++);
    }

    /** @throws IllegalArgumentException if the cluster has no agent {@code agentId} */
    AgentSlot agent(String agentId) {
        AgentSlot agent = agents.get(agentId);
        if (agent == null) {
            throw new IllegalArgumentException("no agent " + agentId + "; agents are " + agents.keySet());
        }
        return agent;
    }

    /** The framework {@code driver} is connected as; null if none. */
    FrameworkEntry frameworkOf(LocalSchedulerDriver driver) {
        for (FrameworkEntry framework : frameworks.values()) {
            if (framework.driver == driver) {
                return framework;
            }
        }
        return null;
    }

    /** The agent's resources that neither outstanding offers nor tasks not yet ended on it hold. */
    AgentResources free(AgentSlot agent) {
        return agent.total().minus(offers.offeredOn(agent.agent.agentId())).minus(inUse(agent));
    }

    /** The resources that tasks not yet ended on {@code agent} hold. */
    AgentResources inUse(AgentSlot agent) {
        AgentResources used = AgentResources.NONE;
        for (TaskEntry task : tasks.values()) {
            if (task.agentId.equals(agent.agent.agentId()) && !task.endedOnAgent()) {
                used = used.plus(task.resources);
            }
        }
        return used;
    }
}
