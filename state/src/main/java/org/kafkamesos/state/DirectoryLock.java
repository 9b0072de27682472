package org.kafkamesos.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OS lock on a state directory's {@code store.lock} file: while a process holds it, no other
 * process (and no other store in this JVM) opens the directory. The OS releases it when the holder
 * dies, however it dies. The file names the holder's pid, for the error message of the next opener.
 *
 * <p>POSIX releases every lock a process holds on a file when the process closes <em>any</em>
 * descriptor of that file, so a second store in this JVM must not even open the lock file: the
 * directories locked by this JVM are tracked here, and a second opener is refused before it touches it.
 */
final class DirectoryLock {

    static final String FILE_NAME = "store.lock";

    /** The real paths of the directories this JVM holds, or is acquiring. */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    /** Another process, or another store of this JVM, holds the directory. */
    static final class HeldException extends Exception {
        HeldException(Path directory, String holder, Throwable cause) {
            super("state directory " + directory + " is held by another scheduler (" + holder + ", lock file "
                    + directory.resolve(FILE_NAME) + "); only one scheduler may use a state directory at a time:"
                    + " stop the other one, or wait for it with FileStateStore.leaderElection", cause);
        }
    }

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code directory}, creating the directory if needed, without waiting.
     *
     * @throws HeldException if another holds it
     * @throws IOException   if the file system fails
     */
    static DirectoryLock acquire(Path directory) throws HeldException, IOException {
        Files.createDirectories(directory);
        Path key = directory.toRealPath();
        if (!HELD_IN_THIS_JVM.add(key)) {
            throw new HeldException(directory, "pid " + ProcessHandle.current().pid() + ", this JVM", null);
        }
        boolean acquired = false;
        try {
            Path file = key.resolve(FILE_NAME);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                FileLock lock = tryLock(directory, channel);
                if (lock == null) {
                    throw new HeldException(directory, holder(channel), null);
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                acquired = true;
                return new DirectoryLock(key, channel, lock);
            } finally {
                if (!acquired) {
                    channel.close();
                }
            }
        } finally {
            if (!acquired) {
                HELD_IN_THIS_JVM.remove(key);
            }
        }
    }

    private static FileLock tryLock(Path directory, FileChannel channel) throws HeldException, IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Only when something else in this JVM locked the file outside of this class.
            throw new HeldException(directory, "pid " + ProcessHandle.current().pid() + ", this JVM", e);
        }
    }

    /** What the holder wrote into the lock file: read through our own channel, which holds no lock. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    /** Whether the lock is still held, as far as this JVM knows. */
    boolean isValid() {
        return lock.isValid();
    }

    /** Releases the lock; the next opener may take the directory. */
    void release() throws IOException {
        try {
            channel.close();
        } finally {
            HELD_IN_THIS_JVM.remove(key);
        }
    }
}
