package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CappedOutputTest {

    @TempDir
    Path dir;

    @Test
    void output_belowTheCap_isCopiedWhole() throws Exception {
        Path file = dir.resolve("out");

        copy("hello\nworld\n", file, 1024);

        assertThat(Files.readString(file)).isEqualTo("hello\nworld\n");
        assertThat(CappedOutput.rolled(file)).doesNotExist();
    }

    @Test
    void output_overTheCap_rollsOnce_andKeepsAtMostTwiceTheCap() throws Exception {
        Path file = dir.resolve("out");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            text.append(String.format("%09d%n", i));
        }

        copy(text.toString(), file, 1000);

        String current = Files.readString(file);
        String previous = Files.readString(CappedOutput.rolled(file));
        assertThat(current.length()).isLessThanOrEqualTo(1000);
        assertThat(previous.length()).isEqualTo(1000);
        assertThat(previous + current).isEqualTo(text.substring(text.length() - previous.length() - current.length()));
        assertThat(current).endsWith("000000999\n");
    }

    private static void copy(String text, Path file, long cap) throws InterruptedException {
        Thread t = CappedOutput.start(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), file, cap, "test");
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
    }
}
