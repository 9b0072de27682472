package org.kafkamesos.examples;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that is one request to a running scheduler's HTTP API ({@code --api}); prints what it answered, or
 * why it failed, and exits with {@link BrokerCli#EXIT_REFUSED} or {@link BrokerCli#EXIT_FAILED} then.
 */
abstract class ApiRequest implements Callable<Integer> {

    /** How long a request that does not wait may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The {@code --api} option. */
    static final class ApiOption {
        @Option(names = "--api", paramLabel = "URL",
                defaultValue = "${env:KAFKA_MESOS_API:-${env:KM_API:-" + BrokerCli.DEFAULT_API + "}}",
                description = "The scheduler's HTTP API; default: api= of kafka-mesos.properties, else $KAFKA_MESOS_API, else "
                        + "$KM_API (mesos/kafka's), else " + BrokerCli.DEFAULT_API + ".")
        URI api;
    }

    @Spec
    CommandSpec spec;
    @Mixin
    ApiOption api;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            return send(new ApiClient(api.api), out);
        } catch (ApiClient.ApiException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            err.flush();
            return e.refused() ? BrokerCli.EXIT_REFUSED : BrokerCli.EXIT_FAILED;
        } finally {
            out.flush();
        }
    }

    abstract int send(ApiClient client, PrintWriter out);
}
