/**
 * JMH benchmarks, with the peer scheduler Fenzo measured on the same workloads in the same run.
 */
package org.kafkamesos.benchmarks;
