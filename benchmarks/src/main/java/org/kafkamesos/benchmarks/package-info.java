/**
 * JMH benchmarks: the placement engine, with the peer scheduler Fenzo measured on the same workloads
 * in the same run, and the state stores (memory, file, ZooKeeper).
 */
package org.kafkamesos.benchmarks;
