/**
 * The stored form of the scheduler's state, generated at build time from {@code src/main/protobuf/cluster_state.proto}:
 * {@code ClusterStateWire}. Public only because generated code is; only {@code core.store}'s codec reads and writes it.
 */
package org.kafkamesos.core.store.wire;
