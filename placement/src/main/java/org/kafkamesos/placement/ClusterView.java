package org.kafkamesos.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the other brokers of the cluster run now, so that constraints see the whole cluster and not
 * only the brokers placed in one request. A member whose id is also demanded in the request is
 * ignored: that broker is being placed anew.
 *
 * @param members the running brokers
 */
public record ClusterView(List<Member> members) {

    /** A cluster with no broker running. */
    public static final ClusterView EMPTY = new ClusterView(List.of());

    public ClusterView {
        members = List.copyOf(members);
        Set<Integer> ids = new HashSet<>();
        for (Member m : members) {
            if (!ids.add(m.brokerId())) {
                throw new IllegalArgumentException("cluster view lists broker " + m.brokerId() + " twice");
            }
        }
    }

    /** A cluster made of {@code members}. */
    public static ClusterView of(Member... members) {
        return new ClusterView(List.of(members));
    }

    /**
     * One running broker.
     *
     * @param brokerId    the Kafka broker id
     * @param hostname    its host
     * @param attributes  its agent's attributes
     * @param constraints its own constraints, which new placements must not break (symmetric ones:
     *                    unique, maxPer and cluster without a value); may be empty
     */
    public record Member(int brokerId, String hostname, Map<String, AttributeValue> attributes, List<Constraint> constraints) {
        public Member {
            Arguments.requireNonBlank("hostname of broker " + brokerId, hostname);
            attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
            constraints = List.copyOf(constraints);
        }

        /** A member without constraints. */
        public Member(int brokerId, String hostname, Map<String, AttributeValue> attributes) {
            this(brokerId, hostname, attributes, List.of());
        }

        /** The value constraints see for {@code attribute}, or {@code null}. */
        public String attributeText(String attribute) {
            if (Offer.HOSTNAME.equals(attribute)) {
                return hostname;
            }
            AttributeValue value = attributes.get(attribute);
            return value == null ? null : value.asText();
        }
    }
}
