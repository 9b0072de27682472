package org.kafkamesos.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /fetch/<name>}: the files agents fetch from the scheduler, served beside the API. */
class FetchHandlerTest extends HttpApiHarness {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aServedFile_isItsBytes_anUnknownNameA404ListingTheServed_andAPostA405() throws Exception {
        byte[] jar = new byte[200_000];
        for (int i = 0; i < jar.length; i++) {
            jar[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("executor.jar"), jar);
        try (HttpApi api = startApi(HttpApi.builder(cluster).fetchable("kafka-mesos-executor.jar", file))) {
            HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(api.uri().resolve("/fetch/kafka-mesos-executor.jar"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(api.uri().resolve("/fetch/kafka.tgz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(api.uri().resolve("/fetch/kafka-mesos-executor.jar"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> apiStill = http.send(HttpRequest.newBuilder(api.uri().resolve("/api/broker/list")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(jar);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("served: kafka-mesos-executor.jar");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(apiStill.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aNameThatIsNoSinglePathSegment_isRefused() {
        for (String name : new String[] {"", "../etc/passwd", "a/b", ".hidden", "a b"}) {
            assertThatThrownBy(() -> HttpApi.builder(cluster).fetchable(name, dir)).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one path segment");
        }
    }
}
