package org.kafkamesos.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.core.model.VolumePolicy;
import org.kafkamesos.placement.Constraints;

class BrokerOptionsTest {

    private static BrokerSpec applied(Map<String, String> parameters) {
        return BrokerOptions.parse(parameters).applyTo(BrokerSpec.DEFAULT);
    }

    @Test
    void parse_everyOption_setsTheSpec() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cpus", "1.5");
        p.put("mem", "4096");
        p.put("heap", "2048");
        p.put("disk", "10240");
        p.put("port", "9092..9099");
        p.put("constraints", "hostname=unique,rack=groupBy");
        p.put("options", "log.retention.hours=24,num.io.threads=8");
        p.put("jvmOptions", "-XX:+UseG1GC  -Dx=y");
        p.put("failoverDelay", "30s");
        p.put("failoverMaxDelay", "PT5M");
        p.put("failoverMaxTries", "5");
        p.put("stickinessPeriod", "1h");
        p.put("volume", "kafka-0");

        BrokerSpec spec = applied(p);

        assertThat(spec).isEqualTo(BrokerSpec.builder().cpus(1.5).memMb(4096).heapMb(2048).diskMb(10240)
                .port(new PortPolicy.Range(9092, 9099)).constraints("hostname=unique,rack=groupBy")
                .options(Map.of("log.retention.hours", "24", "num.io.threads", "8"))
                .jvmOptions(List.of("-XX:+UseG1GC", "-Dx=y"))
                .failover(new FailoverPolicy(Duration.ofSeconds(30), Duration.ofMinutes(5), OptionalInt.of(5)))
                .stickinessPeriod(Duration.ofHours(1)).volume("kafka-0").build());
    }

    @Test
    void parse_noOption_leavesTheSpecAsItIs() {
        BrokerSpec spec = BrokerSpec.builder().cpus(3).volume("v").build();

        assertThat(BrokerOptions.parse(Map.of()).applyTo(spec)).isEqualTo(spec);
        assertThat(BrokerOptions.parse(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void applyTo_changesOnlyTheGivenOptions() {
        BrokerSpec before = BrokerSpec.builder().cpus(2).memMb(8192).heapMb(4096).constraints("hostname=unique")
                .failover(new FailoverPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), OptionalInt.of(3))).build();

        BrokerSpec after = BrokerOptions.parse(Map.of("heap", "6000", "failoverMaxTries", "7")).applyTo(before);

        assertThat(after).isEqualTo(before.toBuilder().heapMb(6000)
                .failover(new FailoverPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), OptionalInt.of(7))).build());
    }

    @Test
    void emptyValues_resetOptionsToTheirDefaults() {
        BrokerSpec custom = applied(Map.of("cpus", "4", "port", "9092", "constraints", "hostname=unique", "options", "a=1",
                "jvmOptions", "-Da", "failoverMaxTries", "2", "volume", "v1", "stickinessPeriod", "1m"));
        Map<String, String> resetAll = new LinkedHashMap<>();
        BrokerOptions.NAMES.forEach(n -> resetAll.put(n, ""));

        assertThat(BrokerOptions.parse(resetAll).applyTo(custom)).isEqualTo(BrokerSpec.DEFAULT);
        assertThat(BrokerOptions.parse(Map.of("port", "  ")).applyTo(custom).port()).isEqualTo(new PortPolicy.Auto());
    }

    @Test
    void port_acceptsAutoAPortOrARange() {
        assertThat(applied(Map.of("port", "auto")).port()).isEqualTo(new PortPolicy.Auto());
        assertThat(applied(Map.of("port", "9092")).port()).isEqualTo(new PortPolicy.Fixed(9092));
        assertThat(applied(Map.of("port", "9092..9099")).port()).isEqualTo(new PortPolicy.Range(9092, 9099));
    }

    @Test
    void options_keepACommaInAValue_unlessANewKeyFollows() {
        assertThat(applied(Map.of("options", "ssl.cipher.suites=a,b,num.io.threads=8")).options())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ssl.cipher.suites", "a,b", "num.io.threads", "8"));
        assertThat(applied(Map.of("options", "sasl.jaas.config=x://h:9092, a.b = c=d")).options())
                .containsExactlyInAnyOrderEntriesOf(Map.of("sasl.jaas.config", "x://h:9092", "a.b", "c=d"));
    }

    @Test
    void constraints_acceptTheMarathonSyntaxToo() {
        assertThat(applied(Map.of("constraints", "[[\"hostname\",\"UNIQUE\"]]")).constraints())
                .isEqualTo(Constraints.parse("hostname=unique"));
    }

    @Test
    void unknownName_isRefused_listingTheAcceptedOnes() {
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("memory", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown broker option 'memory'; accepted: cpus, mem, heap, disk, port, constraints, options, "
                        + "jvmOptions, failoverDelay, failoverMaxDelay, failoverMaxTries, stickinessPeriod, volume, role");
    }

    @Test
    void badValues_areRefused_sayingWhatIsAccepted() {
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("cpus", "abc")))
                .hasMessage("cpus must be a number > 0, such as 0.5, 1 or 2; got 'abc'");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("cpus", "0"))).hasMessageContaining("cpus must be a number > 0");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("cpus", "NaN"))).hasMessageContaining("cpus must be a number > 0");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("mem", "2g")))
                .hasMessage("mem must be a whole number of MB >= 1, such as 2048; got '2g'");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("disk", "-1"))).hasMessageContaining("disk must be a whole number of MB >= 0");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("port", "90000")))
                .hasMessageStartingWith("port must be auto, a port such as 9092, or a range such as 9092..9099; got '90000'");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("port", "9099..9092"))).hasMessageStartingWith("port must be auto");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("failoverDelay", "5 minutes")))
                .hasMessage("failoverDelay: expected a duration >= 0 such as 500ms, 30s, 1m, 10m, 1h, 1d or ISO-8601 such as PT1M, "
                        + "got '5 minutes'");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("failoverMaxTries", "0")))
                .hasMessage("failoverMaxTries must be a whole number >= 1, or empty for no limit; got '0'");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("constraints", "hostname=sometimes")))
                .hasMessageStartingWith("cannot parse constraints 'hostname=sometimes'");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("options", "retention")))
                .hasMessage("options must be key=value pairs separated by commas, such as log.retention.hours=24,num.io.threads=8; "
                        + "got 'retention', where 'retention' is not key=value");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("options", "=1"))).hasMessageStartingWith("options must be key=value");
        assertThatThrownBy(() -> BrokerOptions.parse(Map.of("options", "a=1,a=2")))
                .hasMessage("options must name each key once; got 'a' twice in 'a=1,a=2'");
    }

    @Test
    void parse_reportsEveryProblemAtOnce() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("cpus", "x");
        p.put("heap", "y");

        assertThatThrownBy(() -> BrokerOptions.parse(p)).hasMessage("cpus must be a number > 0, such as 0.5, 1 or 2; got 'x'; "
                + "heap must be a whole number of MB >= 1, such as 2048; got 'y'");
    }

    @Test
    void applyTo_refusesASpecThatDoesNotHoldTogether() {
        assertThatThrownBy(() -> applied(Map.of("heap", "4096"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < heap < mem");
        assertThatThrownBy(() -> applied(Map.of("failoverDelay", "1h"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 <= delay <= maxDelay");
    }

    @Test
    void toParameters_printsEveryOption_asParseReadsThem() {
        BrokerSpec spec = BrokerSpec.builder().cpus(0.5).port(new PortPolicy.Fixed(9092)).options(Map.of("a", "1", "b", "x,y"))
                .jvmOptions(List.of("-Xss1m", "-Da=b")).stickinessPeriod(Duration.ofMillis(1500)).volume("data").build();

        Map<String, String> p = BrokerOptions.toParameters(spec);

        assertThat(p).containsOnlyKeys(BrokerOptions.NAMES).containsEntry("cpus", "0.5").containsEntry("port", "9092")
                .containsEntry("options", "a=1,b=x,y").containsEntry("jvmOptions", "-Xss1m -Da=b")
                .containsEntry("failoverDelay", "1m").containsEntry("failoverMaxDelay", "10m").containsEntry("failoverMaxTries", "")
                .containsEntry("stickinessPeriod", "1500ms").containsEntry("volume", "data");
        assertThat(applied(p)).isEqualTo(spec);
        assertThat(applied(p).volume()).isEqualTo(new VolumePolicy.Existing("data"));
    }
}
