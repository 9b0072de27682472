package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the one JSON shape Marathon constraints use, an array of arrays of strings. The placement
 * module depends on the JDK alone, so it carries this reader instead of a JSON library.
 */
final class JsonStrings {

    record Item(int position, List<String> strings) {
    }

    private final String text;
    private int pos;

    JsonStrings(String text) {
        this.text = text;
    }

    List<Item> parse() {
        List<Item> items = new ArrayList<>();
        skipSpace();
        expect('[', "the constraints must be a JSON array such as [[\"hostname\",\"UNIQUE\"]]");
        skipSpace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                skipSpace();
                items.add(item());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']', "expected ',' or ']' after a constraint");
                    break;
                }
            }
        }
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected text after the closing ']'");
        }
        return items;
    }

    private Item item() {
        int start = pos;
        expect('[', "each constraint must be an array such as [\"rack\",\"GROUP_BY\",\"3\"]");
        List<String> strings = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new Item(start, strings);
        }
        while (true) {
            skipSpace();
            strings.add(string());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']', "expected ',' or ']' inside a constraint");
                return new Item(start, strings);
            }
        }
    }

    private String string() {
        expect('"', "expected a quoted string");
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string; escape it");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> {
                    pos--;
                    throw error("unknown escape \\" + e);
                }
            }
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c, String problem) {
        if (peek() != c) {
            throw error(problem);
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ConstraintParseException error(String problem) {
        return new ConstraintParseException(text, pos, problem);
    }
}
