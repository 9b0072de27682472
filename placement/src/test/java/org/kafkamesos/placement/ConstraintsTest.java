package org.kafkamesos.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConstraintsTest {

    @Test
    void parse_mesosKafkaSyntax_readsEveryOperator() {
        List<Constraint> parsed = Constraints.parse(
                "hostname=unique,rack=cluster,rack=cluster:r1,rack=groupBy:3,rack=groupBy,"
                        + "rack=like:r[12],zone=unlike:z9,rack=maxPer:2,zone=is:a,zone=isNot:b");

        assertThat(parsed).containsExactly(
                new Constraint.Unique("hostname"),
                new Constraint.Cluster("rack", Optional.empty()),
                new Constraint.Cluster("rack", Optional.of("r1")),
                new Constraint.GroupBy("rack", 3),
                new Constraint.GroupBy("rack", 1),
                new Constraint.Like("rack", "r[12]"),
                new Constraint.Unlike("zone", "z9"),
                new Constraint.MaxPer("rack", 2),
                new Constraint.Is("zone", "a"),
                new Constraint.IsNot("zone", "b"));
    }

    @Test
    void parse_marathonSyntax_readsEveryOperator() {
        List<Constraint> parsed = Constraints.parse("[[\"hostname\",\"UNIQUE\"], [\"rack\",\"GROUP_BY\",\"3\"],"
                + "[\"rack\",\"CLUSTER\"],[\"rack\",\"CLUSTER\",\"r1\"],[\"rack\",\"LIKE\",\"r[12]\"],"
                + "[\"rack\",\"UNLIKE\",\"r3\"],[\"rack\",\"MAX_PER\",\"2\"],[\"zone\",\"IS\",\"a\"],[\"zone\",\"IS_NOT\",\"b\"]]");

        assertThat(parsed).containsExactly(
                new Constraint.Unique("hostname"),
                new Constraint.GroupBy("rack", 3),
                new Constraint.Cluster("rack", Optional.empty()),
                new Constraint.Cluster("rack", Optional.of("r1")),
                new Constraint.Like("rack", "r[12]"),
                new Constraint.Unlike("rack", "r3"),
                new Constraint.MaxPer("rack", 2),
                new Constraint.Is("zone", "a"),
                new Constraint.IsNot("zone", "b"));
    }

    @Test
    void parse_regexWithComma_keepsTheCommaInTheValue() {
        assertThat(Constraints.parse("rack=like:r{1,2},hostname=unique"))
                .containsExactly(new Constraint.Like("rack", "r{1,2}"), new Constraint.Unique("hostname"));
    }

    @Test
    void parse_blank_meansNoConstraints() {
        assertThat(Constraints.parse("  ")).isEmpty();
        assertThat(Constraints.parse("[]")).isEmpty();
    }

    @Test
    void parse_spacesAroundItems_areIgnored() {
        assertThat(Constraints.parse(" hostname = unique , rack=groupBy:2 "))
                .containsExactly(new Constraint.Unique("hostname"), new Constraint.GroupBy("rack", 2));
    }

    @Test
    void parse_unknownOperator_pointsAtItAndListsTheAcceptedOnes() {
        assertThatThrownBy(() -> Constraints.parse("hostname=unique,rack=grupBy:3"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("unknown operator 'grupBy'")
                .hasMessageContaining("position 21")
                .hasMessageContaining(Constraints.ACCEPTED_OPERATORS)
                .satisfies(e -> assertThat(((ConstraintParseException) e).position()).isEqualTo(21));
    }

    @Test
    void parse_badCount_saysWhatIsAccepted() {
        assertThatThrownBy(() -> Constraints.parse("rack=groupBy:zero"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("whole number >= 1, got 'zero'");
        assertThatThrownBy(() -> Constraints.parse("rack=maxPer"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("needs a value");
    }

    @Test
    void parse_invalidRegex_isAParseError() {
        assertThatThrownBy(() -> Constraints.parse("rack=like:r[1"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("valid regular expression");
    }

    @Test
    void parse_missingEquals_isAParseError() {
        assertThatThrownBy(() -> Constraints.parse("hostname"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("has no '='");
    }

    @Test
    void parse_uniqueWithValue_isAParseError() {
        assertThatThrownBy(() -> Constraints.parse("hostname=unique:x"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("takes no value");
    }

    @Test
    void parseMarathon_malformedJson_pointsAtTheProblem() {
        assertThatThrownBy(() -> Constraints.parse("[[\"hostname\",\"UNIQUE\"]"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("expected ',' or ']'");
        assertThatThrownBy(() -> Constraints.parse("[[\"hostname\"]]"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("got 1 strings");
        assertThatThrownBy(() -> Constraints.parse("[[\"rack\",\"SOMETIMES\"]]"))
                .isInstanceOf(ConstraintParseException.class)
                .hasMessageContaining("UNIQUE, CLUSTER, GROUP_BY");
    }

    @Test
    void format_printsBothSyntaxes() {
        List<Constraint> constraints = List.of(new Constraint.Unique("hostname"), new Constraint.GroupBy("rack", 3));

        assertThat(Constraints.format(constraints)).isEqualTo("hostname=unique,rack=groupBy:3");
        assertThat(Constraints.formatMarathon(constraints)).isEqualTo("[[\"hostname\",\"UNIQUE\"],[\"rack\",\"GROUP_BY\",\"3\"]]");
    }

    @Test
    void constructors_refuseValuesThatCouldNotBeReadBack() {
        assertThatThrownBy(() -> new Constraint.Is("rack", " r1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whitespace");
        assertThatThrownBy(() -> new Constraint.Is("rack", "a,zone=unique"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("comma");
        assertThatThrownBy(() -> new Constraint.Unique("my rack"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute name");
    }
}
