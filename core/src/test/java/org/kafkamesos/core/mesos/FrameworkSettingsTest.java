package org.kafkamesos.core.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.mesos.Protos.FrameworkInfo.Capability.Type;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;

class FrameworkSettingsTest {

    @Test
    @SuppressWarnings("deprecation") // FrameworkInfo.role
    void frameworkInfo_defaults_checkpointAWeekOfFailoverAndTheCapabilitiesHandled() {
        Protos.FrameworkInfo info = FrameworkSettings.builder("kafka-prod", "kafka").build().frameworkInfo();

        assertThat(info.getName()).isEqualTo("kafka-prod");
        assertThat(info.getRole()).isEqualTo("kafka");
        assertThat(info.getRolesCount()).isZero();
        assertThat(info.getUser()).isEmpty();
        assertThat(info.getCheckpoint()).isTrue();
        assertThat(info.getFailoverTimeout()).isEqualTo(7 * 24 * 3600.0);
        assertThat(info.getCapabilitiesList()).extracting(Protos.FrameworkInfo.Capability::getType)
                .containsExactly(Type.RESERVATION_REFINEMENT, Type.TASK_KILLING_STATE, Type.PARTITION_AWARE);
        assertThat(info.hasId()).isFalse();
        assertThat(info.hasPrincipal()).isFalse();
        assertThat(info.hasWebuiUrl()).isFalse();
        assertThat(info.isInitialized()).isTrue();
    }

    @Test
    void frameworkInfo_everySetting_isCarried() {
        FrameworkSettings settings = FrameworkSettings.builder("kafka-prod", "kafka")
                .principal("kafka-principal")
                .user("kafka")
                .failoverTimeout(Duration.ofMinutes(90))
                .frameworkId("fw-1")
                .webuiUrl("http://scheduler:7000")
                .partitionAware(false)
                .build();

        Protos.FrameworkInfo info = settings.frameworkInfo();

        assertThat(info.getPrincipal()).isEqualTo("kafka-principal");
        assertThat(info.getUser()).isEqualTo("kafka");
        assertThat(info.getFailoverTimeout()).isEqualTo(5400.0);
        assertThat(info.getId().getValue()).isEqualTo("fw-1");
        assertThat(info.getWebuiUrl()).isEqualTo("http://scheduler:7000");
        assertThat(info.getCapabilitiesList()).extracting(Protos.FrameworkInfo.Capability::getType)
                .doesNotContain(Type.PARTITION_AWARE);
    }

    @Test
    void withFrameworkId_reregistersAsThatFramework() {
        FrameworkSettings first = FrameworkSettings.builder("kafka-prod", "*").build();

        FrameworkSettings again = first.withFrameworkId("fw-7");

        assertThat(again.frameworkInfo().getId().getValue()).isEqualTo("fw-7");
        assertThat(again.name()).isEqualTo(first.name());
        assertThat(first.frameworkId()).isEmpty();
    }

    @Test
    void credential_needsPrincipalAndSecret() {
        FrameworkSettings withSecret = FrameworkSettings.builder("f", "*").principal("p").secret("s3cret").build();
        FrameworkSettings principalOnly = FrameworkSettings.builder("f", "*").principal("p").build();

        assertThat(withSecret.credential()).hasValue(Protos.Credential.newBuilder().setPrincipal("p").setSecret("s3cret").build());
        assertThat(principalOnly.credential()).isEmpty();
        assertThat(FrameworkSettings.builder("f", "*").build().credential()).isEmpty();
    }

    @Test
    void toString_hidesTheSecret() {
        FrameworkSettings settings = FrameworkSettings.builder("f", "*").principal("p").secret("s3cret").build();

        assertThat(settings.toString()).doesNotContain("s3cret").contains("secret=***").contains("principal=p");
    }

    @Test
    void build_misuse_isRefusedWithTheReason() {
        assertThatThrownBy(() -> FrameworkSettings.builder(" ", "*").build()).hasMessageContaining("framework name");
        assertThatThrownBy(() -> FrameworkSettings.builder("f", "my role").build()).hasMessageContaining("not a Mesos role");
        assertThatThrownBy(() -> FrameworkSettings.builder("f", "..").build()).hasMessageContaining("not a Mesos role");
        assertThatThrownBy(() -> FrameworkSettings.builder("f", "*").secret("s").build())
                .hasMessageContaining("secret was given without a principal");
        assertThatThrownBy(() -> FrameworkSettings.builder("f", "*").failoverTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("failover timeout");
        assertThatThrownBy(() -> FrameworkSettings.builder("f", "*").frameworkId("").build())
                .hasMessageContaining("framework id");
    }
}
