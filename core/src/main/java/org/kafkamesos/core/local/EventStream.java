package org.kafkamesos.core.local;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.kafkamesos.executor.v1.RecordIo;

/**
 * An open {@code 200} response that carries a RecordIO event stream, as Mesos' scheduler and executor APIs answer a
 * SUBSCRIBE: events are written one at a time, each waited for, and the stream ends either as the server ends it
 * ({@link #finish()}) or when a write fails, which tells {@code onBroken} once: the subscriber is gone.
 */
final class EventStream {

    private final Response response;
    private final Callback done;
    private final Consumer<Throwable> onBroken;
    private boolean closed;

    EventStream(Response response, Callback done, Consumer<Throwable> onBroken) {
        this.response = response;
        this.done = done;
        this.onBroken = onBroken;
    }

    synchronized boolean isOpen() {
        return !closed;
    }

    /** Writes one event and waits for it to leave (30 s at most); false if the stream is closed or broke. */
    boolean write(byte[] event) {
        Throwable failure;
        synchronized (this) {
            if (closed) {
                return false;
            }
            Callback.Completable written = new Callback.Completable();
            response.write(false, ByteBuffer.wrap(RecordIo.frame(event)), written);
            try {
                written.get(30, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                failure = e;
            }
        }
        broken(failure);
        return false;
    }

    /** Ends the stream: the last chunk is written and the response completes. */
    void finish() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Callback.Completable last = new Callback.Completable();
        response.write(true, ByteBuffer.allocate(0), last);
        try {
            last.get(10, TimeUnit.SECONDS);
            done.succeeded();
        } catch (Exception e) {
            done.failed(e);
        }
    }

    /** The subscriber's connection failed or closed. */
    void broken(Throwable failure) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        done.failed(failure);
        onBroken.accept(failure);
    }
}
