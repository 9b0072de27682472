package org.kafkamesos.placement;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A hard placement constraint on one attribute of the agent ({@code hostname} is the offer's host).
 * A constraint is judged against the value the candidate offer has for the attribute and the values of
 * the other brokers of the cluster: those already running ({@link ClusterView}) and those placed
 * earlier in the same request. An agent that lacks the attribute is refused by every operator except
 * {@link Unlike}, as in Marathon.
 *
 * <p>{@link #toString()} renders the mesos/kafka syntax ({@code rack=groupBy:3}), which
 * {@link Constraints#parse(String)} reads back.
 */
public sealed interface Constraint {

    /** The attribute the constraint is about; {@code hostname} means the offer's host. */
    String attribute();

    /** Each broker on a value no other broker has. */
    record Unique(String attribute) implements Constraint {
        public Unique {
            Constraints.requireAttribute(attribute);
        }

        @Override
        public String toString() {
            return attribute + "=unique";
        }
    }

    /**
     * All brokers on the same value: {@code value} when given, otherwise whichever value the other
     * brokers already have.
     */
    record Cluster(String attribute, Optional<String> value) implements Constraint {
        public Cluster {
            Constraints.requireAttribute(attribute);
            value.ifPresent(v -> Constraints.requireValue("cluster", v));
        }

        @Override
        public String toString() {
            return attribute + "=cluster" + value.map(v -> ":" + v).orElse("");
        }
    }

    /**
     * Brokers spread evenly over {@code groups} values: while fewer than {@code groups} distinct values
     * are used, a new value is required; then only a least-used value is accepted (mesos/kafka
     * semantics). Without a count, {@code groups} is 1.
     */
    record GroupBy(String attribute, int groups) implements Constraint {
        public GroupBy {
            Constraints.requireAttribute(attribute);
            if (groups < 1) {
                throw new IllegalArgumentException("groupBy needs a number of groups >= 1, got " + groups);
            }
        }

        @Override
        public String toString() {
            return attribute + "=groupBy:" + groups;
        }
    }

    /** The value must fully match the regular expression. */
    record Like(String attribute, String regex) implements Constraint {
        public Like {
            Constraints.requireAttribute(attribute);
            compile("like", regex);
        }

        @Override
        public String toString() {
            return attribute + "=like:" + regex;
        }
    }

    /** The value must not fully match the regular expression; an agent lacking the attribute passes. */
    record Unlike(String attribute, String regex) implements Constraint {
        public Unlike {
            Constraints.requireAttribute(attribute);
            compile("unlike", regex);
        }

        @Override
        public String toString() {
            return attribute + "=unlike:" + regex;
        }
    }

    /** At most {@code limit} brokers on each value. */
    record MaxPer(String attribute, int limit) implements Constraint {
        public MaxPer {
            Constraints.requireAttribute(attribute);
            if (limit < 1) {
                throw new IllegalArgumentException("maxPer needs a limit >= 1, got " + limit);
            }
        }

        @Override
        public String toString() {
            return attribute + "=maxPer:" + limit;
        }
    }

    /** The value must equal {@code value}. */
    record Is(String attribute, String value) implements Constraint {
        public Is {
            Constraints.requireAttribute(attribute);
            Constraints.requireValue("is", value);
        }

        @Override
        public String toString() {
            return attribute + "=is:" + value;
        }
    }

    /** The value must differ from {@code value}. */
    record IsNot(String attribute, String value) implements Constraint {
        public IsNot {
            Constraints.requireAttribute(attribute);
            Constraints.requireValue("isNot", value);
        }

        @Override
        public String toString() {
            return attribute + "=isNot:" + value;
        }
    }

    private static Pattern compile(String operator, String regex) {
        Constraints.requireValue(operator, regex);
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(operator + " needs a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex() + " of '" + regex + "'", e);
        }
    }
}
