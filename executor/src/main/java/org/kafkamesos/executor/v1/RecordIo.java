package org.kafkamesos.executor.v1;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Mesos' RecordIO framing of an event stream (docs/recordio.md): each record is its length in bytes as ASCII
 * decimal digits, a {@code '\n'}, then the bytes of the record, with nothing after it. The records of a stream
 * bear no relation to the chunks of the HTTP response that carries it: a chunk may end in the middle of a length or
 * a record, or hold several records.
 */
public final class RecordIo {

    /**
     * The largest record a reader takes, 256 MiB: an offer event of a large cluster is a few MiB; a length past this
     * means the stream is not RecordIO.
     */
    public static final long MAX_RECORD_BYTES = 256L << 20;

    private RecordIo() {
    }

    /** The record {@code bytes} framed: {@code <length>\n<bytes>}. */
    public static byte[] frame(byte[] bytes) {
        byte[] length = (bytes.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[length.length + bytes.length];
        System.arraycopy(length, 0, framed, 0, length.length);
        System.arraycopy(bytes, 0, framed, length.length, bytes.length);
        return framed;
    }

    /** Reads records one at a time from {@code in}; see {@link Reader#next()}. */
    public static Reader reader(InputStream in) {
        return new Reader(in);
    }

    /** Reads the records of one stream in order; not thread-safe. */
    public static final class Reader {
        private final InputStream in;

        private Reader(InputStream in) {
            this.in = in;
        }

        /**
         * The next record, or empty at the end of the stream when it ends between records.
         *
         * @throws IOException  if reading fails, or the stream ends inside a record ({@link EOFException})
         * @throws RecordIoException if the length is not decimal digits followed by {@code '\n'}, or exceeds
         *                           {@link #MAX_RECORD_BYTES}
         */
        public Optional<byte[]> next() throws IOException {
            long length = 0;
            int digits = 0;
            while (true) {
                int b = in.read();
                if (b == -1) {
                    if (digits == 0) {
                        return Optional.empty();
                    }
                    throw new EOFException("the stream ended inside a record's length, after " + digits + " digits");
                }
                if (b == '\n') {
                    break;
                }
                if (b < '0' || b > '9') {
                    throw new RecordIoException("a RecordIO length is decimal digits ending in '\\n'; found byte 0x"
                            + Integer.toHexString(b) + " after " + digits + " digits");
                }
                length = length * 10 + (b - '0');
                digits++;
                if (length > MAX_RECORD_BYTES) {
                    throw new RecordIoException("a RecordIO record of more than " + MAX_RECORD_BYTES
                            + " bytes: not an event stream");
                }
            }
            if (digits == 0) {
                throw new RecordIoException("a RecordIO length is decimal digits ending in '\\n'; found '\\n' alone");
            }
            byte[] record = in.readNBytes((int) length);
            if (record.length < length) {
                throw new EOFException("the stream ended inside a record: " + record.length + " of " + length + " bytes");
            }
            return Optional.of(record);
        }
    }

    /** A stream that is not RecordIO. */
    public static final class RecordIoException extends IOException {
        private static final long serialVersionUID = 1L;

        RecordIoException(String message) {
            super(message);
        }
    }
}
