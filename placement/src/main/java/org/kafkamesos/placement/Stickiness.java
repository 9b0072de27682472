package org.kafkamesos.placement;

import java.time.Instant;
import java.util.Objects;

/**
 * Keeps a broker on the host that holds its data: before {@code until} only offers on
 * {@code hostname} are accepted; afterwards that host is still preferred when it fits.
 *
 * @param hostname the broker's last host
 * @param until    end of the sticky period, compared with {@link PlacementRequest#now()}
 */
public record Stickiness(String hostname, Instant until) {

    public Stickiness {
        Arguments.requireNonBlank("sticky hostname", hostname);
        Objects.requireNonNull(until, "until");
    }

    /** Whether only {@link #hostname()} is accepted at {@code now}. */
    public boolean bindsAt(Instant now) {
        return now.isBefore(until);
    }
}
