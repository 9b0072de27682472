package org.kafkamesos.placement;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The value of a Mesos agent attribute. Constraints compare values as text, in the rendering Mesos
 * uses: text as is, scalars without trailing zeros ({@code 2}, {@code 2.5}), ranges as
 * {@code [100-200,300-400]} and sets as {@code {a,b,c}}.
 */
public sealed interface AttributeValue {

    /** The value as constraints see it. */
    String asText();

    /** A text attribute. */
    static AttributeValue text(String value) {
        return new Text(value);
    }

    /** A scalar attribute. */
    static AttributeValue scalar(double value) {
        return new Scalar(value);
    }

    /** A text attribute, e.g. {@code rack:r1}. */
    record Text(String value) implements AttributeValue {
        public Text {
            if (value == null) {
                throw new IllegalArgumentException("text attribute value must not be null");
            }
        }

        @Override
        public String asText() {
            return value;
        }
    }

    /** A scalar attribute, e.g. {@code generation:3}. */
    record Scalar(double value) implements AttributeValue {
        public Scalar {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("scalar attribute must be finite, got " + value);
            }
        }

        @Override
        public String asText() {
            return Scalars.format(value);
        }
    }

    /** A ranges attribute, e.g. {@code [1-10,20-30]}. */
    record Ranges(List<PortRange> ranges) implements AttributeValue {
        public Ranges {
            ranges = List.copyOf(ranges);
        }

        @Override
        public String asText() {
            return ranges.stream().map(r -> r.begin() + "-" + r.end()).collect(Collectors.joining(",", "[", "]"));
        }
    }

    /** A set attribute, e.g. {@code {ssd,nvme}}; rendered with its items sorted. */
    record SetOf(SortedSet<String> items) implements AttributeValue {
        public SetOf {
            items = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(items));
        }

        @Override
        public String asText() {
            return items.stream().collect(Collectors.joining(",", "{", "}"));
        }
    }
}
