package org.kafkamesos.state;

/**
 * The steps of a {@link FileStateStore} write, in the order a write takes them. Each is reported
 * after it happened, so that a {@link FileWriteHook} that throws simulates a crash just after it.
 */
enum FileWriteStep {
    /** A temporary file holds its bytes, not yet synced: after a crash it may be torn. */
    TEMP_WRITTEN,
    /** A temporary file is synced to the disk. */
    TEMP_SYNCED,
    /** A temporary file was renamed over its target (a value, the journal, the epoch). */
    RENAMED,
    /** A value or the journal was deleted. */
    DELETED,
    /** A directory was synced, making the renames and deletes in it durable. */
    DIRECTORY_SYNCED
}
