package org.kafkamesos.core.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.ClusterSpec;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.BrokerDemand;
import org.kafkamesos.placement.ClusterView;
import org.kafkamesos.placement.Constraint;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementEngine;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PlacementResult;
import org.kafkamesos.placement.PortRequest;
import org.kafkamesos.placement.Stickiness;
import org.kafkamesos.placement.Strategy;
import org.kafkamesos.placement.Unplaced;

/**
 * One offer cycle: a single placement call over every pending broker, launches for the placed ones,
 * declines for the rest with a refuse time that fits the reason.
 *
 * <p>Controllers form a static quorum, so every controller must know every controller's host: while
 * some controller has never had a host, controllers are launched only when all such controllers are
 * placed in the same cycle (gang placement), and a controller that has had a host is pinned to it.
 */
final class OfferCycle {

    /** What the cycle decided. */
    record Outcome(List<Broker> launched, List<MesosAction> actions, Map<Integer, String> unplaced) {
    }

    private OfferCycle() {
    }

    static Outcome run(SortedMap<Integer, Broker> brokers, List<Offer> offers, ClusterSpec cluster, OrchestratorSettings settings,
                       PlacementEngine engine, Supplier<UUID> uuids, Instant now) {
        List<BrokerDemand> demands = new ArrayList<>();
        List<ClusterView.Member> running = new ArrayList<>();
        for (Broker b : brokers.values()) {
            if (b.isPending(now)) {
                demands.add(demand(b, brokers, cluster, settings, now));
            } else {
                b.task().ifPresent(t -> running.add(new ClusterView.Member(b.id(), t.hostname(),
                        attributes(t.attributes()), b.spec().constraints())));
            }
        }
        List<MesosAction> actions = new ArrayList<>();
        if (demands.isEmpty()) {
            Duration refuse = untilNextRetry(brokers, now).orElse(settings.idleRefuse());
            offers.forEach(o -> actions.add(new MesosAction.Decline(o.id(), refuse)));
            return new Outcome(List.of(), actions, Map.of());
        }
        PlacementResult result = engine.place(new PlacementRequest(offers, demands, new ClusterView(running), Strategy.SPREAD, now));
        List<Assignment> accepted = gangFilter(result.assignments(), brokers, cluster);
        Map<Integer, String> unplaced = new TreeMap<>();
        for (Unplaced u : result.unplaced()) {
            unplaced.put(u.brokerId(), u.explanation());
        }
        for (Assignment a : result.assignments()) {
            if (!accepted.contains(a)) {
                unplaced.put(a.brokerId(), "broker " + a.brokerId() + " not launched: the controller quorum (brokers 0.."
                        + (cluster.controllers() - 1) + ") is not complete; its controllers are added, then placed together in one offer cycle");
            }
        }
        Map<Integer, String> controllerHosts = controllerHosts(brokers, accepted, cluster);
        Map<String, Offer> offerById = new HashMap<>();
        offers.forEach(o -> offerById.put(o.id(), o));
        List<Broker> launched = new ArrayList<>();
        java.util.Set<String> usedOffers = new java.util.HashSet<>();
        for (Assignment a : accepted) {
            Broker broker = brokers.get(a.brokerId());
            Offer offer = offerById.get(a.offerId());
            String taskId = cluster.name() + "-" + broker.id() + "-" + uuids.get();
            Task task = new Task(taskId, a.agentId(), a.hostname(), a.ports(), text(offer));
            Lifecycle.Transition t = Lifecycle.next(broker, new BrokerEvent.Launched(task), now);
            launched.add(t.broker());
            actions.add(new MesosAction.Launch(taskId, broker.id(), a, LaunchSpecs.of(broker, a, task.attributes(), cluster, settings, controllerHosts)));
            usedOffers.add(a.offerId());
        }
        for (Offer o : offers) {
            if (!usedOffers.contains(o.id())) {
                actions.add(new MesosAction.Decline(o.id(), settings.unfitRefuse()));
            }
        }
        return new Outcome(launched, actions, unplaced);
    }

