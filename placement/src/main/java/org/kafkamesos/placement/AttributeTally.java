package org.kafkamesos.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which brokers sit on which value of one attribute, with the least count kept at hand for groupBy.
 */
final class AttributeTally {

    private final Map<String, List<Integer>> brokersByValue = new HashMap<>();
    /** count of brokers on a value -> number of values with that count. */
    private final TreeMap<Integer, Integer> histogram = new TreeMap<>();

    void add(String value, int brokerId) {
        List<Integer> brokers = brokersByValue.computeIfAbsent(value, v -> new ArrayList<>());
        int before = brokers.size();
        brokers.add(brokerId);
        if (before > 0) {
            histogram.merge(before, -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        histogram.merge(before + 1, 1, Integer::sum);
    }

    int count(String value) {
        List<Integer> brokers = brokersByValue.get(value);
        return brokers == null ? 0 : brokers.size();
    }

    /** The brokers on {@code value}, by id. */
    List<Integer> brokersOn(String value) {
        List<Integer> brokers = new ArrayList<>(brokersByValue.getOrDefault(value, List.of()));
        brokers.sort(null);
        return brokers;
    }

    int distinctValues() {
        return brokersByValue.size();
    }

    /** Least count among the values in use; 0 when none is. */
    int minCount() {
        return histogram.isEmpty() ? 0 : histogram.firstKey();
    }
}
