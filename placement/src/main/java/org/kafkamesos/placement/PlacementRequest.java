package org.kafkamesos.placement;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one placement decision depends on. The engine reads no clock: {@code now} is part of
 * the request, so the same request always gives the same result.
 *
 * @param offers   the offers to place on; ids unique, each agent with one hostname
 * @param demands  the brokers to place; ids unique
 * @param existing the brokers running now
 * @param strategy how to choose among fitting offers
 * @param now      the instant against which sticky periods are judged
 */
public record PlacementRequest(List<Offer> offers, List<BrokerDemand> demands, ClusterView existing,
                               Strategy strategy, Instant now) {

    public PlacementRequest {
        offers = List.copyOf(offers);
        demands = List.copyOf(demands);
        Objects.requireNonNull(existing, "existing");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(now, "now");
        Set<String> offerIds = new HashSet<>();
        Map<String, String> hostOfAgent = new HashMap<>();
        for (Offer o : offers) {
            if (!offerIds.add(o.id())) {
                throw new IllegalArgumentException("offer id " + o.id() + " appears twice; offer ids must be unique");
            }
            String host = hostOfAgent.putIfAbsent(o.agentId(), o.hostname());
            if (host != null && !host.equals(o.hostname())) {
                throw new IllegalArgumentException("agent " + o.agentId() + " appears with hostnames " + host + " and " + o.hostname());
            }
        }
        Set<Integer> brokerIds = new HashSet<>();
        for (BrokerDemand d : demands) {
            if (!brokerIds.add(d.brokerId())) {
                throw new IllegalArgumentException("broker " + d.brokerId() + " is demanded twice; broker ids must be unique");
            }
        }
    }

    /** A request with an empty cluster, {@link Strategy#SPREAD} and the epoch as {@code now}. */
    public static PlacementRequest of(List<Offer> offers, List<BrokerDemand> demands) {
        return new PlacementRequest(offers, demands, ClusterView.EMPTY, Strategy.SPREAD, Instant.EPOCH);
    }

    /** The same request with another strategy. */
    public PlacementRequest withStrategy(Strategy other) {
        return new PlacementRequest(offers, demands, existing, other, now);
    }

    /** The same request with another cluster view. */
    public PlacementRequest withExisting(ClusterView other) {
        return new PlacementRequest(offers, demands, other, strategy, now);
    }

    /** The same request judged at another instant. */
    public PlacementRequest at(Instant instant) {
        return new PlacementRequest(offers, demands, existing, strategy, instant);
    }
}
