package org.kafkamesos.executor;

/** Something the executor needs from the world failed; subclasses and the message say what. */
public class ExecutorException extends RuntimeException {

    public ExecutorException(String message) {
        super(message);
    }

    public ExecutorException(String message, Throwable cause) {
        super(message, cause);
    }
}
