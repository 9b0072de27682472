package org.kafkamesos.core.local;

/** The local Mesos cluster cannot be set up on this machine, e.g. an agent's address cannot be bound. */
public final class LocalClusterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
