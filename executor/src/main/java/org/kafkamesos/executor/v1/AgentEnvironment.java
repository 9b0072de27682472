package org.kafkamesos.executor.v1;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Mesos agent tells an HTTP executor in its environment.
 *
 * @param agent           {@code MESOS_AGENT_ENDPOINT}: the agent's {@code ip:port}
 * @param frameworkId     {@code MESOS_FRAMEWORK_ID}
 * @param executorId      {@code MESOS_EXECUTOR_ID}
 * @param checkpoint      {@code MESOS_CHECKPOINT} is {@code 1}
 * @param recoveryTimeout {@code MESOS_RECOVERY_TIMEOUT}, 15 minutes when not given
 * @param backoffMax      {@code MESOS_SUBSCRIPTION_BACKOFF_MAX}, 2 s when not given
 */
public record AgentEnvironment(String agent, String frameworkId, String executorId, boolean checkpoint,
                               Duration recoveryTimeout, Duration backoffMax) {

    public AgentEnvironment {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(recoveryTimeout, "recoveryTimeout");
        Objects.requireNonNull(backoffMax, "backoffMax");
    }

    /**
     * The environment of an HTTP executor, if {@code env} is one.
     *
     * @return empty if {@code MESOS_AGENT_ENDPOINT} is not set (not started by an agent, or as a native executor)
     * @throws IllegalArgumentException if a variable is missing or malformed, naming it
     */
    public static Optional<AgentEnvironment> of(Map<String, String> env) {
        String agent = env.get("MESOS_AGENT_ENDPOINT");
        if (agent == null || agent.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AgentEnvironment(agent.strip(), required(env, "MESOS_FRAMEWORK_ID"),
                required(env, "MESOS_EXECUTOR_ID"), "1".equals(env.get("MESOS_CHECKPOINT")),
                duration(env, "MESOS_RECOVERY_TIMEOUT", Duration.ofMinutes(15)),
                duration(env, "MESOS_SUBSCRIPTION_BACKOFF_MAX", Duration.ofSeconds(2))));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set; a Mesos agent sets it for the executors it starts");
        }
        return value.strip();
    }

    /** Mesos' duration form: a number and a unit (ns, us, ms, secs, mins, hrs, days, weeks). */
    static Duration duration(Map<String, String> env, String name, Duration absent) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return absent;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|ms|secs|mins|hrs|days|weeks)")
                .matcher(value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " is '" + value + "'; a Mesos duration is a number and one of ns, us,"
                    + " ms, secs, mins, hrs, days, weeks, such as 15mins");
        }
        double n = Double.parseDouble(m.group(1));
        double nanosPerUnit = switch (m.group(2)) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "secs" -> 1e9;
            case "mins" -> 60e9;
            case "hrs" -> 3600e9;
            case "days" -> 86400e9;
            default -> 7 * 86400e9;
        };
        return Duration.ofNanos((long) (n * nanosPerUnit));
    }
}
