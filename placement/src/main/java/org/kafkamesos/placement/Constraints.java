package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses and prints constraints in the two syntaxes Mesos users know.
 *
 * <ul>
 *   <li>mesos/kafka: {@code hostname=unique,rack=groupBy:3,rack=like:r[12]}. Items are separated by
 *       commas; a comma inside a value (a regex such as {@code r{1,2}}) stays in the value unless
 *       what follows it reads as the start of a new item, {@code attribute=}.</li>
 *   <li>Marathon: {@code [["hostname","UNIQUE"],["rack","GROUP_BY","3"]]}, with operators
 *       {@code UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS} and, beyond Marathon,
 *       {@code IS_NOT}.</li>
 * </ul>
 * Parsing never throws anything but {@link ConstraintParseException}.
 */
public final class Constraints {

    /** The operators, as listed in every parse error. */
    public static final String ACCEPTED_OPERATORS =
            "unique, cluster[:value], groupBy[:n], like:regex, unlike:regex, maxPer:n, is:value, isNot:value";

    private static final String MARATHON_OPERATORS = "UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS, IS_NOT";

    /** Attribute names: no whitespace or space characters in Java's sense, and none of {@code = , : [ ] "}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[^=,:\\[\\]\"\\p{javaWhitespace}\\p{javaSpaceChar}]+");

    /** What starts a new item after a comma in the mesos/kafka syntax: {@code attribute=}. */
    private static final Pattern ITEM_START =
            Pattern.compile("\\p{javaWhitespace}*[^=,:\\[\\]\"\\p{javaWhitespace}\\p{javaSpaceChar}]+\\p{javaWhitespace}*=");

    private Constraints() {
    }

    /**
     * Parses either syntax: text starting with {@code [} is Marathon JSON, anything else mesos/kafka.
     * Blank text means no constraints.
     *
     * @throws ConstraintParseException when the text is malformed
     */
    public static List<Constraint> parse(String text) {
        if (text == null) {
            throw new ConstraintParseException("null", 0, "no text given; pass an empty string for no constraints");
        }
        return text.strip().startsWith("[") ? parseMarathon(text) : parseMesosKafka(text);
    }

