package org.kafkamesos.core.mesos;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.Protos;

/**
 * How the scheduler registers with Mesos, and the {@code FrameworkInfo} and {@code Credential} it registers
 * with ({@link #frameworkInfo()}, {@link #credential()}).
 *
 * <p>The framework always checkpoints (its tasks survive an agent restart) and declares the capabilities
 * {@code RESERVATION_REFINEMENT} (offers name reservations in the {@code Resource.reservations} format, which
 * {@link MesosOffers} reads), {@code TASK_KILLING_STATE} (a kill is reported as {@code TASK_KILLING} first)
 * and, when {@code partitionAware}, {@code PARTITION_AWARE}: a task on an agent cut off from the master is
 * then reported {@code TASK_UNREACHABLE}, may come back {@code TASK_RUNNING} when the agent does, and is
 * {@code TASK_GONE} only when the agent is removed for good, instead of {@code TASK_LOST} for both, which
 * cannot tell a task that may return from one that is gone. It is not {@code MULTI_ROLE}: it has one role.
 *
 * @param name            the framework's name, shown in the Mesos UI
 * @param role            the role whose offers it receives; {@code *} for unreserved resources only
 * @param principal       the principal it authenticates and reserves as, if any
 * @param secret          the principal's secret, when the master requires authentication
 * @param user            the user its tasks run as; empty for the user the scheduler runs as (which the
 *                        scheduler driver fills in)
 * @param failoverTimeout how long Mesos keeps the framework's tasks running after the scheduler is gone, to
 *                        let a new scheduler re-register; default {@link #DEFAULT_FAILOVER_TIMEOUT} (one week)
 * @param frameworkId     the framework id of an earlier registration, to re-register as that framework (and
 *                        keep its tasks) after a scheduler restart; empty on first registration
 * @param webuiUrl        the URL of the scheduler's HTTP API, linked from the Mesos UI, if any
 * @param partitionAware  whether to declare {@code PARTITION_AWARE}; default true
 */
public record FrameworkSettings(String name, String role, Optional<String> principal, Optional<String> secret,
                                String user, Duration failoverTimeout, Optional<String> frameworkId,
                                Optional<String> webuiUrl, boolean partitionAware) {

    /**
     * One week: long enough to bring a failed scheduler back over a weekend; Kafka brokers keep serving
     * meanwhile. Mesos' own default (0) would kill every broker as soon as the scheduler disconnects.
     */
    public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofDays(7);

    public FrameworkSettings {
        requireText("framework name", name);
        requireText("framework role", role);
        if (role.chars().anyMatch(Character::isWhitespace) || role.startsWith("-") || role.equals(".")
                || role.equals("..")) {
            throw new IllegalArgumentException("role '" + role + "' is not a Mesos role: no whitespace, no leading '-',"
                    + " not '.' or '..'");
        }
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(secret, "secret");
        principal.ifPresent(p -> requireText("principal", p));
        if (secret.isPresent() && principal.isEmpty()) {
            throw new IllegalArgumentException("a secret was given without a principal: authentication needs both");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(failoverTimeout, "failoverTimeout");
        if (failoverTimeout.isNegative()) {
            throw new IllegalArgumentException("failover timeout must be >= 0, got " + failoverTimeout);
        }
        Objects.requireNonNull(frameworkId, "frameworkId");
        frameworkId.ifPresent(id -> requireText("framework id", id));
        Objects.requireNonNull(webuiUrl, "webuiUrl");
    }

    /** Settings of a framework called {@code name} in role {@code role}; see {@link Builder} for defaults. */
    public static Builder builder(String name, String role) {
        return new Builder(name, role);
    }

    /** The same settings re-registering as framework {@code id}, e.g. the id stored at first registration. */
    public FrameworkSettings withFrameworkId(String id) {
        return new FrameworkSettings(name, role, principal, secret, user, failoverTimeout, Optional.of(id), webuiUrl,
                partitionAware);
    }

    /** The {@code FrameworkInfo} to register with. */
    @SuppressWarnings("deprecation") // FrameworkInfo.role: the field for frameworks without MULTI_ROLE
    public Protos.FrameworkInfo frameworkInfo() {
        Protos.FrameworkInfo.Builder info = Protos.FrameworkInfo.newBuilder()
                .setName(name)
                .setUser(user)
                .setRole(role)
                .setCheckpoint(true)
                .setFailoverTimeout(failoverTimeout.toMillis() / 1000.0)
                .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT))
                .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
        if (partitionAware) {
            info.addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE));
        }
        principal.ifPresent(info::setPrincipal);
        frameworkId.ifPresent(id -> info.setId(Protos.FrameworkID.newBuilder().setValue(id)));
        webuiUrl.ifPresent(info::setWebuiUrl);
        return info.build();
    }

    /** The credential to authenticate with: present when both a principal and a secret are given. */
    public Optional<Protos.Credential> credential() {
        if (principal.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Protos.Credential.newBuilder().setPrincipal(principal.get()).setSecret(secret.get()).build());
    }

    /** The settings without the secret, which is shown as {@code ***}. */
    @Override
    public String toString() {
        return "FrameworkSettings[name=" + name + ", role=" + role + ", principal=" + principal.orElse("")
                + ", secret=" + (secret.isPresent() ? "***" : "") + ", user=" + user + ", failoverTimeout=" + failoverTimeout
                + ", frameworkId=" + frameworkId.orElse("") + ", webuiUrl=" + webuiUrl.orElse("")
                + ", partitionAware=" + partitionAware + "]";
    }

    private static Protos.FrameworkInfo.Capability capability(Protos.FrameworkInfo.Capability.Type type) {
        return Protos.FrameworkInfo.Capability.newBuilder().setType(type).build();
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /**
     * Builds {@link FrameworkSettings}. Defaults: no principal or secret, user empty (the scheduler's own),
     * failover timeout {@link #DEFAULT_FAILOVER_TIMEOUT}, no framework id, no web UI URL, partition aware.
     */
    public static final class Builder {
        private final String name;
        private final String role;
        private String principal;
        private String secret;
        private String user = "";
        private Duration failoverTimeout = DEFAULT_FAILOVER_TIMEOUT;
        private String frameworkId;
        private String webuiUrl;
        private boolean partitionAware = true;

        private Builder(String name, String role) {
            this.name = name;
            this.role = role;
        }

        /** The principal to authenticate and reserve as. */
        public Builder principal(String principal) {
            this.principal = principal;
            return this;
        }

        /** The principal's secret; with a principal, the driver authenticates. */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** The user tasks run as. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** How long tasks outlive a scheduler that is gone. */
        public Builder failoverTimeout(Duration timeout) {
            this.failoverTimeout = timeout;
            return this;
        }

        /** The framework id to re-register as. */
        public Builder frameworkId(String id) {
            this.frameworkId = id;
            return this;
        }

        /** The URL the Mesos UI links to. */
        public Builder webuiUrl(String url) {
            this.webuiUrl = url;
            return this;
        }

        /** Whether to declare {@code PARTITION_AWARE}. */
        public Builder partitionAware(boolean aware) {
            this.partitionAware = aware;
            return this;
        }

        /** @throws IllegalArgumentException naming what is wrong */
        public FrameworkSettings build() {
            return new FrameworkSettings(name, role, Optional.ofNullable(principal), Optional.ofNullable(secret), user,
                    failoverTimeout, Optional.ofNullable(frameworkId), Optional.ofNullable(webuiUrl), partitionAware);
        }
    }
}
