package org.kafkamesos.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * Which brokers a command applies to: ranges of broker ids and, optionally, conditions on the
 * attributes of the host each broker runs on now. Parsed from the mesos/kafka CLI syntax by
 * {@link BrokerIds#parse(String)}; {@link #toString()} prints the canonical expression, which parses
 * back to an equal selector.
 *
 * <pre>{@code
 * BrokerSelector rackOne = BrokerIds.parse("*[rack=r1]");
 * rackOne.matches(3, Map.of("hostname", "h1", "rack", "r1"));   // true
 * rackOne.matches(3, Map.of());                                // false: broker 3 has no host
 *
 * BrokerIds.parse("9..10, 0..2,7").select(brokers);            // [0, 1, 2, 7, 9, 10] of those in brokers
 * BrokerIds.parse("7,1,2,3").toString();                       // "1..3,7"
 * }</pre>
 *
 * <p>Host attributes are the Mesos agent's attributes as text, plus {@value #HOSTNAME} for the host's
 * name. A broker that runs nowhere (not running) has no host attributes: an empty map. The selector is
 * a predicate: a range such as {@code 0..2000000000} is never expanded.
 *
 * <p>The record is kept canonical, so that two selectors are equal when they are written differently
 * but select the same ids with the same conditions: ranges are sorted and overlapping or adjacent ones
 * merged ({@code 3,1,2} is {@code 1..3}; {@code 0..2147483647} is {@code *}), conditions are sorted by
 * attribute, and a prefix condition with an empty prefix ({@code rack=*}) is written as the presence
 * condition ({@code rack}) by the parser.
 *
 * @param ids     the id ranges, at least one; stored sorted and merged
 * @param filters conditions on host attributes, all of which must hold, at most one per attribute;
 *                stored sorted by attribute; empty for none
 */
public record BrokerSelector(List<IdRange> ids, List<AttributeFilter> filters) {

    /** The host attribute that holds the host's name. */
    public static final String HOSTNAME = "hostname";

    /** The largest broker id. */
    public static final int MAX_ID = Integer.MAX_VALUE;

    /**
     * Validates, sorts and merges.
     *
     * @throws IllegalArgumentException when {@code ids} is empty or two filters name the same attribute
     */
    public BrokerSelector {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("a broker selector needs at least one id range; use 0.."
                    + MAX_ID + " (printed '*') for every broker");
        }
        if (filters == null) {
            throw new IllegalArgumentException("filters must not be null; pass an empty list for no filter");
        }
        ids = merged(ids);
        List<AttributeFilter> sorted = new ArrayList<>(List.copyOf(filters));
        sorted.sort(Comparator.comparing(AttributeFilter::attribute));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).attribute().equals(sorted.get(i - 1).attribute())) {
                throw new IllegalArgumentException("attribute '" + sorted.get(i).attribute()
                        + "' has two conditions in one filter; give at most one per attribute");
            }
        }
        filters = List.copyOf(sorted);
    }

    private static List<IdRange> merged(List<IdRange> ranges) {
        List<IdRange> sorted = new ArrayList<>(List.copyOf(ranges));
        sorted.sort(Comparator.comparingInt(IdRange::from).thenComparingInt(IdRange::to));
        List<IdRange> result = new ArrayList<>();
        IdRange current = sorted.get(0);
        for (IdRange next : sorted.subList(1, sorted.size())) {
            // long arithmetic: current.to() + 1 overflows at MAX_ID
            if (next.from() <= (long) current.to() + 1) {
                current = new IdRange(current.from(), Math.max(current.to(), next.to()));
            } else {
                result.add(current);
                current = next;
            }
        }
        result.add(current);
        return List.copyOf(result);
    }

    /**
     * Whether this selects the broker.
     *
     * @param brokerId       the broker's id; a negative number is no broker id and never matches
     * @param hostAttributes the attributes of the host the broker runs on now, with {@value #HOSTNAME}
     *                       for its name; empty (or {@code null}) when it runs nowhere, which no filter
     *                       matches
     */
    public boolean matches(int brokerId, Map<String, String> hostAttributes) {
        return containsId(brokerId) && matchesHost(hostAttributes == null ? Map.of() : hostAttributes);
    }

    /**
     * The ids of the brokers this selects, in ascending order whatever the map's comparator.
     *
     * @param brokers broker id to the attributes of the host it runs on now (empty or {@code null} for
     *                none), as in {@link #matches(int, Map)}
     */
    public List<Integer> select(SortedMap<Integer, Map<String, String>> brokers) {
        return brokers.entrySet().stream()
                .filter(e -> e.getKey() != null && matches(e.getKey(), e.getValue()))
                .map(Map.Entry::getKey)
                .sorted()
                .collect(Collectors.toUnmodifiableList());
    }

    private boolean containsId(int id) {
        // binary search for the last range starting at or before id
        int low = 0;
        int high = ids.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            IdRange range = ids.get(mid);
            if (id < range.from()) {
                high = mid - 1;
            } else if (id > range.to()) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private boolean matchesHost(Map<String, String> hostAttributes) {
        for (AttributeFilter filter : filters) {
            if (!filter.matches(hostAttributes)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical expression, e.g. {@code *}, {@code 0..2,7,9..10}, {@code *[hostname=kafka*,rack=r1]},
     * which {@link BrokerIds#parse(String)} reads back to an equal selector.
     */
    @Override
    public String toString() {
        String idText = ids.stream().map(IdRange::toString).collect(Collectors.joining(","));
        return filters.isEmpty() ? idText
                : idText + filters.stream().map(AttributeFilter::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * The broker ids {@code from} to {@code to}, both included. Printed {@code 3} when both are 3,
     * {@code *} for {@code 0..}{@value BrokerSelector#MAX_ID}, {@code from..to} otherwise.
     *
     * @param from the first id, {@code >= 0}
     * @param to   the last id, {@code >= from}
     */
    public record IdRange(int from, int to) {

        /** @throws IllegalArgumentException when {@code from} is negative or greater than {@code to} */
        public IdRange {
            if (from < 0) {
                throw new IllegalArgumentException("broker ids are whole numbers >= 0, got " + from);
            }
            if (to < from) {
                throw new IllegalArgumentException("range " + from + ".." + to + " is reversed; write " + to + ".." + from);
            }
        }

        /** The single id {@code id}. */
        public static IdRange of(int id) {
            return new IdRange(id, id);
        }

        @Override
        public String toString() {
            if (from == 0 && to == MAX_ID) {
                return "*";
            }
            return from == to ? Integer.toString(from) : from + ".." + to;
        }
    }

    /**
     * A condition on one attribute of the broker's current host. A broker without a host (an empty
     * map) meets none. Names and values are compared exactly, case included.
     */
    public sealed interface AttributeFilter permits Present, ValueIs, ValueStartsWith {

        /** The attribute the condition is on; {@value BrokerSelector#HOSTNAME} for the host's name. */
        String attribute();

        /** Whether the host's attributes meet the condition. */
        boolean matches(Map<String, String> hostAttributes);
    }

    /**
     * The host has the attribute, whatever its value. Written {@code rack}, as in {@code *[rack]}.
     *
     * @param attribute no white space and none of {@code = , : [ ] " *}
     */
    public record Present(String attribute) implements AttributeFilter {

        /** @throws IllegalArgumentException when the name could not be read back */
        public Present {
            BrokerIdsParser.requireAttribute(attribute);
        }

        @Override
        public boolean matches(Map<String, String> hostAttributes) {
            return hostAttributes.get(attribute) != null;
        }

        @Override
        public String toString() {
            return attribute;
        }
    }

    /**
     * The attribute has exactly this value. Written {@code rack=r1}.
     *
     * @param attribute no white space and none of {@code = , : [ ] " *}
     * @param value     non-empty, no white space and none of {@code = , [ ] *}
     */
    public record ValueIs(String attribute, String value) implements AttributeFilter {

        /** @throws IllegalArgumentException when the name or value could not be read back */
        public ValueIs {
            BrokerIdsParser.requireAttribute(attribute);
            BrokerIdsParser.requireValue("value", value);
        }

        @Override
        public boolean matches(Map<String, String> hostAttributes) {
            return value.equals(hostAttributes.get(attribute));
        }

        @Override
        public String toString() {
            return attribute + "=" + value;
        }
    }

    /**
     * The attribute's value starts with this prefix (the prefix itself included). Written with a
     * trailing wildcard, {@code hostname=kafka*}; the wildcard is accepted only at the end.
     *
     * @param attribute no white space and none of {@code = , : [ ] " *}
     * @param prefix    non-empty (an empty prefix is {@link Present}), no white space and none of
     *                  {@code = , [ ] *}
     */
    public record ValueStartsWith(String attribute, String prefix) implements AttributeFilter {

        /** @throws IllegalArgumentException when the name or prefix could not be read back */
        public ValueStartsWith {
            BrokerIdsParser.requireAttribute(attribute);
            BrokerIdsParser.requireValue("prefix (an empty prefix is Present)", prefix);
        }

        @Override
        public boolean matches(Map<String, String> hostAttributes) {
            String value = hostAttributes.get(attribute);
            return value != null && value.startsWith(prefix);
        }

        @Override
        public String toString() {
            return attribute + "=" + prefix + "*";
        }
    }
}
