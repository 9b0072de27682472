package org.kafkamesos.state;

/** A conditional write or delete named a key that holds no value. */
public final class MissingKeyException extends StateStoreException {

    private final String key;

    public MissingKeyException(String key) {
        super("no value at " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
