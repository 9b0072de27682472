package org.kafkamesos.executor;

/** A launch cannot go on; the message, which names the cause, becomes the task's TASK_FAILED message. */
final class LaunchFailure extends ExecutorException {

    LaunchFailure(String message) {
        super(message);
    }

    LaunchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
