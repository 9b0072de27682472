package org.kafkamesos.executor;

/**
 * Bytes are not a launch spec this executor can run: not a LaunchSpec message, a format version newer than
 * it knows, or a spec that fails validation. The message says which.
 */
public class LaunchSpecFormatException extends ExecutorException {

    public LaunchSpecFormatException(String message) {
        super(message);
    }

    public LaunchSpecFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
