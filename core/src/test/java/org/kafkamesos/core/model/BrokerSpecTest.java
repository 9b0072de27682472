package org.kafkamesos.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kafkamesos.placement.Constraint;

class BrokerSpecTest {

    @Test
    void defaults_areThoseOfMesosKafka() {
        BrokerSpec spec = BrokerSpec.DEFAULT;

        assertThat(spec.cpus()).isEqualTo(1);
        assertThat(spec.memMb()).isEqualTo(2048);
        assertThat(spec.heapMb()).isEqualTo(1024);
        assertThat(spec.port()).isEqualTo(new PortPolicy.Auto());
        assertThat(spec.failover()).isEqualTo(FailoverPolicy.DEFAULT);
        assertThat(spec.stickinessPeriod()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.constraints()).isEmpty();
    }

    @Test
    void builder_parsesConstraints_andSortsOptions() {
        BrokerSpec spec = BrokerSpec.builder().constraints("hostname=unique")
                .options(Map.of("num.io.threads", "16", "log.retention.hours", "24")).jvmOptions(List.of("-XX:+UseG1GC")).build();

        assertThat(spec.constraints()).containsExactly(new Constraint.Unique("hostname"));
        assertThat(spec.options().keySet()).containsExactly("log.retention.hours", "num.io.threads");
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
    }

    @Test
    void heapThatDoesNotFit_isRefusedWithTheRule() {
        assertThatThrownBy(() -> BrokerSpec.builder().memMb(1024).heapMb(1024).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < heap < mem");
    }

    @Test
    void nonPositiveCpus_areRefused() {
        assertThatThrownBy(() -> BrokerSpec.builder().cpus(0).build()).hasMessageContaining("cpus must be a finite number > 0");
    }
}
