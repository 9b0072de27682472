package org.kafkamesos.executor.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.mesos.Protos;

/**
 * V0 and V1 messages by their wire form: what the HTTP transport carries adds nothing and loses nothing. Every status
 * update and offer the scheduler sees comes back unchanged from its V1 twin, and the twin names the same agent.
 */
class EvolveProperties {

    @Property(tries = 500)
    void aStatusUpdate_survivesTheRoundTripThroughV1_andItsAgentIsTheSame(@ForAll("statuses") Protos.TaskStatus status) {
        org.apache.mesos.v1.Protos.TaskStatus v1 = Evolve.as(status, org.apache.mesos.v1.Protos.TaskStatus.parser());

        assertThat(Evolve.as(v1, Protos.TaskStatus.parser())).isEqualTo(status);
        assertThat(v1.getAgentId().getValue()).isEqualTo(status.getSlaveId().getValue());
        assertThat(v1.getState().name()).isEqualTo(status.getState().name());
        assertThat(v1.getUuid()).isEqualTo(status.getUuid());
    }

    @Property(tries = 500)
    void anOffer_survivesTheRoundTripThroughV1_withEveryResourceAndAttribute(@ForAll("offers") Protos.Offer offer) {
        org.apache.mesos.v1.Protos.Offer v1 = Evolve.as(offer, org.apache.mesos.v1.Protos.Offer.parser());

        assertThat(Evolve.as(v1, Protos.Offer.parser())).isEqualTo(offer);
        assertThat(v1.getAgentId().getValue()).isEqualTo(offer.getSlaveId().getValue());
        assertThat(v1.getResourcesCount()).isEqualTo(offer.getResourcesCount());
        assertThat(Evolve.all(List.of(offer, offer), org.apache.mesos.v1.Protos.Offer.parser())).containsExactly(v1, v1);
    }

    @Provide
    Arbitrary<Protos.TaskStatus> statuses() {
        return Combinators.combine(ids(), Arbitraries.of(Protos.TaskState.class), Arbitraries.strings().ofMaxLength(60),
                Arbitraries.bytes().array(byte[].class).ofSize(16), ids(), Arbitraries.of(Protos.TaskStatus.Reason.class),
                Arbitraries.of(Protos.TaskStatus.Source.class), Arbitraries.doubles().between(0, 2e9))
                .as((task, state, message, uuid, agent, reason, source, timestamp) -> Protos.TaskStatus.newBuilder()
                        .setTaskId(Protos.TaskID.newBuilder().setValue(task)).setState(state).setMessage(message)
                        .setUuid(ByteString.copyFrom(uuid)).setSlaveId(Protos.SlaveID.newBuilder().setValue(agent))
                        .setReason(reason).setSource(source).setTimestamp(timestamp)
                        .setExecutorId(Protos.ExecutorID.newBuilder().setValue(task)).build());
    }

    @Provide
    Arbitrary<Protos.Offer> offers() {
        Arbitrary<Protos.Resource> scalar = Combinators.combine(Arbitraries.of("cpus", "mem", "disk"),
                Arbitraries.doubles().between(0.01, 1e6), Arbitraries.of("*", "kafka")).as((name, value, role) -> {
                    Protos.Resource.Builder r = Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                            .setScalar(Protos.Value.Scalar.newBuilder().setValue(value));
                    if (!role.equals("*")) {
                        r.addReservations(Protos.Resource.ReservationInfo.newBuilder()
                                .setType(Protos.Resource.ReservationInfo.Type.DYNAMIC).setRole(role).setPrincipal("kafka"));
                    }
                    return r.build();
                });
        Arbitrary<Protos.Resource> ports = Arbitraries.integers().between(1, 60000).map(begin -> Protos.Resource.newBuilder()
                .setName("ports").setType(Protos.Value.Type.RANGES).setRanges(Protos.Value.Ranges.newBuilder()
                        .addRange(Protos.Value.Range.newBuilder().setBegin(begin).setEnd(begin + 100))).build());
        Arbitrary<Protos.Attribute> attribute = Combinators.combine(Arbitraries.of("rack", "zone"), ids()).as((name, value) ->
                Protos.Attribute.newBuilder().setName(name).setType(Protos.Value.Type.TEXT)
                        .setText(Protos.Value.Text.newBuilder().setValue(value)).build());
        return Combinators.combine(ids(), ids(), ids(), Arbitraries.oneOf(scalar, ports).list().ofMaxSize(6),
                attribute.list().ofMaxSize(3)).as((id, agent, host, resources, attributes) -> Protos.Offer.newBuilder()
                        .setId(Protos.OfferID.newBuilder().setValue(id))
                        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("framework-" + id))
                        .setSlaveId(Protos.SlaveID.newBuilder().setValue(agent)).setHostname(host)
                        .addAllResources(resources).addAllAttributes(attributes).build());
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-').ofMinLength(1).ofMaxLength(40);
    }
}
