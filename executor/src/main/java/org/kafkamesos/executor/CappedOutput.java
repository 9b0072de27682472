package org.kafkamesos.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a process's output stream into a sandbox file whose size is capped: when the file reaches the cap
 * it becomes {@code <file>.1} (replacing the previous one) and a new file starts, so a chatty or looping
 * process never fills the agent's disk: at most twice the cap per stream.
 */
final class CappedOutput implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(CappedOutput.class);

    private final InputStream in;
    private final Path file;
    private final long capBytes;

    private CappedOutput(InputStream in, Path file, long capBytes) {
        this.in = in;
        this.file = file;
        this.capBytes = capBytes;
    }

    /** Starts a daemon thread that copies {@code in} to {@code file} until end of stream. */
    static Thread start(InputStream in, Path file, long capBytes, String threadName) {
        if (capBytes < 1) {
            throw new IllegalArgumentException("output cap must be >= 1 byte, got " + capBytes);
        }
        Thread t = new Thread(new CappedOutput(in, file, capBytes), threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        OutputStream out = null;
        long written = 0;
        try (InputStream input = in) {
            out = open();
            int n;
            while ((n = input.read(buffer)) > 0) {
                int offset = 0;
                while (offset < n) {
                    if (written >= capBytes) {
                        out.close();
                        Files.move(file, rolled(file), StandardCopyOption.REPLACE_EXISTING);
                        out = open();
                        written = 0;
                    }
                    int chunk = (int) Math.min(n - offset, capBytes - written);
                    out.write(buffer, offset, chunk);
                    offset += chunk;
                    written += chunk;
                }
                out.flush();
            }
        } catch (IOException e) {
            // The process ended or the sandbox went away; what was copied stays.
            log.debug("copying process output to {} stopped: {}", file, e.toString());
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    log.debug("closing {} failed: {}", file, e.toString());
                }
            }
        }
    }

    private OutputStream open() throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    /** The file a full output file is moved to. */
    static Path rolled(Path file) {
        return file.resolveSibling(file.getFileName() + ".1");
    }
}
