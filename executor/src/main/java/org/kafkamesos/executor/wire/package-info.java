/**
 * The protobuf wire form of {@link org.kafkamesos.executor.LaunchSpec}, generated at build time from
 * {@code src/main/protobuf/launch_spec.proto}. Public only because generated code is; read and written by
 * the executor package's codec alone.
 */
package org.kafkamesos.executor.wire;
