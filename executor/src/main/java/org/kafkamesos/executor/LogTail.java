package org.kafkamesos.executor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the last lines of a log file without reading the whole file. */
final class LogTail {

    /** The most bytes a tail reads from the end of a file: 100 KB. */
    static final int MAX_BYTES = 100 * 1024;

    private LogTail() {
    }

    /**
     * The last {@code lines} lines of {@code file}, read from at most its last {@code maxBytes} bytes (so fewer
     * lines when they are long), joined by {@code \n}; empty when the file does not exist or cannot be read.
     */
    static String of(Path file, int lines, int maxBytes) {
        if (lines < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("lines and maxBytes must be >= 0, got " + lines + " and " + maxBytes);
        }
        if (lines == 0 || maxBytes == 0) {
            return "";
        }
        byte[] bytes;
        boolean fromStart;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            long start = Math.max(0, size - maxBytes);
            fromStart = start == 0;
            channel.position(start);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read on until full or end of file
            }
            bytes = Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!fromStart) {
            // The first line was cut by the byte limit.
            int firstBreak = text.indexOf('\n');
            text = firstBreak < 0 ? "" : text.substring(firstBreak + 1);
        }
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            return "";
        }
        List<String> all = Arrays.asList(text.split("\n", -1));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
