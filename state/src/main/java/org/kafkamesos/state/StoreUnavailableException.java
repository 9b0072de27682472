package org.kafkamesos.state;

/**
 * The store cannot be reached now (ZooKeeper disconnected, a file system error). Whether a write
 * that ended this way landed is unknown: read the key again before retrying a compare-and-set.
 */
public final class StoreUnavailableException extends StateStoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
