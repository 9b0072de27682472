package org.kafkamesos.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.executor.LaunchSpec;

/**
 * What users of {@link BrokerOptions} rely on: a spec printed as parameters ({@link BrokerOptions#toParameters})
 * reads back as the same spec, so that a broker shown can be copied; and applying options changes exactly the
 * options given.
 */
class BrokerOptionsProperties {

    private static final List<String> CONSTRAINTS = List.of("hostname=unique", "rack=groupBy:3", "rack=like:r[12]",
            "dc=cluster:dc1", "zone=maxPer:2", "hostname=unlike:h9");

    @Property
    void aSpecPrintedAsParameters_readsBackAsTheSameSpec(@ForAll("specs") BrokerSpec spec) {
        assertThat(BrokerOptions.parse(BrokerOptions.toParameters(spec)).applyTo(BrokerSpec.DEFAULT)).isEqualTo(spec);
    }

    @Property
    void applyingOptions_changesExactlyTheOptionsGiven(@ForAll("specs") BrokerSpec base, @ForAll("specs") BrokerSpec other,
                                                       @ForAll("names") Set<String> given) {
        Map<String, String> wanted = BrokerOptions.toParameters(other);
        Map<String, String> parameters = new LinkedHashMap<>();
        given.forEach(n -> parameters.put(n, wanted.get(n)));
        BrokerSpec changed;
        try {
            changed = BrokerOptions.parse(parameters).applyTo(base);
        } catch (IllegalArgumentException e) {
            // only a mix of the two specs that does not hold together may be refused
            assertThat(e.getMessage()).containsAnyOf("0 < heap < mem", "0 <= delay <= maxDelay");
            return;
        }
        Map<String, String> before = BrokerOptions.toParameters(base);
        Map<String, String> after = BrokerOptions.toParameters(changed);
        for (String name : BrokerOptions.NAMES) {
            assertThat(after.get(name)).as(name).isEqualTo(given.contains(name) ? wanted.get(name) : before.get(name));
        }
    }

    @Provide
    Arbitrary<Set<String>> names() {
        return Arbitraries.of(BrokerOptions.NAMES).set().ofMaxSize(BrokerOptions.NAMES.size());
    }

    /** Durations of the millisecond precision operators use, up to two days. */
    private static Arbitrary<Duration> spans() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 2880).map(Duration::ofMinutes),
                Arbitraries.longs().between(0, 172_800_000L).map(Duration::ofMillis));
    }

    @Provide
    Arbitrary<BrokerSpec> specs() {
        Arbitrary<long[]> memory = Arbitraries.longs().between(LaunchSpec.MIN_HEAP_MB + 1, 1_000_000)
                .flatMap(mem -> Arbitraries.longs().between(LaunchSpec.MIN_HEAP_MB, mem - 1).map(heap -> new long[] {mem, heap}));
        Arbitrary<PortPolicy> port = Arbitraries.oneOf(Arbitraries.just(new PortPolicy.Auto()),
                Arbitraries.integers().between(1, 65535).map(PortPolicy.Fixed::new),
                Arbitraries.integers().between(1, 65535).flatMap(from -> Arbitraries.integers().between(from, 65535)
                        .map(to -> new PortPolicy.Range(from, to))));
        Arbitrary<String> constraints = Arbitraries.of(CONSTRAINTS).list().ofMaxSize(3).map(l -> String.join(",", l));
        Arbitrary<Map<String, String>> options = Arbitraries.maps(
                Arbitraries.strings().withChars("abcxyz.").ofMinLength(1).ofMaxLength(10).filter(k -> !k.startsWith(".")),
                Arbitraries.strings().withChars("abcXYZ019/:_-.=").ofMaxLength(12)).ofMaxSize(4);
        Arbitrary<List<String>> jvm = Arbitraries.strings().withChars("-XDx:+=abc019/.").ofMinLength(1).ofMaxLength(12).list().ofMaxSize(4);
        Arbitrary<FailoverPolicy> failover = Combinators.combine(spans(), spans(),
                Arbitraries.integers().between(1, 100).injectNull(0.5)).as((a, b, tries) -> new FailoverPolicy(
                        a.compareTo(b) <= 0 ? a : b, a.compareTo(b) <= 0 ? b : a, tries == null ? OptionalInt.empty() : OptionalInt.of(tries)));
        Arbitrary<String> volume = Arbitraries.oneOf(Arbitraries.of("auto", "none"),
                Arbitraries.strings().withChars("abc-019").ofMinLength(1).ofMaxLength(10));
        Arbitrary<BrokerSpec.Builder> resources = Combinators.combine(Arbitraries.doubles().between(0.01, 64), memory,
                Arbitraries.longs().between(0, 10_000_000), port)
                // a volume of its own needs a size: disk 0 goes with the sandbox only
                .as((cpus, mem, disk, p) -> BrokerSpec.builder().cpus(cpus).memMb(mem[0]).heapMb(mem[1]).diskMb(Math.max(1, disk)).port(p));
        return Combinators.combine(resources, constraints, options, jvm, failover, spans(), volume)
                .as((b, c, o, j, f, sticky, v) -> b.constraints(c).options(o).jvmOptions(j).failover(f).stickinessPeriod(sticky)
                        .volume(v).build());
    }
}
