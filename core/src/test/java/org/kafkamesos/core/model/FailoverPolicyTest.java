package org.kafkamesos.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FailoverPolicyTest {

    @Test
    void backoff_doublesFromTheDelay_upToTheMaxDelay() {
        FailoverPolicy policy = FailoverPolicy.DEFAULT;

        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofMinutes(8));
        assertThat(policy.backoff(5)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.backoff(1_000_000)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.backoff(0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void exhausted_onlyWithMaxTries() {
        FailoverPolicy three = new FailoverPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), OptionalInt.of(3));

        assertThat(three.exhausted(2)).isFalse();
        assertThat(three.exhausted(3)).isTrue();
        assertThat(FailoverPolicy.DEFAULT.exhausted(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void invalidPolicies_sayWhatIsAccepted() {
        assertThatThrownBy(() -> new FailoverPolicy(Duration.ofMinutes(5), Duration.ofMinutes(1), OptionalInt.empty()))
                .hasMessageContaining("0 <= delay <= maxDelay");
        assertThatThrownBy(() -> new FailoverPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), OptionalInt.of(0)))
                .hasMessageContaining(">= 1");
    }
}
