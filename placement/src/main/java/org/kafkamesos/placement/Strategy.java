package org.kafkamesos.placement;

/** How the engine chooses among the offers that satisfy a broker's hard requirements. */
public enum Strategy {
    /**
     * The default: the host with the fewest brokers (running and placed so far), then the offer with
     * the most free CPUs and memory. Spreads failure domains.
     */
    SPREAD,
    /** The offer with the least free CPUs, then memory, that still fits. Packs brokers tightly. */
    BIN_PACK,
    /** The first fitting offer in the order hostname, agent id, offer id. Predictable and cheap. */
    FIRST_FIT
}
