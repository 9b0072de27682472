package org.kafkamesos.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in a local directory, one file per key, for a scheduler that runs on one host (or on a
 * shared file system with working POSIX locks). Thread-safe.
 *
 * <p>Durable and atomic across crashes: a value is written to a temporary file, synced, renamed over
 * the old one and the directory synced, so a crash at any instant leaves the old or the new value,
 * never a torn or empty one; every file carries a CRC-32C, so a damaged file is reported rather than
 * served. A batch of several operations writes its new values to temporary files and commits by
 * renaming a journal into place; a store that opens to find a committed journal completes the batch,
 * and discards an uncommitted one, so a batch lands completely or not at all. Versions are stored
 * with the values and survive restarts.
 *
 * <p>Exclusive: the store holds an OS lock on the directory while open, so a second scheduler (another
 * process, or another store in this JVM) opening the same directory is refused with
 * {@link StoreUnavailableException} until {@link #close()}; the OS releases the lock when the holder
 * dies. {@link #leaderElection(Path)} waits for that lock instead, for schedulers that take over.
 *
 * <p>File system errors surface as {@link StoreUnavailableException}; after one during a write, the
 * store completes or discards that write before the next operation, as it does on opening.
 */
public final class FileStateStore extends BatchingStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);

    /** How long a {@link #leaderElection(Path)} waits between attempts to take the directory: 100 ms. */
    static final Duration ELECTION_RETRY = Duration.ofMillis(100);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition leaderLeft = lock.newCondition();
    private final StoreDirectory files;
    private final DirectoryLock directoryLock;
    private TreeMap<String, Long> versions;
    /** Set while a write is under way, and left set when one fails: the files may be mid-write. */
    private boolean needsRecovery;
    private boolean closed;
    private Object leader;
    private long leaderEpoch;

    private FileStateStore(StoreDirectory files, DirectoryLock directoryLock, TreeMap<String, Long> versions) {
        this.files = files;
        this.directoryLock = directoryLock;
        this.versions = versions;
    }

    /**
     * Opens the store in {@code directory}, creating the directory if needed, and holds the
     * directory's lock until {@link #close()}. Completes or discards a write that a crash interrupted.
     *
     * @throws StoreUnavailableException if another scheduler holds the directory (the message names
     *                                   the directory and the holder's pid), or the file system fails
     */
    public static FileStateStore open(Path directory) {
        return open(directory, FileWriteHook.NONE);
    }

    static FileStateStore open(Path directory, FileWriteHook hook) {
        try {
            return openLocked(directory, DirectoryLock.acquire(directory), hook);
        } catch (DirectoryLock.HeldException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        } catch (IOException e) {
            throw unavailable(directory, "open the state directory", e);
        }
    }

    /** Opens the store, or returns empty at once when another scheduler holds the directory. */
    static Optional<FileStateStore> tryOpen(Path directory, FileWriteHook hook) {
        try {
            return Optional.of(openLocked(directory, DirectoryLock.acquire(directory), hook));
        } catch (DirectoryLock.HeldException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable(directory, "open the state directory", e);
        }
    }

    private static FileStateStore openLocked(Path directory, DirectoryLock directoryLock, FileWriteHook hook) {
        boolean opened = false;
        try {
            StoreDirectory files = new StoreDirectory(directory, hook);
            FileStateStore store = new FileStateStore(files, directoryLock, files.recover());
            opened = true;
            return store;
        } catch (IOException e) {
            throw unavailable(directory, "recover the state directory", e);
        } finally {
            if (!opened) {
                release(directoryLock);
            }
        }
    }

    /**
     * A participant in an election among the schedulers that share {@code directory}: it leads while
     * it holds the directory's lock. {@link LeaderElection#awaitLeadership(Duration)} tries to open the
     * directory (creating it if needed) every 100 ms until the timeout; once it does, it raises the
     * epoch stored in the directory, and its leadership's store is the store it opened, fenced by that
     * epoch. Closing the election closes that store and releases the directory for the next
     * participant; when the leading process dies, the OS releases the lock and a participant in
     * another process takes over within 100 ms.
     */
    public static LeaderElection leaderElection(Path directory) {
        return new DirectoryLockElection(directory, ELECTION_RETRY, FileWriteHook.NONE);
    }

    /**
     * A participant in an election among the schedulers of this JVM that share this open store: one
     * leads at a time, the next takes over when the leader closes its election, and every leadership
     * ends when this store closes. Each new leader raises the epoch stored in the directory.
     */
    public LeaderElection leaderElection() {
        return new InProcessElection(this);
    }

    @Override
    public Optional<Versioned<byte[]>> get(String key) {
        Keys.requireValid(key);
        lock.lock();
        try {
            requireReady();
            if (!versions.containsKey(key)) {
                return Optional.empty();
            }
            return Optional.of(files.readValue(key));
        } catch (IOException e) {
            throw unavailable(files.root(), "read " + key, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> children(String parent) {
        Keys.requireParent(parent);
        lock.lock();
        try {
            requireReady();
            return Keys.childrenIn(versions, parent);
        } finally {
            lock.unlock();
        }
    }

    @Override
    Map<String, Long> commit(Batch batch, long epoch) {
        lock.lock();
        try {
            requireReady();
            if (epoch != UNFENCED) {
                requireEpoch(epoch);
            }
            for (Batch.Operation op : batch.operations()) {
                check(op);
            }
            Map<String, Long> written = new HashMap<>();
            List<Batch.Operation> changes = new ArrayList<>();
            for (Batch.Operation op : batch.operations()) {
                Long current = versions.get(op.key());
                if (op instanceof Batch.Put) {
                    written.put(op.key(), current == null ? 0 : current + 1);
                    changes.add(op);
                } else if (current != null) {
                    changes.add(op);
                }
            }
            needsRecovery = true;
            if (changes.size() == 1) {
                writeOne(changes.get(0), written);
            } else if (changes.size() > 1) {
                writeBatch(changes, written);
            }
            for (Batch.Operation op : changes) {
                if (op instanceof Batch.Put) {
                    versions.put(op.key(), written.get(op.key()));
                } else {
                    versions.remove(op.key());
                }
            }
            needsRecovery = false;
            return written;
        } catch (IOException e) {
            throw unavailable(files.root(), "commit " + batch, e);
        } finally {
            lock.unlock();
        }
    }

    /** One key needs no journal: the rename of its file is atomic on its own. */
    private void writeOne(Batch.Operation op, Map<String, Long> written) throws IOException {
        if (op instanceof Batch.Put put) {
            files.writeValue(put.key(), written.get(put.key()), put.value());
        } else {
            files.deleteValue(op.key());
        }
    }

    private void writeBatch(List<Batch.Operation> changes, Map<String, Long> written) throws IOException {
        List<FileJournal.Entry> entries = new ArrayList<>();
        for (Batch.Operation op : changes) {
            String target = files.valueFile(op.key()).getFileName().toString();
            if (op instanceof Batch.Put put) {
                Path temp = files.writeTemp(put.key(), written.get(put.key()), put.value());
                entries.add(FileJournal.Entry.put(target, temp.getFileName().toString()));
            } else {
                entries.add(FileJournal.Entry.delete(target));
            }
        }
        files.commitAndApply(entries);
    }

    private void check(Batch.Operation op) {
        op.requireExpected(versions.get(op.key()));
    }

    /** The fence: compares with the epoch in the directory, not with a remembered one. */
    private void requireEpoch(long epoch) throws IOException {
        long current = files.readEpoch();
        if (current != epoch) {
            throw new FencedException("epoch " + epoch + " was deposed: state directory " + files.root()
                    + " is at epoch " + current + "; this scheduler may no longer write");
        }
    }

    /** A local directory has no connection to lose: the listener is never called. */
    @Override
    public void addConnectionListener(ConnectionListener listener) {
    }

    /** Releases the directory's lock, ending any leadership over this store; later calls fail. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            leader = null;
            leaderLeft.signalAll();
            release(directoryLock);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes {@code participant} the leader once nobody else leads, raising the directory's epoch.
     *
     * @return the leader's epoch, or empty if the deadline ({@link System#nanoTime()}) passed, the
     * participant left or the store closed first
     */
    OptionalLong awaitLead(Object participant, long deadline, BooleanSupplier left)
            throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed || left.getAsBoolean()) {
                    return OptionalLong.empty();
                }
                if (leader == participant) {
                    return OptionalLong.of(leaderEpoch);
                }
                if (leader == null) {
                    requireReady();
                    long epoch = files.readEpoch() + 1;
                    files.writeEpoch(epoch);
                    leader = participant;
                    leaderEpoch = epoch;
                    LOG.info("Leader of state directory {} at epoch {}", files.root(), epoch);
                    return OptionalLong.of(epoch);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return OptionalLong.empty();
                }
                leaderLeft.await(remaining, TimeUnit.NANOSECONDS);
            }
        } catch (IOException e) {
            throw unavailable(files.root(), "raise the leader epoch", e);
        } finally {
            lock.unlock();
        }
    }

    void resign(Object participant) {
        lock.lock();
        try {
            if (leader == participant) {
                leader = null;
                leaderLeft.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code participant} leads at {@code epoch}: store open, lock held, epoch unchanged in the directory. */
    boolean leads(Object participant, long epoch) {
        lock.lock();
        try {
            return !closed && leader == participant && leaderEpoch == epoch && directoryLock.isValid()
                    && files.readEpoch() == epoch;
        } catch (IOException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void requireReady() {
        if (closed) {
            throw new IllegalStateException("the file store on " + files.root() + " is closed");
        }
        if (needsRecovery) {
            try {
                versions = files.recover();
                needsRecovery = false;
            } catch (IOException e) {
                throw unavailable(files.root(), "recover from a failed write", e);
            }
        }
    }

    private static void release(DirectoryLock directoryLock) {
        try {
            directoryLock.release();
        } catch (IOException e) {
            LOG.warn("Could not release a state directory's lock cleanly", e);
        }
    }

    private static StoreUnavailableException unavailable(Path directory, String what, IOException e) {
        return new StoreUnavailableException("file store in " + directory + " could not " + what + ": " + e, e);
    }
}
