package org.kafkamesos.core.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.Durations;
import org.kafkamesos.core.model.NodeRole;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.placement.Constraints;

/**
 * Broker options by the names the mesos/kafka API and CLI use, parsed into a change of a {@link BrokerSpec}.
 * Reusable outside the HTTP API, for example by a CLI or a configuration file reader:
 *
 * <pre>{@code
 * BrokerOptions options = BrokerOptions.parse(Map.of("cpus", "2", "heap", "", "failoverDelay", "30s"));
 * cluster.update("0..2", options::applyTo);   // cpus 2, heap back to its default, failover delay 30 seconds
 * }</pre>
 *
 * <table>
 *   <caption>Options; an empty value resets an option to its {@link BrokerSpec#DEFAULT default}</caption>
 *   <tr><th>name</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code cpus}</td><td>a number &gt; 0, such as {@code 0.5}</td><td>1</td></tr>
 *   <tr><td>{@code mem}</td><td>task memory in MB, heap included</td><td>2048</td></tr>
 *   <tr><td>{@code heap}</td><td>Java heap in MB, below {@code mem}</td><td>1024</td></tr>
 *   <tr><td>{@code disk}</td><td>disk in MB, {@code >= 0}: the size of the broker's volume, or its sandbox's disk</td><td>5120</td></tr>
 *   <tr><td>{@code port}</td><td>{@code auto}, a port such as {@code 9092}, or a range such as {@code 9092..9099}</td><td>auto</td></tr>
 *   <tr><td>{@code constraints}</td><td>{@code hostname=unique,rack=groupBy:3} or Marathon JSON ({@link Constraints#parse})</td><td>none</td></tr>
 *   <tr><td>{@code options}</td><td>Kafka overrides {@code key=value,key=value}; a comma stays in a value unless
 *       {@code key=} follows it</td><td>none</td></tr>
 *   <tr><td>{@code jvmOptions}</td><td>JVM arguments separated by white space (an argument cannot hold white space)</td><td>none</td></tr>
 *   <tr><td>{@code failoverDelay}</td><td>a duration: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 1h}, {@code 1d} or
 *       ISO-8601 ({@code PT1M})</td><td>1m</td></tr>
 *   <tr><td>{@code failoverMaxDelay}</td><td>a duration, {@code >= failoverDelay}</td><td>10m</td></tr>
 *   <tr><td>{@code failoverMaxTries}</td><td>a whole number {@code >= 1}</td><td>no limit</td></tr>
 *   <tr><td>{@code stickinessPeriod}</td><td>a duration</td><td>10m</td></tr>
 *   <tr><td>{@code volume}</td><td>{@code auto} (a volume the scheduler makes), {@code none} (the sandbox) or the persistence id of a volume made by hand</td><td>{@code auto}</td></tr>
 *   <tr><td>{@code role}</td><td>{@code auto} (a broker, a controller too if chosen: the first started), {@code broker},
 *       {@code controller} (a dedicated controller, no broker listener) or {@code both}; fixed once the node has run</td>
 *       <td>{@code auto}</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BrokerOptions {

    /** Every option name, in the order of the table above. */
    public static final List<String> NAMES = List.of("cpus", "mem", "heap", "disk", "port", "constraints", "options",
            "jvmOptions", "failoverDelay", "failoverMaxDelay", "failoverMaxTries", "stickinessPeriod", "volume", "role");

    private static final String PORT_FORMS = PortPolicy.FORMS;
    private static final String OPTIONS_FORM = "key=value pairs separated by commas, such as log.retention.hours=24,num.io.threads=8";
    /** What starts a new Kafka option after a comma: {@code key=}. */
    private static final Pattern OPTION_START = Pattern.compile("\\s*[^=,\\s]+\\s*=");

    /** The changes by option name, in the order given. */
    private final Map<String, Consumer<Edit>> changes;

    private BrokerOptions(Map<String, Consumer<Edit>> changes) {
        this.changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    /**
     * Parses options by name. An empty (or blank) value resets the option to its default.
     *
     * @param parameters option names (see {@link #NAMES}) to their text
     * @return the change, to apply with {@link #applyTo(BrokerSpec)}
     * @throws IllegalArgumentException naming every unknown name or bad value and what is accepted
     */
    public static BrokerOptions parse(Map<String, String> parameters) {
        Map<String, Consumer<Edit>> changes = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        parameters.forEach((name, value) -> {
            try {
                changes.put(name, change(name, value == null ? "" : value.strip()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new BrokerOptions(changes);
    }

    /**
     * The options that give {@code spec} when applied to {@link BrokerSpec#DEFAULT}: every option, printed as
     * {@link #parse} reads it, for a spec to be copied or shown.
     */
    public static Map<String, String> toParameters(BrokerSpec spec) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cpus", Double.toString(spec.cpus()));
        p.put("mem", Long.toString(spec.memMb()));
        p.put("heap", Long.toString(spec.heapMb()));
        p.put("disk", Long.toString(spec.diskMb()));
        p.put("port", spec.port().toString());
        p.put("constraints", Constraints.format(spec.constraints()));
        p.put("options", formatOptions(spec.options()));
        p.put("jvmOptions", String.join(" ", spec.jvmOptions()));
        p.put("failoverDelay", Durations.format(spec.failover().delay()));
        p.put("failoverMaxDelay", Durations.format(spec.failover().maxDelay()));
        p.put("failoverMaxTries", spec.failover().maxTries().isPresent() ? Integer.toString(spec.failover().maxTries().getAsInt()) : "");
        p.put("stickinessPeriod", Durations.format(spec.stickinessPeriod()));
        p.put("volume", spec.volume().toString());
        p.put("role", spec.role().toString());
        return p;
    }

    /** The names of the options given, in the order given. */
    public Set<String> names() {
        return changes.keySet();
    }

    /** Whether no option was given. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * {@code spec} with the given options changed and every other one kept.
     *
     * @throws IllegalArgumentException if the result is not a valid spec, such as a heap not below the memory
     *                                  or a failover delay above the maximum delay
     */
    public BrokerSpec applyTo(BrokerSpec spec) {
        Edit edit = new Edit(spec);
        changes.values().forEach(c -> c.accept(edit));
        return edit.spec.failover(new FailoverPolicy(edit.delay, edit.maxDelay, edit.maxTries)).build();
    }

    @Override
    public String toString() {
        return "BrokerOptions" + changes.keySet();
    }

    /** A spec being changed; the failover policy is assembled last, as its parts are validated together. */
    private static final class Edit {
        final BrokerSpec.Builder spec;
        Duration delay;
        Duration maxDelay;
        OptionalInt maxTries;

        Edit(BrokerSpec base) {
            spec = base.toBuilder();
            delay = base.failover().delay();
            maxDelay = base.failover().maxDelay();
            maxTries = base.failover().maxTries();
        }
    }

    private static Consumer<Edit> change(String name, String value) {
        BrokerSpec d = BrokerSpec.DEFAULT;
        boolean reset = value.isEmpty();
        switch (name) {
            case "cpus": {
                double cpus = reset ? d.cpus() : cpus(value);
                return e -> e.spec.cpus(cpus);
            }
            case "mem": {
                long mem = reset ? d.memMb() : megabytes(name, value, 1);
                return e -> e.spec.memMb(mem);
            }
            case "heap": {
                long heap = reset ? d.heapMb() : megabytes(name, value, 1);
                return e -> e.spec.heapMb(heap);
            }
            case "disk": {
                long disk = reset ? d.diskMb() : megabytes(name, value, 0);
                return e -> e.spec.diskMb(disk);
            }
            case "port": {
                PortPolicy port = reset ? d.port() : port(value);
                return e -> e.spec.port(port);
            }
            case "constraints": {
                var constraints = Constraints.parse(value);
                return e -> e.spec.constraints(constraints);
            }
            case "options": {
                Map<String, String> options = parseOptions(value);
                return e -> e.spec.options(options);
            }
            case "jvmOptions": {
                List<String> jvm = reset ? List.of() : List.of(value.split("\\s+"));
                return e -> e.spec.jvmOptions(jvm);
            }
            case "failoverDelay": {
                Duration delay = reset ? d.failover().delay() : duration(name, value);
                return e -> e.delay = delay;
            }
            case "failoverMaxDelay": {
                Duration maxDelay = reset ? d.failover().maxDelay() : duration(name, value);
                return e -> e.maxDelay = maxDelay;
            }
            case "failoverMaxTries": {
                OptionalInt tries = reset ? d.failover().maxTries() : OptionalInt.of(maxTries(value));
                return e -> e.maxTries = tries;
            }
            case "stickinessPeriod": {
                Duration period = reset ? d.stickinessPeriod() : duration(name, value);
                return e -> e.spec.stickinessPeriod(period);
            }
            case "volume": {
                String volume = reset ? d.volume().toString() : value;
                return e -> e.spec.volume(volume);
            }
            case "role": {
                NodeRole role = reset ? d.role() : NodeRole.parse(value);
                return e -> e.spec.role(role);
            }
            default:
                throw new IllegalArgumentException("unknown broker option '" + name + "'; accepted: " + String.join(", ", NAMES));
        }
    }

    private static double cpus(String value) {
        try {
            double cpus = Double.parseDouble(value);
            if (cpus > 0 && !Double.isInfinite(cpus)) {
                return cpus;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("cpus must be a number > 0, such as 0.5, 1 or 2; got '" + value + "'");
    }

    private static long megabytes(String name, String value, long min) {
        try {
            long mb = Long.parseLong(value);
            if (mb >= min) {
                return mb;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of MB >= " + min + ", such as 2048; got '" + value + "'");
    }

    private static PortPolicy port(String value) {
        return PortPolicy.parse(value);
    }

    private static Duration duration(String name, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    private static int maxTries(String value) {
        try {
            int tries = Integer.parseInt(value);
            if (tries >= 1) {
                return tries;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("failoverMaxTries must be a whole number >= 1, or empty for no limit; got '" + value + "'");
    }

    /** Parses Kafka overrides {@code a=1,b=2}; a comma stays in a value unless {@code key=} follows it. */
    static Map<String, String> parseOptions(String text) {
        Map<String, String> options = new TreeMap<>();
        if (text.isBlank()) {
            return options;
        }
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ',' && OPTION_START.matcher(text).region(i + 1, text.length()).lookingAt()) {
                String item = text.substring(start, i);
                int eq = item.indexOf('=');
                String key = eq < 0 ? "" : item.substring(0, eq).strip();
                if (key.isEmpty() || key.contains(",")) {
                    throw new IllegalArgumentException("options must be " + OPTIONS_FORM + "; got '" + text + "', where '" + item
                            + "' is not key=value");
                }
                if (options.put(key, item.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException("options must name each key once; got '" + key + "' twice in '" + text + "'");
                }
                start = i + 1;
            }
        }
        return options;
    }

    /** Prints Kafka overrides as {@link #parseOptions} reads them. */
    static String formatOptions(Map<String, String> options) {
        return options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
