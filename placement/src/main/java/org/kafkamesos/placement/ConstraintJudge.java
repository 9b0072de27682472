package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Judges constraints against the brokers running and placed so far: a broker's own constraints
 * against the others, and the symmetric constraints (unique, maxPer, cluster without a value) of the
 * others against the broker.
 */
final class ConstraintJudge {

    /** A symmetric constraint of a running or placed broker, sitting on {@code value}. */
    private record Guard(int owner, Constraint constraint, String value) {
    }

    /** The guards on one attribute. */
    private static final class Guards {
        final Map<String, List<Guard>> unique = new HashMap<>();
        final Map<String, Guard> tightestMaxPer = new HashMap<>();
        final List<Guard> clusterPins = new ArrayList<>();
    }

    private final Map<String, AttributeTally> tallies = new HashMap<>();
    /** Sorted by attribute, so that the guard reported first does not depend on hashing. */
    private final Map<String, Guards> guards = new TreeMap<>();
    private final Map<String, Pattern> patterns = new HashMap<>();

    ConstraintJudge(Set<String> attributes) {
        for (String attribute : attributes) {
            tallies.put(attribute, new AttributeTally());
        }
    }

    /** Records a broker on the values {@code valueOf} gives, with its constraints. */
    void record(int brokerId, Function<String, String> valueOf, List<Constraint> constraints) {
        tallies.forEach((attribute, tally) -> {
            String value = valueOf.apply(attribute);
            if (value != null) {
                tally.add(value, brokerId);
            }
        });
        for (Constraint c : constraints) {
            String value = valueOf.apply(c.attribute());
            if (value == null) {
                continue;
            }
            Guard guard = new Guard(brokerId, c, value);
            if (c instanceof Constraint.Unique) {
                guardsOf(c).unique.computeIfAbsent(value, v -> new ArrayList<>()).add(guard);
            } else if (c instanceof Constraint.MaxPer m) {
                guardsOf(c).tightestMaxPer.merge(value, guard,
                        (old, neu) -> ((Constraint.MaxPer) old.constraint()).limit() <= m.limit() ? old : neu);
            } else if (c instanceof Constraint.Cluster cluster && cluster.value().isEmpty()) {
                guardsOf(c).clusterPins.add(guard);
            }
        }
    }

    private Guards guardsOf(Constraint c) {
        return guards.computeIfAbsent(c.attribute(), a -> new Guards());
    }

    /** The first reason {@code demand} may not go on {@code offer}, or null if every constraint holds. */
    Rejection.Reason judge(BrokerDemand demand, Offer offer, boolean explain) {
        for (Constraint c : demand.constraints()) {
            String value = offer.attributeText(c.attribute());
            if (value == null) {
                if (c instanceof Constraint.Unlike) {
                    continue;
                }
                return new Rejection.MissingAttribute(c);
            }
            if (!holds(c, value)) {
                List<Integer> there = explain ? tallies.get(c.attribute()).brokersOn(value) : List.of();
                return new Rejection.ConstraintUnmet(c, demand.brokerId(), value, there);
            }
        }
        if (guards.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, Guards> e : guards.entrySet()) {
            String value = offer.attributeText(e.getKey());
            if (value == null) {
                continue;
            }
            Guard broken = brokenGuard(e.getValue(), e.getKey(), value);
            if (broken != null) {
                List<Integer> there = explain ? tallies.get(e.getKey()).brokersOn(broken.value()) : List.of();
                return new Rejection.ConstraintUnmet(broken.constraint(), broken.owner(), value, there);
            }
        }
        return null;
    }

    private Guard brokenGuard(Guards g, String attribute, String value) {
        List<Guard> unique = g.unique.get(value);
        if (unique != null) {
            return unique.get(0);
        }
        Guard maxPer = g.tightestMaxPer.get(value);
        if (maxPer != null && tallies.get(attribute).count(value) + 1 > ((Constraint.MaxPer) maxPer.constraint()).limit()) {
            return maxPer;
        }
        for (Guard pin : g.clusterPins) {
            if (!pin.value().equals(value)) {
                return pin;
            }
        }
        return null;
    }

    private boolean holds(Constraint c, String value) {
        AttributeTally tally = tallies.get(c.attribute());
        if (c instanceof Constraint.Unique) {
            return tally.count(value) == 0;
        }
        if (c instanceof Constraint.Cluster cluster) {
            if (cluster.value().isPresent()) {
                return cluster.value().get().equals(value);
            }
            int distinct = tally.distinctValues();
            return distinct == 0 || distinct == 1 && tally.count(value) > 0;
        }
        if (c instanceof Constraint.GroupBy groupBy) {
            int count = tally.count(value);
            return tally.distinctValues() < groupBy.groups() ? count == 0 : count == tally.minCount();
        }
        if (c instanceof Constraint.Like like) {
            return pattern(like.regex()).matcher(value).matches();
        }
        if (c instanceof Constraint.Unlike unlike) {
            return !pattern(unlike.regex()).matcher(value).matches();
        }
        if (c instanceof Constraint.MaxPer maxPer) {
            return tally.count(value) < maxPer.limit();
        }
        if (c instanceof Constraint.Is is) {
            return is.value().equals(value);
        }
        Constraint.IsNot isNot = (Constraint.IsNot) c;
        return !isNot.value().equals(value);
    }

    private Pattern pattern(String regex) {
        return patterns.computeIfAbsent(regex, Pattern::compile);
    }
}
