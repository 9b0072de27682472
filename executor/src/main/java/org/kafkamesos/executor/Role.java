package org.kafkamesos.executor;

/** A KRaft process role of a node; a node has one or both. */
public enum Role {
    /** Serves clients and hosts partitions. */
    BROKER("broker"),
    /** Votes in the metadata quorum. */
    CONTROLLER("controller");

    private final String configValue;

    Role(String configValue) {
        this.configValue = configValue;
    }

    /** The role's name in Kafka's {@code process.roles}. */
    public String configValue() {
        return configValue;
    }
}
