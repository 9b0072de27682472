package org.kafkamesos.benchmarks;

/**
 * The constraints every broker of a workload carries, named as in the benchmark's {@code workload}
 * parameter. Fenzo's equivalents are built in {@link FenzoBaseline}.
 */
enum ConstraintMode {
    /** No constraint: any host with room will do. */
    NONE("none", ""),
    /** At most one broker per host. Fenzo: {@code UniqueHostAttrConstraint} on the hostname, hard. */
    UNIQUE("unique", "hostname=unique"),
    /**
     * One broker per host and brokers balanced over the 20 racks. Ours enforces the balance
     * ({@code groupBy:20}); Fenzo only prefers it ({@code BalancedHostAttrConstraint} as a soft
     * constraint), as Fenzo users do.
     */
    UNIQUE_RACK("unique+rack", "hostname=unique,rack=groupBy:" + PlacementWorkload.RACKS);

    /** The name in a workload, e.g. {@code unique+rack} in {@code 1000x1000/unique+rack}. */
    final String label;
    /** Our engine's constraints in the mesos/kafka syntax. */
    final String ours;

    ConstraintMode(String label, String ours) {
        this.label = label;
        this.ours = ours;
    }

    boolean uniqueHosts() {
        return this != NONE;
    }

    static ConstraintMode ofLabel(String label) {
        for (ConstraintMode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown constraint mode '" + label + "'; accepted: none, unique, unique+rack");
    }
}
