package org.kafkamesos.core.mesos.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;

/**
 * The leading master as Mesos' ZooKeeper detector finds it ({@code src/master/detector/zookeeper.cpp},
 * {@code src/zookeeper/group.cpp}): every master holds an ephemeral sequential node {@code json.info_<sequence>}
 * under the path, whose data is its {@code MasterInfo} as JSON, and the leader is the one with the lowest sequence.
 * The URI is built from the {@code address} field ({@code ip} and {@code port}, or {@code hostname} when no ip is
 * given), as the V1 scheduler library of Mesos builds it from the master's address.
 */
final class ZooKeeperMasterDetector implements MasterDetector {

    private static final String PREFIX = "json.info_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CuratorFrameworkFactory.Builder client;
    private final String path;
    private final String description;
    private CuratorFramework zk;
    private boolean closed;

    private ZooKeeperMasterDetector(CuratorFrameworkFactory.Builder client, String path, String description) {
        this.client = client;
        this.path = path;
        this.description = description;
    }

    /** {@code zk://[user:password@]hosts/path}; see {@link MasterDetector#of}. */
    static ZooKeeperMasterDetector parse(String master) {
        String rest = master.substring("zk://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("master '" + master + "': a ZooKeeper master is"
                    + " zk://[user:password@]host:port[,host:port...]/path, with hosts and a path");
        }
        String authority = rest.substring(0, slash);
        String path = rest.substring(slash);
        String auth = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            auth = authority.substring(0, at);
            authority = authority.substring(at + 1);
            if (!auth.contains(":")) {
                throw new IllegalArgumentException("master '" + master + "': ZooKeeper credentials are user:password@");
            }
        }
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder().connectString(authority)
                .retryPolicy(new ExponentialBackoffRetry(500, 3)).connectionTimeoutMs(10_000).sessionTimeoutMs(30_000);
        if (auth != null) {
            builder.authorization("digest", auth.getBytes(StandardCharsets.UTF_8));
        }
        // the description leaves the credentials out: it goes into log lines and errors
        return new ZooKeeperMasterDetector(builder, path, "zk://" + authority + path);
    }

    /** The ZooKeeper client, started at the first look (so that a detector made and never used holds nothing). */
    private synchronized CuratorFramework zk() {
        if (closed) {
            throw new MasterDetectionException("the master detector for " + description + " is closed", null);
        }
        if (zk == null) {
            zk = client.build();
            zk.start();
        }
        return zk;
    }

    @Override
    public Optional<URI> leader() {
        CuratorFramework zk = zk();
        try {
            List<String> children;
            try {
                children = zk.getChildren().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
            Optional<String> leader = children.stream().filter(name -> name.startsWith(PREFIX) && sequence(name) >= 0)
                    .min(Comparator.comparingLong(ZooKeeperMasterDetector::sequence));
            if (leader.isEmpty()) {
                return Optional.empty();
            }
            byte[] data;
            try {
                data = zk.getData().forPath(path + "/" + leader.get());
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty(); // the leader went between the two reads: the next look finds the new one
            }
            return Optional.of(uriOf(data, leader.get()));
        } catch (MasterDetectionException e) {
            throw e;
        } catch (Exception e) {
            throw new MasterDetectionException("cannot read the leading Mesos master from " + description + ": " + e, e);
        }
    }

    private URI uriOf(byte[] data, String node) {
        try {
            JsonNode info = JSON.readTree(data);
            JsonNode address = info.path("address");
            String host = address.path("ip").asText(address.path("hostname").asText(""));
            int port = address.path("port").asInt(info.path("port").asInt(0));
            if (host.isEmpty() || port <= 0) {
                throw new MasterDetectionException("the master info in " + description + "/" + node
                        + " has no address with an ip (or hostname) and a port", null);
            }
            return URI.create("http://" + host + ":" + port);
        } catch (IOException e) {
            throw new MasterDetectionException("the master info in " + description + "/" + node + " is not JSON: " + e, e);
        }
    }

    private static long sequence(String name) {
        try {
            return Long.parseLong(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (zk != null) {
            zk.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
