package org.kafkamesos.state;

import java.io.IOException;
import java.nio.file.Path;

/** A file of a {@link FileStateStore} fails its checks (torn, damaged or foreign), so its contents are not served. */
final class CorruptFileException extends IOException {

    CorruptFileException(Path file, String problem) {
        super(file + " is corrupt: " + problem + "; the file store serves no value from it");
    }
}
