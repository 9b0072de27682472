package org.kafkamesos.placement;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of one placement: where each placed broker goes, why each other broker was not placed,
 * and which offers were left untouched (to decline).
 *
 * @param assignments    placed brokers, by broker id
 * @param unplaced       brokers not placed, by broker id
 * @param unusedOfferIds offers no broker was placed on, in the order hostname, agent id, offer id
 */
public record PlacementResult(List<Assignment> assignments, List<Unplaced> unplaced, List<String> unusedOfferIds) {

    public PlacementResult {
        assignments = List.copyOf(assignments);
        unplaced = List.copyOf(unplaced);
        unusedOfferIds = List.copyOf(unusedOfferIds);
    }

    /** Where {@code brokerId} was placed, if it was. */
    public Optional<Assignment> assignmentOf(int brokerId) {
        return assignments.stream().filter(a -> a.brokerId() == brokerId).findFirst();
    }

    /** Why {@code brokerId} was not placed, if it was not. */
    public Optional<Unplaced> unplacedOf(int brokerId) {
        return unplaced.stream().filter(u -> u.brokerId() == brokerId).findFirst();
    }

    /** One line per unplaced broker, each its {@link Unplaced#explanation()}. */
    public String explain() {
        return unplaced.stream().map(Unplaced::explanation).collect(Collectors.joining("\n"));
    }
}
