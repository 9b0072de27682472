package org.kafkamesos.core.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.mesos.Protos;

/**
 * The local agent's Mesos fetcher (docs/fetcher.md, {@code src/launcher/fetcher.cpp}): each {@code CommandInfo.URI} is
 * saved in the sandbox as its {@code output_file}, or the last segment of its path; {@code executable} makes it
 * executable and is never extracted; otherwise, with {@code extract} (true unless set false), a name ending in
 * {@code .tar .tgz .tar.gz .tbz2 .tar.bz2 .txz .tar.xz} is unpacked into the sandbox with {@code tar}, as Mesos does,
 * and {@code .zip} with the JDK's zip reader, the archive kept beside what it held.
 *
 * <p>Fetched from: {@code http://} and {@code https://} URIs, {@code file://} URIs and absolute paths. Not modelled:
 * the cache ({@code cache} fetches anew each time), {@code hdfs://} and other Hadoop schemes, and {@code .gz} files
 * that are no tar archives.
 */
final class Fetcher {

    private static final List<String> TARS = List.of(".tar", ".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private Fetcher() {
    }

    /**
     * Fetches every URI into {@code sandbox}, in order.
     *
     * @throws FetchException naming the URI that could not be fetched and why
     */
    static void fetch(List<Protos.CommandInfo.URI> uris, Path sandbox) {
        for (Protos.CommandInfo.URI uri : uris) {
            try {
                fetchOne(uri, sandbox);
            } catch (IOException e) {
                throw new FetchException("cannot fetch " + uri.getValue() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("interrupted while fetching " + uri.getValue(), e);
            }
        }
    }

    private static void fetchOne(Protos.CommandInfo.URI uri, Path sandbox) throws IOException, InterruptedException {
        String value = uri.getValue().strip();
        String lower = value.toLowerCase(Locale.ROOT);
        Path source = null;
        URI http = null;
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            http = URI.create(value);
        } else if (lower.startsWith("file://")) {
            source = Path.of(URI.create(value));
        } else if (value.startsWith("/")) {
            source = Path.of(value);
        } else {
            throw new IOException("the local fetcher takes http://, https://, file:// URIs and absolute paths");
        }
        String path = http != null ? http.getPath() : source.toString();
        String name = uri.hasOutputFile() && !uri.getOutputFile().isEmpty() ? uri.getOutputFile()
                : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.contains("..")) {
            throw new IOException("no file name to save it as; give the URI an output_file");
        }
        Path target = sandbox.resolve(name);
        Files.createDirectories(target.getParent());
        if (http != null) {
            HttpResponse<Path> response = HTTP.send(HttpRequest.newBuilder(http).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                Files.deleteIfExists(target);
                throw new IOException("HTTP " + response.statusCode());
            }
        } else {
            if (Files.isDirectory(source)) {
                throw new IOException(source + " is a folder; the fetcher fetches files");
            }
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (uri.getExecutable()) {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            return;
        }
        boolean extract = !uri.hasExtract() || uri.getExtract();
        String lowerName = name.toLowerCase(Locale.ROOT);
        if (extract && TARS.stream().anyMatch(lowerName::endsWith)) {
            untar(target, sandbox);
        } else if (extract && lowerName.endsWith(".zip")) {
            unzip(target, sandbox);
        }
    }

    private static void untar(Path archive, Path into) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "-C", into.toString(), "-xf", archive.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream out = tar.getInputStream()) {
            output = new String(out.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
        if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            tar.destroyForcibly();
            throw new IOException("tar could not extract " + archive.getFileName() + ": " + output);
        }
    }

    private static void unzip(Path archive, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("the archive's entry " + entry.getName() + " would land outside the sandbox");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A URI could not be fetched. */
    static final class FetchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
