package org.kafkamesos.core.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RebalanceLimitsTest {

    @Test
    void throttledTo_usesCruiseControlsDefaults_andAOneSecondPoll() {
        RebalanceLimits limits = RebalanceLimits.throttledTo(10_000_000);

        assertThat(limits).isEqualTo(new RebalanceLimits(5, 1250, 10_000_000, Duration.ofSeconds(1)));
    }

    @Test
    void constructor_refusesAThrottleOfZero_capsUnderOne_andANonPositivePoll() {
        assertThatThrownBy(() -> RebalanceLimits.throttledTo(0)).hasMessageContaining("throttleBytesPerSecond");
        assertThatThrownBy(() -> RebalanceLimits.throttledTo(1).withMaxMovesPerBroker(0)).hasMessageContaining("maxMovesPerBroker");
        assertThatThrownBy(() -> RebalanceLimits.throttledTo(1).withMaxMovesPerCluster(0)).hasMessageContaining("maxMovesPerCluster");
        assertThatThrownBy(() -> RebalanceLimits.throttledTo(1).withPollInterval(Duration.ZERO)).hasMessageContaining("pollInterval");
    }
}
