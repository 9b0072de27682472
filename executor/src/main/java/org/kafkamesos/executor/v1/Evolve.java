package org.kafkamesos.executor.v1;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Converts between Mesos' V0 messages ({@code org.apache.mesos.Protos}) and their V1 twins
 * ({@code org.apache.mesos.v1.Protos}) by their wire form, as Mesos itself does ({@code evolve} and {@code devolve} in
 * {@code src/internal/evolve.cpp} and {@code devolve.cpp} serialize one and parse the other): V1 renamed
 * {@code slave} to {@code agent} and kept every field number, so the bytes of one are a valid other.
 */
public final class Evolve {

    private Evolve() {
    }

    /**
     * {@code message} read as the type {@code parser} parses.
     *
     * @throws IllegalArgumentException if its bytes are not a valid message of that type, which does not happen
     *                                  between a V0 message and its V1 twin
     */
    public static <T> T as(MessageLite message, Parser<T> parser) {
        try {
            return parser.parseFrom(message.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("a " + message.getClass().getName() + " is not the wire twin of the type"
                    + " asked for: " + e.getMessage(), e);
        }
    }

    /** Each of {@code messages} read as the type {@code parser} parses, in order; see {@link #as}. */
    public static <T> List<T> all(Collection<? extends MessageLite> messages, Parser<T> parser) {
        List<T> converted = new ArrayList<>(messages.size());
        for (MessageLite message : messages) {
            converted.add(as(message, parser));
        }
        return converted;
    }
}
