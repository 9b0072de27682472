package org.kafkamesos.state;

/** A state store operation failed; subclasses say why. The store's contents are unchanged. */
public class StateStoreException extends RuntimeException {

    public StateStoreException(String message) {
        super(message);
    }

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
