package org.kafkamesos.examples;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.kafkamesos.placement.AttributeValue;
import org.kafkamesos.placement.BrokerDemand;
import org.kafkamesos.placement.ClusterView;
import org.kafkamesos.placement.Constraint;
import org.kafkamesos.placement.Constraints;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Strategy;

/**
 * Turns a {@link PlanJson} into a placement request, applying the defaults of the command-line
 * options. Errors are {@link IllegalArgumentException}s naming the field, e.g. {@code brokers[1].constraints}.
 */
final class PlanFileConverter {

    private PlanFileConverter() {
    }

    static PlacementRequest toRequest(PlanJson plan) {
        Strategy strategy = plan.strategy() == null ? Strategy.SPREAD : at("strategy", () -> StrategyNames.parse(plan.strategy()));
        List<Offer> offers = offers(orEmpty(plan.agents()));
        ClusterView running = running(orEmpty(plan.running()), offers);
        List<BrokerDemand> demands = demands(orEmpty(plan.brokers()), running);
        return at("plan", () -> new PlacementRequest(offers, demands, running, strategy, Instant.EPOCH));
    }

    private static List<Offer> offers(List<PlanJson.Agent> agents) {
        List<Offer> offers = new ArrayList<>();
        Set<String> hostnames = new HashSet<>();
        Set<String> agentIds = new HashSet<>();
        for (int i = 0; i < agents.size(); i++) {
            String where = "agents[" + i + "]";
            PlanJson.Agent agent = required(where, "an agent object", agents.get(i));
            String hostname = required(where + ".hostname", "a hostname", agent.hostname());
            int count = count(where, agent.count());
            List<PortRange> ports = new ArrayList<>();
            for (String text : orEmpty(agent.ports())) {
                ports.addAll(at(where + ".ports", () -> PortRanges.parse(text)));
            }
            Map<String, AttributeValue> attributes = attributes(where, agent);
            for (int k = 1; k <= count; k++) {
                String suffix = agent.count() == null ? "" : "-" + k;
                String host = hostname + suffix;
                String agentId = (agent.agentId() == null ? hostname : agent.agentId()) + suffix;
                if (!hostnames.add(host) || !agentIds.add(agentId)) {
                    throw new IllegalArgumentException(where + ": hostname '" + host + "' or agent id '" + agentId
                            + "' is used by an earlier agent; each agent needs its own");
                }
                Offer.Builder offer = Offer.builder("offer-" + agentId, agentId, host)
                        .cpus(orDefault(agent.cpus(), Defaults.AGENT_CPUS))
                        .mem(orDefault(agent.mem(), Defaults.AGENT_MEM))
                        .disk(orDefault(agent.disk(), Defaults.AGENT_DISK));
                (agent.ports() == null ? PortRanges.parse(Defaults.AGENT_PORTS) : ports).forEach(r -> offer.ports(r.begin(), r.end()));
                attributes.forEach(offer::attribute);
                offers.add(at(where, offer::build));
            }
        }
        return offers;
    }

    private static Map<String, AttributeValue> attributes(String where, PlanJson.Agent agent) {
        Map<String, AttributeValue> attributes = new HashMap<>();
        if (agent.rack() != null) {
            attributes.put("rack", AttributeValue.text(agent.rack()));
        }
        if (agent.attributes() == null) {
            return attributes;
        }
        for (Map.Entry<String, Object> e : agent.attributes().entrySet()) {
            Object value = e.getValue();
            String field = where + ".attributes." + e.getKey();
            if (attributes.containsKey(e.getKey())) {
                throw new IllegalArgumentException(field + ": the rack is given twice; give either \"rack\" or attributes.rack");
            }
            if (value instanceof String || value instanceof Boolean) {
                attributes.put(e.getKey(), AttributeValue.text(value.toString()));
            } else if (value instanceof Number n) {
                attributes.put(e.getKey(), AttributeValue.scalar(n.doubleValue()));
            } else {
                throw new IllegalArgumentException(field + ": expected text or a number, got " + value);
            }
        }
        return attributes;
    }

    private static ClusterView running(List<PlanJson.Running> running, List<Offer> offers) {
        Map<String, Offer> byHost = new HashMap<>();
        offers.forEach(o -> byHost.put(o.hostname(), o));
        List<ClusterView.Member> members = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            String where = "running[" + i + "]";
            PlanJson.Running r = required(where, "a running broker object", running.get(i));
            int id = required(where + ".id", "a broker id", r.id());
            String hostname = required(where + ".hostname", "the broker's host", r.hostname());
            Offer agent = byHost.get(hostname);
            if (agent == null) {
                throw new IllegalArgumentException(where + ".hostname: '" + hostname + "' is not among the agents; "
                        + "list its agent (with cpus 0 if nothing is free there) so that racks and attributes are known");
            }
            List<Constraint> constraints = constraints(where, r.constraints());
            members.add(at(where, () -> new ClusterView.Member(id, hostname, agent.attributes(), constraints)));
        }
        return at("running", () -> new ClusterView(members));
    }

    private static List<BrokerDemand> demands(List<PlanJson.Broker> brokers, ClusterView running) {
        Set<Integer> taken = new HashSet<>();
        running.members().forEach(m -> taken.add(m.brokerId()));
        for (int i = 0; i < brokers.size(); i++) {
            PlanJson.Broker b = required("brokers[" + i + "]", "a broker object", brokers.get(i));
            if ((b.id() == null) == (b.count() == null)) {
                throw new IllegalArgumentException("brokers[" + i + "]: give either \"id\" (one broker) or \"count\" "
                        + "(that many brokers with the lowest free ids), not " + (b.id() == null ? "neither" : "both"));
            }
            if (b.id() != null) {
                taken.add(b.id());
            }
        }
        List<BrokerDemand> demands = new ArrayList<>();
        int nextId = 0;
        for (int i = 0; i < brokers.size(); i++) {
            String where = "brokers[" + i + "]";
            PlanJson.Broker b = brokers.get(i);
            List<Integer> ids = new ArrayList<>();
            if (b.id() != null) {
                ids.add(b.id());
            } else {
                for (int n = count(where, b.count()); n > 0; n--) {
                    while (taken.contains(nextId)) {
                        nextId++;
                    }
                    taken.add(nextId);
                    ids.add(nextId);
                }
            }
            List<Constraint> constraints = constraints(where, b.constraints());
            for (int id : ids) {
                BrokerDemand.Builder demand = BrokerDemand.builder(id)
                        .cpus(orDefault(b.cpus(), Defaults.BROKER_CPUS))
                        .mem(orDefault(b.mem(), Defaults.BROKER_MEM))
                        .disk(orDefault(b.disk(), Defaults.BROKER_DISK))
                        .ports(PortRanges.requests(b.ports(), where + ".ports", b.port(), where + ".port"))
                        .constraints(constraints);
                demands.add(at(where, demand::build));
            }
        }
        return demands;
    }

    private static List<Constraint> constraints(String where, String text) {
        return text == null ? List.of() : at(where + ".constraints", () -> Constraints.parse(text));
    }

    private static int count(String where, Integer count) {
        if (count != null && count < 0) {
            throw new IllegalArgumentException(where + ".count: expected a whole number >= 0, got " + count);
        }
        return count == null ? 1 : count;
    }

    private static <T> T required(String where, String what, T value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new IllegalArgumentException(where + ": missing; expected " + what);
        }
        return value;
    }

    private static double orDefault(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Runs {@code build}, prefixing the message of any IllegalArgumentException with {@code where}. */
    private static <T> T at(String where, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
