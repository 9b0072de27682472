package org.kafkamesos.core.http;

/** A request refused with an HTTP status and a message for the caller; nothing changed. */
final class HttpError extends RuntimeException {

    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