    private static BrokerDemand demand(Broker b, SortedMap<Integer, Broker> brokers, ClusterSpec cluster, OrchestratorSettings settings,
                                       Instant now) {
        BrokerDemand.Builder d = BrokerDemand.builder(b.id())
                .cpus(b.spec().cpus()).mem(b.spec().memMb()).disk(b.spec().diskMb())
                .ports(listenerPort(b, settings))
                .constraints(b.spec().constraints())
                .role(settings.role());
        if (cluster.isController(b.id())) {
            d.ports(PortRequest.exactly(settings.controllerPort()));
            if (b.lastHost().isEmpty()) {
                // Every controller is pinned to its host for good: a new one never goes where another is
                // pinned, even while that one is not running, or one of them could never run again.
                for (Broker other : brokers.values()) {
                    if (other.id() != b.id() && cluster.isController(other.id())) {
                        other.task().map(Task::hostname).or(other::lastHost)
                                .ifPresent(host -> d.constraints(List.of(new Constraint.IsNot(Offer.HOSTNAME, host))));
                    }
                }
            }
        }
        b.spec().volume().ifPresent(d::volume);
        if (b.lastHost().isPresent()) {
            Instant until;
            if (cluster.isController(b.id())) {
                until = Instant.MAX;
            } else if (b.isStickyAt(now)) {
                until = b.stickySince().orElseThrow().plus(b.spec().stickinessPeriod());
            } else {
                until = Instant.MIN;
            }
            d.stickiness(new Stickiness(b.lastHost().get(), until));
        }
        return d.build();
    }

    /**
     * The broker listener's port request. A broker on any port never takes the controller port, which
     * a controller pinned to the same host may need back at any time.
     */
    private static PortRequest listenerPort(Broker b, OrchestratorSettings settings) {
        PortPolicy policy = b.spec().port();
        return policy instanceof PortPolicy.Auto ? PortRequest.anyExcept(1, settings.controllerPort()) : policy.toRequest();
    }

    /**
     * Every node needs the whole static quorum: no broker is launched until every controller of the
     * cluster exists and has a host, and controllers that never had one are launched together, in the
     * cycle that places them all.
     */
    private static List<Assignment> gangFilter(List<Assignment> assignments, SortedMap<Integer, Broker> brokers, ClusterSpec cluster) {
        for (int id = 0; id < cluster.controllers(); id++) {
            Broker b = brokers.get(id);
            int controller = id;
            boolean hasHost = b != null && (b.lastHost().isPresent() || b.task().isPresent()
                    || assignments.stream().anyMatch(a -> a.brokerId() == controller));
            if (!hasHost) {
                return List.of();
            }
        }
        return assignments;
    }

    private static Map<Integer, String> controllerHosts(SortedMap<Integer, Broker> brokers, List<Assignment> accepted, ClusterSpec cluster) {
        Map<Integer, String> hosts = new TreeMap<>();
        for (Broker b : brokers.values()) {
            if (cluster.isController(b.id())) {
                Optional<String> host = b.task().map(Task::hostname).or(b::lastHost);
                host.ifPresent(h -> hosts.put(b.id(), h));
            }
        }
        for (Assignment a : accepted) {
            if (cluster.isController(a.brokerId())) {
                hosts.put(a.brokerId(), a.hostname());
            }
        }
        return hosts;
    }

    private static Optional<Duration> untilNextRetry(SortedMap<Integer, Broker> brokers, Instant now) {
        return brokers.values().stream()
                .filter(b -> b.active() && b.phase() == TaskPhase.NONE)
                .map(b -> Duration.between(now, b.failover().retryAt(b.spec().failover())))
                .filter(d -> !d.isNegative())
                .min(Duration::compareTo)
                .map(d -> d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d);
    }

    private static Map<String, org.kafkamesos.placement.AttributeValue> attributes(Map<String, String> text) {
        Map<String, org.kafkamesos.placement.AttributeValue> values = new TreeMap<>();
        text.forEach((k, v) -> {
            if (!Offer.HOSTNAME.equals(k)) {
                values.put(k, org.kafkamesos.placement.AttributeValue.text(v));
            }
        });
        return values;
    }

    private static Map<String, String> text(Offer offer) {
        Map<String, String> text = new TreeMap<>();
        offer.attributes().forEach((k, v) -> text.put(k, v.asText()));
        return text;
    }
}
