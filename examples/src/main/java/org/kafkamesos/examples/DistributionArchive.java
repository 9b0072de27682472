package org.kafkamesos.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Kafka distribution folder as the zip archive that agents fetch and the Mesos fetcher unpacks into the sandbox:
 * its entries are under the folder's own name, so that the task's distribution is that name, relative to the sandbox.
 * Made once and made again only when a file of the folder is newer than the archive. Jars are stored, not
 * compressed: they are compressed already.
 */
final class DistributionArchive {

    private DistributionArchive() {
    }

    /**
     * The archive of {@code folder} in {@code into}, named {@code <folder name>.zip}.
     *
     * @throws UncheckedIOException if it cannot be written
     */
    static Path of(Path folder, Path into) {
        Path source = folder.toAbsolutePath().normalize();
        Path zip = into.resolve(source.getFileName() + ".zip");
        try {
            Files.createDirectories(into);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            FileTime newest = FileTime.fromMillis(0);
            for (Path file : files) {
                FileTime modified = Files.getLastModifiedTime(file);
                newest = modified.compareTo(newest) > 0 ? modified : newest;
            }
            if (Files.exists(zip) && Files.getLastModifiedTime(zip).compareTo(newest) >= 0) {
                return zip;
            }
            Path partial = into.resolve(zip.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream archive = new ZipOutputStream(out)) {
                archive.setLevel(Deflater.BEST_SPEED);
                for (Path file : files) {
                    String name = source.getFileName() + "/" + source.relativize(file).toString().replace('\\', '/');
                    ZipEntry entry = new ZipEntry(name);
                    if (name.endsWith(".jar")) {
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize(Files.size(file));
                        entry.setCrc(crc(file));
                    }
                    archive.putNextEntry(entry);
                    Files.copy(file, archive);
                    archive.closeEntry();
                }
            }
            Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive the Kafka distribution " + source + " into " + zip + ": "
                    + e.getMessage(), e);
        }
    }

    private static long crc(Path file) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
    }
}
