package org.kafkamesos.state;

/** A write by a leader that has been deposed: another scheduler leads now, and the write did not land. */
public final class FencedException extends StateStoreException {

    public FencedException(String message) {
        super(message);
    }
}
