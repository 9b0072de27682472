package org.kafkamesos.core.kafka;

import java.time.Duration;

/** Durations in messages as operators read them: {@code 5m}, {@code 30s}, {@code 1m30s}, {@code 250ms}. */
final class DurationText {

    private DurationText() {
    }

    static String of(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        long h = s / 3600;
        long m = s % 3600 / 60;
        long rest = s % 60;
        return (h > 0 ? h + "h" : "") + (m > 0 ? m + "m" : "") + (rest > 0 ? rest + "s" : "");
    }
}
