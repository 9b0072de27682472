package org.kafkamesos.core.model;

import java.time.Instant;
import java.util.Optional;

/**
 * Why a broker is or is not running, in one paragraph: its phase and task, its back-off, its
 * stickiness, and the placement reasons of the last offer cycle that could not place it.
 *
 * @param broker      the broker
 * @param explanation the paragraph
 */
public record BrokerStatus(Broker broker, String explanation) {

    /**
     * The status of {@code b} at {@code now}.
     *
     * @param lastPlacement why the last offer cycle that considered the broker could not place it, if it could not
     * @param role          the framework's role, whose reservations hold brokers' volumes ({@code *}: none)
     */
    public static BrokerStatus of(Broker b, Optional<String> lastPlacement, Instant now, String role) {
        StringBuilder s = new StringBuilder("broker ").append(b.id())
                .append(b.removing() ? " (removed)" : b.active() ? " (active)" : " (inactive)");
        if (b.removing()) {
            BrokerVolume v = b.volume().orElseThrow();
            s.append(": its volume ").append(v.persistenceId()).append(" on ").append(v.hostname())
                    .append(" is destroyed and its resources unreserved when the agent next offers them");
            return new BrokerStatus(b, s.toString());
        }
        if (b.task().isPresent()) {
            Task t = b.task().get();
            s.append(": ").append(b.phase().name().toLowerCase(java.util.Locale.ROOT)).append(" on ").append(t.hostname())
                    .append(", task ").append(t.taskId());
        } else {
            s.append(": no task");
        }
        s.append("; ").append(storage(b, role));
        if (b.needsRestart()) {
            s.append("; runs an older spec and needs a restart");
        }
        if (b.failover().failures() > 0) {
            s.append("; failed ").append(b.failover().failures()).append(b.failover().failures() == 1 ? " time" : " times in a row");
            // the reason's first line says why; the log tail after it is in the broker's JSON and its logs
            b.failover().lastReason().ifPresent(r -> s.append(" (last: ").append(r.lines().findFirst().orElse("").strip())
                    .append(r.lines().count() > 1 ? "; 'broker log " + b.id() + "' has the log" : "").append(')'));
            Instant retry = b.failover().retryAt(b.spec().failover());
            if (b.active() && b.phase() == TaskPhase.NONE && now.isBefore(retry)) {
                s.append("; next launch not before ").append(retry);
            }
        }
        if (b.isStickyAt(now) && b.phase() == TaskPhase.NONE) {
            s.append("; waits for its host ").append(b.lastHost().orElseThrow()).append(" until ")
                    .append(b.stickySince().orElseThrow().plus(b.spec().stickinessPeriod()));
        }
        if (b.active() && b.phase() == TaskPhase.NONE) {
            s.append("; ").append(lastPlacement.orElse("no offer cycle has considered it yet"));
        }
        return new BrokerStatus(b, s.toString());
    }

    /** Where the broker's data lives, and whether it survives a relaunch. */
    static String storage(Broker b, String role) {
        if (b.volume().isPresent()) {
            BrokerVolume v = b.volume().get();
            return "data on volume " + v.persistenceId() + " on " + v.hostname() + (v.confirmed() ? "" : " (not offered yet)");
        }
        VolumePolicy policy = b.spec().volume();
        if (policy instanceof VolumePolicy.Existing existing) {
            return "data on volume " + existing.persistenceId() + ", made by hand";
        }
        if (policy instanceof VolumePolicy.Auto && !"*".equals(role)) {
            return "data in its sandbox until its next launch reserves a volume for it";
        }
        return "data in its sandbox: it does not survive a relaunch" + (policy instanceof VolumePolicy.Auto
                ? " (the framework's role '*' cannot reserve a volume)" : "");
    }
}
