package org.kafkamesos.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.kafkamesos.core.model.BrokerSelector.AttributeFilter;
import org.kafkamesos.core.model.BrokerSelector.IdRange;

/**
 * What users of {@link BrokerIds} rely on: a printed selector parses back to the same selector; no
 * text, however broken, makes the parser throw anything but a {@link BrokerIdsParseException} that
 * points into the text; and an expression selects exactly the brokers a naive reading of it (ranges
 * expanded into a set, conditions checked one string at a time) selects.
 */
class BrokerIdsProperties {

    private static final List<String> ATTRIBUTES = List.of("hostname", "rack", "dc", "zone", "disk.type", "a_b", "x-1");

    /** Pieces of the syntax and near it, including the white space the parser must tolerate. */
    private static final List<String> FRAGMENTS = List.of("*", ".", "..", ",", "[", "]", "=", "0", "1", "7", "42",
            "007", "2147483647", "2147483648", "99999999999", "a", "rack", "r", "hostname", "kafka", "-", " ", "\t",
            "\n", "\u00a0", "\u2003");

    /** Ids around the small numbers brokers have and the edges of {@code int}. */
    private static Arbitrary<Integer> ids() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.of(Integer.MAX_VALUE - 1, Integer.MAX_VALUE));
    }

    private static Arbitrary<IdRange> idRanges() {
        Arbitrary<IdRange> ordered = Combinators.combine(ids(), ids())
                .as((a, b) -> new IdRange(Math.min(a, b), Math.max(a, b)));
        Arbitrary<IdRange> small = Arbitraries.integers().between(0, 60)
                .flatMap(from -> Arbitraries.integers().between(from, 64).map(to -> new IdRange(from, to)));
        return Arbitraries.oneOf(ordered, small, ids().map(IdRange::of),
                Arbitraries.just(new IdRange(0, Integer.MAX_VALUE)));
    }

    /** Values with the characters a value may hold, beyond letters and digits. */
    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.of("r1", "r10", "dc1", "kafka-1", "eu-west-1a"),
                Arbitraries.strings().withChars("abr019.-_:/\"'\u00e9").ofMinLength(1).ofMaxLength(8));
    }

    private static Arbitrary<AttributeFilter> filters() {
        Arbitrary<String> attributes = Arbitraries.of(ATTRIBUTES);
        return Arbitraries.oneOf(
                attributes.map(BrokerSelector.Present::new),
                Combinators.combine(attributes, values()).as(BrokerSelector.ValueIs::new),
                Combinators.combine(attributes, values()).as(BrokerSelector.ValueStartsWith::new));
    }

    @Provide
    Arbitrary<BrokerSelector> selectors() {
        return Combinators.combine(idRanges().list().ofMinSize(1).ofMaxSize(5),
                        filters().list().ofMaxSize(4).uniqueElements(AttributeFilter::attribute))
                .as(BrokerSelector::new);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> fromFragments = Arbitraries.of(FRAGMENTS).list().ofMaxSize(14).map(l -> String.join("", l));
        Arbitrary<String> printedThenBroken = Combinators.combine(selectors(), Arbitraries.integers().between(0, 1000),
                        Arbitraries.of(FRAGMENTS))
                .as((selector, cut, fragment) -> {
                    String text = selector.toString();
                    int at = cut % (text.length() + 1);
                    return text.substring(0, at) + fragment + text.substring(at);
                });
        return Arbitraries.oneOf(fromFragments, printedThenBroken, Arbitraries.strings().ofMaxLength(20));
    }

    @Property
    void printedSelectorParsesBackEqual(@ForAll("selectors") BrokerSelector selector) {
        String text = selector.toString();

        assertThat(BrokerIds.parse(text)).as(text).isEqualTo(selector);
    }

    @Property
    void parsingFailsOnlyWithAParseExceptionPointingIntoTheText(@ForAll("texts") String text) {
        try {
            BrokerIds.parse(text);
        } catch (Throwable t) {
            assertThat(t).as("thrown for '%s'", text).isInstanceOf(BrokerIdsParseException.class);
            BrokerIdsParseException e = (BrokerIdsParseException) t;
            assertThat(e.position()).as("position in '%s'", text).isBetween(0, text.length());
            assertThat(e.input()).isEqualTo(text);
            assertThat(e.getMessage()).contains("at position " + e.position()).contains("accepted");
        }
    }

    /** Whatever parses prints as a canonical expression that parses back to the same selector. */
    @Property
    void whateverParsesPrintsBackTheSame(@ForAll("texts") String text) {
        BrokerSelector parsed;
        try {
            parsed = BrokerIds.parse(text);
        } catch (BrokerIdsParseException e) {
            return;
        }
        assertThat(BrokerIds.parse(parsed.toString())).as(text).isEqualTo(parsed);
    }

    // --- against a naive reference -----------------------------------------------------------------

    /** One list item as written: a single id ({@code from == to}) or a range, with small ids. */
    record Item(int from, int to, boolean single) {

        String text(String space) {
            return single ? Integer.toString(from) : from + space + ".." + space + to;
        }
    }

    /** One condition as written: {@code attribute}, {@code attribute=value} or {@code attribute=value*}. */
    record Condition(String attribute, String value, boolean prefix) {

        String text(String space) {
            return value == null ? attribute : attribute + space + "=" + space + value + (prefix ? "*" : "");
        }

        boolean holdsOn(Map<String, String> host) {
            if (!host.containsKey(attribute)) {
                return false;
            }
            String actual = host.get(attribute);
            return value == null || (prefix ? actual.startsWith(value) : actual.equals(value));
        }
    }

    record Expression(List<Item> items, List<Condition> conditions, String space) {

        String text() {
            String ids = items.stream().map(i -> i.text(space)).collect(Collectors.joining(space + "," + space));
            return space + ids + (conditions.isEmpty() ? ""
                    : space + conditions.stream().map(c -> c.text(space))
                            .collect(Collectors.joining(space + "," + space, "[" + space, space + "]"))) + space;
        }

        Set<Integer> expandedIds() {
            Set<Integer> ids = new TreeSet<>();
            for (Item item : items) {
                for (int id = item.from; id <= item.to; id++) {
                    ids.add(id);
                }
            }
            return ids;
        }
    }

    private static Arbitrary<Item> items() {
        Arbitrary<Item> singles = Arbitraries.integers().between(0, 60).map(id -> new Item(id, id, true));
        Arbitrary<Item> ranges = Arbitraries.integers().between(0, 60)
                .flatMap(from -> Arbitraries.integers().between(from, 70).map(to -> new Item(from, to, false)));
        return Arbitraries.oneOf(singles, ranges);
    }

    private static Arbitrary<String> spaces() {
        return Arbitraries.of("", "", " ", "  ", "\t", "\u00a0");
    }

    @Provide
    Arbitrary<Expression> idExpressions() {
        return Combinators.combine(items().list().ofMinSize(1).ofMaxSize(6), spaces())
                .as((items, space) -> new Expression(items, List.of(), space));
    }

    @Provide
    Arbitrary<Expression> filteredExpressions() {
        Arbitrary<Condition> conditions = Combinators.combine(Arbitraries.of("hostname", "rack", "dc"),
                        Arbitraries.of("r", "r1", "r10", "r2", "dc1", "kafka", "kafka-1", "k").injectNull(0.3),
                        Arbitraries.of(true, false))
                .as(Condition::new);
        return Combinators.combine(items().list().ofMinSize(1).ofMaxSize(4),
                        conditions.list().ofMinSize(1).ofMaxSize(3).uniqueElements(Condition::attribute), spaces())
                .as(Expression::new);
    }

    /** Brokers 0..50, each on a host drawn from a small set, or on none (an empty map). */
    @Provide
    Arbitrary<SortedMap<Integer, Map<String, String>>> clusters() {
        Arbitrary<Map<String, String>> hosts = Arbitraries.of(
                Map.of(),
                Map.of("hostname", "kafka-1", "rack", "r1", "dc", "dc1"),
                Map.of("hostname", "kafka-2", "rack", "r2", "dc", "dc1"),
                Map.of("hostname", "kafka-10", "rack", "r10"),
                Map.of("hostname", "worker", "rack", "r1"),
                Map.of("hostname", "k"));
        return hosts.list().ofSize(51).map(list -> {
            SortedMap<Integer, Map<String, String>> brokers = new TreeMap<>();
            for (int id = 0; id < list.size(); id++) {
                brokers.put(id, list.get(id));
            }
            return brokers;
        });
    }

    @Property
    void listsAndRangesSelectExactlyTheExpandedIds(@ForAll("idExpressions") Expression expression,
                                                    @ForAll("clusters") SortedMap<Integer, Map<String, String>> brokers) {
        List<Integer> expected = expression.expandedIds().stream().filter(id -> id <= 50).sorted().toList();

        assertThat(BrokerIds.parse(expression.text()).select(brokers)).as(expression.text()).isEqualTo(expected);
    }

    @Property
    void filtersSelectExactlyTheBrokersWhoseHostMeetsEveryCondition(
            @ForAll("filteredExpressions") Expression expression,
            @ForAll("clusters") SortedMap<Integer, Map<String, String>> brokers) {
        Set<Integer> ids = expression.expandedIds();
        List<Integer> expected = brokers.entrySet().stream()
                .filter(e -> ids.contains(e.getKey()))
                .filter(e -> !e.getValue().isEmpty())
                .filter(e -> expression.conditions().stream().allMatch(c -> c.holdsOn(e.getValue())))
                .map(Map.Entry::getKey)
                .toList();

        BrokerSelector selector = BrokerIds.parse(expression.text());

        assertThat(selector.select(brokers)).as(expression.text()).isEqualTo(expected);
        for (Map.Entry<Integer, Map<String, String>> e : brokers.entrySet()) {
            assertThat(selector.matches(e.getKey(), e.getValue())).isEqualTo(expected.contains(e.getKey()));
        }
    }

    /** Selectors are canonical: the order of items and of conditions, and spacing, do not matter. */
    @Property
    void reorderedItemsAndConditionsGiveAnEqualSelector(@ForAll("filteredExpressions") Expression expression,
                                                        @ForAll Random random) {
        List<Item> items = new ArrayList<>(expression.items());
        List<Condition> conditions = new ArrayList<>(expression.conditions());
        Collections.shuffle(items, random);
        Collections.shuffle(conditions, random);
        Expression reordered = new Expression(items, conditions, "");

        assertThat(BrokerIds.parse(reordered.text())).isEqualTo(BrokerIds.parse(expression.text()));
    }

    /** Equality means the same ids: listing every id one by one gives an equal selector. */
    @Property
    void idsListedOneByOneGiveAnEqualSelector(@ForAll("idExpressions") Expression expression) {
        String oneByOne = expression.expandedIds().stream().map(String::valueOf).collect(Collectors.joining(","));

        assertThat(BrokerIds.parse(oneByOne)).isEqualTo(BrokerIds.parse(expression.text()));
    }
}
