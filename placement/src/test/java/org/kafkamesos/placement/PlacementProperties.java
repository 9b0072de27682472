package org.kafkamesos.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The guarantees of {@link PlacementEngine} over generated requests: no over-commitment, hard
 * constraints hold over the whole cluster, every demand accounted for exactly once, the result
 * independent of input order, a reason for every broker left out, no broker left out that some offer
 * could take, stickiness honoured. The oracle is {@link ReferenceChecks}, a naive reading of the
 * documented semantics.
 */
class PlacementProperties {

    /** Port requests and offers crowd into this many ports when ports are the point. */
    private static final int PORT_SPAN = 6;

    private final PlacementEngine engine = PlacementEngine.create();

    @Provide
    Arbitrary<PlacementRequest> requests() {
        return PlacementArbitraries.requests();
    }

    @Provide
    Arbitrary<PlacementRequest> singleDemandRequests() {
        return PlacementArbitraries.singleDemandRequests();
    }

    @Provide
    Arbitrary<Offer> portOffers() {
        return PlacementArbitraries.portOffers(PORT_SPAN);
    }

    @Provide
    Arbitrary<List<PortRequest>> portDemands() {
        return PlacementArbitraries.portRequests(2, 4, PORT_SPAN, 8);
    }

    @Provide
    Arbitrary<String> roles() {
        return Arbitraries.of(Offer.DEFAULT_ROLE, PlacementArbitraries.KAFKA);
    }

    @Provide
    Arbitrary<PlacementRequest> volumeRequests() {
        return PlacementArbitraries.volumeRequests();
    }

    @Provide
    Arbitrary<PlacementRequest> stickyRequests() {
        return PlacementArbitraries.stickyRequests();
    }

    @Provide
    Arbitrary<List<PlacementRequest>> requestsInTwoOrders() {
        return PlacementArbitraries.requestsInTwoOrders(true);
    }

    @Provide
    Arbitrary<List<PlacementRequest>> requestsWithOffersAndDemandsInTwoOrders() {
        return PlacementArbitraries.requestsInTwoOrders(false);
    }

