package org.kafkamesos.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlacementEngineTest {

    private static final PlacementEngine ENGINE = PlacementEngine.create();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** Host h{i} on rack r{i % racks}, one offer each. */
    private static List<Offer> hosts(int count, int racks, double cpus, double mem) {
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            offers.add(Offer.builder("o" + i, "a" + i, "h" + i).cpus(cpus).mem(mem).disk(100_000)
                    .ports(31000, 31009).attribute("rack", "r" + (i % racks)).build());
        }
        return offers;
    }

    private static BrokerDemand broker(int id, String constraints) {
        return BrokerDemand.builder(id).cpus(1).mem(1024).constraints(constraints).build();
    }

    private static List<BrokerDemand> brokers(int count, String constraints) {
        List<BrokerDemand> demands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            demands.add(broker(i, constraints));
        }
        return demands;
    }

    private static PlacementResult place(List<Offer> offers, List<BrokerDemand> demands) {
        return ENGINE.place(PlacementRequest.of(offers, demands));
    }

    private static Map<Integer, String> hostsOf(PlacementResult result) {
        return result.assignments().stream().collect(Collectors.toMap(Assignment::brokerId, Assignment::hostname));
    }

    private static ClusterView.Member running(int id, String host, String rack) {
        return new ClusterView.Member(id, host, Map.of("rack", AttributeValue.text(rack)));
    }

    @Nested
    class Resources {

        @Test
        void place_insufficientCpu_reportsCpuShortfall() {
            List<Offer> offers = List.of(Offer.builder("o1", "a1", "h1").cpus(0.5).mem(4096).build());

            PlacementResult result = place(offers, List.of(BrokerDemand.builder(1).cpus(1).mem(1024).build()));

            assertThat(result.assignments()).isEmpty();
            Unplaced unplaced = result.unplacedOf(1).orElseThrow();
            assertThat(unplaced.rejections()).singleElement()
                    .extracting(Rejection::reason).isEqualTo(new Rejection.Shortfall("cpus", 0.5, 1));
            assertThat(unplaced.explanation()).isEqualTo("broker 1 not placed: 1 offer too small in cpus (have 0.5, need 1)");
        }

        @Test
        void place_insufficientMemAndDisk_reportEach() {
            List<Offer> offers = List.of(
                    Offer.builder("o1", "a1", "h1").cpus(4).mem(512).disk(10_000).build(),
                    Offer.builder("o2", "a2", "h2").cpus(4).mem(4096).disk(10).build());

            PlacementResult result = place(offers, List.of(BrokerDemand.builder(1).cpus(1).mem(1024).disk(100).build()));

            assertThat(result.unplacedOf(1).orElseThrow().explanation())
                    .contains("1 offer too small in mem (have 512, need 1024)")
                    .contains("1 offer too small in disk (have 10, need 100)");
        }

        @Test
        void place_twoBrokersInOneRequest_doNotDoubleBookAnOffer() {
            List<Offer> offers = List.of(Offer.builder("o1", "a1", "h1").cpus(1.5).mem(4096).build());

            PlacementResult result = place(offers, brokers(2, ""));

            assertThat(result.assignments()).extracting(Assignment::brokerId).containsExactly(0);
            assertThat(result.unplacedOf(1).orElseThrow().explanation()).contains("too small in cpus (have 0.5, need 1)");
        }

        @Test
        void place_unusedOffers_areListedForDeclining() {
            PlacementResult result = place(hosts(3, 1, 8, 8192), brokers(1, ""));

            assertThat(result.unusedOfferIds()).hasSize(2).doesNotContain(result.assignments().get(0).offerId());
        }

        @Test
        void place_reservedResources_areUsedOnlyByTheirRoleAndFirst() {
            Offer offer = Offer.builder("o1", "a1", "h1").cpus(1).mem(1024)
                    .reserved("kafka", new org.kafkamesos.placement.Resources(0.5, 512, 0, List.of(new PortRange(9092, 9092))))
                    .build();
            BrokerDemand kafka = BrokerDemand.builder(1).cpus(1).mem(1024).ports(PortRequest.any(1)).role("kafka").build();

            Assignment a = place(List.of(offer), List.of(kafka)).assignmentOf(1).orElseThrow();

            assertThat(a.allocations()).containsExactly(
                    new Allocation("kafka", 0.5, 512, 0, List.of(9092)),
                    new Allocation("*", 0.5, 512, 0, List.of()));
            assertThat(a.cpus()).isEqualTo(1.0);
        }

        @Test
        void place_reservationOfAnotherRole_isNotUsable() {
            Offer offer = Offer.builder("o1", "a1", "h1").cpus(0.5).mem(1024)
                    .reserved("other", org.kafkamesos.placement.Resources.of(4, 4096, 0)).build();

            PlacementResult result = place(List.of(offer), List.of(BrokerDemand.builder(1).cpus(1).role("kafka").build()));

            assertThat(result.unplacedOf(1).orElseThrow().explanation()).contains("too small in cpus (have 0.5, need 1)");
        }
    }

    @Nested
    class Ports {

        private final Offer offer = Offer.builder("o1", "a1", "h1").cpus(8).mem(8192).ports(31000, 31002).ports(9092, 9093).build();

        @Test
        void anyPorts_areTheLowestFree() {
            BrokerDemand d = BrokerDemand.builder(1).ports(PortRequest.any(3)).build();

            assertThat(place(List.of(offer), List.of(d)).assignmentOf(1).orElseThrow().ports()).containsExactly(9092, 9093, 31000);
        }

        @Test
        void exactPort_isTakenWhenFree_andRefusedWhenNot() {
            BrokerDemand first = BrokerDemand.builder(1).ports(PortRequest.exactly(31001)).build();
            BrokerDemand second = BrokerDemand.builder(2).ports(PortRequest.exactly(31001)).build();

            PlacementResult result = place(List.of(offer), List.of(first, second));

            assertThat(result.assignmentOf(1).orElseThrow().ports()).containsExactly(31001);
            assertThat(result.unplacedOf(2).orElseThrow().explanation())
                    .isEqualTo("broker 2 not placed: 1 offer without port 31001 free");
        }

        @Test
        void portInRange_isTheLowestFreeInTheRange() {
            BrokerDemand d = BrokerDemand.builder(1).ports(PortRequest.within(31001, 31100)).build();

            assertThat(place(List.of(offer), List.of(d)).assignmentOf(1).orElseThrow().ports()).containsExactly(31001);
        }

        @Test
        void mixedRequests_areAllMetWithDistinctPorts_inRequestOrder() {
            BrokerDemand d = BrokerDemand.builder(1)
                    .ports(PortRequest.any(1), PortRequest.exactly(9092), PortRequest.within(9092, 9093)).build();

            assertThat(place(List.of(offer), List.of(d)).assignmentOf(1).orElseThrow().ports()).containsExactly(31000, 9092, 9093);
        }

        @Test
        void overlappingRanges_areMatched_notPickedGreedily() {
            Offer two = Offer.builder("o1", "a1", "h1").ports(9002, 9003).build();
            BrokerDemand d = BrokerDemand.builder(1).ports(PortRequest.within(9000, 9002), PortRequest.within(9002, 9003)).build();

            assertThat(place(List.of(two), List.of(d)).assignmentOf(1).orElseThrow().ports()).containsExactly(9002, 9003);
        }

        @Test
        void anyPortsExcept_leaveTheExcludedPortFree() {
            Offer low = Offer.builder("o1", "a1", "h1").ports(9092, 9094).build();
            BrokerDemand d = BrokerDemand.builder(1).ports(PortRequest.anyExcept(2, 9093)).build();
            BrokerDemand tooMany = BrokerDemand.builder(2).ports(PortRequest.anyExcept(1, 9093)).build();

            PlacementResult result = place(List.of(low), List.of(d, tooMany));

            assertThat(result.assignmentOf(1).orElseThrow().ports()).containsExactly(9092, 9094);
            assertThat(result.unplacedOf(2).orElseThrow().explanation()).contains("without any port but 9093 free");
        }

        @Test
        void portsOfOneOffer_areNeverGivenTwice() {
            PlacementResult result = place(List.of(offer), List.of(
                    BrokerDemand.builder(1).ports(PortRequest.any(2)).build(),
                    BrokerDemand.builder(2).ports(PortRequest.any(2)).build(),
                    BrokerDemand.builder(3).ports(PortRequest.any(2)).build()));

            assertThat(result.assignments()).flatExtracting(Assignment::ports).doesNotHaveDuplicates().hasSize(4);
            assertThat(result.unplacedOf(3).orElseThrow().explanation()).contains("without any 2 ports free");
        }
    }

    @Nested
    class ConstraintOperators {

        @Test
        void unique_putsEachBrokerOnItsOwnHost_andExplainsWhoIsInTheWay() {
            PlacementResult result = place(hosts(2, 1, 8, 8192), brokers(3, "hostname=unique"));

            assertThat(Set.copyOf(hostsOf(result).values())).hasSize(2);
            assertThat(result.unplacedOf(2).orElseThrow().explanation())
                    .isEqualTo("broker 2 not placed: 2 offers excluded by hostname=unique (brokers 0, 1 on h0, h1)");
        }

        @Test
        void unique_seesTheRunningCluster() {
            PlacementRequest request = PlacementRequest.of(hosts(3, 1, 8, 8192), brokers(1, "hostname=unique"))
                    .withExisting(ClusterView.of(running(7, "h0", "r0"), running(8, "h1", "r0")));

            assertThat(ENGINE.place(request).assignmentOf(0).orElseThrow().hostname()).isEqualTo("h2");
        }

        @Test
        void unique_ofARunningBroker_keepsNewBrokersOffItsHost() {
            ClusterView.Member loner = new ClusterView.Member(7, "h0", Map.of(), Constraints.parse("hostname=unique"));
            PlacementRequest request = PlacementRequest.of(hosts(1, 1, 8, 8192), brokers(1, ""))
                    .withExisting(ClusterView.of(loner));

            assertThat(ENGINE.place(request).unplacedOf(0).orElseThrow().explanation())
                    .isEqualTo("broker 0 not placed: 1 offer excluded by hostname=unique of broker 7 (broker 7 on h0)");
        }

        @Test
        void unique_ofABrokerPlacedEarlier_isRespectedByLaterOnes() {
            PlacementResult result = place(hosts(1, 1, 8, 8192), List.of(broker(1, "hostname=unique"), broker(2, "")));

            assertThat(result.assignmentOf(1)).isPresent();
            assertThat(result.unplacedOf(2)).isPresent();
        }

        @Test
        void clusterWithValue_acceptsOnlyThatValue() {
            PlacementResult result = place(hosts(6, 3, 8, 8192), brokers(3, "rack=cluster:r2"));

            assertThat(hostsOf(result).values()).allSatisfy(h -> assertThat(h).isIn("h2", "h5"));
        }

        @Test
        void clusterWithoutValue_followsTheFirstBroker() {
            PlacementResult result = place(hosts(6, 3, 8, 8192), brokers(4, "rack=cluster"));

            Set<String> racks = result.assignments().stream()
                    .map(a -> "r" + (Integer.parseInt(a.hostname().substring(1)) % 3)).collect(Collectors.toSet());
            assertThat(result.assignments()).hasSize(4);
            assertThat(racks).hasSize(1);
        }

        @Test
        void groupBy_spreadsOverNValuesThenBalances() {
            PlacementResult result = place(hosts(12, 4, 8, 8192), brokers(6, "rack=groupBy:3"));

            Map<String, Long> perRack = result.assignments().stream()
                    .collect(Collectors.groupingBy(a -> "r" + (Integer.parseInt(a.hostname().substring(1)) % 4), Collectors.counting()));
            assertThat(perRack).hasSize(3).allSatisfy((rack, count) -> assertThat(count).isEqualTo(2L));
        }

        @Test
        void groupBy_withTooFewValues_explainsWhichValuesAreTaken() {
            PlacementResult result = place(hosts(2, 2, 8, 8192), brokers(3, "rack=groupBy:3"));

            assertThat(result.unplacedOf(2).orElseThrow().explanation())
                    .isEqualTo("broker 2 not placed: 2 offers excluded by rack=groupBy:3 (brokers 0, 1 on r0, r1)");
        }

        @Test
        void like_andUnlike_matchTheWholeValue() {
            PlacementResult like = place(hosts(4, 4, 8, 8192), brokers(2, "rack=like:r[12]"));
            PlacementResult unlike = place(hosts(4, 4, 8, 8192), brokers(2, "rack=unlike:r[12]"));

            assertThat(hostsOf(like).values()).containsOnly("h1", "h2");
            assertThat(hostsOf(unlike).values()).containsOnly("h0", "h3");
        }

        @Test
        void maxPer_capsBrokersPerValue() {
            PlacementResult result = place(hosts(2, 2, 8, 8192), brokers(5, "rack=maxPer:2"));

            assertThat(result.assignments()).hasSize(4);
            assertThat(result.unplacedOf(4).orElseThrow().explanation()).contains("excluded by rack=maxPer:2");
        }

        @Test
        void is_andIsNot_compareTheValue() {
            assertThat(hostsOf(place(hosts(3, 3, 8, 8192), brokers(1, "rack=is:r1"))).values()).containsOnly("h1");
            assertThat(hostsOf(place(hosts(2, 2, 8, 8192), brokers(2, "rack=isNot:r1"))).values()).containsOnly("h0");
        }

        @Test
        void missingAttribute_isRefusedByAllButUnlike() {
            List<Offer> bare = List.of(Offer.builder("o1", "a1", "h1").cpus(8).mem(8192).build());

            assertThat(place(bare, brokers(1, "zone=unlike:z1")).assignments()).hasSize(1);
            assertThat(place(bare, brokers(1, "zone=is:z1")).unplacedOf(0).orElseThrow().explanation())
                    .isEqualTo("broker 0 not placed: 1 offer from agents without attribute zone (needed by zone=is:z1)");
        }

        @Test
        void attributesOfEveryKind_areComparedAsMesosRendersThem() {
            Offer offer = Offer.builder("o1", "a1", "h1").cpus(8).mem(8192)
                    .attribute("gen", AttributeValue.scalar(3))
                    .attribute("slots", new AttributeValue.Ranges(List.of(new PortRange(1, 4))))
                    .attribute("disks", new AttributeValue.SetOf(new java.util.TreeSet<>(Set.of("ssd", "hdd"))))
                    .build();

            assertThat(place(List.of(offer), brokers(1, "gen=is:3,slots=is:[1-4],disks=like:\\{hdd,ssd\\}")).assignments())
                    .hasSize(1);
        }
    }

    @Nested
    class Volumes {

        private final Volume data = new Volume("kafka-1", "kafka", 50_000, "data");

        @Test
        void requiredVolume_choosesTheAgentThatHasIt_andCoversTheDisk() {
            List<Offer> offers = List.of(
                    Offer.builder("o1", "a1", "h1").cpus(8).mem(8192).build(),
                    Offer.builder("o2", "a2", "h2").cpus(8).mem(8192).volume(data).build());
            BrokerDemand d = BrokerDemand.builder(1).cpus(1).disk(40_000).volume("kafka-1").role("kafka").build();

            Assignment a = place(offers, List.of(d)).assignmentOf(1).orElseThrow();

            assertThat(a.hostname()).isEqualTo("h2");
            assertThat(a.volume()).contains(data);
            assertThat(a.disk()).isZero();
        }

        @Test
        void volume_isGivenToOneBrokerOnly() {
            List<Offer> offers = List.of(Offer.builder("o1", "a1", "h1").cpus(8).mem(8192).volume(data).build());
            BrokerDemand one = BrokerDemand.builder(1).volume("kafka-1").role("kafka").build();
            BrokerDemand two = BrokerDemand.builder(2).volume("kafka-1").role("kafka").build();

            PlacementResult result = place(offers, List.of(one, two));

            assertThat(result.unplacedOf(2).orElseThrow().explanation()).isEqualTo("broker 2 not placed: 1 offer without free volume kafka-1 of role kafka");
        }

        @Test
        void volume_ofAnotherRole_isNotUsable() {
            List<Offer> offers = List.of(Offer.builder("o1", "a1", "h1").cpus(8).mem(8192).volume(data).build());

            PlacementResult result = place(offers, List.of(BrokerDemand.builder(1).volume("kafka-1").build()));

            assertThat(result.unplacedOf(1).orElseThrow().explanation()).isEqualTo("broker 1 not placed: 1 offer without free volume kafka-1 of role *");
        }

        @Test
        void volumeTooSmall_isADiskShortfall() {
            List<Offer> offers = List.of(Offer.builder("o1", "a1", "h1").cpus(8).mem(8192).volume(data).build());

            PlacementResult result = place(offers, List.of(BrokerDemand.builder(1).disk(60_000).volume("kafka-1").role("kafka").build()));

            assertThat(result.unplacedOf(1).orElseThrow().explanation()).contains("too small in disk (have 50000, need 60000)");
        }
    }

    @Nested
    class Stickiness {

        private final BrokerDemand sticky = BrokerDemand.builder(1).cpus(1).mem(1024)
                .stickiness(new org.kafkamesos.placement.Stickiness("h2", NOW.plusSeconds(600))).build();

        @Test
        void withinThePeriod_onlyTheLastHostIsAccepted() {
            PlacementRequest request = PlacementRequest.of(hosts(3, 1, 8, 8192), List.of(sticky)).at(NOW);

            assertThat(ENGINE.place(request).assignmentOf(1).orElseThrow().hostname()).isEqualTo("h2");
        }

        @Test
        void withinThePeriod_theBrokerWaitsForItsHost() {
            PlacementRequest request = PlacementRequest.of(hosts(2, 1, 8, 8192), List.of(sticky)).at(NOW);

            assertThat(ENGINE.place(request).unplacedOf(1).orElseThrow().explanation())
                    .isEqualTo("broker 1 not placed: 2 offers not on h2, where the broker is sticky until 2026-01-01T00:10:00Z");
        }

        @Test
        void afterThePeriod_anyHostIsAccepted_butTheLastHostIsPreferred() {
            PlacementRequest expired = PlacementRequest.of(hosts(3, 1, 8, 8192), List.of(sticky)).at(NOW.plusSeconds(601));
            PlacementRequest hostGone = PlacementRequest.of(hosts(2, 1, 8, 8192), List.of(sticky)).at(NOW.plusSeconds(601));

            assertThat(ENGINE.place(expired).assignmentOf(1).orElseThrow().hostname()).isEqualTo("h2");
            assertThat(ENGINE.place(hostGone).assignmentOf(1)).isPresent();
        }
    }

    @Nested
    class Strategies {

        private final List<Offer> offers = List.of(
                Offer.builder("o1", "a1", "h1").cpus(4).mem(8192).build(),
                Offer.builder("o2", "a2", "h2").cpus(8).mem(8192).build(),
                Offer.builder("o3", "a3", "h3").cpus(2).mem(8192).build());

        private Map<Integer, String> placeWith(Strategy strategy, int brokers) {
            return hostsOf(ENGINE.place(PlacementRequest.of(offers, brokers(brokers, "")).withStrategy(strategy)));
        }

        @Test
        void spread_isTheDefault_andGoesToTheEmptiestHostFirst() {
            assertThat(PlacementRequest.of(offers, List.of()).strategy()).isEqualTo(Strategy.SPREAD);
            assertThat(placeWith(Strategy.SPREAD, 3)).isEqualTo(Map.of(0, "h2", 1, "h1", 2, "h3"));
        }

        @Test
        void spread_countsRunningBrokersPerHost() {
            PlacementRequest request = PlacementRequest.of(offers, brokers(1, ""))
                    .withExisting(ClusterView.of(running(9, "h2", "r0")));

            assertThat(ENGINE.place(request).assignmentOf(0).orElseThrow().hostname()).isEqualTo("h1");
        }

        @Test
        void binPack_fillsTheTightestOfferFirst() {
            assertThat(placeWith(Strategy.BIN_PACK, 3)).isEqualTo(Map.of(0, "h3", 1, "h3", 2, "h1"));
        }

        @Test
        void firstFit_takesOffersInHostnameOrder() {
            assertThat(placeWith(Strategy.FIRST_FIT, 5)).isEqualTo(Map.of(0, "h1", 1, "h1", 2, "h1", 3, "h1", 4, "h2"));
        }
    }

    @Nested
    class Requests {

        @Test
        void sameRequest_inAnotherOrder_givesTheSameResult() {
            List<Offer> offers = hosts(10, 3, 2, 4096);
            List<BrokerDemand> demands = brokers(8, "rack=groupBy:3");
            List<Offer> reversedOffers = new ArrayList<>(offers);
            java.util.Collections.reverse(reversedOffers);
            List<BrokerDemand> reversedDemands = new ArrayList<>(demands);
            java.util.Collections.reverse(reversedDemands);

            assertThat(place(reversedOffers, reversedDemands)).isEqualTo(place(offers, demands));
        }

        @Test
        void noOffers_isExplained() {
            assertThat(place(List.of(), brokers(1, "")).unplacedOf(0).orElseThrow().explanation())
                    .isEqualTo("broker 0 not placed: no offers");
        }

        @Test
        void duplicateIds_areRefusedWithTheirName() {
            List<Offer> offers = hosts(1, 1, 8, 8192);
            assertThatThrownBy(() -> PlacementRequest.of(List.of(offers.get(0), offers.get(0)), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offer id o0 appears twice");
            assertThatThrownBy(() -> PlacementRequest.of(offers, List.of(broker(1, ""), broker(1, ""))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broker 1 is demanded twice");
        }

        @Test
        void oneAgentWithTwoHostnames_isRefused() {
            List<Offer> offers = List.of(Offer.builder("o1", "a1", "h1").build(), Offer.builder("o2", "a1", "h2").build());

            assertThatThrownBy(() -> PlacementRequest.of(offers, List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agent a1 appears with hostnames h1 and h2");
        }

        @Test
        void explanation_groupsReasonsCommonestFirst() {
            List<Offer> offers = new ArrayList<>(hosts(3, 1, 8, 8192));
            offers.add(Offer.builder("small", "as", "hs").cpus(0.5).mem(8192).build());
            PlacementRequest request = PlacementRequest.of(offers, brokers(1, "hostname=unique"))
                    .withExisting(ClusterView.of(running(5, "h0", "r0"), running(6, "h1", "r0"), running(7, "h2", "r0")));

            assertThat(ENGINE.place(request).explain()).isEqualTo("broker 0 not placed: "
                    + "3 offers excluded by hostname=unique (brokers 5, 6, 7 on h0, h1, h2), 1 offer too small in cpus (have 0.5, need 1)");
        }
    }
}
