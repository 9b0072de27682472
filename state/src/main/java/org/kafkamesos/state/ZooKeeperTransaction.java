package org.kafkamesos.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * One attempt at a {@link Batch} as a ZooKeeper multi transaction, and what its outcome means.
 *
 * <p>Each operation becomes ZooKeeper operations whose failure codes map to the contract:
 * <table>
 * <caption>Batch operations and their ZooKeeper operations</caption>
 * <tr><th>operation</th><th>ZooKeeper</th><th>failure</th></tr>
 * <tr><td>fence (leader epoch)</td><td>check(epoch, version)</td><td>BadVersion: {@link FencedException}</td></tr>
 * <tr><td>put, ABSENT</td><td>create</td><td>NodeExists: {@link VersionConflictException}</td></tr>
 * <tr><td>put, version v</td><td>setData(v)</td><td>NoNode: {@link MissingKeyException}; BadVersion: conflict</td></tr>
 * <tr><td>delete, version v</td><td>delete(v)</td><td>NoNode: {@link MissingKeyException}; BadVersion: conflict</td></tr>
 * <tr><td>put, ANY</td><td>setData(-1) if the key was seen, else create</td><td>NoNode / NodeExists: a race, retry</td></tr>
 * <tr><td>delete, ANY</td><td>delete(-1) if the key was seen, else create + delete</td><td>NoNode / NodeExists: a race, retry</td></tr>
 * </table>
 * The unconditional operations depend on whether the key exists, which was read before the
 * transaction; the transaction checks that reading again (a missing key is asserted absent by
 * creating and deleting it in the same transaction), so a concurrent writer makes it fail as a
 * whole, and the store tries again with fresh readings. A batch of a single unconditional delete of
 * an absent key needs no assertion: it took effect when the key was read absent.
 */
final class ZooKeeperTransaction {

    /** One ZooKeeper operation: the batch operation it serves (null for the fence) and whether its failure is a race. */
    private record Step(Batch.Operation source, boolean race) {
    }

    private final List<Op> ops = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final long epoch;

    /**
     * @param epoch    the leader epoch to check, or {@link BatchingStateStore#UNFENCED}
     * @param existing the keys among the batch's unconditional operations that exist now
     * @param acl      the ACL of nodes the transaction creates
     */
    ZooKeeperTransaction(Batch batch, ZooKeeperLayout layout, long epoch, Set<String> existing, List<ACL> acl) {
        this.epoch = epoch;
        if (epoch != BatchingStateStore.UNFENCED) {
            add(Op.check(layout.epoch(), (int) epoch), null, false);
        }
        boolean alone = batch.operations().size() == 1;
        for (Batch.Operation op : batch.operations()) {
            String path = layout.node(op.key());
            if (op instanceof Batch.Put put) {
                long expected = put.expectedVersion();
                if (expected == Batch.ANY) {
                    boolean seen = existing.contains(put.key());
                    add(seen ? Op.setData(path, put.value(), -1) : Op.create(path, put.value(), acl, CreateMode.PERSISTENT), op, true);
                } else if (expected == Batch.ABSENT) {
                    add(Op.create(path, put.value(), acl, CreateMode.PERSISTENT), op, false);
                } else {
                    add(Op.setData(path, put.value(), (int) expected), op, false);
                }
            } else {
                long expected = ((Batch.Delete) op).expectedVersion();
                if (expected != Batch.ANY) {
                    add(Op.delete(path, (int) expected), op, false);
                } else if (existing.contains(op.key())) {
                    add(Op.delete(path, -1), op, true);
                } else if (!alone) {
                    add(Op.create(path, new byte[0], acl, CreateMode.PERSISTENT), op, true);
                    add(Op.delete(path, -1), op, true);
                }
            }
        }
    }

    /** The keys whose existence the transaction depends on: those of unconditional operations. */
    static List<String> unconditionalKeys(Batch batch) {
        List<String> keys = new ArrayList<>();
        for (Batch.Operation op : batch.operations()) {
            long expected = op.expectedVersion();
            if (expected == Batch.ANY) {
                keys.add(op.key());
            }
        }
        return keys;
    }

    private void add(Op op, Batch.Operation source, boolean race) {
        ops.add(op);
        steps.add(new Step(source, race));
    }

    List<Op> ops() {
        return ops;
    }

    /** The new version of every key written, from the results of a transaction that succeeded. */
    Map<String, Long> versions(List<OpResult> results) {
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            Batch.Operation source = steps.get(i).source();
            if (source instanceof Batch.Put) {
                long version = results.get(i) instanceof OpResult.SetDataResult set ? set.getStat().getVersion() : 0;
                versions.put(source.key(), version);
            }
        }
        return versions;
    }

    /**
     * What the failure of the transaction means.
     *
     * @param results   the results ZooKeeper reported with the failure
     * @param versionOf reads a key's current version (empty when absent), for the conflict report
     * @param epochNow  reads the current epoch, for the fencing report
     * @return the error to throw, or empty when the transaction raced another writer and may be retried
     */
    Optional<StateStoreException> failure(List<OpResult> results, Function<String, OptionalLong> versionOf,
                                          Supplier<OptionalLong> epochNow) {
        for (int i = 0; i < results.size(); i++) {
            if (!(results.get(i) instanceof OpResult.ErrorResult error) || error.getErr() == KeeperException.Code.OK.intValue()) {
                continue;
            }
            KeeperException.Code code = KeeperException.Code.get(error.getErr());
            Step step = steps.get(i);
            Op op = ops.get(i);
            if (code == KeeperException.Code.NOAUTH) {
                return Optional.of(ZooKeeperRequests.refused(op.getPath()));
            }
            if (step.source() == null) {
                return Optional.of(fenced(code, epochNow.get()));
            }
            if (op.getType() == ZooDefs.OpCode.create && code == KeeperException.Code.NONODE) {
                return Optional.of(new StateStoreException("the store's data node " + parent(op.getPath())
                        + " is missing; was the store's root deleted?"));
            }
            if (step.race() && (code == KeeperException.Code.NONODE || code == KeeperException.Code.NODEEXISTS)) {
                return Optional.empty();
            }
            return Optional.of(conflict(step.source(), code, versionOf));
        }
        return Optional.of(new StateStoreException("ZooKeeper refused the transaction without saying which operation failed"));
    }

    private StateStoreException fenced(KeeperException.Code code, OptionalLong now) {
        if (code != KeeperException.Code.BADVERSION) {
            return new StateStoreException("the leader epoch node is unusable (" + code + "); was the store's root deleted?");
        }
        return new FencedException("epoch " + epoch + " was deposed; the store is at epoch "
                + (now.isPresent() ? Long.toString(now.getAsLong()) : "unknown"));
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    private static StateStoreException conflict(Batch.Operation source, KeeperException.Code code,
                                                Function<String, OptionalLong> versionOf) {
        String key = source.key();
        long expected = source.expectedVersion();
        switch (code) {
            case NODEEXISTS:
                return new VersionConflictException(key, OptionalLong.empty(), versionOf.apply(key));
            case BADVERSION:
                return new VersionConflictException(key, Batch.expectation(expected), versionOf.apply(key));
            case NONODE:
                return new MissingKeyException(key);
            default:
                return new StateStoreException("ZooKeeper refused the write of " + key + " (expected "
                        + Keys.describe(expected) + "): " + code);
        }
    }
}
