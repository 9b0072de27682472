/**
 * The scheduler's records in a {@code StateStore}: {@link org.kafkamesos.core.store.ClusterStateRepository} reads and
 * writes the cluster, its brokers and the framework id, versioned, in the project's own protobuf schema.
 */
package org.kafkamesos.core.store;
