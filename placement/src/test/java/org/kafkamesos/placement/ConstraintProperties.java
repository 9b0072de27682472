package org.kafkamesos.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What users of {@link Constraints} rely on: whatever is printed, in either syntax, parses back to the
 * same constraints, and no text, however broken, makes a parser throw anything but a
 * {@link ConstraintParseException} that points into the text.
 */
class ConstraintProperties {

    private static final List<String> ATTRIBUTES =
            List.of(Offer.HOSTNAME, "rack", "zone", "disk.type", "rack-id", "topology.kubernetes.io-zone", "a_b", "x1");

    /** Regexes users write, several with commas that must stay in the regex. */
    private static final List<String> REGEXES = List.of("r[12]", "r{1,2}", "r{1,2}[0-9]", "h(1|2),?", "[a-c]{2,3}x",
            "a,b", "\\d+", "(?i)rack-[a-f]{1,2}", "[,=:]+", "x,y=z", ".*");

    /** Pieces that make texts near the syntax: operators, separators, quotes, escapes, numbers. */
    private static final List<String> FRAGMENTS = List.of("=", ",", ":", "unique", "groupBy", "group_by", "cluster",
            "like", "unlike", "maxPer", "is", "isNot", "IS_NOT", "UNIQUE", "GROUP_BY", "[", "]", "[[", "]]", "\"",
            "\",\"", "\\", "\\u00", "\\n", "0", "3", "-1", "99999999999", "a", "rack", "hostname", " ", "\t", "{", "}",
            "r{1,2}", "(", "*", "?", "\u2003", "\u00e9");

    @Provide
    Arbitrary<List<Constraint>> constraintLists() {
        return constraint().list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> fromFragments = Arbitraries.of(FRAGMENTS).list().ofMaxSize(14).map(l -> String.join("", l));
        Arbitrary<String> printedThenBroken = Combinators.combine(constraintLists(),
                        Arbitraries.integers().between(0, 1000), Arbitraries.of(FRAGMENTS), Arbitraries.of(true, false))
                .as((list, cut, fragment, marathon) -> {
                    String text = marathon ? Constraints.formatMarathon(list) : Constraints.format(list);
                    int at = text.isEmpty() ? 0 : cut % (text.length() + 1);
                    return text.substring(0, at) + fragment + text.substring(at);
                });
        return Arbitraries.oneOf(fromFragments, printedThenBroken, Arbitraries.strings().ofMaxLength(20));
    }

    @Property
    void printingInMesosKafkaSyntaxParsesBack(@ForAll("constraintLists") List<Constraint> constraints) {
        String text = Constraints.format(constraints);

        assertThat(Constraints.parse(text)).as(text).isEqualTo(constraints);
        assertThat(Constraints.parseMesosKafka(text)).as(text).isEqualTo(constraints);
    }

    @Property
    void printingInMarathonSyntaxParsesBack(@ForAll("constraintLists") List<Constraint> constraints) {
        String text = Constraints.formatMarathon(constraints);

        assertThat(Constraints.parse(text)).as(text).isEqualTo(constraints);
        assertThat(Constraints.parseMarathon(text)).as(text).isEqualTo(constraints);
    }

