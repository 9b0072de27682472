package org.kafkamesos.core.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where reconciliation stands: explicit reconciliation of every known task at (re)registration,
 * retried with a doubling wait and a bounded number of attempts, then implicit reconciliation on a
 * timer. Owned by the orchestrator's event loop.
 */
final class Reconciliation {

    private final OrchestratorSettings settings;
    /** Tasks asked about and not answered yet, with their agents. */
    private final Map<String, Optional<String>> unanswered = new TreeMap<>();
    private int attempts;
    private Instant nextAttempt = Instant.MAX;
    private Instant lastImplicit = Instant.MIN;

    Reconciliation(OrchestratorSettings settings) {
        this.settings = settings;
    }

    /** An independent copy, to go back to if an event fails half-way. */
    Reconciliation copy() {
        Reconciliation c = new Reconciliation(settings);
        c.unanswered.putAll(unanswered);
        c.attempts = attempts;
        c.nextAttempt = nextAttempt;
        c.lastImplicit = lastImplicit;
        return c;
    }

    /** Starts explicit reconciliation of {@code tasks}; the action asks for their status. */
    MesosAction.Reconcile start(Map<String, Optional<String>> tasks, Instant now) {
        unanswered.clear();
        unanswered.putAll(tasks);
        attempts = 1;
        nextAttempt = now.plus(settings.reconcileDelay());
        lastImplicit = now;
        return request();
    }

    /** A status of {@code taskId} arrived. */
    void answered(String taskId) {
        unanswered.remove(taskId);
    }

    boolean inProgress() {
        return !unanswered.isEmpty();
    }

    /**
     * Time passed: the action to send now, if any. {@code expired} receives the tasks that stayed
     * unanswered through every attempt, which are then taken as gone.
     */
    Optional<MesosAction.Reconcile> tick(Instant now, List<String> expired) {
        if (!unanswered.isEmpty()) {
            if (now.isBefore(nextAttempt)) {
                return Optional.empty();
            }
            if (attempts < settings.reconcileMaxAttempts()) {
                attempts++;
                Duration wait = settings.reconcileDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
                nextAttempt = now.plus(wait.compareTo(settings.reconcileMaxDelay()) > 0 ? settings.reconcileMaxDelay() : wait);
                return Optional.of(request());
            }
            expired.addAll(unanswered.keySet());
            unanswered.clear();
            lastImplicit = now;
            return Optional.empty();
        }
        if (!now.isBefore(lastImplicit.plus(settings.implicitReconcileEvery()))) {
            lastImplicit = now;
            return Optional.of(new MesosAction.Reconcile(List.of()));
        }
        return Optional.empty();
    }

    private MesosAction.Reconcile request() {
        List<MesosAction.TaskRef> refs = new ArrayList<>();
        unanswered.forEach((task, agent) -> refs.add(new MesosAction.TaskRef(task, agent)));
        return new MesosAction.Reconcile(refs);
    }
}
