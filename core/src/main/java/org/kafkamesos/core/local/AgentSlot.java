package org.kafkamesos.core.local;

import org.apache.mesos.Protos;

/**
 * One agent as the master knows it: its total resources, the {@code SlaveInfo} its executors are told, and whether
 * the master can reach it. Mutable; touched only under the master's lock ({@link MasterState}).
 */
final class AgentSlot {

    private static final int AGENT_PORT = 5051;

    final LocalAgent agent;
    final AgentResources total;
    final Protos.SlaveInfo info;
    /** False while the agent is cut off ({@link LocalMesosCluster#loseAgent}). */
    boolean reachable = true;

    AgentSlot(LocalAgent agent) {
        this.agent = agent;
        this.total = AgentResources.of(agent);
        Protos.SlaveInfo.Builder info = Protos.SlaveInfo.newBuilder()
                .setId(Protos.SlaveID.newBuilder().setValue(agent.agentId()))
                .setHostname(agent.hostname())
                .setPort(AGENT_PORT)
                .addAllResources(total.toProtos("*"));
        agent.attributes().forEach((name, value) -> info.addAttributes(Protos.Attribute.newBuilder().setName(name)
                .setType(Protos.Value.Type.TEXT).setText(Protos.Value.Text.newBuilder().setValue(value))));
        this.info = info.build();
    }
}
