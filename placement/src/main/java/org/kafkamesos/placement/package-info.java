/**
 * A pure offer-matching engine for Kafka brokers: offers, broker demands and constraints in, an
 * explainable placement out. No Mesos types, no I/O, no threads and no clock, so it serves a live
 * scheduler, a simulation and a capacity plan alike.
 *
 * <p>Start at {@link org.kafkamesos.placement.PlacementEngine#place(PlacementRequest)}; constraints are
 * parsed by {@link org.kafkamesos.placement.Constraints}.
 */
package org.kafkamesos.placement;
