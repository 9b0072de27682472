package org.kafkamesos.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps a key to the name of the one file that holds its value, in a flat directory. The name is
 * readable and reversible: {@code /brokers/3} becomes {@code +brokers+3}, and an upper-case letter
 * becomes {@code ^} and the letter in lower case, so that keys differing only in case do not share a
 * file on a case-insensitive file system. Names too long for a file system (or ending in a dot,
 * which Windows drops) become {@code ~} and the key's SHA-256. The record in the file names its key,
 * so a store never depends on reversing a name.
 */
final class KeyFileNames {

    /** Longest readable name, in characters; file systems allow 255 bytes. */
    private static final int MAX_READABLE = 200;

    private KeyFileNames() {
    }

    static String of(String key) {
        StringBuilder name = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/') {
                name.append('+');
            } else if (c >= 'A' && c <= 'Z') {
                name.append('^').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        if (name.length() <= MAX_READABLE && name.charAt(name.length() - 1) != '.') {
            return name.toString();
        }
        return "~" + sha256(key);
    }

    /** Whether {@code fileName} can be the name of a value's file (and not a temporary or foreign file). */
    static boolean isValueFile(String fileName) {
        return fileName.startsWith("+") || fileName.startsWith("~");
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
