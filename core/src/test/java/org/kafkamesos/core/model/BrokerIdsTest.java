package org.kafkamesos.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kafkamesos.core.model.BrokerSelector.IdRange;
import org.kafkamesos.core.model.BrokerSelector.Present;
import org.kafkamesos.core.model.BrokerSelector.ValueIs;
import org.kafkamesos.core.model.BrokerSelector.ValueStartsWith;

class BrokerIdsTest {

    private static final Map<String, String> NO_HOST = Map.of();
    private static final Map<String, String> H1_R1 = Map.of("hostname", "kafka-1", "rack", "r1", "dc", "dc1");
    private static final Map<String, String> H2_R2 = Map.of("hostname", "kafka-2", "rack", "r2", "dc", "dc1");
    private static final Map<String, String> WORKER_R10 = Map.of("hostname", "worker-7", "rack", "r10");
    private static final Map<String, String> NO_RACK = Map.of("hostname", "kafka-3");

    // --- the forms ---------------------------------------------------------------------------------

    @Test
    void parse_star_selectsEveryBrokerWithOrWithoutAHost() {
        BrokerSelector all = BrokerIds.parse("*");

        assertThat(all).isEqualTo(new BrokerSelector(List.of(new IdRange(0, Integer.MAX_VALUE)), List.of()));
        assertThat(all.matches(0, NO_HOST)).isTrue();
        assertThat(all.matches(Integer.MAX_VALUE, H1_R1)).isTrue();
        assertThat(all.toString()).isEqualTo("*");
    }

    @Test
    void parse_singleId_selectsOnlyThatBroker() {
        BrokerSelector three = BrokerIds.parse("3");

        assertThat(three.matches(3, NO_HOST)).isTrue();
        assertThat(three.matches(2, NO_HOST)).isFalse();
        assertThat(three.matches(4, NO_HOST)).isFalse();
        assertThat(three.ids()).containsExactly(IdRange.of(3));
    }

    @Test
    void parse_range_includesBothEnds() {
        assertThat(select("0..2", 0, 10)).containsExactly(0, 1, 2);
        assertThat(select("4..4", 0, 10)).containsExactly(4);
    }

    @Test
    void parse_list_selectsEachId() {
        assertThat(select("1,3,5", 0, 10)).containsExactly(1, 3, 5);
    }

