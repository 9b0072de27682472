package org.kafkamesos.state;

/**
 * A value or a batch exceeds the size every store accepts ({@link StateStore#MAX_VALUE_BYTES},
 * {@link StateStore#MAX_BATCH_BYTES}), which follows ZooKeeper's 1 MB request limit so that stores
 * can be swapped without surprises.
 */
public final class ValueTooLargeException extends StateStoreException {

    public ValueTooLargeException(String what, long bytes, long limit) {
        super(what + " is " + bytes + " bytes; the limit is " + limit + " bytes (ZooKeeper's request limit, applied to every store)");
    }
}
