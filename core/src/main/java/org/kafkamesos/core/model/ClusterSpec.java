package org.kafkamesos.core.model;

import java.util.Objects;
import java.util.regex.Pattern;
import org.kafkamesos.executor.LaunchSpec;

/**
 * The Kafka cluster as a whole.
 *
 * @param name         the cluster's name, which prefixes its task ids; letters, digits, '-' and '_'
 * @param mode         how the nodes find their controllers; KRaft with a static quorum today
 * @param controllers  how many brokers (the lowest ids) are also controllers; odd, {@code >= 1}; default 3
 * @param clusterId    the KRaft cluster id, generated once ({@link LaunchSpec#randomClusterId()}) and stored
 * @param distribution where executors find the Kafka distribution (a folder or a URI the Mesos fetcher unpacks)
 */
public record ClusterSpec(String name, KafkaMode mode, int controllers, String clusterId, String distribution) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Kafka's metadata modes. */
    public enum KafkaMode {
        /** KRaft: the first {@code controllers} brokers are combined broker+controller nodes of a static quorum. */
        KRAFT
    }

    public ClusterSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name must be 1-64 letters, digits, '-' or '_', got " + name);
        }
        Objects.requireNonNull(mode, "mode");
        if (controllers < 1 || controllers % 2 == 0) {
            throw new IllegalArgumentException("controllers must be an odd number >= 1 (a quorum needs a majority), got " + controllers);
        }
        if (clusterId == null || clusterId.length() != 22) {
            throw new IllegalArgumentException("cluster id must be 22 characters of URL-safe base64, got " + clusterId);
        }
        if (distribution == null || distribution.isBlank()) {
            throw new IllegalArgumentException("the Kafka distribution location must be given");
        }
    }

    /** A new KRaft cluster with a freshly generated cluster id. */
    public static ClusterSpec create(String name, int controllers, String distribution) {
        return new ClusterSpec(name, KafkaMode.KRAFT, controllers, LaunchSpec.randomClusterId(), distribution);
    }

    /** Whether broker {@code id} is also a controller: the {@link #controllers()} lowest ids are. */
    public boolean isController(int id) {
        return id < controllers;
    }
}
