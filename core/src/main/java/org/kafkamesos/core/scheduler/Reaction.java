package org.kafkamesos.core.scheduler;

import java.util.List;
import java.util.Optional;
import org.kafkamesos.core.model.Broker;

/**
 * What one event leads to. The caller persists {@link #changed()}, {@link #removed()} and
 * {@link #frameworkId()} first and only then carries out {@link #actions()}: that order is the
 * write-ahead rule, so that a crash at any point leaves a state that reconciliation repairs (a launch
 * is never sent before its intent, the broker in phase LAUNCHING with its task, is stored).
 *
 * @param actions     what to ask of Mesos, in order
 * @param changed     brokers whose state changed, to persist
 * @param removed     ids of brokers removed, to delete
 * @param frameworkId a framework id newly assigned by Mesos, to persist
 */
public record Reaction(List<MesosAction> actions, List<Broker> changed, List<Integer> removed, Optional<String> frameworkId) {

    /** Nothing to do. */
    public static final Reaction NONE = new Reaction(List.of(), List.of(), List.of(), Optional.empty());

    public Reaction {
        actions = List.copyOf(actions);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        frameworkId = frameworkId == null ? Optional.empty() : frameworkId;
    }
}
