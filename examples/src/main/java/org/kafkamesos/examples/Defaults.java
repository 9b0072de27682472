package org.kafkamesos.examples;

/** The defaults of a capacity plan, shared by the command-line options and the plan file. */
final class Defaults {

    static final int AGENTS = 3;
    static final int RACKS = 3;
    static final double AGENT_CPUS = 8;
    /** MB. */
    static final long AGENT_MEM = 32_768;
    /** MB. */
    static final long AGENT_DISK = 500_000;
    /** The port range Mesos agents offer by default. */
    static final String AGENT_PORTS = "31000..32000";

    static final int BROKERS = 3;
    static final double BROKER_CPUS = 1;
    /** MB. */
    static final long BROKER_MEM = 4096;
    /** MB; mesos/kafka asks for no disk unless told to. */
    static final long BROKER_DISK = 0;
    /** One broker per host, as Kafka operators expect. */
    static final String BROKER_CONSTRAINTS = "hostname=unique";

    private Defaults() {
    }
}
