package org.kafkamesos.state;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The bytes of one file of a {@link FileStateStore}: a named, versioned value with a checksum, so
 * that a torn or damaged file is detected and never served.
 *
 * <pre>
 * int magic 'KMSV' | byte format 1 | long version | int nameLength | name (UTF-8)
 * | int valueLength | value | int crc32c of everything before it
 * </pre>
 */
final class RecordCodec {

    /** A decoded record. */
    record Record(String name, long version, byte[] value) {
    }

    private static final int MAGIC = 0x4B4D5356;
    private static final byte FORMAT = 1;
    private static final int FIXED_BYTES = 4 + 1 + 8 + 4 + 4 + 4;

    private RecordCodec() {
    }

    static byte[] encode(String name, long version, byte[] value) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(FIXED_BYTES + nameBytes.length + value.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT);
            out.writeLong(version);
            out.writeInt(nameBytes.length);
            out.write(nameBytes);
            out.writeInt(value.length);
            out.write(value);
            out.writeInt(checksum(bytes.toByteArray(), bytes.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param file where the bytes come from, for the error message
     * @throws CorruptFileException if the bytes are not one complete, intact record
     */
    static Record decode(Path file, byte[] bytes) throws CorruptFileException {
        if (bytes.length < FIXED_BYTES) {
            throw new CorruptFileException(file, "only " + bytes.length + " bytes, less than a record's header");
        }
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != checksum(bytes, bytes.length - 4)) {
            throw new CorruptFileException(file, "checksum mismatch (a torn or damaged write)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        if (in.getInt() != MAGIC || in.get() != FORMAT) {
            throw new CorruptFileException(file, "not a record of format " + FORMAT);
        }
        long version = in.getLong();
        byte[] name = lengthPrefixed(file, in);
        byte[] value = lengthPrefixed(file, in);
        if (in.hasRemaining() || version < 0) {
            throw new CorruptFileException(file, "inconsistent lengths or version");
        }
        return new Record(new String(name, StandardCharsets.UTF_8), version, value);
    }

    private static byte[] lengthPrefixed(Path file, ByteBuffer in) throws CorruptFileException {
        int length = in.remaining() >= 4 ? in.getInt() : -1;
        if (length < 0 || length > in.remaining()) {
            throw new CorruptFileException(file, "inconsistent lengths");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
