package org.kafkamesos.state;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Hears of every {@link FileWriteStep} of a {@link FileStateStore}: the seam through which tests
 * simulate a crash (by throwing) or an I/O error (by throwing {@link IOException}) between two steps.
 */
@FunctionalInterface
interface FileWriteHook {

    /** The hook of a production store: does nothing. */
    FileWriteHook NONE = (step, file) -> {
    };

    /**
     * @param step the step just taken
     * @param file the file or directory it was taken on
     */
    void reached(FileWriteStep step, Path file) throws IOException;
}
