package org.kafkamesos.placement;

import java.util.List;

/**
 * A broker the engine could not place, with the reason each offer refused it.
 *
 * @param brokerId   the broker
 * @param rejections one per offer, in the order hostname, agent id, offer id; empty when there were no offers
 */
public record Unplaced(int brokerId, List<Rejection> rejections) {

    public Unplaced {
        rejections = List.copyOf(rejections);
    }

    /**
     * One readable paragraph, reasons grouped by kind and the commonest first, e.g. {@code broker 3
     * not placed: 7 offers too small in cpus (have at most 0.5, need 1), 3 offers excluded by
     * hostname=unique (brokers 1, 2 on h1, h2)}.
     */
    public String explanation() {
        return Explanations.render(this);
    }
}
