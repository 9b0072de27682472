package org.kafkamesos.state;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.RetryLoop;
import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.common.PathUtils;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in ZooKeeper, over a {@link CuratorFramework} client that the caller owns and keeps
 * started; closing the store leaves the client open.
 *
 * <pre>{@code
 * CuratorFramework client = CuratorFrameworkFactory.builder()
 *         .connectString("zk1:2181,zk2:2181").retryPolicy(new ExponentialBackoffRetry(1000, 3))
 *         .authorization("digest", "kafka-mesos:secret".getBytes(UTF_8)).build();
 * client.start();
 * ZooKeeperStateStore store = ZooKeeperStateStore.builder(client, "/kafka-mesos/cluster-1")
 *         .digest("kafka-mesos:secret").build();
 * }</pre>
 *
 * <h2>Layout</h2>
 * Under the root path (inside the client's namespace, if it has one):
 * <ul>
 * <li>{@code <root>} holds a layout marker; {@link Builder#build()} refuses a root that holds other data.
 * <li>{@code <root>/data/<name>}: one node per key, named by escaping the key's inner '/' as {@code %2F}
 *     ({@code /brokers/3} is {@code data/brokers%2F3}). Keys are flat, so a key's parents never exist as
 *     values, a node's data version is the key's version (0 when created, +1 per write, 0 again when
 *     recreated), and an empty value is a node with empty data. {@link #children(String)} lists the
 *     {@code data} node and filters, so it costs one request however deep the keys are; ZooKeeper's
 *     1 MB response limit allows some tens of thousands of keys.
 * <li>{@code <root>/leader}: the {@code LeaderLatch} of the {@link #leaderElection() election}.
 * <li>{@code <root>/epoch}: the fencing epoch, which is this node's data version; its data names the
 *     participant that set it.
 * </ul>
 *
 * <h2>Writes and fencing</h2>
 * Every write is one ZooKeeper multi transaction (see {@code ZooKeeperTransaction}); a leader's write
 * also checks the epoch node's version in the same transaction, so the write of a deposed leader
 * fails with {@link FencedException} even when that leader has not yet heard that it was deposed.
 * Unconditional puts and deletes read whether their keys exist first; when another writer changes
 * that before the transaction lands, the transaction fails as a whole and is tried again after a
 * short jittered backoff, up to 10 times, then fails with {@link StateStoreException}.
 *
 * <h2>Leadership</h2>
 * {@link #leaderElection()} runs Curator's {@code LeaderLatch} on {@code <root>/leader}. A participant
 * the latch chooses advances the epoch (a version-checked write of the epoch node) before its
 * {@link Leadership} is handed out; {@link Leadership#isCurrent()} follows the latch. Whether
 * leadership survives a suspended connection follows the client's {@code ConnectionStateErrorPolicy}:
 * Curator's standard policy gives it up on SUSPENDED, its session policy only when the session is
 * lost. Either way a deposed leader's writes are fenced by the epoch check.
 *
 * <h2>Connection loss</h2>
 * Listeners registered with {@link #addConnectionListener} hear the client's connection states.
 * An operation waits for a connection at most the client's connection timeout (Curator's default:
 * 15 s), then makes one attempt; if ZooKeeper cannot be reached it fails with
 * {@link StoreUnavailableException}. After the caller closes the client, operations fail with
 * {@link IllegalStateException}. The store
 * does not apply the client's {@code RetryPolicy}: a write retried after its connection dropped may
 * have landed already and would then report a false conflict; the caller retries after reading the
 * key again. A request already sent fails when the client notices the connection is gone, at most
 * about two thirds of the session timeout later. Reads are ZooKeeper reads: they see this client's
 * own writes and may lag other clients' writes by the ensemble's replication delay.
 *
 * <h2>Access control</h2>
 * By default nodes are created with ZooKeeper's open ACL (the client's {@code ACLProvider} is not
 * consulted). {@link Builder#digest(String)} restricts every node the store creates to one digest
 * user, optionally {@link Builder#worldReadable(boolean) readable by anyone}; {@link Builder#acl(List)}
 * takes any ACL. Parents of the root that do not exist yet are created with the open ACL.
 */
public final class ZooKeeperStateStore extends BatchingStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperStateStore.class);
    /**
     * Spaces out the attempts of a transaction that raced another writer: Curator's jittered
     * exponential backoff from 2 ms, at most 10 retries (about 2 s of sleep on average at worst).
     */
    private static final RetryPolicy RACE_BACKOFF = new ExponentialBackoffRetry(2, 10);

    private final CuratorFramework client;
    private final ZooKeeperLayout layout;
    private final ZooKeeperRequests requests;
    private final List<ACL> acl;
    private final ZooKeeperConnectionListeners listeners;
    private final Set<ZooKeeperLeaderElection> elections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ZooKeeperStateStore(CuratorFramework client, String root, List<ACL> acl) {
        this.client = client;
        this.layout = ZooKeeperLayout.of(client.getNamespace(), root);
        this.requests = new ZooKeeperRequests(client);
        this.listeners = new ZooKeeperConnectionListeners(client, root);
        this.acl = aclCopy(acl);
    }

    /** A copy ZooKeeper accepts: it asks {@code contains(null)}, which {@code List.copyOf} lists refuse to answer. */
    private static List<ACL> aclCopy(List<ACL> acl) {
        return Collections.unmodifiableList(new ArrayList<>(acl));
    }

    /**
     * Starts a store over {@code client} at {@code root}.
     *
     * @param client a started client; the store never closes it
     * @param root   an absolute ZooKeeper path other than "/", such as {@code /kafka-mesos/cluster-1};
     *               relative to the client's namespace if it has one
     */
    public static Builder builder(CuratorFramework client, String root) {
        return new Builder(client, root);
    }

    @Override
    public Optional<Versioned<byte[]>> get(String key) {
        String path = layout.node(key);
        requireOpen();
        return requests.call(() -> "read " + key, zk -> {
            Stat stat = new Stat();
            try {
                byte[] data = zk.getData(path, false, stat);
                return Optional.of(new Versioned<>(data == null ? new byte[0] : data, stat.getVersion()));
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<String> children(String parent) {
        Keys.requireParent(parent);
        requireOpen();
        List<String> names = requests.call(() -> "list " + parent, zk -> zk.getChildren(layout.data(), false));
        List<String> keys = new ArrayList<>();
        for (String name : names) {
            ZooKeeperKeys.key(name).filter(key -> Keys.isChild(parent, key)).ifPresent(keys::add);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    Map<String, Long> commit(Batch batch, long epoch) {
        requireOpen();
        if (batch.operations().isEmpty() && epoch == UNFENCED) {
            return Map.of();
        }
        List<String> unconditional = ZooKeeperTransaction.unconditionalKeys(batch);
        List<String> paths = unconditional.stream().map(layout::node).toList();
        long start = System.nanoTime();
        return requests.call(() -> "commit " + batch, zk -> {
            for (int retries = 0; ; retries++) {
                List<Boolean> exist = ZooKeeperRequests.exist(zk, paths);
                Set<String> existing = new HashSet<>();
                for (int i = 0; i < exist.size(); i++) {
                    if (exist.get(i)) {
                        existing.add(unconditional.get(i));
                    }
                }
                ZooKeeperTransaction tx = new ZooKeeperTransaction(batch, layout, epoch, existing, acl);
                try {
                    return tx.versions(zk.multi(tx.ops()));
                } catch (KeeperException e) {
                    if (e.getResults() == null || e.getResults().isEmpty()) {
                        throw e;
                    }
                    Optional<StateStoreException> failure = tx.failure(e.getResults(),
                            key -> ZooKeeperRequests.version(zk, layout.node(key)),
                            () -> ZooKeeperRequests.version(zk, layout.epoch()));
                    if (failure.isPresent()) {
                        throw failure.get();
                    }
                    LOG.debug("attempt {} of {} raced another writer", retries + 1, batch);
                    backOff(retries, start, "other writers kept changing the keys of the batch; nothing was written");
                }
            }
        });
    }

    /**
     * Moves the fencing epoch on, recording who moved it, so that writes checked against an older
     * epoch fail from now on.
     *
     * @return the new epoch
     */
    long advanceEpoch(String participantId) {
        requireOpen();
        byte[] holder = participantId.getBytes(UTF_8);
        long start = System.nanoTime();
        return requests.call(() -> "advance the leader epoch", zk -> {
            for (int retries = 0; ; retries++) {
                Stat stat = zk.exists(layout.epoch(), false);
                if (stat == null) {
                    throw new StateStoreException("the leader epoch node " + layout.epoch() + " is missing; was the store's root deleted?");
                }
                try {
                    return (long) zk.setData(layout.epoch(), holder, stat.getVersion()).getVersion();
                } catch (KeeperException.BadVersionException e) {
                    backOff(retries, start, "other participants kept advancing the leader epoch; it stays where they put it");
                }
            }
        });
    }

    /** Sleeps before the next attempt, or gives up when the backoff's retries are spent. */
    private static void backOff(int retries, long startNanos, String what) throws InterruptedException {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (!RACE_BACKOFF.allowRetry(retries, elapsedMs, RetryLoop.getDefaultRetrySleeper())) {
            if (Thread.interrupted()) {
                throw new InterruptedException(what);
            }
            throw new StateStoreException(what + " (" + (retries + 1) + " attempts in " + elapsedMs + " ms)");
        }
    }

    /**
     * Adds a listener; it hears of connection changes from now on, on a thread of the client's.
     * Curator's READ_ONLY is reported as {@link ConnectionState#SUSPENDED}. After
     * {@link ConnectionState#LOST}, the client connects again with a new session and the listener
     * hears {@link ConnectionState#RECONNECTED}: leadership was lost with the old session even so.
     */
    @Override
    public void addConnectionListener(ConnectionListener listener) {
        requireOpen();
        listeners.add(listener);
    }

    /**
     * A new participant in the election among schedulers sharing this root, named by a random id.
     * Closing the store closes its elections.
     */
    public LeaderElection leaderElection() {
        return leaderElection(UUID.randomUUID().toString());
    }

    /**
     * A new participant in the election, named {@code participantId} in its latch node and, while
     * it leads, in the epoch node, so that operators can see who leads.
     */
    public LeaderElection leaderElection(String participantId) {
        requireOpen();
        Objects.requireNonNull(participantId, "participantId");
        ZooKeeperLeaderElection election = new ZooKeeperLeaderElection(this, client, layout.leaderLatch(), participantId);
        elections.add(election);
        return election;
    }

    void forget(ZooKeeperLeaderElection election) {
        elections.remove(election);
    }

    /** Closes the store's elections and stops listening to the client; the client stays open. */
    @Override
    public void close() {
        closed = true;
        listeners.stop();
        for (ZooKeeperLeaderElection election : List.copyOf(elections)) {
            election.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the ZooKeeper store at " + layout.root() + " is closed");
        }
    }

    /** Configures a {@link ZooKeeperStateStore}. */
    public static final class Builder {
        private final CuratorFramework client;
        private final String root;
        private List<ACL> acl;
        private String digest;
        private boolean worldReadable;

        private Builder(CuratorFramework client, String root) {
            this.client = Objects.requireNonNull(client, "client");
            this.root = Objects.requireNonNull(root, "root");
        }

        /**
         * The ACL of every node the store creates. Default: ZooKeeper's open ACL. Excludes {@link #digest(String)}.
         *
         * @param acl a non-empty ACL, such as {@code ZooDefs.Ids.CREATOR_ALL_ACL} for an authenticated client
         */
        public Builder acl(List<ACL> acl) {
            if (acl.isEmpty()) {
                throw new IllegalArgumentException("an ACL needs at least one entry; ZooKeeper refuses an empty ACL");
            }
            if (acl.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("an ACL may not contain null entries");
            }
            this.acl = aclCopy(acl);
            return this;
        }

        /**
         * Gives every permission on the store's nodes to one digest user and none to anybody else
         * (but see {@link #worldReadable(boolean)}). The client must authenticate as the same user,
         * {@code CuratorFrameworkFactory.builder().authorization("digest", credentials.getBytes(UTF_8))};
         * {@link #build()} fails otherwise. Excludes {@link #acl(List)}.
         *
         * @param credentials {@code user:password}
         */
        public Builder digest(String credentials) {
            int colon = credentials.indexOf(':');
            if (colon <= 0 || colon == credentials.length() - 1) {
                throw new IllegalArgumentException("digest credentials must read user:password, got "
                        + (colon < 0 ? "no ':'" : "an empty user or password"));
            }
            this.digest = credentials;
            return this;
        }

        /** With {@link #digest(String)}: lets anybody read the store's nodes (default false: only the user may). */
        public Builder worldReadable(boolean worldReadable) {
            this.worldReadable = worldReadable;
            return this;
        }

        /**
         * Creates the root and its {@code data}, {@code epoch} and {@code leader} nodes where missing,
         * and checks that the client may write them.
         *
         * @throws IllegalArgumentException  if the root is not a valid path, is "/", or holds other data
         * @throws IllegalStateException     if the client is not started
         * @throws StoreUnavailableException if ZooKeeper cannot be reached within the connection timeout
         * @throws StateStoreException       if ZooKeeper refuses the client access to the root
         */
        public ZooKeeperStateStore build() {
            PathUtils.validatePath(root);
            if ("/".equals(root)) {
                throw new IllegalArgumentException("root must be a path of the store's own, such as /kafka-mesos, not /");
            }
            if (client.getState() != CuratorFrameworkState.STARTED) {
                throw new IllegalStateException("the Curator client must be started before the store is built; it is " + client.getState());
            }
            if (acl != null && digest != null) {
                throw new IllegalArgumentException("choose acl(...) or digest(...), not both");
            }
            if (worldReadable && digest == null) {
                throw new IllegalArgumentException("worldReadable applies to digest(...); with acl(...) list the readers yourself");
            }
            List<ACL> nodeAcl = digest != null ? digestAcl() : acl != null ? acl : ZooDefs.Ids.OPEN_ACL_UNSAFE;
            ZooKeeperStateStore store = new ZooKeeperStateStore(client, root, nodeAcl);
            store.requests.call(() -> "set up the store at " + root, zk -> {
                store.layout.create(zk, store.acl);
                return null;
            });
            store.listeners.start();
            return store;
        }

        private List<ACL> digestAcl() {
            List<ACL> list = new ArrayList<>();
            try {
                list.add(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest(digest))));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM cannot compute ZooKeeper's digest", e);
            }
            if (worldReadable) {
                list.add(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
            }
            return list;
        }
    }
}
