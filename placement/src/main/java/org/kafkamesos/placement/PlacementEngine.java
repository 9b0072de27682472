package org.kafkamesos.placement;

/**
 * Matches broker demands to offers: a pure function, with no Mesos types, no I/O, no threads and no
 * clock. Instances are stateless and safe to share between threads.
 *
 * <p>Guarantees that callers rely on:
 * <ul>
 *   <li>No offer gives out more cpus, mem or disk than it has for the broker's role, and no port twice.</li>
 *   <li>Every hard constraint of a placed broker holds against the running brokers and the brokers
 *       placed before it in the same request; placing a broker never breaks the unique, maxPer or
 *       cluster constraint of a broker running or placed before it.</li>
 *   <li>Demands are placed one after another in broker id order, each seeing the tentative
 *       assignments before it, so the same request gives the same result whatever the order of its
 *       offers and demands.</li>
 *   <li>Every broker not placed carries a reason from every offer.</li>
 * </ul>
 *
 * <pre>{@code
 * PlacementResult result = PlacementEngine.create().place(PlacementRequest.of(offers, demands));
 * result.unplaced().forEach(u -> System.out.println(u.explanation()));
 * }</pre>
 */
public interface PlacementEngine {

    /** Places {@code request.demands()} on {@code request.offers()}; never returns null. */
    PlacementResult place(PlacementRequest request);

    /** The engine: greedy, one demand at a time, each on the best fitting offer for the strategy. */
    static PlacementEngine create() {
        return request -> new GreedyPlacement(request).run();
    }
}
