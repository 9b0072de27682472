package org.kafkamesos.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-use recursive-descent parser of one broker id expression; see {@link BrokerIds} for the
 * grammar. Every error points at the bad part: the token that was not expected, the start of a
 * reversed range, the {@code [} never closed, the second condition on one attribute.
 */
final class BrokerIdsParser {

    private static final String EXPECTED_ID = "expected a broker id (a whole number >= 0)";
    private static final String ACCEPTED_CONDITIONS =
            "accepted conditions: rack, rack=r1, hostname=kafka* (prefix), separated by commas, e.g. *[rack=r1,hostname=kafka*]";

    private final String text;
    private int pos;

    BrokerIdsParser(String text) {
        this.text = text;
    }

    BrokerSelector parse() {
        skipSpace();
        if (atEnd()) {
            throw idError(0, "no broker ids given");
        }
        List<BrokerSelector.IdRange> ids = items();
        List<BrokerSelector.AttributeFilter> filters = List.of();
        if (peek('[')) {
            filters = filter();
            skipSpace();
            if (!atEnd()) {
                throw filterError(pos, "nothing may follow the filter, got '" + badPart(pos)
                        + "'; put every condition in one filter");
            }
        }
        return new BrokerSelector(ids, filters);
    }

    // ---------------------------------------------------------------------------------------------
    // ids

    private List<BrokerSelector.IdRange> items() {
        List<BrokerSelector.IdRange> ranges = new ArrayList<>();
        int starAt = -1;
        while (true) {
            skipSpace();
            int itemStart = pos;
            if (atEnd() || peek(',') || peek('[') && !ranges.isEmpty()) {
                throw idError(pos, "empty item; " + EXPECTED_ID + ", a range such as 0..2, or *");
            }
            if (peek('[')) {
                throw idError(pos, "a filter needs broker ids before it, e.g. *[rack=r1]");
            }
            if (peek('*')) {
                starAt = starAt < 0 ? pos : starAt;
                pos++;
                ranges.add(new BrokerSelector.IdRange(0, BrokerSelector.MAX_ID));
            } else {
                int from = id();
                skipSpace();
                int to = from;
                if (text.startsWith("..", pos)) {
                    pos += 2;
                    skipSpace();
                    to = id();
                    if (to < from) {
                        throw idError(itemStart, "range " + from + ".." + to + " is reversed; write " + to + ".." + from);
                    }
                }
                ranges.add(new BrokerSelector.IdRange(from, to));
            }
            skipSpace();
            if (!peek(',')) {
                break;
            }
            pos++;
        }
        if (starAt >= 0 && ranges.size() > 1) {
            throw idError(starAt, "'*' selects every broker and stands alone, not in a list; "
                    + "add a filter to narrow it, e.g. *[rack=r1]");
        }
        if (!atEnd() && !peek('[')) {
            String expected = text.charAt(pos) == '.' && !text.startsWith("..", pos)
                    ? "a range is written with two dots, e.g. 0..2"
                    : "expected ',' and another item, a filter '[' or the end";
            throw idError(pos, "unexpected '" + badPart(pos) + "'; " + expected);
        }
        return ranges;
    }

    private int id() {
        int start = pos;
        if (atEnd()) {
            throw idError(pos, EXPECTED_ID + ", got the end");
        }
        if (peek('-') && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            pos++;
            skipDigits();
            throw idError(start, "negative broker id '" + text.substring(start, pos) + "'; broker ids are whole numbers >= 0");
        }
        if (!isDigit(text.charAt(pos))) {
            throw idError(pos, EXPECTED_ID + ", got '" + badPart(pos) + "'");
        }
        long value = 0;
        while (!atEnd() && isDigit(text.charAt(pos))) {
            value = Math.min(value * 10 + (text.charAt(pos) - '0'), (long) Integer.MAX_VALUE + 1);
            pos++;
        }
        if (value > BrokerSelector.MAX_ID) {
            throw idError(start, "broker id '" + text.substring(start, pos) + "' is too large; the largest is "
                    + BrokerSelector.MAX_ID);
        }
        return (int) value;
    }

    private void skipDigits() {
        while (!atEnd() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // ---------------------------------------------------------------------------------------------
    // filter

    private List<BrokerSelector.AttributeFilter> filter() {
        int open = pos;
        pos++;
        List<BrokerSelector.AttributeFilter> conditions = new ArrayList<>();
        Map<String, Integer> seenAt = new HashMap<>();
        while (true) {
            skipSpace();
            if (atEnd()) {
                throw unclosed(open);
            }
            if (peek(']') || peek(',')) {
                throw filterError(pos, conditions.isEmpty() && peek(']') ? "empty filter '[]'; give at least one condition"
                        : "empty condition; expected an attribute name");
            }
            int attributeStart = pos;
            String attribute = condition(conditions);
            Integer first = seenAt.putIfAbsent(attribute, attributeStart);
            if (first != null) {
                throw filterError(attributeStart, "attribute '" + attribute + "' appears twice in one filter (first at position "
                        + first + "); give at most one condition per attribute");
            }
            skipSpace();
            if (atEnd()) {
                throw unclosed(open);
            }
            if (peek(']')) {
                pos++;
                return conditions;
            }
            if (!peek(',')) {
                throw filterError(pos, "unexpected '" + badPart(pos) + "' after the condition on '" + attribute
                        + "'; expected ',' and another condition, or ']'");
            }
            pos++;
        }
    }

    /** Reads one condition into {@code conditions} and returns its attribute. */
    private String condition(List<BrokerSelector.AttributeFilter> conditions) {
        int start = pos;
        while (!atEnd() && isAttributeChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw filterError(pos, "expected an attribute name (no white space or = , : [ ] \" *), got '" + badPart(pos) + "'");
        }
        String attribute = text.substring(start, pos);
        skipSpace();
        if (!peek('=')) {
            conditions.add(new BrokerSelector.Present(attribute));
            return attribute;
        }
        pos++;
        skipSpace();
        int valueStart = pos;
        while (!atEnd() && isValueChar(text.charAt(pos))) {
            pos++;
        }
        String value = text.substring(valueStart, pos);
        if (!peek('*')) {
            if (value.isEmpty()) {
                throw filterError(pos, "expected a value after '" + attribute + "=', got "
                        + (atEnd() ? "the end" : "'" + badPart(pos) + "'") + "; values have no white space or = , [ ] *");
            }
            conditions.add(new BrokerSelector.ValueIs(attribute, value));
            return attribute;
        }
        int star = pos;
        pos++;
        if (!atEnd() && (isValueChar(text.charAt(pos)) || peek('*'))) {
            throw filterError(star, "'*' is accepted only at the end of a value, as a prefix wildcard, e.g. rack=r*");
        }
        conditions.add(value.isEmpty() ? new BrokerSelector.Present(attribute)
                : new BrokerSelector.ValueStartsWith(attribute, value));
        return attribute;
    }

    private BrokerIdsParseException unclosed(int open) {
        return filterError(open, "'[' is never closed; expected conditions and then ']'");
    }

    // ---------------------------------------------------------------------------------------------
    // characters

    /** White space in Java's sense or a Unicode space character (such as a no-break space). */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    static boolean isAttributeChar(char c) {
        return !isSpace(c) && "=,:[]\"*".indexOf(c) < 0;
    }

    static boolean isValueChar(char c) {
        return !isSpace(c) && "=,[]*".indexOf(c) < 0;
    }

    static void requireAttribute(String attribute) {
        if (attribute == null || attribute.isEmpty() || !attribute.chars().allMatch(c -> isAttributeChar((char) c))) {
            throw new IllegalArgumentException("attribute name must be non-empty without white space or = , : [ ] \" *, got "
                    + (attribute == null ? "null" : "'" + attribute + "'"));
        }
    }

    static void requireValue(String what, String value) {
        if (value == null || value.isEmpty() || !value.chars().allMatch(c -> isValueChar((char) c))) {
            throw new IllegalArgumentException(what + " must be non-empty without white space or = , [ ] *, got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }

    private void skipSpace() {
        while (!atEnd() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private boolean peek(char c) {
        return !atEnd() && text.charAt(pos) == c;
    }

    /** The token at {@code at}: up to the next white space or separator, or the one character there. */
    private String badPart(int at) {
        int end = at;
        while (end < text.length() && !isSpace(text.charAt(end)) && ",[]".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return end == at ? text.substring(at, Math.min(at + 1, text.length())) : text.substring(at, end);
    }

    private BrokerIdsParseException idError(int at, String problem) {
        return new BrokerIdsParseException(text, at, problem + "; accepted: " + BrokerIds.ACCEPTED);
    }

    private BrokerIdsParseException filterError(int at, String problem) {
        return new BrokerIdsParseException(text, at, problem + "; " + ACCEPTED_CONDITIONS);
    }
}
