package org.kafkamesos.core.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos;

/**
 * Outstanding offers and offer filters. An offer holds all of one agent's resources that neither a task holds nor
 * another offer names. A filter, as the hierarchical allocator keeps it ({@code src/master/allocator/mesos/
 * hierarchical.cpp}, {@code RefusedOfferFilter}), is per framework and agent and holds the resources refused: until it
 * expires it blocks an offer whose resources are all among them, and only such an offer, so that resources freed on
 * the agent since (a task that ended) are offered at once with the rest. A revive or a disconnect clears a framework's
 * filters. Touched only under the master's lock.
 */
final class OfferBook {

    /** Mesos' {@code Filters.refuse_seconds} default, when a decline or launch gives no filters. */
    static final double DEFAULT_REFUSE_SECONDS = 5;
    /** The longest filter Mesos installs (a year); longer ones are cut to it. */
    private static final double MAX_REFUSE_SECONDS = 365 * 24 * 3600.0;

    /** A filter: {@code resources} refused until {@code until}. */
    private record Refusal(AgentResources resources, Instant until) {
    }

    /** An offer sent and neither used, declined nor rescinded. */
    record Outstanding(Protos.Offer offer, String frameworkId, String agentId, AgentResources resources) {
        String id() {
            return offer.getId().getValue();
        }
    }

    private final String masterId;
    private final Map<String, Outstanding> offers = new LinkedHashMap<>();
    /** The filters of each framework, by agent. */
    private final Map<String, Map<String, List<Refusal>>> refusals = new HashMap<>();
    private long next;

    OfferBook(String masterId) {
        this.masterId = masterId;
    }

    /** Makes and records an offer of {@code resources} on {@code agent} to framework {@code framework}. */
    Outstanding create(Protos.FrameworkInfo framework, LocalAgent agent, AgentResources resources) {
        String id = masterId + "-O" + next++;
        Protos.Offer.Builder offer = Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(framework.getId())
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(agent.agentId()))
                .setHostname(agent.hostname())
                .addAllResources(resources.toProtos(role(framework)));
        agent.attributes().forEach((name, value) -> offer.addAttributes(Protos.Attribute.newBuilder()
                .setName(name).setType(Protos.Value.Type.TEXT).setText(Protos.Value.Text.newBuilder().setValue(value))));
        Outstanding made = new Outstanding(offer.build(), framework.getId().getValue(), agent.agentId(), resources);
        offers.put(id, made);
        return made;
    }

    /** The ids of the outstanding offers, oldest first. */
    List<String> ids() {
        return List.copyOf(offers.keySet());
    }

    Optional<Outstanding> get(String offerId) {
        return Optional.ofNullable(offers.get(offerId));
    }

    Optional<Outstanding> remove(String offerId) {
        return Optional.ofNullable(offers.remove(offerId));
    }

    /** What outstanding offers name on {@code agentId}. */
    AgentResources offeredOn(String agentId) {
        AgentResources sum = AgentResources.NONE;
        for (Outstanding o : offers.values()) {
            if (o.agentId().equals(agentId)) {
                sum = sum.plus(o.resources());
            }
        }
        return sum;
    }

    /** Removes and answers the outstanding offers of {@code agentId}, or of every agent if null. */
    List<Outstanding> removeOfAgent(String agentId) {
        return removeIf(o -> agentId == null || o.agentId().equals(agentId));
    }

    /** Removes and answers the outstanding offers to framework {@code frameworkId}. */
    List<Outstanding> removeOfFramework(String frameworkId) {
        return removeIf(o -> o.frameworkId().equals(frameworkId));
    }

    /**
     * Refuses offers of {@code resources} (or fewer) of {@code agentId} to {@code frameworkId} for
     * {@code filters.refuse_seconds} (5 s when {@code filters} is null); none when that is not positive, or when nothing
     * is refused.
     */
    void refuse(String frameworkId, String agentId, AgentResources resources, Protos.Filters filters, Instant now) {
        double seconds = filters == null ? DEFAULT_REFUSE_SECONDS : filters.getRefuseSeconds();
        if (!(seconds > 0) || resources.isEmpty()) {
            return;
        }
        Instant until = now.plus(Duration.ofNanos((long) (Math.min(seconds, MAX_REFUSE_SECONDS) * 1e9)));
        refusals.computeIfAbsent(frameworkId, f -> new HashMap<>()).computeIfAbsent(agentId, a -> new ArrayList<>())
                .add(new Refusal(resources, until));
    }

    /**
     * Whether a filter refuses an offer of {@code resources} of {@code agentId} to {@code frameworkId} at {@code now}:
     * some filter that has not expired holds all of them. Expired filters are dropped.
     */
    boolean refused(String frameworkId, String agentId, AgentResources resources, Instant now) {
        Map<String, List<Refusal>> byAgent = refusals.get(frameworkId);
        List<Refusal> filters = byAgent == null ? null : byAgent.get(agentId);
        if (filters == null) {
            return false;
        }
        filters.removeIf(f -> !now.isBefore(f.until()));
        if (filters.isEmpty()) {
            byAgent.remove(agentId);
            return false;
        }
        return filters.stream().anyMatch(f -> f.resources().contains(resources));
    }

    /** Removes every filter of {@code frameworkId} ({@code reviveOffers}). */
    void clearFilters(String frameworkId) {
        refusals.remove(frameworkId);
    }

    private List<Outstanding> removeIf(java.util.function.Predicate<Outstanding> which) {
        List<Outstanding> removed = new ArrayList<>();
        offers.values().removeIf(o -> {
            if (which.test(o)) {
                removed.add(o);
                return true;
            }
            return false;
        });
        return removed;
    }

    @SuppressWarnings("deprecation") // FrameworkInfo.role: the field of frameworks without MULTI_ROLE
    static String role(Protos.FrameworkInfo framework) {
        if (framework.getRolesCount() > 0) {
            return framework.getRoles(0);
        }
        return framework.getRole().isEmpty() ? "*" : framework.getRole();
    }
}
