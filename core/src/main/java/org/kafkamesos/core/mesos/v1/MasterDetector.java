package org.kafkamesos.core.mesos.v1;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the leading Mesos master is: a fixed address, or the leader that a ZooKeeper ensemble names. Asked again at
 * every (re)subscription, so that a scheduler follows a master failover.
 */
public interface MasterDetector extends AutoCloseable {

    /**
     * The leading master's base URI ({@code http://host:port}), or empty while no master leads.
     *
     * @throws MasterDetectionException if the leader cannot be looked up (ZooKeeper unreachable)
     */
    Optional<URI> leader();

    /** Releases what the detector holds (a ZooKeeper session); the default holds nothing. */
    @Override
    default void close() {
    }

    /**
     * A detector for a master given as the native driver takes it, or as a URL:
     * {@code http://host:port} or {@code https://host:port} (that master), {@code host:port} (the same over HTTP),
     * or {@code zk://[user:password@]host1:port1,host2:port2/path} (the leader among the masters registered under
     * {@code path}, as Mesos' ZooKeeper detector finds it; the credentials are ZooKeeper digest credentials).
     *
     * @throws IllegalArgumentException if {@code master} is none of these, saying what is accepted
     */
    static MasterDetector of(String master) {
        String value = master == null ? "" : master.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("zk://")) {
            return ZooKeeperMasterDetector.parse(value);
        }
        if (lower.startsWith("file://")) {
            throw new IllegalArgumentException("master '" + value + "': a file:// master is read by the native driver"
                    + " only; over HTTP give http://host:port, host:port or zk://host:port/path");
        }
        String url = lower.startsWith("http://") || lower.startsWith("https://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(invalid(value), e);
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535 || !(uri.getPath() == null || uri.getPath().isEmpty()
                || uri.getPath().equals("/"))) {
            throw new IllegalArgumentException(invalid(value));
        }
        URI base = URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
        return () -> Optional.of(base);
    }

    private static String invalid(String value) {
        return "master '" + value + "' is not a Mesos master; accepted: http://host:port, https://host:port, host:port"
                + " or zk://[user:password@]host:port[,host:port...]/path";
    }

    /** The leader could not be looked up. */
    final class MasterDetectionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MasterDetectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
