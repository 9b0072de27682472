package org.kafkamesos.core.mesos.v1;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.kafkamesos.executor.v1.RecordIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection of an {@link HttpSchedulerDriver} to the leading master: SUBSCRIBE (following {@code 307}s), the
 * event stream read on the caller's thread, the heartbeat watch, subscribing again with back-off, and calls sent on
 * the stream that is open. What it reads goes to its {@link Listener}.
 */
final class SchedulerSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerSubscription.class);
    private static final String PATH = "/api/v1/scheduler";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String STREAM_ID = "Mesos-Stream-Id";
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    private static final int MAX_REDIRECTS = 5;

    /** What the subscription tells its driver. */
    interface Listener {
        /** The framework info to subscribe with, with the framework id once there is one. */
        Protos.FrameworkInfo frameworkInfo();

        /** Whether to go on: false once the driver has ended. */
        boolean running();

        /** SUBSCRIBED on a new stream, from {@code master}. */
        void subscribed(URI master, Event.Subscribed subscribed);

        /** Any other event but HEARTBEAT and ERROR. */
        void event(Event event);

        /** A subscribed stream ended; the subscription subscribes again. */
        void disconnected(URI master, String cause);

        /** The master ended the framework's subscription for good: an ERROR event, or credentials refused. */
        void failed(String message);
    }

    /** One subscription: the master it is with, and, once SUBSCRIBED, its stream id and heartbeat interval. */
    static final class Stream {
        final URI master;
        final String id;
        private final InputStream body;
        volatile boolean subscribed;
        volatile long heartbeatNanos = DEFAULT_HEARTBEAT.toNanos();
        volatile long lastEventNanos = System.nanoTime();

        Stream(URI master, String id, InputStream body) {
            this.master = master;
            this.id = id;
            this.body = body;
        }

        void close() {
            try {
                body.close();
            } catch (IOException e) {
                LOG.debug("closing the event stream from {}", master, e);
            }
        }
    }

    private final MasterDetector detector;
    private final Optional<String> authorization;
    private final int missedHeartbeats;
    private final Duration maxBackoff;
    private final Listener listener;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private volatile Stream stream;

    SchedulerSubscription(MasterDetector detector, Optional<Protos.Credential> credential, int missedHeartbeats,
                          Duration maxBackoff, Listener listener) {
        this.detector = detector;
        this.authorization = credential.map(c -> "Basic " + Base64.getEncoder().encodeToString(
                (c.getPrincipal() + ":" + c.getSecret()).getBytes(StandardCharsets.UTF_8)));
        this.missedHeartbeats = missedHeartbeats;
        this.maxBackoff = maxBackoff;
        this.listener = listener;
    }

    /** The stream open now, if any; subscribed or not yet. */
    Optional<Stream> stream() {
        return Optional.ofNullable(stream);
    }

    /** Subscribes, reads, and subscribes again, until the listener is no longer running or the thread is interrupted. */
    void run() {
        int failures = 0;
        while (listener.running()) {
            boolean wasSubscribed = false;
            try {
                Stream opened = open();
                if (opened != null) {
                    wasSubscribed = read(opened);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (MasterDetector.MasterDetectionException e) {
                LOG.warn("{}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("subscribing to the Mesos master failed", e);
            }
            if (!listener.running()) {
                return;
            }
            failures = wasSubscribed ? 1 : failures + 1;
            long ceiling = Math.min(maxBackoff.toMillis(), INITIAL_BACKOFF.toMillis() << Math.min(failures - 1, 20));
            long delay = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
            LOG.info("subscribing to the Mesos master again in {} ms", delay);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Ends the stream open now, if any: the reader sees it end. */
    void closeStream() {
        Stream now = stream;
        if (now != null) {
            now.close();
        }
    }

    /** Ends the stream that has been silent for {@code missedHeartbeats} intervals; the watchdog calls it. */
    void checkHeartbeats() {
        Stream now = stream;
        if (now == null) {
            return;
        }
        long silent = System.nanoTime() - now.lastEventNanos;
        if (silent > missedHeartbeats * now.heartbeatNanos) {
            LOG.warn("no event from the Mesos master at {} for {} ms ({} heartbeat intervals): reconnecting",
                    now.master, silent / 1_000_000, missedHeartbeats);
            now.lastEventNanos = System.nanoTime();
            now.close();
        }
    }

    /**
     * Sends {@code call} on {@code to}, waiting for the answer. A {@code 403} (not subscribed) or a {@code 400} about the
     * stream id ends the stream, so that the driver subscribes again; other refusals are logged.
     */
    void send(Stream to, Call call) {
        try {
            HttpResponse<String> response = http.send(post(to.master, call.toByteArray())
                    .header(STREAM_ID, to.id).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            int code = response.statusCode();
            if (code == 202) {
                return;
            }
            String body = response.body();
            if (code == 403 || (code == 400 && body.toLowerCase(Locale.ROOT).contains("stream id"))) {
                LOG.warn("the Mesos master at {} refused {} ({} {}): subscribing again", to.master, call.getType(), code, body);
                to.close();
                return;
            }
            LOG.warn("the Mesos master at {} refused {} with {}: {}", to.master, call.getType(), code, body);
        } catch (IOException e) {
            LOG.warn("{} to the Mesos master at {} failed: {}", call.getType(), to.master, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SUBSCRIBE to the leader, following redirects; the open stream, or null after a refusal (logged). */
    private Stream open() throws InterruptedException {
        Optional<URI> leader = detector.leader();
        if (leader.isEmpty()) {
            LOG.info("no Mesos master leads at {} yet", detector);
            return null;
        }
        URI master = leader.get();
        byte[] body = SchedulerCalls.subscribe(listener.frameworkInfo()).toByteArray();
        for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
            HttpResponse<InputStream> response;
            try {
                response = http.send(post(master, body).header("Accept", PROTOBUF).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                LOG.warn("cannot subscribe to the Mesos master at {}: {}", master, e.toString());
                return null;
            }
            int code = response.statusCode();
            if (code == 200) {
                Optional<String> id = response.headers().firstValue(STREAM_ID);
                if (id.isEmpty()) {
                    LOG.warn("the Mesos master at {} answered SUBSCRIBE with no {} header", master, STREAM_ID);
                    text(response.body());
                    return null;
                }
                Stream opened = new Stream(master, id.get(), response.body());
                stream = opened;
                if (!listener.running()) {
                    opened.close();
                    return null;
                }
                return opened;
            }
            String text = text(response.body());
            if (code == 307) {
                Optional<String> location = response.headers().firstValue("Location");
                if (location.isEmpty()) {
                    LOG.warn("the Mesos master at {} redirected SUBSCRIBE nowhere (307 with no Location)", master);
                    return null;
                }
                URI to = master.resolve(location.get());
                LOG.info("the Mesos master at {} is not the leader; subscribing to {}", master, to);
                master = URI.create(to.getScheme() + "://" + to.getRawAuthority());
                continue;
            }
            if (code == 401 || code == 403) {
                listener.failed("the Mesos master at " + master + " refused the framework's credentials (" + code + "): " + text);
                return null;
            }
            LOG.warn("the Mesos master at {} refused SUBSCRIBE with {}: {}", master, code, text);
            return null;
        }
        LOG.warn("more than {} redirects subscribing to the Mesos master; the last to {}", MAX_REDIRECTS, master);
        return null;
    }

    /** Reads events until the stream ends; whether it had been subscribed. */
    private boolean read(Stream opened) {
        RecordIo.Reader records = RecordIo.reader(opened.body);
        String cause = "the master closed the stream";
        try {
            while (listener.running()) {
                Optional<byte[]> record = records.next();
                if (record.isEmpty()) {
                    break;
                }
                opened.lastEventNanos = System.nanoTime();
                Event event;
                try {
                    event = Event.parseFrom(record.get());
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    LOG.warn("an event from the Mesos master at {} is no Event ({}): skipped", opened.master, e.getMessage());
                    continue;
                }
                if (!dispatch(opened, event)) {
                    return opened.subscribed;
                }
            }
        } catch (IOException e) {
            cause = e.toString();
        } finally {
            opened.close();
            if (stream == opened) {
                stream = null;
            }
        }
        if (opened.subscribed && listener.running()) {
            listener.disconnected(opened.master, cause);
        }
        return opened.subscribed;
    }

    /** Hands one event to the listener; false after an ERROR. One the listener cannot take is logged and skipped. */
    private boolean dispatch(Stream opened, Event event) {
        try {
            if (event.getType() == Event.Type.SUBSCRIBED) {
                Event.Subscribed subscribed = event.getSubscribed();
                if (subscribed.hasHeartbeatIntervalSeconds() && subscribed.getHeartbeatIntervalSeconds() > 0) {
                    opened.heartbeatNanos = (long) (subscribed.getHeartbeatIntervalSeconds() * 1e9);
                }
                opened.subscribed = true;
                listener.subscribed(opened.master, subscribed);
            } else if (event.getType() == Event.Type.ERROR) {
                listener.failed(event.getError().getMessage());
                return false;
            } else if (event.getType() != Event.Type.HEARTBEAT) {
                listener.event(event);
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("a {} event from the Mesos master at {} cannot be read ({}): skipped", event.getType(), opened.master,
                    e.getMessage());
        }
        return true;
    }

    private HttpRequest.Builder post(URI master, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(master.resolve(PATH))
                .header("Content-Type", PROTOBUF).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    private static String text(InputStream body) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(4096);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no body: " + e + ")";
        }
    }
}
