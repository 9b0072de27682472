package org.kafkamesos.core.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.offer;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.ports;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.rangesAttribute;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.reservedDynamic;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.reservedLegacy;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.reservedStatic;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.scalar;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.scalarAttribute;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.setAttribute;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.text;
import static org.kafkamesos.core.mesos.MesosOffersFixtures.volume;

import java.util.List;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;
import org.kafkamesos.placement.AttributeValue;
import org.kafkamesos.placement.Offer;
import org.kafkamesos.placement.PortRange;
import org.kafkamesos.placement.Resources;
import org.kafkamesos.placement.Volume;

class MesosOffersTest {

    @Test
    void toOffer_unreservedScalarsAndPorts_becomeUnreservedResources() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addResources(scalar("cpus", 4))
                .addResources(scalar("mem", 8192))
                .addResources(scalar("disk", 10000))
                .addResources(ports(31000, 31099, 31200, 31299))
                .build());

        assertThat(offer.id()).isEqualTo("o1");
        assertThat(offer.agentId()).isEqualTo("a1");
        assertThat(offer.hostname()).isEqualTo("h1");
        assertThat(offer.unreserved()).isEqualTo(new Resources(4, 8192, 10000,
                List.of(new PortRange(31000, 31099), new PortRange(31200, 31299))));
        assertThat(offer.reserved()).isEmpty();
        assertThat(offer.volumes()).isEmpty();
        assertThat(offer.attributes()).isEmpty();
    }

    @Test
    void toOffer_noResources_isAnEmptyOffer() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1").build());

        assertThat(offer.unreserved()).isEqualTo(Resources.NONE);
        assertThat(offer.reserved()).isEmpty();
    }

    @Test
    void toOffer_refinedReservation_belongsToItsLastRole() {
        Protos.Resource.Builder cpus = reservedStatic(scalar("cpus", 2), "kafka");
        reservedDynamic(cpus, "kafka/brokers", "ops");

        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1").addResources(cpus).build());

        assertThat(offer.reserved()).containsOnlyKeys("kafka/brokers");
        assertThat(offer.reserved().get("kafka/brokers").cpus()).isEqualTo(2);
        assertThat(offer.unreserved()).isEqualTo(Resources.NONE);
    }

    @Test
    void toOffer_legacyRoleField_isTheReservation() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addResources(reservedLegacy(scalar("cpus", 1), "kafka"))
                .addResources(reservedLegacy(scalar("mem", 1024), "kafka"))
                .addResources(reservedLegacy(scalar("cpus", 3), "*"))
                .build());

        assertThat(offer.reserved()).containsOnlyKeys("kafka");
        assertThat(offer.reserved().get("kafka")).isEqualTo(Resources.of(1, 1024, 0));
        assertThat(offer.unreserved().cpus()).isEqualTo(3);
    }

    @Test
    void toOffer_staticAndDynamicReservationsOfOneRole_addUpAtMesosPrecision() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addResources(reservedStatic(scalar("cpus", 0.1), "kafka"))
                .addResources(reservedDynamic(scalar("cpus", 0.2), "kafka", "ops"))
                .addResources(reservedStatic(ports(9092, 9093), "kafka"))
                .addResources(reservedDynamic(ports(9094, 9094), "kafka", "ops"))
                .build());

        Resources kafka = offer.reserved().get("kafka");
        assertThat(kafka.cpus()).isEqualTo(0.3);
        assertThat(kafka.ports()).containsExactly(new PortRange(9092, 9093), new PortRange(9094, 9094));
    }

    @Test
    void toOffer_multiRoleOffer_splitsResourcesByRole() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addResources(scalar("cpus", 8))
                .addResources(scalar("mem", 16384))
                .addResources(ports(31000, 32000))
                .addResources(reservedStatic(scalar("cpus", 2), "kafka"))
                .addResources(reservedStatic(scalar("disk", 50000), "kafka"))
                .addResources(reservedStatic(ports(9092, 9092), "kafka"))
                .addResources(reservedDynamic(scalar("mem", 4096), "analytics", "ops"))
                .build());

        assertThat(offer.unreserved()).isEqualTo(new Resources(8, 16384, 0, List.of(new PortRange(31000, 32000))));
        assertThat(offer.reserved()).containsOnlyKeys("kafka", "analytics");
        assertThat(offer.reserved().get("kafka")).isEqualTo(new Resources(2, 0, 50000, List.of(PortRange.of(9092))));
        assertThat(offer.reserved().get("analytics")).isEqualTo(Resources.of(0, 4096, 0));
    }

    @Test
    void toOffer_persistentVolume_isAVolumeAndNotPlainDisk() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addResources(reservedStatic(scalar("disk", 1000), "kafka"))
                .addResources(volume("broker-3-data", "kafka", 20000, "kafka-data"))
                .build());

        assertThat(offer.volumes()).containsExactly(new Volume("broker-3-data", "kafka", 20000, "kafka-data"));
        assertThat(offer.reserved().get("kafka").disk()).isEqualTo(1000);
    }

    @Test
    void toOffer_attributesOfEveryType_becomeAttributeValues() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addAttributes(text("rack", "r1"))
                .addAttributes(scalarAttribute("generation", 3))
                .addAttributes(rangesAttribute("slots", 1, 10, 20, 30))
                .addAttributes(setAttribute("disks", List.of("ssd", "nvme")))
                .build());

        assertThat(offer.attributes()).containsOnlyKeys("rack", "generation", "slots", "disks");
        assertThat(offer.attributes().get("rack")).isEqualTo(AttributeValue.text("r1"));
        assertThat(offer.attributes().get("generation")).isEqualTo(AttributeValue.scalar(3));
        assertThat(offer.attributes().get("slots"))
                .isEqualTo(new AttributeValue.Ranges(List.of(new PortRange(1, 10), new PortRange(20, 30))));
        assertThat(offer.attributeText("disks")).isEqualTo("{nvme,ssd}");
        assertThat(offer.attributeText("slots")).isEqualTo("[1-10,20-30]");
        assertThat(offer.attributeText("generation")).isEqualTo("3");
    }

    @Test
    void toOffer_rangesAttributeBeyondPortBounds_isTextWithTheSameRendering() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addAttributes(rangesAttribute("ids", 0, 5, 70000, 80000))
                .build());

        assertThat(offer.attributes().get("ids")).isEqualTo(AttributeValue.text("[0-5,70000-80000]"));
    }

    @Test
    void toOffer_hostnameAttribute_isDroppedForTheOffersHostname() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addAttributes(text("hostname", "elsewhere"))
                .addAttributes(text("rack", "r1"))
                .addAttributes(text("rack", "r2"))
                .build());

        assertThat(offer.attributes()).containsOnlyKeys("rack");
        assertThat(offer.attributeText("hostname")).isEqualTo("h1");
        assertThat(offer.attributeText("rack")).isEqualTo("r1");
    }

    @Test
    void toOffer_resourcesABrokerCannotUse_areSkipped() {
        Protos.Resource revocableCpus = scalar("cpus", 16)
                .setRevocable(Protos.Resource.RevocableInfo.getDefaultInstance()).build();
        Protos.Resource sharedVolume = volume("shared", "kafka", 100, "shared")
                .setShared(Protos.Resource.SharedInfo.getDefaultInstance()).build();
        Protos.Resource mountDisk = reservedStatic(scalar("disk", 500000), "kafka")
                .setDisk(Protos.Resource.DiskInfo.newBuilder().setSource(Protos.Resource.DiskInfo.Source.newBuilder()
                        .setType(Protos.Resource.DiskInfo.Source.Type.MOUNT)
                        .setMount(Protos.Resource.DiskInfo.Source.Mount.newBuilder().setRoot("/mnt/disk1"))))
                .build();
        Protos.Resource setCpus = Protos.Resource.newBuilder().setName("cpus").setType(Protos.Value.Type.SET)
                .setSet(Protos.Value.Set.newBuilder().addItem("lots")).build();

        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1")
                .addResources(scalar("cpus", 1))
                .addResources(scalar("gpus", 2))
                .addResources(scalar("network_bandwidth", 1000))
                .addResources(revocableCpus)
                .addResources(sharedVolume)
                .addResources(mountDisk)
                .addResources(setCpus)
                .build());

        assertThat(offer.unreserved()).isEqualTo(Resources.of(1, 0, 0));
        assertThat(offer.reserved()).isEmpty();
        assertThat(offer.volumes()).isEmpty();
    }

    @Test
    void toOffer_portRangesBeyondTcp_areClipped() {
        Offer offer = MesosOffers.toOffer(offer("o1", "a1", "h1").addResources(ports(0, 10, 65530, 70000)).build());

        assertThat(offer.unreserved().ports()).containsExactly(new PortRange(1, 10), new PortRange(65530, 65535));
    }

    @Test
    void toOffer_overlappingPorts_areRefused() {
        Protos.Offer overlapping = offer("o1", "a1", "h1")
                .addResources(ports(31000, 31010))
                .addResources(reservedStatic(ports(31005, 31006), "kafka"))
                .build();

        assertThatThrownBy(() -> MesosOffers.toOffer(overlapping))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void role_isTheLastReservationOrTheLegacyRoleOrUnreserved() {
        assertThat(MesosOffers.role(scalar("cpus", 1).build())).isEqualTo("*");
        assertThat(MesosOffers.role(reservedLegacy(scalar("cpus", 1), "legacy").build())).isEqualTo("legacy");
        assertThat(MesosOffers.role(reservedDynamic(reservedStatic(scalar("cpus", 1), "a"), "a/b", "p").build()))
                .isEqualTo("a/b");
    }
}
