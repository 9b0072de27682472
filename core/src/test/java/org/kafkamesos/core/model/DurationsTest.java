package org.kafkamesos.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations as operators type and read them, in the HTTP API, the command line and messages. */
class DurationsTest {

    @Test
    void durations_areReadInShortOrIsoForm_andPrintedShort() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse(" 0 ")).isEqualTo(Duration.ZERO);

        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(Durations.format(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofNanos(5))).isEqualTo("PT0.000000005S");
    }

    @Test
    void durations_negativeOrUnknownUnits_areRefused() {
        assertThatThrownBy(() -> Durations.parse("-1m")).hasMessageContaining("expected a duration >= 0");
        assertThatThrownBy(() -> Durations.parse("PT-1M")).hasMessageContaining("expected a duration >= 0");
        assertThatThrownBy(() -> Durations.parse("1w")).hasMessageContaining("got '1w'");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999d")).hasMessageContaining("expected a duration");
    }

    @Test
    void durations_inMessages_areWrittenAsOperatorsTypeThem() {
        assertThat(Durations.format(Duration.ofMinutes(5))).as("a rolling restart's gate timeout").isEqualTo("5m");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.parse(Durations.format(Duration.ofSeconds(90)))).isEqualTo(Duration.ofSeconds(90));
    }
}
