package org.kafkamesos.core.kafka;

import java.util.concurrent.CompletableFuture;

/** A running {@link RollingRestart}: its progress, its outcome, and a way to stop it. */
public interface RollingRestartHandle {

    /** Where it stands now. */
    RollingRestartStatus status();

    /**
     * Completes with the final status once it is {@link RollingRestartStatus.State#DONE DONE} or
     * {@link RollingRestartStatus.State#FAILED FAILED}; it never completes exceptionally.
     */
    CompletableFuture<RollingRestartStatus> outcome();

    /**
     * Asks it to stop: no broker is restarted after this call. A broker being restarted is not interrupted; the run
     * fails, with the reason "cancelled", once the step under way ends or at the next poll.
     */
    void cancel();
}
