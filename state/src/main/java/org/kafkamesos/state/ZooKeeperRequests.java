package org.kafkamesos.state;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.curator.CuratorZookeeperClient;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Makes ZooKeeper requests on the current handle of a Curator client: each waits for a connection
 * at most the client's connection timeout, is sent once, and fails with a store exception. The
 * client's {@code RetryPolicy} is not applied on purpose: a write retried after its connection
 * dropped may have landed already, and the retry would report a false conflict.
 */
final class ZooKeeperRequests {

    /** A request on a connected handle. */
    @FunctionalInterface
    interface Request<T> {
        T apply(ZooKeeper zk) throws KeeperException, InterruptedException;
    }

    private final CuratorFramework client;

    ZooKeeperRequests(CuratorFramework client) {
        this.client = client;
    }

    /**
     * Runs {@code request} once connected.
     *
     * @param what what the request does, for error messages ("read /brokers/3"), built only on failure
     * @throws StoreUnavailableException if there is no connection within the connection timeout, or it drops
     */
    <T> T call(Supplier<String> what, Request<T> request) {
        CuratorZookeeperClient zkClient = client.getZookeeperClient();
        try {
            if (!zkClient.blockUntilConnectedOrTimedOut()) {
                throw new StoreUnavailableException("could not " + what.get() + ": not connected to ZooKeeper ("
                        + zkClient.getCurrentConnectionString() + ") within the client's connection timeout of "
                        + zkClient.getConnectionTimeoutMs() + " ms", null);
            }
            return request.apply(zkClient.getZooKeeper());
        } catch (KeeperException e) {
            throw translate(what.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while trying to " + what.get(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // getZooKeeper() rethrows failures of the client's background work, such as a failed reconnect.
            throw new StoreUnavailableException("could not " + what.get() + ": " + e, e);
        }
    }

    static StateStoreException translate(String what, KeeperException e) {
        switch (e.code()) {
            case CONNECTIONLOSS:
            case SESSIONEXPIRED:
            case SESSIONMOVED:
            case OPERATIONTIMEOUT:
            case REQUESTTIMEOUT:
            case NOTREADONLY:
            case THROTTLEDOP:
                return new StoreUnavailableException("could not " + what + ": ZooKeeper " + e.code()
                        + "; whether a write landed is unknown", e);
            case NOAUTH:
                return refused(e.getPath());
            default:
                return new StateStoreException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    static StateStoreException refused(String path) {
        return new StateStoreException("ZooKeeper refused access to " + path + ": the client must authenticate as the user"
                + " the store's ACL names, e.g. CuratorFrameworkFactory.builder().authorization(\"digest\", \"user:password\")");
    }

    /** Whether each of {@code paths} exists, asked all at once: one round trip, not one per path. */
    static List<Boolean> exist(ZooKeeper zk, List<String> paths) throws KeeperException, InterruptedException {
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (String path : paths) {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            zk.exists(path, false, (rc, p, ctx, stat) -> {
                KeeperException.Code code = KeeperException.Code.get(rc);
                if (code == KeeperException.Code.OK || code == KeeperException.Code.NONODE) {
                    answer.complete(code == KeeperException.Code.OK);
                } else {
                    answer.completeExceptionally(KeeperException.create(code, p));
                }
            }, null);
            answers.add(answer);
        }
        List<Boolean> exist = new ArrayList<>();
        for (CompletableFuture<Boolean> answer : answers) {
            try {
                // Bounded: the client answers every request, with CONNECTIONLOSS if the connection drops.
                exist.add(answer.get());
            } catch (ExecutionException e) {
                throw (KeeperException) e.getCause();
            }
        }
        return exist;
    }

    /** A node's version for an error report: best effort, empty when absent or unreadable. */
    static OptionalLong version(ZooKeeper zk, String path) {
        try {
            Stat stat = zk.exists(path, false);
            return stat == null ? OptionalLong.empty() : OptionalLong.of(stat.getVersion());
        } catch (KeeperException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }
}