    @Property
    void noOfferIsOverCommitted(@ForAll("requests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        assertThat(ReferenceChecks.overCommitments(request, result)).isEmpty();
    }

    /**
     * A persistent volume is a reservation of its role: only a broker of that role may mount it (a
     * broker of role {@code *} uses unreserved resources only).
     */
    @Property
    void volumesGoOnlyToBrokersOfTheirRole(@ForAll("volumeRequests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        Map<Integer, BrokerDemand> demands = ReferenceChecks.demandsById(request);
        for (Assignment a : result.assignments()) {
            a.volume().ifPresent(v -> assertThat(v.role())
                    .as("role of volume %s used by broker %d", v.persistenceId(), a.brokerId())
                    .isEqualTo(demands.get(a.brokerId()).role()));
        }
    }

    @Property
    void everyHardConstraintHoldsOverTheWholeCluster(@ForAll("requests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        assertThat(ReferenceChecks.constraintViolations(request, result)).isEmpty();
    }

    @Property
    void everyDemandIsEitherAssignedOrUnplacedExactlyOnce(@ForAll("requests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        List<Integer> assigned = result.assignments().stream().map(Assignment::brokerId).toList();
        List<Integer> unplaced = result.unplaced().stream().map(Unplaced::brokerId).toList();
        List<Integer> all = new ArrayList<>(assigned);
        all.addAll(unplaced);
        Set<Integer> demanded = request.demands().stream().map(BrokerDemand::brokerId).collect(Collectors.toSet());
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(demanded);
        assertThat(assigned).as("assignments by broker id").isSorted();
        assertThat(unplaced).as("unplaced by broker id").isSorted();

        Map<String, Offer> offers = ReferenceChecks.offersById(request);
        for (Assignment a : result.assignments()) {
            assertThat(offers).containsKey(a.offerId());
            Offer o = offers.get(a.offerId());
            assertThat(a.agentId()).isEqualTo(o.agentId());
            assertThat(a.hostname()).isEqualTo(o.hostname());
        }
        Set<String> used = result.assignments().stream().map(Assignment::offerId).collect(Collectors.toSet());
        List<String> unused = request.offers().stream().sorted(ReferenceChecks.CANONICAL).map(Offer::id)
                .filter(id -> !used.contains(id)).toList();
        assertThat(result.unusedOfferIds()).isEqualTo(unused);
    }

    @Property
    void resultDoesNotDependOnTheOrderOfOffersDemandsAndRunningBrokers(
            @ForAll("requestsInTwoOrders") List<PlacementRequest> twoOrders) {
        PlacementResult original = engine.place(twoOrders.get(0));
        PlacementResult reordered = engine.place(twoOrders.get(1));

        assertThat(reordered).isEqualTo(original);
    }

    /** What {@link PlacementEngine}'s javadoc promises: offers and demands in any order, same result. */
    @Property
    void resultDoesNotDependOnTheOrderOfOffersAndDemands(
            @ForAll("requestsWithOffersAndDemandsInTwoOrders") List<PlacementRequest> twoOrders) {
        assertThat(engine.place(twoOrders.get(1))).isEqualTo(engine.place(twoOrders.get(0)));
    }

    @Property
    void everyUnplacedBrokerHasAReasonFromEveryOffer(@ForAll("requests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        List<Offer> canonical = request.offers().stream().sorted(ReferenceChecks.CANONICAL).toList();
        for (Unplaced u : result.unplaced()) {
            assertThat(u.rejections().stream().map(Rejection::offerId).toList())
                    .as("rejections of broker %d", u.brokerId())
                    .isEqualTo(canonical.stream().map(Offer::id).toList());
            for (int i = 0; i < canonical.size(); i++) {
                assertThat(u.rejections().get(i).hostname()).isEqualTo(canonical.get(i).hostname());
                assertThat(u.rejections().get(i).reason()).isNotNull();
            }
            String explanation = u.explanation();
            assertThat(explanation).isNotBlank().startsWith("broker " + u.brokerId() + " not placed");
            if (canonical.isEmpty()) {
                assertThat(explanation).contains("no offers");
            }
        }
        assertThat(result.explain().lines().count()).isEqualTo(result.unplaced().size());
    }

    /**
     * Brute force: one broker, each offer judged on its own against the running cluster. The engine
     * places the broker iff some offer fits it, on an offer that fits; and offered any single offer
     * alone, it takes it iff that offer fits.
     */
    @Property
    void aSingleBrokerIsPlacedWheneverSomeOfferFitsIt(@ForAll("singleDemandRequests") PlacementRequest request) {
        BrokerDemand demand = request.demands().get(0);
        PlacementResult result = engine.place(request);

        ReferenceChecks.Ledger reference = new ReferenceChecks.Ledger(request);
        List<Offer> fitting = reference.fitting(demand);
        Optional<Assignment> placed = result.assignmentOf(demand.brokerId());
        assertThat(placed.isPresent())
                .as("placed %s while the reference finds fitting offers %s; engine says %s", placed,
                        fitting.stream().map(Offer::id).toList(), result.explain())
                .isEqualTo(!fitting.isEmpty());
        placed.ifPresent(a -> assertThat(fitting.stream().map(Offer::id)).contains(a.offerId()));

        for (Offer offer : request.offers()) {
            PlacementResult alone = engine.place(new PlacementRequest(List.of(offer), request.demands(),
                    request.existing(), request.strategy(), request.now()));
            assertThat(alone.assignments().isEmpty())
                    .as("offer %s alone: engine says '%s', reference says '%s'", offer.id(), alone.explain(),
                            reference.rejection(demand, offer))
                    .isEqualTo(reference.rejection(demand, offer) != null);
        }
    }

    /**
     * Ports are a matching problem: a broker whose port requests distinct free ports of its roles can
     * meet (checked by bipartite matching) is placed, and one whose requests they cannot meet is not.
     * Cheap tries, and the interesting cases are rare (two overlapping ranges of different widths
     * competing for one free port), hence many tries.
     */
    @Property(tries = 3000)
    void portRequestsAreMetWheneverFreePortsCanMeetThem(@ForAll("portOffers") Offer offer,
                                                        @ForAll("portDemands") List<PortRequest> ports,
                                                        @ForAll("roles") String role) {
        BrokerDemand demand = new BrokerDemand(0, 0, 0, 0, ports, List.of(), Optional.empty(), Optional.empty(), role);
        PlacementRequest request = PlacementRequest.of(List.of(offer), List.of(demand));
        PlacementResult result = engine.place(request);

        String reference = new ReferenceChecks.Ledger(request).rejection(demand, offer);
        assertThat(result.assignments().isEmpty())
                .as("engine says '%s', reference says '%s'", result.explain(), reference)
                .isEqualTo(reference != null);
    }

    /**
     * The greedy engine places brokers one at a time in id order; at each broker's turn it must take
     * an offer that fits given the earlier assignments, and leave it out only if none does.
     */
    @Property
    void eachBrokerIsPlacedWheneverSomeOfferFitsItAtItsTurn(@ForAll("requests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        ReferenceChecks.Ledger ledger = new ReferenceChecks.Ledger(request);
        List<BrokerDemand> inIdOrder = new ArrayList<>(request.demands());
        inIdOrder.sort((a, b) -> Integer.compare(a.brokerId(), b.brokerId()));
        for (BrokerDemand demand : inIdOrder) {
            Optional<Assignment> placed = result.assignmentOf(demand.brokerId());
            List<String> fitting = ledger.fitting(demand).stream().map(Offer::id).toList();
            if (placed.isPresent()) {
                assertThat(fitting).as("offers broker %d fits at its turn", demand.brokerId())
                        .contains(placed.get().offerId());
                ledger.apply(placed.get());
            } else {
                assertThat(fitting).as("offers broker %d fits at its turn, yet %s", demand.brokerId(), result.explain())
                        .isEmpty();
            }
        }
    }

    @Property
    void aBindingStickyBrokerIsPlacedOnlyOnItsHost(@ForAll("stickyRequests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        for (BrokerDemand d : request.demands()) {
            Stickiness sticky = d.stickiness().orElseThrow();
            if (sticky.bindsAt(request.now())) {
                result.assignmentOf(d.brokerId())
                        .ifPresent(a -> assertThat(a.hostname()).as("host of broker %d", d.brokerId())
                                .isEqualTo(sticky.hostname()));
            }
        }
    }

    @Property
    void aStickyBrokerReturnsToItsHostWhenItFitsThere(@ForAll("stickyRequests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        ReferenceChecks.Ledger ledger = new ReferenceChecks.Ledger(request);
        List<BrokerDemand> inIdOrder = new ArrayList<>(request.demands());
        inIdOrder.sort((a, b) -> Integer.compare(a.brokerId(), b.brokerId()));
        for (BrokerDemand d : inIdOrder) {
            String host = d.stickiness().orElseThrow().hostname();
            boolean fitsOnHost = ledger.fitting(d).stream().anyMatch(o -> o.hostname().equals(host));
            Optional<Assignment> placed = result.assignmentOf(d.brokerId());
            if (fitsOnHost) {
                assertThat(placed).as("broker %d, sticky to %s (until %s, now %s), fits there", d.brokerId(), host,
                        d.stickiness().get().until(), request.now()).isPresent();
                assertThat(placed.get().hostname()).as("host of broker %d", d.brokerId()).isEqualTo(host);
            }
            placed.ifPresent(ledger::apply);
        }
    }

    /**
     * Not a guarantee of the engine but of these properties' reach: the generated requests do leave
     * brokers out, do fill offers and do sometimes have no offers at all.
     */
    @Property(tries = 300)
    void generatedRequestsMakeBrokersContend(@ForAll("requests") PlacementRequest request) {
        PlacementResult result = engine.place(request);

        String outcome = request.offers().isEmpty() ? "no offers"
                : result.unplaced().isEmpty() ? "all placed"
                : result.assignments().isEmpty() ? "none placed" : "some placed";
        Statistics.label("outcome").collect(outcome);
        Statistics.label("outcome").coverage(checker -> {
            checker.check("no offers").percentage(p -> p > 1);
            checker.check("some placed").percentage(p -> p > 10);
            checker.check("all placed").percentage(p -> p > 10);
        });
    }
}
