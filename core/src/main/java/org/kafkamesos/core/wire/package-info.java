/**
 * The stored form of the scheduler's state, generated at build time from {@code src/main/protobuf/cluster_state.proto}.
 * Public only because generated code is; read and written by the core package's codec alone, never in its API.
 */
package org.kafkamesos.core.wire;
