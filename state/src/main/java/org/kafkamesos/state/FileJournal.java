package org.kafkamesos.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commit record of a {@link FileStateStore} batch: which synced temporary files replace which
 * values, and which values go. Once the journal is renamed into place the batch is committed; the
 * store then applies it, and a store that opens to find a journal applies it again (every step is
 * idempotent) before it serves anything.
 *
 * <pre>
 * int magic 'KMSJ' | byte format 1 | int count
 * | count x (byte kind 'P' | UTF target | UTF temp) or (byte kind 'D' | UTF target)
 * | int crc32c of everything before it
 * </pre>
 */
final class FileJournal {

    /**
     * One change of a batch, by file name in the values directory.
     *
     * @param target the value's file
     * @param temp   the synced temporary file that replaces it, or {@code null} to delete it
     */
    record Entry(String target, String temp) {

        static Entry put(String target, String temp) {
            return new Entry(target, temp);
        }

        static Entry delete(String target) {
            return new Entry(target, null);
        }

        boolean isDelete() {
            return temp == null;
        }
    }

    private static final int MAGIC = 0x4B4D534A;
    private static final byte FORMAT = 1;
    private static final byte PUT = 'P';
    private static final byte DELETE = 'D';

    private FileJournal() {
    }

    static byte[] encode(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT);
            out.writeInt(entries.size());
            for (Entry entry : entries) {
                out.writeByte(entry.isDelete() ? DELETE : PUT);
                out.writeUTF(entry.target());
                if (!entry.isDelete()) {
                    out.writeUTF(entry.temp());
                }
            }
            out.writeInt(RecordCodec.checksum(bytes.toByteArray(), bytes.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param file where the bytes come from, for the error message
     * @throws CorruptFileException if the bytes are not one complete, intact journal
     */
    static List<Entry> decode(Path file, byte[] bytes) throws CorruptFileException {
        if (bytes.length < 4 + 1 + 4 + 4) {
            throw new CorruptFileException(file, "only " + bytes.length + " bytes, less than a journal's header");
        }
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != RecordCodec.checksum(bytes, bytes.length - 4)) {
            throw new CorruptFileException(file, "checksum mismatch (a torn or damaged write)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            if (in.readInt() != MAGIC || in.readByte() != FORMAT) {
                throw new CorruptFileException(file, "not a journal of format " + FORMAT);
            }
            int count = in.readInt();
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte kind = in.readByte();
                String target = in.readUTF();
                if (kind == PUT) {
                    entries.add(Entry.put(target, in.readUTF()));
                } else if (kind == DELETE) {
                    entries.add(Entry.delete(target));
                } else {
                    throw new CorruptFileException(file, "unknown entry kind " + kind);
                }
            }
            if (in.available() > 0) {
                throw new CorruptFileException(file, "bytes after the last entry");
            }
            return entries;
        } catch (CorruptFileException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptFileException(file, "inconsistent lengths");
        }
    }
}
