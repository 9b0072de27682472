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

/**
 * The local cluster over HTTP on loopback: the master's {@code /api/v1/scheduler} ({@link SchedulerEndpoint}) on its
 * address, and each agent's {@code /api/v1/executor} ({@link AgentEndpoint}) on the agent's own address and a free port.
 */
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
        java.util.Map<String, ServerConnector> agents = new java.util.LinkedHashMap<>();
        for (LocalAgent agent : master.agentList()) {
            ServerConnector agentConnector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
            agentConnector.setHost(agent.hostname());
            agentConnector.setPort(0);
            agentConnector.setIdleTimeout(connector.getIdleTimeout());
            agentConnector.setName(agent.agentId());
            server.addConnector(agentConnector);
            agents.put(agent.agentId(), agentConnector);
        }
        AgentEndpoint executors = new AgentEndpoint(master.executorProcesses());
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                boolean onAgent = request.getConnectionMetaData().getConnector() != connector;
                if (!onAgent && SchedulerEndpoint.PATH.equals(path)) {
                    return scheduler.handle(request, response, callback);
                }
                if (onAgent && AgentEndpoint.PATH.equals(path)) {
                    return executors.handle(request, response, callback);
                }
                return SchedulerEndpoint.answer(response, callback, HttpStatus.NOT_FOUND_404, onAgent
                        ? "a local agent serves " + AgentEndpoint.PATH : "the local master serves " + SchedulerEndpoint.PATH);
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
            throw new LocalClusterException("the local master cannot listen on " + address.getHostString() + ":"
                    + address.getPort() + ": " + e.getMessage(),
                    new UncheckedIOException(cause));
        }
        java.util.Map<String, String> endpoints = new java.util.LinkedHashMap<>();
        agents.forEach((id, c) -> endpoints.put(id, c.getHost() + ":" + c.getLocalPort()));
        master.agentEndpoints(endpoints);
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
