package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Renders an {@link Unplaced} broker's rejections as one paragraph. */
final class Explanations {

    /** Lists longer than this are cut short with "and N more". */
    private static final int MAX_LISTED = 5;

    private Explanations() {
    }

    static String render(Unplaced unplaced) {
        String head = "broker " + unplaced.brokerId() + " not placed: ";
        if (unplaced.rejections().isEmpty()) {
            return head + "no offers";
        }
        Map<String, List<Rejection>> groups = new LinkedHashMap<>();
        for (Rejection r : unplaced.rejections()) {
            groups.computeIfAbsent(r.reason().group(), k -> new ArrayList<>()).add(r);
        }
        return head + groups.values().stream()
                .sorted(Comparator.<List<Rejection>>comparingInt(List::size).reversed()
                        .thenComparing(g -> g.get(0).reason().group()))
                .map(g -> renderGroup(unplaced.brokerId(), g))
                .collect(Collectors.joining(", "));
    }

    private static String renderGroup(int brokerId, List<Rejection> group) {
        Rejection.Reason first = group.get(0).reason();
        String offers = group.size() == 1 ? "1 offer" : group.size() + " offers";
        if (first instanceof Rejection.Shortfall s) {
            double best = group.stream().mapToDouble(r -> ((Rejection.Shortfall) r.reason()).available()).max().orElse(0);
            boolean same = group.stream().allMatch(r -> ((Rejection.Shortfall) r.reason()).available() == best);
            return offers + " too small in " + s.resource() + " (have " + (same ? "" : "at most ")
                    + Scalars.format(best) + ", need " + Scalars.format(s.needed()) + ")";
        }
        if (first instanceof Rejection.NoFreePort p) {
            return offers + " without " + p.request() + " free";
        }
        if (first instanceof Rejection.NoVolume v) {
            return offers + " without free volume " + v.persistenceId() + " of role " + v.role();
        }
        if (first instanceof Rejection.NotStickyHost s) {
            return offers + " not on " + s.stickyHost() + ", where the broker is sticky until " + s.until();
        }
        if (first instanceof Rejection.MissingAttribute m) {
            return offers + " from agents without attribute " + m.constraint().attribute() + " (needed by " + m.constraint() + ")";
        }
        Rejection.ConstraintUnmet c = (Rejection.ConstraintUnmet) first;
        TreeSet<String> values = new TreeSet<>();
        TreeSet<Integer> brokers = new TreeSet<>();
        for (Rejection r : group) {
            Rejection.ConstraintUnmet u = (Rejection.ConstraintUnmet) r.reason();
            values.add(u.value());
            brokers.addAll(u.brokersThere());
        }
        String owner = c.owner() == brokerId ? "" : " of broker " + c.owner();
        String detail = brokers.isEmpty()
                ? "values " + list(values)
                : (brokers.size() == 1 ? "broker " : "brokers ") + list(brokers) + " on " + list(values);
        return offers + " excluded by " + c.constraint() + owner + " (" + detail + ")";
    }

    private static String list(TreeSet<?> items) {
        String shown = items.stream().limit(MAX_LISTED).map(String::valueOf).collect(Collectors.joining(", "));
        return items.size() > MAX_LISTED ? shown + " and " + (items.size() - MAX_LISTED) + " more" : shown;
    }
}
