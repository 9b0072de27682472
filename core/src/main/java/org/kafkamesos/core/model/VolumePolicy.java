package org.kafkamesos.core.model;

import java.util.Objects;

/**
 * Where a broker keeps its data ({@code log.dirs}, and a controller's metadata log).
 *
 * <ul>
 *   <li>{@link Auto} (the default, {@code auto}): on a persistent volume the scheduler makes for it on resources
 *       it reserves for the framework's role, once, and the broker is launched again only where that volume is.
 *       With the role {@code *}, which cannot reserve, the broker runs in its sandbox instead.</li>
 *   <li>{@link Sandbox} ({@code none}): in the task's sandbox; its data does not survive a relaunch.</li>
 *   <li>{@link Existing} (a persistence id): on a volume made by hand, which offers must carry.</li>
 * </ul>
 */
public sealed interface VolumePolicy {

    /** The accepted forms, as listed in every parse error. */
    String ACCEPTED = "auto (a volume the scheduler reserves and creates), none (the sandbox) or the persistence id of a"
            + " volume made by hand";

    /** A volume the scheduler reserves and creates. */
    record Auto() implements VolumePolicy {
        @Override
        public String toString() {
            return "auto";
        }
    }

    /** The task's sandbox: the data is lost with the task. */
    record Sandbox() implements VolumePolicy {
        @Override
        public String toString() {
            return "none";
        }
    }

    /** A persistent volume made by hand, by its persistence id. */
    record Existing(String persistenceId) implements VolumePolicy {
        public Existing {
            Objects.requireNonNull(persistenceId, "persistenceId");
            if (persistenceId.isBlank() || persistenceId.equals("auto") || persistenceId.equals("none")
                    || persistenceId.contains("/") || persistenceId.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("'" + persistenceId + "' is not a persistence id (no blank, no '/', not"
                        + " auto or none); accepted: " + ACCEPTED);
            }
        }

        @Override
        public String toString() {
            return persistenceId;
        }
    }

    /**
     * Reads {@code auto}, {@code none} or a persistence id.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static VolumePolicy parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no volume given; accepted: " + ACCEPTED);
        }
        String t = text.strip();
        return switch (t) {
            case "auto" -> new Auto();
            case "none" -> new Sandbox();
            default -> new Existing(t);
        };
    }
}
