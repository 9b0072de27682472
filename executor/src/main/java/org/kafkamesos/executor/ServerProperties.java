package org.kafkamesos.executor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a node's {@code server.properties} from its {@link LaunchSpec}: the keys the spec owns first, in a
 * fixed order, then the overrides in key order. The same spec and sandbox always give the same bytes.
 */
final class ServerProperties {

    private ServerProperties() {
    }

    /** The entries in the order they are written; log dirs are resolved against {@code sandbox}. */
    static Map<String, String> entries(LaunchSpec spec, Path sandbox) {
        Map<String, String> p = new LinkedHashMap<>();
        boolean broker = spec.has(Role.BROKER);
        boolean controller = spec.has(Role.CONTROLLER);
        p.put("node.id", Integer.toString(spec.nodeId()));
        List<String> roles = new ArrayList<>();
        for (Role role : Role.values()) {
            if (spec.has(role)) {
                roles.add(role.configValue());
            }
        }
        p.put("process.roles", String.join(",", roles));

        List<String> listeners = new ArrayList<>();
        if (broker) {
            listeners.add(LaunchSpec.BROKER_LISTENER + "://" + spec.bindHost() + ":" + spec.brokerPort().getAsInt());
        }
        if (controller) {
            listeners.add(LaunchSpec.CONTROLLER_LISTENER + "://" + spec.bindHost() + ":" + spec.controllerPort().getAsInt());
        }
        p.put("listeners", String.join(",", listeners));
        List<String> advertised = new ArrayList<>();
        if (broker) {
            advertised.add(LaunchSpec.BROKER_LISTENER + "://" + spec.advertisedHost() + ":" + spec.brokerPort().getAsInt());
        }
        if (controller && spec.dynamicQuorum()) {
            // a controller of a dynamic quorum tells the others where to reach it (KIP-853), not the address it binds
            advertised.add(LaunchSpec.CONTROLLER_LISTENER + "://" + spec.advertisedHost() + ":" + spec.controllerPort().getAsInt());
        }
        if (!advertised.isEmpty()) {
            p.put("advertised.listeners", String.join(",", advertised));
        }
        p.put("listener.security.protocol.map",
                LaunchSpec.BROKER_LISTENER + ":PLAINTEXT," + LaunchSpec.CONTROLLER_LISTENER + ":PLAINTEXT");
        if (broker) {
            p.put("inter.broker.listener.name", LaunchSpec.BROKER_LISTENER);
        }
        p.put("controller.listener.names", LaunchSpec.CONTROLLER_LISTENER);
        if (spec.dynamicQuorum()) {
            p.put("controller.quorum.bootstrap.servers",
                    spec.controllerQuorum().stream().map(v -> v.host() + ":" + v.port()).collect(Collectors.joining(",")));
        } else {
            p.put("controller.quorum.voters",
                    spec.controllerQuorum().stream().map(QuorumVoter::toString).collect(Collectors.joining(",")));
        }
        p.put("log.dirs", logDirs(spec, sandbox).stream().map(Path::toString).collect(Collectors.joining(",")));
        dedupeBufferFor(spec).ifPresent(bytes -> p.put(DEDUPE_BUFFER, Long.toString(bytes)));
        // Allowed owned overrides replace the rendered value in place; the others come after, in key order.
        p.putAll(spec.overrides());
        return p;
    }

    /** The log cleaner's deduplication buffer, which Kafka allocates on the heap at start. */
    static final String DEDUPE_BUFFER = "log.cleaner.dedupe.buffer.size";
    /** Kafka's default for {@value #DEDUPE_BUFFER}: 128 MiB, more than a small heap holds. */
    static final long KAFKA_DEDUPE_BUFFER = 128L * 1024 * 1024;

    /**
     * The deduplication buffer a heap of {@code heapMb} holds: a quarter of the heap when that is less than Kafka's
     * default of 128 MiB (heaps under 512 MB), at least 1 MiB per cleaner thread (Kafka's smallest); none, so Kafka's
     * default, for larger heaps or when the overrides set it. With Kafka's default a 128 MB heap fails at start with
     * {@code OutOfMemoryError} in {@code SkimpyOffsetMap}.
     */
    static java.util.Optional<Long> dedupeBufferFor(LaunchSpec spec) {
        if (spec.overrides().containsKey(DEDUPE_BUFFER)) {
            return java.util.Optional.empty();
        }
        long quarter = spec.heapMb() * 1024L * 1024 / 4;
        if (quarter >= KAFKA_DEDUPE_BUFFER) {
            return java.util.Optional.empty();
        }
        long threads = 1;
        try {
            threads = Math.max(1, Long.parseLong(spec.overrides().getOrDefault("log.cleaner.threads", "1").strip()));
        } catch (NumberFormatException e) {
            // Kafka refuses the value itself, naming it
        }
        return java.util.Optional.of(Math.max(quarter, threads * 1024 * 1024));
    }

    /** The file's text: a header line, then one {@code key=value} line per entry, escaped as .properties files are. */
    static String render(LaunchSpec spec, Path sandbox) {
        StringBuilder text = new StringBuilder();
        text.append("# Rendered by the kafka-mesos executor from the launch spec of node ").append(spec.nodeId())
                .append("; it is rewritten at every launch.\n");
        for (Map.Entry<String, String> e : entries(spec, sandbox).entrySet()) {
            text.append(escape(e.getKey(), true)).append('=').append(escape(e.getValue(), false)).append('\n');
        }
        return text.toString();
    }

    /** The spec's log dirs as absolute paths, relative ones resolved against the sandbox. */
    static List<Path> logDirs(LaunchSpec spec, Path sandbox) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : spec.logDirs()) {
            dirs.add(sandbox.resolve(dir).toAbsolutePath().normalize());
        }
        return dirs;
    }

    /**
     * Escapes as {@link java.util.Properties#load} reads it back, so that no value can end its line and add an
     * entry of its own: line breaks become {@code \n}, separators in keys and leading blanks are escaped.
     */
    static String escape(String s, boolean key) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(i == 0 || key ? "\\ " : " ");
                case '=', ':' -> out.append(key ? "\\" + c : String.valueOf(c));
                case '#', '!' -> out.append(i == 0 ? "\\" + c : String.valueOf(c));
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
