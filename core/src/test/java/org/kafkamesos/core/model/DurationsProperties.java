package org.kafkamesos.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What users of {@link Durations} rely on: a duration printed (by the API, in a message) reads back as the same duration. */
class DurationsProperties {

    @Property
    void aPrintedDuration_readsBackAsTheSameDuration(@ForAll("durations") Duration d) {
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @Provide
    Arbitrary<Duration> durations() {
        Arbitrary<Duration> whole = Arbitraries.longs().between(0, 400).flatMap(n -> Arbitraries.of(
                Duration.ofSeconds(n), Duration.ofMinutes(n), Duration.ofHours(n), Duration.ofDays(n), Duration.ofMillis(n)));
        Arbitrary<Duration> millis = Arbitraries.longs().between(0, 10_000_000_000L).map(Duration::ofMillis);
        Arbitrary<Duration> any = Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 2),
                Arbitraries.integers().between(0, 999_999_999)).as(Duration::ofSeconds);
        return Arbitraries.oneOf(whole, millis, any, Arbitraries.of(Duration.ZERO, Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
    }
}
