package org.kafkamesos.placement.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kafkamesos.placement.BrokerDemand;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PlacementEngine;
import org.kafkamesos.placement.PlacementRequest;
import org.kafkamesos.placement.PlacementResult;
import org.kafkamesos.placement.PortRequest;

/**
 * The placement example of the README, compiled and run from outside the placement package, so that
 * the README shows code that works with the public API alone. Keep the two in step.
 */
class ReadmeExampleTest {

    @Test
    void readmeExample_placesThreeBrokersOnThreeHosts_andExplainsTheFourth() {
        // --- README example starts
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            offers.add(Offer.builder("offer-" + i, "agent-" + i, "host-" + i)
                    .cpus(8).mem(32768).disk(500_000).ports(31000, 32000)
                    .attribute("rack", "r" + i)
                    .build());
        }
        List<BrokerDemand> brokers = new ArrayList<>();
        for (int id = 0; id < 4; id++) {
            brokers.add(BrokerDemand.builder(id)
                    .cpus(2).mem(8192).disk(100_000).ports(PortRequest.any(1))
                    .constraints("hostname=unique,rack=groupBy:3")
                    .build());
        }

        PlacementResult result = PlacementEngine.create().place(PlacementRequest.of(offers, brokers));

        result.assignments().forEach(a -> System.out.println("broker " + a.brokerId() + " -> " + a.hostname() + ":" + a.ports()));
        result.unplaced().forEach(u -> System.out.println(u.explanation()));
        // --- README example ends

        assertThat(result.assignments()).hasSize(3);
        assertThat(result.assignments()).extracting(a -> a.hostname()).doesNotHaveDuplicates();
        assertThat(result.unplaced()).singleElement().satisfies(u -> assertThat(u.explanation()).isEqualTo(
                "broker 3 not placed: 3 offers excluded by hostname=unique (brokers 0, 1, 2 on host-0, host-1, host-2)"));
    }
}
