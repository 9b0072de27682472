package org.kafkamesos.state;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant in a {@link ZooKeeperStateStore}'s election: Curator's {@link LeaderLatch} chooses
 * the leader, and a new leader advances the store's fencing epoch before it may write, so that the
 * writes of the previous leader, which may not know yet that its session expired, fail from then on.
 *
 * <p>Whether leadership survives a suspended connection follows the client's
 * {@code ConnectionStateErrorPolicy}: Curator's standard policy gives it up on SUSPENDED (the next
 * {@link #awaitLeadership} then starts a new epoch), its session policy only when the session is lost.
 */
final class ZooKeeperLeaderElection implements LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderElection.class);

    private final ZooKeeperStateStore store;
    private final LeaderLatch latch;
    private final String participantId;
    private final String latchPath;
    /** Counts the times the latch lost leadership, so that a leadership ends even when the latch regains it. */
    private final AtomicLong losses = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Leadership current;

    ZooKeeperLeaderElection(ZooKeeperStateStore store, CuratorFramework client, String latchPath, String participantId) {
        this.store = store;
        this.participantId = participantId;
        this.latchPath = latchPath;
        this.latch = new LeaderLatch(client, latchPath, participantId);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                LOG.info("participant {} holds the leader latch {}", participantId, latchPath);
            }

            @Override
            public void notLeader() {
                losses.incrementAndGet();
                LOG.info("participant {} lost the leader latch {}", participantId, latchPath);
            }
        });
        try {
            latch.start();
        } catch (Exception e) {
            throw new StateStoreException("participant " + participantId + " could not join the election at " + latchPath, e);
        }
    }

    /**
     * Waits until the latch chooses this participant, then advances the epoch; a participant that
     * still leads gets its current leadership back.
     *
     * @throws StoreUnavailableException if the epoch could not be advanced because ZooKeeper is unreachable
     */
    @Override
    public synchronized Optional<Leadership> awaitLeadership(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed.get()) {
            if (current != null && current.isCurrent()) {
                return Optional.of(current);
            }
            long generation = losses.get();
            if (!latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
            Leadership leadership = leadership(store.advanceEpoch(participantId), generation);
            if (leadership.isCurrent()) {
                LOG.info("participant {} leads {} at epoch {}", participantId, latchPath, leadership.epoch());
                current = leadership;
                return Optional.of(leadership);
            }
            // Lost the latch while advancing the epoch: the epoch is spent, wait for the latch again.
        }
        return Optional.empty();
    }

    /** Leaves the election: the latch node is deleted and the leadership, if held, ends. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            latch.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("participant {} could not close its leader latch at {} cleanly; its session's end removes the latch node",
                    participantId, latchPath, e);
        }
        store.forget(this);
    }

    /** A leadership that lasts while the latch is held without a break since {@code generation}. */
    private Leadership leadership(long epoch, long generation) {
        return new EpochLeadership(store, epoch, () -> !closed.get() && latch.hasLeadership() && losses.get() == generation);
    }
}
