package org.kafkamesos.examples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.kafkamesos.placement.Assignment;
import org.kafkamesos.placement.ClusterView;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PlacementResult;
import org.kafkamesos.placement.Unplaced;

/**
 * The capacity report: per rack and host the brokers running and placed there and what is left
 * free, then totals, then why each unplaced broker fits nowhere. Assumes one offer per host, as the
 * capacity planner builds them.
 */
final class PlacementReport {

    static final String RACK = "rack";
    static final String NO_RACK = "(none)";

    private final PlacementRequest request;
    private final PlacementResult result;
    private final List<ClusterView.Member> running;
    private final StringBuilder out = new StringBuilder();

    PlacementReport(PlacementRequest request, PlacementResult result) {
        this.request = request;
        this.result = result;
        Set<Integer> demanded = new HashSet<>();
        request.demands().forEach(d -> demanded.add(d.brokerId()));
        this.running = request.existing().members().stream()
                .filter(m -> !demanded.contains(m.brokerId()))
                .sorted(Comparator.comparingInt(ClusterView.Member::brokerId))
                .collect(Collectors.toList());
    }

    String render() {
        Map<String, List<Offer>> racks = new TreeMap<>(Comparator.comparing((String r) -> r.equals(NO_RACK)).thenComparing(r -> r));
        for (Offer o : request.offers()) {
            racks.computeIfAbsent(rackOf(o), r -> new ArrayList<>()).add(o);
        }
        line("Capacity plan (strategy %s): %s in %s, %s to place, %d running", StrategyNames.name(request.strategy()),
                Amounts.count(request.offers().size(), "agent"), Amounts.count(racks.size(), RACK),
                Amounts.count(request.demands().size(), "broker"), running.size());
        racks.forEach(this::rack);
        totals();
        unplaced();
        return out.toString();
    }

    private void rack(String rack, List<Offer> offers) {
        offers.sort(Comparator.comparing(Offer::hostname).thenComparing(Offer::agentId));
        int brokers = offers.stream().mapToInt(o -> runningOn(o).size() + placedOn(o).size()).sum();
        line("");
        line("%s %s: %s, %s", RACK, rack, Amounts.count(offers.size(), "host"), Amounts.count(brokers, "broker"));
        for (Offer o : offers) {
            List<ClusterView.Member> there = runningOn(o);
            List<Assignment> placed = placedOn(o);
            double cpus = o.unreserved().cpus() - placed.stream().mapToDouble(Assignment::cpus).sum();
            double mem = o.unreserved().mem() - placed.stream().mapToDouble(Assignment::mem).sum();
            double disk = o.unreserved().disk() - placed.stream().mapToDouble(Assignment::disk).sum();
            line("  %s: %s; free %s, %s, %s", o.hostname(), Amounts.count(there.size() + placed.size(), "broker"),
                    Amounts.cpus(cpus), Amounts.mb(mem, "mem"), Amounts.mb(disk, "disk"));
            there.forEach(m -> line("    broker %d: running", m.brokerId()));
            placed.forEach(a -> line("    broker %d: %s, %s, %s, %s", a.brokerId(), Amounts.cpus(a.cpus()),
                    Amounts.mb(a.mem(), "mem"), Amounts.mb(a.disk(), "disk"), ports(a.ports())));
        }
    }

    private void totals() {
        double cpus = request.offers().stream().mapToDouble(o -> o.unreserved().cpus()).sum();
        double mem = request.offers().stream().mapToDouble(o -> o.unreserved().mem()).sum();
        double disk = request.offers().stream().mapToDouble(o -> o.unreserved().disk()).sum();
        double usedCpus = result.assignments().stream().mapToDouble(Assignment::cpus).sum();
        double usedMem = result.assignments().stream().mapToDouble(Assignment::mem).sum();
        double usedDisk = result.assignments().stream().mapToDouble(Assignment::disk).sum();
        line("");
        line("Totals: %d of %s placed, %d unplaced, %d running", result.assignments().size(),
                Amounts.count(request.demands().size(), "broker"), result.unplaced().size(), running.size());
        line("  cpus: %s used, %s free of %s", Amounts.format(usedCpus), Amounts.format(cpus - usedCpus), Amounts.format(cpus));
        line("  mem:  %s MB used, %s MB free of %s MB", Amounts.format(usedMem), Amounts.format(mem - usedMem), Amounts.format(mem));
        line("  disk: %s MB used, %s MB free of %s MB", Amounts.format(usedDisk), Amounts.format(disk - usedDisk), Amounts.format(disk));
    }

    private void unplaced() {
        line("");
        if (result.unplaced().isEmpty()) {
            line("Every broker placed.");
            return;
        }
        line("Unplaced: %s", Amounts.count(result.unplaced().size(), "broker"));
        for (Unplaced u : result.unplaced()) {
            line("  %s", u.explanation());
        }
    }

    private List<ClusterView.Member> runningOn(Offer o) {
        return running.stream().filter(m -> m.hostname().equals(o.hostname())).collect(Collectors.toList());
    }

    private List<Assignment> placedOn(Offer o) {
        return result.assignments().stream().filter(a -> a.offerId().equals(o.id()))
                .sorted(Comparator.comparingInt(Assignment::brokerId)).collect(Collectors.toList());
    }

    private static String rackOf(Offer o) {
        String rack = o.attributeText(RACK);
        return rack == null ? NO_RACK : rack;
    }

    private static String ports(List<Integer> ports) {
        if (ports.isEmpty()) {
            return "no ports";
        }
        return (ports.size() == 1 ? "port " : "ports ") + ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private void line(String format, Object... args) {
        out.append(String.format(format, args)).append(System.lineSeparator());
    }
}
