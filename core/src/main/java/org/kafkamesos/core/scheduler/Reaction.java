package org.kafkamesos.core.scheduler;

import java.util.List;
import java.util.Optional;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.ClusterSpec;

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
 * @param failure     why the event could not be handled: then nothing changed, the event's offers are declined
 *                    (its only actions), and the caller logs the failure
 * @param cluster     the cluster with newly chosen controllers, or its dynamic quorum newly formed, to persist
 */
public record Reaction(List<MesosAction> actions, List<Broker> changed, List<Integer> removed, Optional<String> frameworkId,
                       Optional<RuntimeException> failure, Optional<ClusterSpec> cluster) {

    /** Nothing to do. */
    public static final Reaction NONE = new Reaction(List.of(), List.of(), List.of(), Optional.empty());

    public Reaction {
        actions = List.copyOf(actions);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        frameworkId = frameworkId == null ? Optional.empty() : frameworkId;
        failure = failure == null ? Optional.empty() : failure;
        cluster = cluster == null ? Optional.empty() : cluster;
    }

    /** A reaction of an event that was handled, and changed no controller. */
    public Reaction(List<MesosAction> actions, List<Broker> changed, List<Integer> removed, Optional<String> frameworkId) {
        this(actions, changed, removed, frameworkId, Optional.empty(), Optional.empty());
    }

    /** The reaction of an event that failed as a whole: its offers declined for {@code refuse}, nothing else. */
    static Reaction failed(SchedulerEvent event, java.time.Duration refuse, RuntimeException failure) {
        List<MesosAction> declines = event instanceof SchedulerEvent.OffersReceived o
                ? o.offers().stream().<MesosAction>map(offer -> new MesosAction.Decline(offer.id(), refuse)).toList()
                : List.of();
        return new Reaction(declines, List.of(), List.of(), Optional.empty(), Optional.of(failure), Optional.empty());
    }
}
