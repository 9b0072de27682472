package org.kafkamesos.state;

/** Being the leader for one epoch. */
public interface Leadership {

    /** The fencing epoch: it grows with every change of leader. */
    long epoch();

    /** Whether this participant still leads, as far as it knows. */
    boolean isCurrent();

    /**
     * The store, fenced by {@link #epoch()}: reads always work; writes fail with
     * {@link FencedException} once another participant leads.
     */
    StateStore store();
}
