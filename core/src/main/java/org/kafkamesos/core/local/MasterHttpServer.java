package org.kafkamesos.core.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The local master over HTTP on loopback: {@code /api/v1/scheduler} ({@link SchedulerEndpoint}). */
final class MasterHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MasterHttpServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final SchedulerEndpoint scheduler;
    private final ScheduledExecutorService heartbeats;
    private final String host;

    private MasterHttpServer(Server server, ServerConnector connector, SchedulerEndpoint scheduler,
                             ScheduledExecutorService heartbeats, String host) {
        this.server = server;
        this.connector = connector;
        this.scheduler = scheduler;
        this.heartbeats = heartbeats;
        this.host = host;
    }

    /**
     * Serves {@code master} on {@code address} (port 0 for any free one).
     *
     * @throws LocalClusterException if the address cannot be bound
     */
    static MasterHttpServer start(LocalMaster master, InetSocketAddress address, Duration heartbeat) {
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-mesos-heartbeats");
            t.setDaemon(true);
            return t;
        });
        SchedulerEndpoint scheduler = new SchedulerEndpoint(master, heartbeat, heartbeats);
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("local-mesos-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        // a subscriber's stream is quiet between heartbeats; the connection is not idle for that long
        connector.setIdleTimeout(Math.max(60_000, heartbeat.toMillis() * 4));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (SchedulerEndpoint.PATH.equals(Request.getPathInContext(request))) {
                    return scheduler.handle(request, response, callback);
                }
                return SchedulerEndpoint.answer(response, callback, HttpStatus.NOT_FOUND_404,
                        "the local master serves " + SchedulerEndpoint.PATH);
            }
        });
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            heartbeats.shutdownNow();
            try {
                server.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            IOException cause = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            throw new LocalClusterException("the local master cannot listen on " + address + ": " + e.getMessage(),
                    new UncheckedIOException(cause));
        }
        MasterHttpServer started = new MasterHttpServer(server, connector, scheduler, heartbeats,
                address.getAddress().getHostAddress());
        LOG.info("local Mesos master listening on {}", started.uri());
        return started;
    }

    URI uri() {
        return URI.create("http://" + host + ":" + connector.getLocalPort());
    }

    SchedulerEndpoint scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.closeAll();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the local master's HTTP server did not stop cleanly: {}", e.toString());
        }
        heartbeats.shutdownNow();
    }
}