    /**
     * Parses the mesos/kafka syntax, e.g. {@code hostname=unique,rack=groupBy:3}.
     *
     * @throws ConstraintParseException when the text is malformed
     */
    public static List<Constraint> parseMesosKafka(String text) {
        if (text == null) {
            throw new ConstraintParseException("null", 0, "no text given; pass an empty string for no constraints");
        }
        List<Constraint> result = new ArrayList<>();
        if (text.isBlank()) {
            return result;
        }
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            boolean atEnd = i == text.length();
            if (atEnd || text.charAt(i) == ',' && ITEM_START.matcher(text).region(i + 1, text.length()).lookingAt()) {
                result.add(parseItem(text, start, i));
                start = i + 1;
            }
        }
        return List.copyOf(result);
    }

    private static Constraint parseItem(String text, int from, int to) {
        int begin = from;
        while (begin < to && Character.isWhitespace(text.charAt(begin))) {
            begin++;
        }
        int end = to;
        while (end > begin && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        String item = text.substring(begin, end);
        if (item.isEmpty()) {
            throw new ConstraintParseException(text, from, "empty constraint; expected attribute=operator, e.g. hostname=unique");
        }
        int eq = item.indexOf('=');
        if (eq < 0) {
            throw new ConstraintParseException(text, begin, "'" + item + "' has no '='; expected attribute=operator with operators "
                    + ACCEPTED_OPERATORS);
        }
        String attribute = item.substring(0, eq).strip();
        if (!ATTRIBUTE.matcher(attribute).matches()) {
            throw new ConstraintParseException(text, begin, "'" + attribute + "' is not an attribute name (no spaces, '=', ',', ':', quotes or brackets)");
        }
        String rest = item.substring(eq + 1).stripLeading();
        int operatorPos = begin + item.length() - rest.length();
        int colon = rest.indexOf(':');
        String operator = (colon < 0 ? rest : rest.substring(0, colon)).strip();
        String argument = colon < 0 ? null : rest.substring(colon + 1);
        return build(text, operatorPos, attribute, operator, argument, false);
    }

    /**
     * Parses the Marathon syntax, e.g. {@code [["hostname","UNIQUE"],["rack","GROUP_BY","3"]]}.
     *
     * @throws ConstraintParseException when the text is malformed
     */
    public static List<Constraint> parseMarathon(String text) {
        if (text == null) {
            throw new ConstraintParseException("null", 0, "no text given; pass an empty string for no constraints");
        }
        List<Constraint> result = new ArrayList<>();
        JsonStrings json = new JsonStrings(text);
        for (JsonStrings.Item item : json.parse()) {
            List<String> parts = item.strings();
            if (parts.size() < 2 || parts.size() > 3) {
                throw new ConstraintParseException(text, item.position(),
                        "a constraint is [\"attribute\", \"OPERATOR\"] or [\"attribute\", \"OPERATOR\", \"value\"], got "
                                + parts.size() + " strings");
            }
            String attribute = parts.get(0);
            if (!ATTRIBUTE.matcher(attribute).matches()) {
                throw new ConstraintParseException(text, item.position(),
                        "'" + attribute + "' is not an attribute name (no spaces, '=', ',', ':', quotes or brackets)");
            }
            result.add(build(text, item.position(), attribute, parts.get(1), parts.size() == 3 ? parts.get(2) : null, true));
        }
        return List.copyOf(result);
    }

    private static Constraint build(String text, int position, String attribute, String operator, String argument,
                                    boolean marathon) {
        String key = operator.toLowerCase(Locale.ROOT).replace("_", "");
        String accepted = marathon ? MARATHON_OPERATORS : ACCEPTED_OPERATORS;
        try {
            switch (key) {
                case "unique":
                    requireNoArgument(text, position, operator, argument);
                    return new Constraint.Unique(attribute);
                case "cluster":
                    return new Constraint.Cluster(attribute, Optional.ofNullable(argument));
                case "groupby":
                    return new Constraint.GroupBy(attribute, argument == null ? 1 : count(text, position, operator, argument));
                case "like":
                    return new Constraint.Like(attribute, requireArgument(text, position, operator, argument));
                case "unlike":
                    return new Constraint.Unlike(attribute, requireArgument(text, position, operator, argument));
                case "maxper":
                    return new Constraint.MaxPer(attribute, count(text, position, operator,
                            requireArgument(text, position, operator, argument)));
                case "is":
                    return new Constraint.Is(attribute, requireArgument(text, position, operator, argument));
                case "isnot":
                    return new Constraint.IsNot(attribute, requireArgument(text, position, operator, argument));
                default:
                    throw new ConstraintParseException(text, position,
                            "unknown operator '" + operator + "'; accepted operators: " + accepted);
            }
        } catch (ConstraintParseException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConstraintParseException(text, position, "operator '" + operator + "' on '" + attribute + "': " + e.getMessage());
        }
    }

    private static void requireNoArgument(String text, int position, String operator, String argument) {
        if (argument != null) {
            throw new ConstraintParseException(text, position, "operator '" + operator + "' takes no value, got '" + argument + "'");
        }
    }

    private static String requireArgument(String text, int position, String operator, String argument) {
        if (argument == null) {
            throw new ConstraintParseException(text, position, "operator '" + operator + "' needs a value; accepted operators: "
                    + ACCEPTED_OPERATORS);
        }
        return argument;
    }

    private static int count(String text, int position, String operator, String argument) {
        try {
            int n = Integer.parseInt(argument.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConstraintParseException(text, position, "operator '" + operator + "' needs a whole number >= 1, got '" + argument + "'");
    }

    /** Prints constraints in the mesos/kafka syntax, which {@link #parse(String)} reads back. */
    public static String format(List<Constraint> constraints) {
        return constraints.stream().map(Constraint::toString).collect(Collectors.joining(","));
    }

    /** Prints constraints in the Marathon JSON syntax, which {@link #parse(String)} reads back. */
    public static String formatMarathon(List<Constraint> constraints) {
        return constraints.stream().map(Constraints::marathonItem).collect(Collectors.joining(",", "[", "]"));
    }

    private static String marathonItem(Constraint c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.attribute());
        if (c instanceof Constraint.Unique) {
            parts.add("UNIQUE");
        } else if (c instanceof Constraint.Cluster cluster) {
            parts.add("CLUSTER");
            cluster.value().ifPresent(parts::add);
        } else if (c instanceof Constraint.GroupBy groupBy) {
            parts.add("GROUP_BY");
            parts.add(Integer.toString(groupBy.groups()));
        } else if (c instanceof Constraint.Like like) {
            parts.add("LIKE");
            parts.add(like.regex());
        } else if (c instanceof Constraint.Unlike unlike) {
            parts.add("UNLIKE");
            parts.add(unlike.regex());
        } else if (c instanceof Constraint.MaxPer maxPer) {
            parts.add("MAX_PER");
            parts.add(Integer.toString(maxPer.limit()));
        } else if (c instanceof Constraint.Is is) {
            parts.add("IS");
            parts.add(is.value());
        } else if (c instanceof Constraint.IsNot isNot) {
            parts.add("IS_NOT");
            parts.add(isNot.value());
        }
        return parts.stream().map(JsonStrings::quote).collect(Collectors.joining(",", "[", "]"));
    }

    static void requireAttribute(String attribute) {
        if (attribute == null || !ATTRIBUTE.matcher(attribute).matches()) {
            throw new IllegalArgumentException("attribute name must be non-empty without spaces, '=', ',', ':', quotes or brackets, got "
                    + (attribute == null ? "null" : "'" + attribute + "'"));
        }
    }

    static void requireValue(String operator, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(operator + " needs a non-empty value");
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(operator + " value must not start or end with whitespace, got '" + value + "'");
        }
        Matcher newItem = ITEM_START.matcher(value);
        for (int i = value.indexOf(','); i >= 0; i = value.indexOf(',', i + 1)) {
            if (newItem.region(i + 1, value.length()).lookingAt()) {
                throw new IllegalArgumentException(operator + " value must not contain a comma followed by attribute=, got '"
                        + value + "'");
            }
        }
    }
}
