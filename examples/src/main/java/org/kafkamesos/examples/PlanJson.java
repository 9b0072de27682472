package org.kafkamesos.examples;

import java.util.List;
import java.util.Map;

/**
 * The plan file as Jackson reads it: plain records, every field optional here so that
 * {@link PlanFileConverter} can say what is missing. Absent fields are null.
 *
 * @param strategy spread, bin-pack or first-fit
 * @param agents   the agents whose free resources are offered
 * @param brokers  the brokers to place
 * @param running  brokers already running
 */
record PlanJson(String strategy, List<Agent> agents, List<Broker> brokers, List<Running> running) {

    /**
     * One agent, or {@code count} identical agents named {@code hostname-1..count}.
     *
     * @param mem  MB
     * @param disk MB
     */
    record Agent(String hostname, String agentId, Integer count, String rack, Map<String, Object> attributes,
                 Double cpus, Double mem, Double disk, List<String> ports) {
    }

    /**
     * One broker by {@code id}, or {@code count} brokers taking the lowest free ids.
     *
     * @param mem   MB
     * @param disk  MB
     * @param ports number of ports of any number
     * @param port  a specific port
     */
    record Broker(Integer id, Integer count, Double cpus, Double mem, Double disk, Integer ports, Integer port,
                  String constraints) {
    }

    /** A broker running on {@code hostname}, one of the agents. */
    record Running(Integer id, String hostname, String constraints) {
    }
}
