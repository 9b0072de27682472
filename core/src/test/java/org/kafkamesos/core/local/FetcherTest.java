package org.kafkamesos.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local fetcher: what lands in the sandbox, as Mesos' fetcher puts it there. */
class FetcherTest {

    @TempDir
    Path dir;

    @Test
    void aFile_isSavedUnderItsLastSegment_orItsOutputFile() throws IOException {
        Path source = Files.writeString(dir.resolve("executor-1.0.jar"), "jar");
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));

        Fetcher.fetch(List.of(uri(source.toUri().toString()), uri(source.toString()).toBuilder()
                .setOutputFile("kafka-mesos-executor.jar").setExtract(false).build()), sandbox);

        assertThat(sandbox.resolve("executor-1.0.jar")).hasContent("jar");
        assertThat(sandbox.resolve("kafka-mesos-executor.jar")).hasContent("jar");
    }

    @Test
    void aZipArchive_isUnpackedIntoTheSandbox_andKept_unlessExtractIsFalse() throws IOException {
        Path zip = zip(dir.resolve("kafka.zip"), "kafka/libs/a.jar", "a");
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Path other = Files.createDirectories(dir.resolve("other"));

        Fetcher.fetch(List.of(uri(zip.toString())), sandbox);
        Fetcher.fetch(List.of(uri(zip.toString()).toBuilder().setExtract(false).build()), other);

        assertThat(sandbox.resolve("kafka/libs/a.jar")).hasContent("a");
        assertThat(sandbox.resolve("kafka.zip")).exists();
        assertThat(other.resolve("kafka")).doesNotExist();
    }

    @Test
    void aTarGz_isUnpackedWithTar_asMesosDoes() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("src/kafka_2.13-4.1.1/libs"));
        Files.writeString(folder.resolve("b.jar"), "b");
        Process tar = new ProcessBuilder("tar", "-C", dir.resolve("src").toString(), "-czf",
                dir.resolve("kafka.tgz").toString(), "kafka_2.13-4.1.1").start();
        assertThat(tar.waitFor()).isZero();
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));

        Fetcher.fetch(List.of(uri(dir.resolve("kafka.tgz").toUri().toString())), sandbox);

        assertThat(sandbox.resolve("kafka_2.13-4.1.1/libs/b.jar")).hasContent("b");
    }

    @Test
    void anHttpUri_isDownloaded_andAnExecutableIsMadeExecutable() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fetch/run.sh", exchange -> {
            byte[] body = "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
            String base = "http://127.0.0.1:" + server.getAddress().getPort();

            Fetcher.fetch(List.of(uri(base + "/fetch/run.sh").toBuilder().setExecutable(true).build()), sandbox);

            assertThat(sandbox.resolve("run.sh")).content().startsWith("#!/bin/sh");
            assertThat(Files.isExecutable(sandbox.resolve("run.sh"))).isTrue();
            assertThatThrownBy(() -> Fetcher.fetch(List.of(uri(base + "/fetch/missing.jar")), sandbox))
                    .isInstanceOf(Fetcher.FetchException.class).hasMessageContaining("missing.jar").hasMessageContaining("404");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void whatCannotBeFetched_isRefusedNamingTheUri() throws IOException {
        Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Path evil = zip(dir.resolve("evil.zip"), "../outside.txt", "x");

        assertThatThrownBy(() -> Fetcher.fetch(List.of(uri("hdfs://nn/kafka.tgz")), sandbox))
                .isInstanceOf(Fetcher.FetchException.class).hasMessageContaining("hdfs://nn/kafka.tgz")
                .hasMessageContaining("http://, https://, file://");
        assertThatThrownBy(() -> Fetcher.fetch(List.of(uri(dir.resolve("nothing.jar").toString())), sandbox))
                .isInstanceOf(Fetcher.FetchException.class).hasMessageContaining("nothing.jar");
        assertThatThrownBy(() -> Fetcher.fetch(List.of(uri(evil.toString())), sandbox))
                .isInstanceOf(Fetcher.FetchException.class).hasMessageContaining("outside the sandbox");
        assertThat(dir.resolve("outside.txt")).doesNotExist();
    }

    private static Protos.CommandInfo.URI uri(String value) {
        return Protos.CommandInfo.URI.newBuilder().setValue(value).build();
    }

    private static Path zip(Path zip, String entry, String content) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return zip;
    }
}
