package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.List;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;

/**
 * Where a {@link ZooKeeperStateStore} keeps what, under its root (see the store's javadoc).
 *
 * @param root     the root as given, relative to the client's namespace (for Curator recipes)
 * @param absolute the root as ZooKeeper sees it, namespace included (for requests on the handle)
 */
record ZooKeeperLayout(String root, String absolute) {

    /** The root's data, which {@link #create} checks so that a store never adopts a foreign tree. */
    private static final byte[] MARKER = "kafka-mesos state store, layout 1".getBytes(UTF_8);

    static ZooKeeperLayout of(String namespace, String root) {
        return new ZooKeeperLayout(root, ZKPaths.fixForNamespace(namespace, root));
    }

    /** The node whose children are the keys. */
    String data() {
        return absolute + "/data";
    }

    /** The node holding {@code key}. */
    String node(String key) {
        return data() + "/" + ZooKeeperKeys.nodeName(key);
    }

    /** The fencing epoch node: its data version is the epoch. */
    String epoch() {
        return absolute + "/epoch";
    }

    /** The leader latch's path, relative to the client's namespace as Curator recipes take it. */
    String leaderLatch() {
        return root + "/leader";
    }

    /**
     * Creates the nodes that are missing and checks that the client may write them, by rewriting
     * the root's marker: a misconfigured ACL fails here rather than at the first real write.
     * Missing parents of the root get the open ACL; the root and its nodes get {@code acl}.
     */
    void create(ZooKeeper zk, List<ACL> acl) throws KeeperException, InterruptedException {
        List<String> segments = ZKPaths.split(absolute);
        StringBuilder parent = new StringBuilder();
        for (int i = 0; i < segments.size() - 1; i++) {
            parent.append('/').append(segments.get(i));
            createIfMissing(zk, parent.toString(), ZooDefs.Ids.OPEN_ACL_UNSAFE);
        }
        createIfMissing(zk, absolute, acl);
        byte[] marker = zk.getData(absolute, false, null);
        if (marker != null && marker.length > 0 && !Arrays.equals(marker, MARKER)) {
            throw new IllegalArgumentException("root " + root + " holds data other than this store's layout marker;"
                    + " give the store a path of its own");
        }
        zk.setData(absolute, MARKER, -1);
        createIfMissing(zk, data(), acl);
        createIfMissing(zk, epoch(), acl);
        createIfMissing(zk, absolute + "/leader", acl);
    }

    private static void createIfMissing(ZooKeeper zk, String path, List<ACL> acl) throws KeeperException, InterruptedException {
        try {
            zk.create(path, new byte[0], acl, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // Created before, by this store or another participant.
        }
    }
}
