package org.kafkamesos.core.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A broker's Mesos task: where it was launched and with which ports.
 *
 * @param taskId     the task id, {@code <cluster>-<broker>-<uuid>}
 * @param agentId    the agent it was launched on
 * @param hostname   the agent's host
 * @param ports      the ports it was given, the listener's first
 * @param attributes the agent's attributes, as constraints and id filters see them
 */
public record Task(String taskId, String agentId, String hostname, List<Integer> ports, Map<String, String> attributes) {

    public Task {
        if (taskId == null || taskId.isBlank() || agentId == null || agentId.isBlank() || hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("a task needs a task id, an agent id and a hostname, got " + taskId + ", " + agentId + ", " + hostname);
        }
        ports = List.copyOf(ports);
        attributes.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("task " + taskId + ": attribute names and values must not be null, got " + k + "=" + v);
            }
        });
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
