package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void tail_givesTheLastLines() throws Exception {
        Path file = write(IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogTail.of(file, 3, LogTail.MAX_BYTES)).isEqualTo("line 48\nline 49\nline 50");
    }

    @Test
    void tail_ofShortFile_givesAllOfIt() throws Exception {
        Path file = write("only\nlines");

        assertThat(LogTail.of(file, 20, LogTail.MAX_BYTES)).isEqualTo("only\nlines");
    }

    @Test
    void tail_readsAtMostMaxBytes_andDropsTheCutLine() throws Exception {
        String longLine = "x".repeat(300);
        Path file = write(longLine + "\n" + "a\nb\n");

        assertThat(LogTail.of(file, 10, 100)).isEqualTo("a\nb");
    }

    @Test
    void tail_ofHugeFile_isCappedAt100KB() throws Exception {
        String line = "y".repeat(99) + "\n";
        Path file = write(line.repeat(5000));

        String tail = LogTail.of(file, 100_000, LogTail.MAX_BYTES);

        assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LogTail.MAX_BYTES);
        assertThat(tail.split("\n")).hasSize(1023).allMatch(l -> l.length() == 99);
    }

    @Test
    void tail_ofMissingFile_isEmpty() {
        assertThat(LogTail.of(dir.resolve("nope.log"), 20, LogTail.MAX_BYTES)).isEmpty();
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("f.log");
        Files.writeString(file, text);
        return file;
    }
}
