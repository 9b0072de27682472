package org.kafkamesos.state;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static org.kafkamesos.state.FileWriteStep.DELETED;
import static org.kafkamesos.state.FileWriteStep.DIRECTORY_SYNCED;
import static org.kafkamesos.state.FileWriteStep.RENAMED;
import static org.kafkamesos.state.FileWriteStep.TEMP_SYNCED;
import static org.kafkamesos.state.FileWriteStep.TEMP_WRITTEN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a {@link FileStateStore} and the durable steps on them. Layout of the directory:
 *
 * <pre>
 * store.lock         the OS lock of the scheduler that has the directory open ({@link DirectoryLock})
 * epoch              the leader epoch, a record named "epoch" whose version is the epoch
 * journal            present only while a committed batch is being applied ({@link FileJournal})
 * values/+brokers+3  one record per key ({@link RecordCodec}, named by {@link KeyFileNames})
 * values/tmp-...     temporary files of writes in progress; removed on recovery
 * </pre>
 *
 * A value is replaced by the classic recipe: write a temporary file, fsync it, rename it over the
 * value atomically, fsync the directory. Not thread-safe: the store serialises calls.
 */
final class StoreDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDirectory.class);
    private static final String VALUES = "values";
    private static final String JOURNAL = "journal";
    private static final String EPOCH = "epoch";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String TEMP_PREFIX = "tmp-";
    /** Windows cannot open a directory to sync it; NTFS journals its metadata instead. */
    private static final boolean SYNCS_DIRECTORIES = !System.getProperty("os.name", "").startsWith("Windows");

    private final Path root;
    private final Path values;
    private final FileWriteHook hook;
    /** Unique per opening, so that no temporary file of an earlier run is ever mistaken for one of this run. */
    private final String tempPrefix = TEMP_PREFIX + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "-";
    private long temps;

    StoreDirectory(Path root, FileWriteHook hook) {
        this.root = root;
        this.values = root.resolve(VALUES);
        this.hook = hook;
    }

    Path root() {
        return root;
    }

    Path valueFile(String key) {
        return values.resolve(KeyFileNames.of(key));
    }

    /**
     * Brings the directory to a consistent state and reads the version of every key: a committed
     * batch's journal is applied, temporary files of writes that did not commit are deleted.
     *
     * @throws CorruptFileException if a value or a committed journal fails its checksum
     */
    TreeMap<String, Long> recover() throws IOException {
        Files.createDirectories(values);
        Path journal = root.resolve(JOURNAL);
        if (Files.exists(journal)) {
            List<FileJournal.Entry> entries = FileJournal.decode(journal, Files.readAllBytes(journal));
            LOG.info("Applying the committed batch of {} operations found in {}", entries.size(), journal);
            apply(entries);
        }
        Files.deleteIfExists(root.resolve(JOURNAL + TEMP_SUFFIX));
        Files.deleteIfExists(root.resolve(EPOCH + TEMP_SUFFIX));
        TreeMap<String, Long> versions = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(values)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    Files.delete(file);
                } else if (KeyFileNames.isValueFile(name)) {
                    RecordCodec.Record record = RecordCodec.decode(file, Files.readAllBytes(file));
                    if (!KeyFileNames.of(record.name()).equals(name)) {
                        throw new CorruptFileException(file, "holds the value of " + record.name() + ", which belongs elsewhere");
                    }
                    versions.put(record.name(), record.version());
                } else {
                    LOG.warn("Ignoring {}: not a file of the state store", file);
                }
            }
        }
        sync(values);
        sync(root);
        return versions;
    }

    Versioned<byte[]> readValue(String key) throws IOException {
        Path file = valueFile(key);
        RecordCodec.Record record = RecordCodec.decode(file, Files.readAllBytes(file));
        if (!record.name().equals(key)) {
            throw new CorruptFileException(file, "holds the value of " + record.name() + " instead of " + key);
        }
        return new Versioned<>(record.value(), record.version());
    }

    /** Replaces the value of {@code key} durably and atomically. */
    void writeValue(String key, long version, byte[] value) throws IOException {
        Path temp = writeTemp(key, version, value);
        replace(temp, valueFile(key));
        sync(values);
    }

    /** Deletes the value of {@code key} durably. */
    void deleteValue(String key) throws IOException {
        delete(valueFile(key));
        sync(values);
    }

    /** Writes a value to a new synced temporary file of the values directory, to be renamed into place. */
    Path writeTemp(String key, long version, byte[] value) throws IOException {
        Path temp = values.resolve(tempPrefix + temps++);
        writeSynced(temp, RecordCodec.encode(key, version, value));
        return temp;
    }

    /**
     * Commits a batch whose new values are in synced temporary files, then applies it. The rename of
     * the journal is the commit point: before it, recovery discards the batch; after it, recovery
     * completes it.
     */
    void commitAndApply(List<FileJournal.Entry> entries) throws IOException {
        // The temporary files' names must be durable before the journal that refers to them.
        sync(values);
        Path temp = root.resolve(JOURNAL + TEMP_SUFFIX);
        writeSynced(temp, FileJournal.encode(entries));
        replace(temp, root.resolve(JOURNAL));
        sync(root);
        apply(entries);
    }

    /** Applies a committed journal; every step may be repeated, so a crash during it is harmless. */
    private void apply(List<FileJournal.Entry> entries) throws IOException {
        for (FileJournal.Entry entry : entries) {
            Path target = values.resolve(entry.target());
            if (entry.isDelete()) {
                delete(target);
            } else {
                Path temp = values.resolve(entry.temp());
                // A missing temporary file was renamed already: it was synced before the commit.
                if (Files.exists(temp)) {
                    replace(temp, target);
                }
            }
        }
        sync(values);
        // Deleted and synced before the next write begins, so that this journal is never applied over a later write.
        delete(root.resolve(JOURNAL));
        sync(root);
    }

    /** The leader epoch stored in the directory, 0 if none was ever stored. */
    long readEpoch() throws IOException {
        Path file = root.resolve(EPOCH);
        if (!Files.exists(file)) {
            return 0;
        }
        RecordCodec.Record record = RecordCodec.decode(file, Files.readAllBytes(file));
        if (!EPOCH.equals(record.name())) {
            throw new CorruptFileException(file, "is not an epoch record");
        }
        return record.version();
    }

    void writeEpoch(long epoch) throws IOException {
        Path temp = root.resolve(EPOCH + TEMP_SUFFIX);
        Files.deleteIfExists(temp);
        writeSynced(temp, RecordCodec.encode(EPOCH, epoch, new byte[0]));
        replace(temp, root.resolve(EPOCH));
        sync(root);
    }

    private void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            hook.reached(TEMP_WRITTEN, file);
            channel.force(true);
        }
        hook.reached(TEMP_SYNCED, file);
    }

    private void replace(Path temp, Path target) throws IOException {
        // rename(2): replaces the target atomically; readers and crashes see the old or the new file.
        Files.move(temp, target, ATOMIC_MOVE);
        hook.reached(RENAMED, target);
    }

    private void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
        hook.reached(DELETED, file);
    }

    private void sync(Path directory) throws IOException {
        if (SYNCS_DIRECTORIES) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
        hook.reached(DIRECTORY_SYNCED, directory);
    }
}