    @Test
    void parse_mixedList_selectsTheUnionInAnyOrder() {
        assertThat(select("0..2,7,9..10", 0, 12)).containsExactly(0, 1, 2, 7, 9, 10);
        assertThat(select("9..10, 7 ,0..2", 0, 12)).containsExactly(0, 1, 2, 7, 9, 10);
        assertThat(select("1..5,3..8,4", 0, 12)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void parse_hugeRange_isAPredicateNeverExpanded() {
        BrokerSelector huge = BrokerIds.parse("0..2000000000");

        assertThat(huge.matches(1_999_999_999, NO_HOST)).isTrue();
        assertThat(huge.matches(2_000_000_001, NO_HOST)).isFalse();
        assertThat(huge.toString()).isEqualTo("0..2000000000");
    }

    @Test
    void parse_largestId_isAccepted() {
        assertThat(BrokerIds.parse("2147483647").matches(Integer.MAX_VALUE, NO_HOST)).isTrue();
    }

    @Test
    void parse_whitespaceAroundTokens_isTolerated() {
        assertThat(BrokerIds.parse(" 0 .. 2 ,\t7 [ rack = r1 , hostname = kafka* , dc ] \n"))
                .isEqualTo(BrokerIds.parse("0..2,7[dc,hostname=kafka*,rack=r1]"));
        assertThat(BrokerIds.parse("\u00a01,\u20033\u00a0")).isEqualTo(BrokerIds.parse("1,3"));
    }

    @Test
    void parse_leadingZeros_areIgnored() {
        assertThat(BrokerIds.parse("007..010")).isEqualTo(BrokerIds.parse("7..10"));
    }

    @Test
    void parse_filter_buildsOneConditionPerAttribute() {
        assertThat(BrokerIds.parse("0..4[rack=r1,hostname=kafka*,dc]")).isEqualTo(new BrokerSelector(
                List.of(new IdRange(0, 4)),
                List.of(new ValueIs("rack", "r1"), new ValueStartsWith("hostname", "kafka"), new Present("dc"))));
    }

    @Test
    void parse_valuesMayHoldColonsQuotesDotsAndSlashes() {
        BrokerSelector selector = BrokerIds.parse("*[zone=eu-west-1a:b,path=/var/x.y,q=\"r\"]");

        assertThat(selector.matches(1, Map.of("zone", "eu-west-1a:b", "path", "/var/x.y", "q", "\"r\""))).isTrue();
    }

    // --- canonical printing ------------------------------------------------------------------------

    @Test
    void toString_printsTheCanonicalExpression() {
        assertThat(BrokerIds.parse("7,1,2,3")).hasToString("1..3,7");
        assertThat(BrokerIds.parse("3..3")).hasToString("3");
        assertThat(BrokerIds.parse("0..5,3..8,9")).hasToString("0..9");
        assertThat(BrokerIds.parse("0..2147483647")).hasToString("*");
        assertThat(BrokerIds.parse("*[rack=*]")).hasToString("*[rack]");
        assertThat(BrokerIds.parse("*[rack=r1,dc=d*,hostname]")).hasToString("*[dc=d*,hostname,rack=r1]");
        assertThat(BrokerIds.parse(" 1 , 3 [ rack = r1 ] ")).hasToString("1,3[rack=r1]");
    }

    @Test
    void toString_parsesBackToAnEqualSelector() {
        for (String text : List.of("*", "0..2,7,9..10", "*[rack=r1]", "0..4[dc=dc1,rack=r1]", "*[hostname=kafka*]",
                "*[rack]", "5,2147483647[a=b]")) {
            BrokerSelector selector = BrokerIds.parse(text);
            assertThat(BrokerIds.parse(selector.toString())).as(text).isEqualTo(selector);
        }
    }

    @Test
    void equals_sameIdsWrittenDifferently_areEqual() {
        assertThat(BrokerIds.parse("1,2,3")).isEqualTo(BrokerIds.parse("1..3"));
        assertThat(BrokerIds.parse("3,1,2")).isEqualTo(BrokerIds.parse("1..2,3"));
        assertThat(BrokerIds.parse("*[b,a=1]")).isEqualTo(BrokerIds.parse("*[a=1,b]"));
        assertThat(BrokerIds.parse("1,3")).isNotEqualTo(BrokerIds.parse("1..3"));
    }

    // --- attribute filters -------------------------------------------------------------------------

    @Test
    void filter_value_matchesHostsWithExactlyThatValue() {
        BrokerSelector rackOne = BrokerIds.parse("*[rack=r1]");

        assertThat(rackOne.matches(0, H1_R1)).isTrue();
        assertThat(rackOne.matches(0, H2_R2)).isFalse();
        assertThat(rackOne.matches(0, WORKER_R10)).isFalse();
        assertThat(rackOne.matches(0, NO_RACK)).isFalse();
        assertThat(rackOne.matches(0, Map.of("rack", "R1"))).as("case matters").isFalse();
    }

    @Test
    void filter_prefix_matchesValuesStartingWithIt() {
        BrokerSelector rackR = BrokerIds.parse("*[rack=r1*]");

        assertThat(rackR.matches(0, H1_R1)).as("the prefix itself").isTrue();
        assertThat(rackR.matches(0, WORKER_R10)).isTrue();
        assertThat(rackR.matches(0, H2_R2)).isFalse();
        assertThat(rackR.matches(0, NO_RACK)).isFalse();
    }

    @Test
    void filter_hostname_isTheHostsName() {
        BrokerSelector kafkaHosts = BrokerIds.parse("*[hostname=kafka*]");
        BrokerSelector oneHost = BrokerIds.parse("*[hostname=kafka-2]");

        assertThat(kafkaHosts.matches(0, H1_R1)).isTrue();
        assertThat(kafkaHosts.matches(0, NO_RACK)).isTrue();
        assertThat(kafkaHosts.matches(0, WORKER_R10)).isFalse();
        assertThat(oneHost.matches(0, H2_R2)).isTrue();
        assertThat(oneHost.matches(0, H1_R1)).isFalse();
    }

    @Test
    void filter_attributeAlone_meansPresentWithAnyValue() {
        BrokerSelector hasRack = BrokerIds.parse("*[rack]");

        assertThat(hasRack.matches(0, H1_R1)).isTrue();
        assertThat(hasRack.matches(0, WORKER_R10)).isTrue();
        assertThat(hasRack.matches(0, NO_RACK)).isFalse();
        assertThat(BrokerIds.parse("*[rack=*]")).isEqualTo(hasRack);
    }

    @Test
    void filter_everyConditionMustHold_andTheIdsToo() {
        BrokerSelector selector = BrokerIds.parse("0..4[rack=r1,dc=dc1]");

        assertThat(selector.matches(4, H1_R1)).isTrue();
        assertThat(selector.matches(5, H1_R1)).as("id outside the range").isFalse();
        assertThat(selector.matches(4, H2_R2)).as("rack differs").isFalse();
        assertThat(selector.matches(4, Map.of("rack", "r1"))).as("no dc").isFalse();
    }

    @Test
    void filter_neverMatchesABrokerWithoutAHost() {
        for (String text : List.of("*[rack=r1]", "*[rack]", "*[hostname=*]", "*[hostname=k*]", "0[hostname]")) {
            assertThat(BrokerIds.parse(text).matches(0, NO_HOST)).as(text).isFalse();
            assertThat(BrokerIds.parse(text).matches(0, null)).as(text).isFalse();
        }
    }

    @Test
    void noFilter_matchesBrokersWithoutAHostByTheirId() {
        assertThat(BrokerIds.parse("0..2").matches(1, NO_HOST)).isTrue();
        assertThat(BrokerIds.parse("*").matches(1, null)).isTrue();
    }

    @Test
    void matches_negativeNumber_isNoBrokerId() {
        assertThat(BrokerIds.parse("*").matches(-1, NO_HOST)).isFalse();
    }

    // --- select ------------------------------------------------------------------------------------

    @Test
    void select_returnsMatchingIdsInAscendingOrder_whateverTheMapsOrder() {
        SortedMap<Integer, Map<String, String>> brokers = new TreeMap<>(Collections.reverseOrder());
        IntStream.rangeClosed(0, 9).forEach(id -> brokers.put(id, NO_HOST));

        assertThat(BrokerIds.parse("8,1..3,6").select(brokers)).containsExactly(1, 2, 3, 6, 8);
        assertThat(BrokerIds.parse("*").select(brokers)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void select_onlyIdsPresentInTheMap() {
        SortedMap<Integer, Map<String, String>> brokers = new TreeMap<>(Map.of(2, NO_HOST, 5, NO_HOST, 40, NO_HOST));

        assertThat(BrokerIds.parse("0..10").select(brokers)).containsExactly(2, 5);
        assertThat(BrokerIds.parse("11..39").select(brokers)).isEmpty();
    }

    @Test
    void select_withFilter_skipsBrokersWithoutAHostAndOnOtherHosts() {
        SortedMap<Integer, Map<String, String>> brokers = new TreeMap<>();
        brokers.put(0, H1_R1);
        brokers.put(1, NO_HOST);
        brokers.put(2, H2_R2);
        brokers.put(3, NO_RACK);
        brokers.put(4, WORKER_R10);
        brokers.put(5, null);
        brokers.put(6, new HashMap<>(H1_R1));

        assertThat(BrokerIds.parse("*[rack=r1]").select(brokers)).containsExactly(0, 6);
        assertThat(BrokerIds.parse("*[rack=r*]").select(brokers)).containsExactly(0, 2, 4, 6);
        assertThat(BrokerIds.parse("*[rack]").select(brokers)).containsExactly(0, 2, 4, 6);
        assertThat(BrokerIds.parse("*[hostname=kafka*]").select(brokers)).containsExactly(0, 2, 3, 6);
        assertThat(BrokerIds.parse("1..4[hostname=kafka*]").select(brokers)).containsExactly(2, 3);
        assertThat(BrokerIds.parse("*").select(brokers)).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void select_returnsAnUnmodifiableList() {
        List<Integer> selected = BrokerIds.parse("*").select(new TreeMap<>(Map.of(1, NO_HOST)));

        assertThatThrownBy(() -> selected.add(2)).isInstanceOf(UnsupportedOperationException.class);
    }

    // --- errors ------------------------------------------------------------------------------------

    @Test
    void parse_error_namesTheBadPartItsPositionAndWhatIsAccepted() {
        BrokerIdsParseException e = catchThrowableOfType(BrokerIdsParseException.class, () -> BrokerIds.parse("0..x"));

        assertThat(e).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot parse broker ids '0..x' at position 3: expected a broker id (a whole number >= 0),"
                        + " got 'x'; accepted: *, 0..2, 1,3,5, *[rack=r1]");
        assertThat(e.input()).isEqualTo("0..x");
        assertThat(e.position()).isEqualTo(3);
    }

    @Test
    void parse_filterError_listsTheAcceptedConditions() {
        assertThatThrownBy(() -> BrokerIds.parse("*[rack=r1,rack=r2]"))
                .hasMessage("cannot parse broker ids '*[rack=r1,rack=r2]' at position 10: attribute 'rack' appears twice"
                        + " in one filter (first at position 2); give at most one condition per attribute;"
                        + " accepted conditions: rack, rack=r1, hostname=kafka* (prefix), separated by commas,"
                        + " e.g. *[rack=r1,hostname=kafka*]");
    }

    @Test
    void parse_null_isAParseError() {
        BrokerIdsParseException e = catchThrowableOfType(BrokerIdsParseException.class, () -> BrokerIds.parse(null));

        assertThat(e.input()).isEqualTo("null");
        assertThat(e.position()).isZero();
        assertThat(e).hasMessageContaining("no text given");
    }

    @ParameterizedTest(name = "''{0}'' fails at {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, textBlock = """
            ``|0|no broker ids given
            `   `|0|no broker ids given
            0..x|3|expected a broker id (a whole number >= 0), got 'x'
            0..|3|expected a broker id (a whole number >= 0), got the end
            abc|0|expected a broker id (a whole number >= 0), got 'abc'
            +1|0|expected a broker id (a whole number >= 0), got '+1'
            5..2|0|range 5..2 is reversed; write 2..5
            1, 5..2|3|range 5..2 is reversed
            -1|0|negative broker id '-1'; broker ids are whole numbers >= 0
            0..-2|3|negative broker id '-2'
            99999999999|0|broker id '99999999999' is too large; the largest is 2147483647
            0..2147483648|3|broker id '2147483648' is too large
            1,,3|2|empty item; expected a broker id (a whole number >= 0), a range such as 0..2, or *
            ,1|0|empty item
            1,|2|empty item
            `1, `|3|empty item
            1,[rack]|2|empty item
            [rack=r1]|0|a filter needs broker ids before it, e.g. *[rack=r1]
            *,3|0|'*' selects every broker and stands alone
            3,*|2|'*' selects every broker and stands alone
            0.2|1|unexpected '.2'; a range is written with two dots, e.g. 0..2
            0...2|3|expected a broker id (a whole number >= 0), got '.2'
            0..2..4|4|unexpected '..4'; expected ',' and another item, a filter '[' or the end
            1 2|2|unexpected '2'
            0;1|1|unexpected ';1'
            **|1|unexpected '*'
            *[rack=r1|1|'[' is never closed; expected conditions and then ']'
            *[rack=r1,|1|'[' is never closed
            `*[ `|1|'[' is never closed
            *[rack=r1,rack=r2]|10|attribute 'rack' appears twice in one filter (first at position 2)
            *[rack, rack=r2]|8|attribute 'rack' appears twice
            *[]|2|empty filter '[]'; give at least one condition
            *[rack=r1,]|10|empty condition; expected an attribute name
            *[,rack]|2|empty condition
            *[rack=]|7|expected a value after 'rack=', got ']'
            *[rack==r1]|7|expected a value after 'rack=', got '=r1'
            *[rack=r*1]|8|'*' is accepted only at the end of a value, as a prefix wildcard
            *[rack=**]|7|'*' is accepted only at the end of a value
            *[a:b=1]|3|unexpected ':b=1' after the condition on 'a'; expected ',' and another condition, or ']'
            *[rack r1]|7|unexpected 'r1' after the condition on 'rack'
            *[=r1]|2|expected an attribute name (no white space or = , : [ ] \" *), got '=r1'
            *[rack=r1]x|10|nothing may follow the filter, got 'x'
            *[a][b]|4|nothing may follow the filter, got '['
            """)
    void parse_malformed_failsAtTheBadPart(String text, int position, String problem) {
        BrokerIdsParseException e = catchThrowableOfType(BrokerIdsParseException.class, () -> BrokerIds.parse(text));

        assertThat(e).as("'%s' should fail", text).isNotNull();
        assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
        assertThat(e.input()).isEqualTo(text);
        assertThat(e.getMessage())
                .startsWith("cannot parse broker ids '" + text + "' at position " + position + ": ")
                .contains(problem)
                .containsAnyOf("accepted: " + BrokerIds.ACCEPTED, "accepted conditions: ");
    }

    // --- the record's own checks -------------------------------------------------------------------

    @Test
    void constructors_refuseWhatCouldNotBePrintedAndReadBack() {
        assertThatThrownBy(() -> new IdRange(-1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new IdRange(5, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reversed");
        assertThatThrownBy(() -> new BrokerSelector(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one id range");
        assertThatThrownBy(() -> new BrokerSelector(List.of(IdRange.of(1)),
                List.of(new Present("rack"), new ValueIs("rack", "r1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rack' has two conditions");
        assertThatThrownBy(() -> new ValueIs("rack", "r 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("white space");
        assertThatThrownBy(() -> new ValueIs("rack", "r*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValueStartsWith("rack", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an empty prefix is Present");
        assertThatThrownBy(() -> new Present("ra:ck")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute name");
    }

    @Test
    void constructor_sortsAndMergesRanges() {
        BrokerSelector selector = new BrokerSelector(List.of(new IdRange(5, 9), IdRange.of(1), new IdRange(2, 3),
                new IdRange(7, Integer.MAX_VALUE)), List.of());

        assertThat(selector.ids()).containsExactly(new IdRange(1, 3), new IdRange(5, Integer.MAX_VALUE));
        assertThat(selector).hasToString("1..3,5..2147483647");
    }

    private static List<Integer> select(String text, int first, int last) {
        SortedMap<Integer, Map<String, String>> brokers = new TreeMap<>();
        IntStream.rangeClosed(first, last).forEach(id -> brokers.put(id, NO_HOST));
        return BrokerIds.parse(text).select(brokers);
    }
}
