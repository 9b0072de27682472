package org.kafkamesos.executor.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** RecordIO framing: what a reader takes out of a stream is what was framed into it, however the stream is chunked. */
class RecordIoProperties {

    @Property
    void records_readBackInOrder_whateverTheChunksTheStreamArrivesIn(
            @ForAll("records") List<byte[]> records, @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 7) Integer> chunks)
            throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] record : records) {
            stream.write(RecordIo.frame(record));
        }

        RecordIo.Reader reader = RecordIo.reader(new ChunkedStream(stream.toByteArray(), chunks));

        List<byte[]> read = new ArrayList<>();
        for (Optional<byte[]> next = reader.next(); next.isPresent(); next = reader.next()) {
            read.add(next.get());
        }
        assertThat(read).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            assertThat(read.get(i)).as("record %d", i).isEqualTo(records.get(i));
        }
    }

    @Provide
    Arbitrary<List<byte[]>> records() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMaxSize(8);
    }

    @Test
    void aLargeRecord_ofSeveralMegabytes_isReadWhole() throws IOException {
        byte[] large = new byte[5 << 20];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        byte[] framed = RecordIo.frame(large);

        Optional<byte[]> read = RecordIo.reader(new ChunkedStream(framed, List.of(65_536, 1, 8_192))).next();

        assertThat(read).hasValueSatisfying(r -> assertThat(r).isEqualTo(large));
    }

    @Test
    void frame_isTheDecimalLength_aNewline_andTheBytes() {
        assertThat(new String(RecordIo.frame("hello".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))
                .isEqualTo("5\nhello");
    }

    @Test
    void aStreamEndingInsideARecord_isAnEofNotAnEmptyRecord() {
        assertThatThrownBy(() -> read("10\nabc")).isInstanceOf(EOFException.class)
                .hasMessageContaining("3 of 10 bytes");
        assertThatThrownBy(() -> read("12")).isInstanceOf(EOFException.class).hasMessageContaining("length");
    }

    @Test
    void aLengthThatIsNotDigits_orTooLarge_isRefusedWithWhatWasFound() {
        assertThatThrownBy(() -> read("{\"type\":\"HEARTBEAT\"}")).isInstanceOf(RecordIo.RecordIoException.class)
                .hasMessageContaining("decimal digits").hasMessageContaining("0x7b");
        assertThatThrownBy(() -> read("\nabc")).isInstanceOf(RecordIo.RecordIoException.class)
                .hasMessageContaining("'\\n' alone");
        assertThatThrownBy(() -> read("99999999999\n")).isInstanceOf(RecordIo.RecordIoException.class)
                .hasMessageContaining("more than " + RecordIo.MAX_RECORD_BYTES);
    }

    private static Optional<byte[]> read(String stream) throws IOException {
        return RecordIo.reader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.US_ASCII))).next();
    }

    /** A stream that hands out its bytes in chunks of the given sizes, cycling, as an HTTP body arrives. */
    private static final class ChunkedStream extends InputStream {
        private final byte[] bytes;
        private final List<Integer> chunks;
        private Iterator<Integer> sizes;
        private int position;

        ChunkedStream(byte[] bytes, List<Integer> chunks) {
            this.bytes = bytes;
            this.chunks = chunks;
            this.sizes = chunks.iterator();
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            if (!sizes.hasNext()) {
                sizes = chunks.iterator();
            }
            int n = Math.min(Math.min(length, sizes.next()), bytes.length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