    @Property
    void parsingFailsOnlyWithAParseExceptionPointingIntoTheText(@ForAll("texts") String text) {
        List<Function<String, List<Constraint>>> parsers =
                List.of(Constraints::parse, Constraints::parseMesosKafka, Constraints::parseMarathon);
        for (Function<String, List<Constraint>> parser : parsers) {
            try {
                parser.apply(text);
            } catch (Throwable t) {
                assertThat(t).as("thrown for '%s'", text).isInstanceOf(ConstraintParseException.class);
                ConstraintParseException e = (ConstraintParseException) t;
                assertThat(e.position()).as("position in '%s'", text).isBetween(0, text.length());
                assertThat(e.input()).isEqualTo(text);
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    /** Whatever a parser accepts, printing it in either syntax reads back the same constraints. */
    @Property
    void whateverParsesPrintsBackTheSame(@ForAll("texts") String text) {
        List<Constraint> parsed;
        try {
            parsed = Constraints.parse(text);
        } catch (ConstraintParseException e) {
            return;
        }
        assertThat(Constraints.parse(Constraints.format(parsed))).isEqualTo(parsed);
        assertThat(Constraints.parse(Constraints.formatMarathon(parsed))).isEqualTo(parsed);
    }

    /**
     * Beyond the usual names: any attribute name the constraint types accept is printed so that it
     * parses back, including names with characters Java counts as white space but regex {@code \s}
     * does not.
     */
    @Property
    void everyAcceptedAttributeNameParsesBack(@ForAll("unusualAttributeNames") String attribute) {
        List<Constraint> constraints = List.of(new Constraint.Unique(attribute), new Constraint.MaxPer(attribute, 2));
        String codePoints = attribute.codePoints().mapToObj(c -> String.format("U+%04X", c)).toList().toString();

        assertThat(Constraints.parse(Constraints.format(constraints))).as("attribute %s", codePoints)
                .isEqualTo(constraints);
        assertThat(Constraints.parse(Constraints.formatMarathon(constraints))).as("attribute %s", codePoints)
                .isEqualTo(constraints);
    }

    @Provide
    Arbitrary<String> unusualAttributeNames() {
        return Arbitraries.strings().withChars("ab.-_\u00a0\u2003\u2028\u001f\u0085\u200b\u3000").ofMinLength(1)
                .ofMaxLength(5).filter(ConstraintProperties::acceptedAttribute);
    }

    private static boolean acceptedAttribute(String name) {
        try {
            new Constraint.Unique(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Constraints of all eight operators; values and regexes valid, so every one can be printed. */
    static Arbitrary<Constraint> constraint() {
        Arbitrary<String> attributes = Arbitraries.of(ATTRIBUTES);
        Arbitrary<String> values = values();
        Arbitrary<String> regexes = regexes();
        Arbitrary<Integer> counts = Arbitraries.oneOf(Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, Integer.MAX_VALUE));
        return Arbitraries.<Constraint>oneOf(
                        attributes.map(Constraint.Unique::new),
                        Combinators.combine(attributes, values.optional(0.6)).as(Constraint.Cluster::new),
                        Combinators.combine(attributes, counts).as(Constraint.GroupBy::new),
                        Combinators.combine(attributes, regexes).as(Constraint.Like::new),
                        Combinators.combine(attributes, regexes).as(Constraint.Unlike::new),
                        Combinators.combine(attributes, counts).as(Constraint.MaxPer::new),
                        Combinators.combine(attributes, values).as(Constraint.Is::new),
                        Combinators.combine(attributes, values).as(Constraint.IsNot::new))
                // a value with a comma followed by attribute=operator is refused by design
                .ignoreException(IllegalArgumentException.class);
    }

    /** Values without white space at either end, with the characters that matter to both syntaxes. */
    private static Arbitrary<String> values() {
        Arbitrary<String> chars = Arbitraries.strings().withChars("abrz019.-_:=,[]{}\"\\ */|()\t\u00e9").ofMinLength(1)
                .ofMaxLength(10);
        Arbitrary<String> nearItems = Arbitraries.of("a", "r1", ",", "b=", "b =", "unique", "is", "isx", ":", "=", " ",
                        "x", "groupBy", "3", "\"", "[")
                .list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l));
        return Arbitraries.oneOf(chars, nearItems).filter(v -> !v.isEmpty() && v.equals(v.strip()));
    }

    /** Valid regular expressions, some with commas. */
    private static Arbitrary<String> regexes() {
        Arbitrary<String> built = Arbitraries.of("r", "[12]", "{1,2}", ".*", "(a|b)", "\\d", ",", "x{2}", "[a-c]",
                        "\\,", "h", "?", "+", "=", ":", "\"", "\\\\")
                .list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l))
                .filter(ConstraintProperties::compiles);
        return Arbitraries.oneOf(Arbitraries.of(REGEXES), built);
    }

    private static boolean compiles(String regex) {
        try {
            Pattern.compile(regex);
            return !regex.isEmpty() && regex.equals(regex.strip());
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
