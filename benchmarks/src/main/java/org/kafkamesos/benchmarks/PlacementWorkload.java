package org.kafkamesos.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kafkamesos.placement.BrokerDemand;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PortRequest;

/**
 * One benchmark workload: {@code brokers} brokers of 1 cpu, 2048 MB and one port, to place on
 * {@code hosts} hosts with one offer each of 8 cpus, 32768 MB and ports 31000-32000. Host {@code i}
 * is {@code host-0000i} on rack {@code r(i % 20)}. Named {@code <brokers>x<hosts>/<constraints>},
 * e.g. {@code 1000x10000/unique+rack}.
 *
 * @param brokers     number of brokers to place, {@code >= 1}
 * @param hosts       number of hosts, one offer each, {@code >= 1}
 * @param constraints what every broker demands of its host
 */
record PlacementWorkload(int brokers, int hosts, ConstraintMode constraints) {

    static final double HOST_CPUS = 8;
    static final double HOST_MEM_MB = 32768;
    static final int PORTS_BEGIN = 31000;
    static final int PORTS_END = 32000;
    static final int RACKS = 20;
    static final String RACK = "rack";
    static final double BROKER_CPUS = 1;
    static final double BROKER_MEM_MB = 2048;

    PlacementWorkload {
        if (brokers < 1 || hosts < 1) {
            throw new IllegalArgumentException("a workload needs >= 1 broker and >= 1 host, got " + brokers + "x" + hosts);
        }
    }

    /** Parses {@code <brokers>x<hosts>/<none|unique|unique+rack>}. */
    static PlacementWorkload parse(String name) {
        String[] shapeAndMode = name.split("/", -1);
        String[] shape = shapeAndMode[0].toLowerCase(Locale.ROOT).split("x", -1);
        if (shapeAndMode.length != 2 || shape.length != 2) {
            throw new IllegalArgumentException("workload '" + name + "' is not <brokers>x<hosts>/<none|unique|unique+rack>");
        }
        try {
            return new PlacementWorkload(Integer.parseInt(shape[0]), Integer.parseInt(shape[1]),
                    ConstraintMode.ofLabel(shapeAndMode[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("workload '" + name + "': broker and host counts must be whole numbers", e);
        }
    }

    String name() {
        return brokers + "x" + hosts + "/" + constraints.label;
    }

    /** Zero-padded, so that name order is index order. */
    static String hostname(int host) {
        return String.format(Locale.ROOT, "host-%05d", host);
    }

    static String rack(int host) {
        return "r" + host % RACKS;
    }

    /** Our engine's offers, one per host. */
    List<Offer> offers() {
        List<Offer> offers = new ArrayList<>(hosts);
        for (int i = 0; i < hosts; i++) {
            offers.add(Offer.builder(String.format(Locale.ROOT, "offer-%05d", i), String.format(Locale.ROOT, "agent-%05d", i), hostname(i))
                    .cpus(HOST_CPUS)
                    .mem(HOST_MEM_MB)
                    .ports(PORTS_BEGIN, PORTS_END)
                    .attribute(RACK, rack(i))
                    .build());
        }
        return offers;
    }

    /** Our engine's demands, broker ids 0 to brokers - 1. */
    List<BrokerDemand> demands() {
        List<BrokerDemand> demands = new ArrayList<>(brokers);
        for (int id = 0; id < brokers; id++) {
            demands.add(BrokerDemand.builder(id)
                    .cpus(BROKER_CPUS)
                    .mem(BROKER_MEM_MB)
                    .ports(PortRequest.any(1))
                    .constraints(constraints.ours)
                    .build());
        }
        return demands;
    }
}
