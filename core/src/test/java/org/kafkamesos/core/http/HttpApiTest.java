package org.kafkamesos.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.kafkamesos.core.kafka.KafkaOperations;
import org.kafkamesos.core.model.Broker;
import org.kafkamesos.core.model.BrokerSpec;
import org.kafkamesos.core.model.FailoverPolicy;
import org.kafkamesos.core.model.MesosTaskState;
import org.kafkamesos.core.model.PortPolicy;
import org.kafkamesos.core.model.Task;
import org.kafkamesos.core.model.TaskPhase;
import org.kafkamesos.core.scheduler.MesosAction;

/**
 * The HTTP API as its users see it: every endpoint's answer, the waits of start, stop and restart, each class of
 * error (as JSON, changing nothing), and its threads and shutdown. See {@link HttpApiHarness} for the set-up.
 */
class HttpApiTest extends HttpApiHarness {

    // -- happy paths ---------------------------------------------------------------------------------------

    @Test
    void add_createsTheBrokers_withTheGivenOptionsAndDefaultsForTheRest() throws IOException {
        Answer a = get("/api/broker/add?broker=0..2&cpus=2&mem=4096&heap=2048&port=9092..9099&constraints=" + q("hostname=unique")
                + "&options=" + q("log.retention.hours=24,num.io.threads=8") + "&jvmOptions=" + q("-XX:+UseG1GC -Dx=y")
                + "&failoverDelay=30s&failoverMaxTries=5&volume=kafka-0");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("brokers")).hasSize(3);
        assertThat(a.body().path("brokers").get(0)).isEqualTo(JSON.readTree("{\"id\":0,\"active\":false,\"state\":\"none\","
                + "\"needsRestart\":false,\"cpus\":2.0,\"mem\":4096,\"heap\":2048,\"disk\":5120,\"port\":\"9092..9099\","
                + "\"constraints\":\"hostname=unique\",\"options\":\"log.retention.hours=24,num.io.threads=8\","
                + "\"jvmOptions\":\"-XX:+UseG1GC -Dx=y\",\"failover\":{\"delay\":\"30s\",\"maxDelay\":\"10m\",\"maxTries\":5,"
                + "\"failures\":0,\"lastFailure\":null,\"lastReason\":null},\"stickiness\":{\"period\":\"10m\",\"lastHost\":null,"
                + "\"since\":null},\"volume\":\"kafka-0\",\"role\":\"auto\",\"data\":null,\"task\":null}"));
        assertThat(cluster.list().join().get(2).spec()).isEqualTo(BrokerSpec.builder().cpus(2).memMb(4096).heapMb(2048)
                .port(new PortPolicy.Range(9092, 9099)).constraints("hostname=unique")
                .options(Map.of("log.retention.hours", "24", "num.io.threads", "8")).jvmOptions(List.of("-XX:+UseG1GC", "-Dx=y"))
                .failover(new FailoverPolicy(Duration.ofSeconds(30), Duration.ofMinutes(10), java.util.OptionalInt.of(5)))
                .volume("kafka-0").build());
    }

    @Test
    void add_readsAFormBody_asTheCliPostsIt_togetherWithTheQueryString() {
        Answer a = post("/api/broker/add?broker=0", "cpus=0.5&jvmOptions=" + q("-XX:+UseG1GC -Dx=a b"));

        assertThat(a.status()).isEqualTo(200);
        assertThat(cluster.list().join().get(0).spec()).isEqualTo(BrokerSpec.builder().cpus(0.5)
                .jvmOptions(List.of("-XX:+UseG1GC", "-Dx=a", "b")).build());
    }

    @Test
    void update_changesOnlyTheGivenOptions_andAnEmptyValueResetsOneToItsDefault() {
        get("/api/broker/add?broker=0,1&cpus=2&mem=4096&heap=2048&stickinessPeriod=1m");

        Answer a = get("/api/broker/update?broker=*&heap=3000&cpus=&failoverMaxDelay=1h");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("brokers").findValuesAsText("heap")).containsExactly("3000", "3000");
        BrokerSpec expected = BrokerSpec.builder().cpus(1).memMb(4096).heapMb(3000).stickinessPeriod(Duration.ofMinutes(1))
                .failover(new FailoverPolicy(Duration.ofMinutes(1), Duration.ofHours(1), java.util.OptionalInt.empty())).build();
        assertThat(cluster.list().join().values()).extracting(Broker::spec).containsExactly(expected, expected);
    }

    @Test
    void update_ofARunningBroker_marksItAsNeedingARestart() {
        runningBroker(0, "h1");

        Answer a = get("/api/broker/update?broker=0&options=" + q("num.io.threads=16"));

        assertThat(a.body().path("brokers").get(0).path("needsRestart").asBoolean()).isTrue();
        assertThat(a.body().path("brokers").get(0).path("options").asText()).isEqualTo("num.io.threads=16");
    }

    @Test
    void remove_answersTheIdsOfTheRemovedBrokers() {
        get("/api/broker/add?broker=0..2");

        Answer a = get("/api/broker/remove?broker=0,2");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().toString()).as("no volume of its own to release: gone at once").isEqualTo("{\"brokers\":[0,2],\"removing\":[]}");
        assertThat(cluster.list().join()).containsOnlyKeys(1);
    }

    @Test
    void list_withoutABroker_listsEveryBroker_andAnEmptyClusterAsEmpty() {
        assertThat(get("/api/broker/list").body().toString()).isEqualTo("{\"brokers\":[]}");
        get("/api/broker/add?broker=3,5");

        assertThat(get("/api/broker/list").body().path("brokers").findValuesAsText("id")).containsExactly("3", "5");
        assertThat(get("/api/broker/list?broker=5").body().path("brokers").findValuesAsText("id")).containsExactly("5");
    }

    @Test
    void start_waitsUntilTheBrokersRun_andSaysStarted() {
        get("/api/broker/add?broker=0");

        CompletableFuture<Answer> answer = getAsync("/api/broker/start?broker=0&timeout=30s");
        cluster.await("0", Broker::active, WAIT).join();
        assertThat(answer).isNotDone();
        Task task = launch(0, "h1");
        assertThat(answer).isNotDone();
        report(task, MesosTaskState.RUNNING);

        Answer a = answer.join();
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("status").asText()).isEqualTo("started");
        JsonNode broker = a.body().path("brokers").get(0);
        assertThat(broker.path("state").asText()).isEqualTo("running");
        assertThat(broker.path("task").path("hostname").asText()).isEqualTo("h1");
        assertThat(broker.path("task").path("endpoint").asText()).isEqualTo("h1:" + task.ports().get(0));
        assertThat(broker.path("stickiness").path("lastHost").asText()).isEqualTo("h1");
    }

    @Test
    void start_withTimeoutZero_answersScheduled_withoutWaiting() {
        get("/api/broker/add?broker=0");

        Answer a = get("/api/broker/start?broker=0&timeout=0");

        assertThat(a.body().path("status").asText()).isEqualTo("scheduled");
        assertThat(a.body().path("brokers").get(0).path("active").asBoolean()).isTrue();
    }

    @Test
    void start_thatDoesNotFinishInTime_answersTimeout_withTheBrokersAsTheyAre() {
        get("/api/broker/add?broker=0");

        Answer a = get("/api/broker/start?broker=0&timeout=200ms");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("status").asText()).isEqualTo("timeout");
        assertThat(a.body().path("brokers").get(0).path("active").asBoolean()).isTrue();
        assertThat(a.body().path("brokers").get(0).path("state").asText()).isEqualTo("none");
    }

    @Test
    void stop_waitsUntilTheTaskEnded_andSaysStopped() {
        Task task = runningBroker(0, "h1");

        CompletableFuture<Answer> answer = getAsync("/api/broker/stop?broker=0");
        cluster.await("0", b -> b.phase() == TaskPhase.STOPPING, WAIT).join();
        assertThat(sent).contains(new MesosAction.Kill(task.taskId(), Optional.of(task.agentId())));
        assertThat(answer).isNotDone();
        report(task, MesosTaskState.KILLED);

        Answer a = answer.join();
        assertThat(a.body().path("status").asText()).isEqualTo("stopped");
        assertThat(a.body().path("brokers").get(0).path("state").asText()).isEqualTo("none");
        assertThat(a.body().path("brokers").get(0).path("active").asBoolean()).isFalse();
    }

    @Test
    void restart_waitsUntilANewTaskRuns_andSaysRestarted() {
        Task old = runningBroker(0, "h1");

        CompletableFuture<Answer> answer = getAsync("/api/broker/restart?broker=0&timeout=1m");
        cluster.await("0", b -> b.phase() == TaskPhase.STOPPING, WAIT).join();
        report(old, MesosTaskState.KILLED);
        cluster.await("0", b -> b.phase() == TaskPhase.NONE, WAIT).join();
        Task fresh = launch(0, "h1");
        assertThat(answer).isNotDone();
        report(fresh, MesosTaskState.RUNNING);

        Answer a = answer.join();
        assertThat(a.body().path("status").asText()).isEqualTo("restarted");
        assertThat(a.body().path("brokers").get(0).path("task").path("id").asText()).isEqualTo(fresh.taskId()).isNotEqualTo(old.taskId());
    }

    @Test
    void log_answersTheEndOfTheLog_readByTheBrokerLogs() {
        runningBroker(0, "h1");

        Answer a = get("/api/broker/log?broker=0&name=server.log&lines=5");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().toString()).isEqualTo("{\"broker\":0,\"name\":\"server.log\",\"content\":\"h1 server.log 5\"}");
        assertThat(get("/api/broker/log?broker=0").body().path("content").asText()).isEqualTo("h1 stdout 100");
    }

    @Test
    void explain_saysWhyEachBrokerIsOrIsNotRunning() {
        get("/api/broker/add?broker=0");

        Answer a = get("/api/broker/explain");

        assertThat(a.body().toString()).isEqualTo("{\"brokers\":[{\"id\":0,\"explanation\":\"broker 0 (inactive): no task; data"
                + " in its sandbox: it does not survive a relaunch (the framework's role '*' cannot reserve a volume)\"}]}");
    }

    @Test
    void health_isOk_thenFailedOnceTheStoreFailed() {
        assertThat(get("/health")).satisfies(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().toString()).isEqualTo("{\"status\":\"ok\"}");
        });

        store.failWrites();
        Answer failedWrite = get("/api/broker/add?broker=0");
        Answer health = get("/health");

        assertThat(failedWrite.status()).as("the store failed, not the request").isEqualTo(503);
        assertThat(failedWrite.error()).contains("disk gone (test)");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().path("status").asText()).isEqualTo("failed");
        assertThat(health.error()).startsWith("the state store failed: disk gone (test)");
        assertThat(get("/api/broker/list").status()).isEqualTo(503);
    }

    // -- errors: each answers JSON, and changes nothing ---------------------------------------------------

    @Test
    void unknownParameter_is400_listingTheAcceptedOnes() {
        Answer a = refusedWithoutChange("/api/broker/add?broker=5&memory=1");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).isEqualTo("unknown parameter 'memory' for /api/broker/add; accepted: broker, cpus, mem, heap, disk, "
                + "port, constraints, options, jvmOptions, failoverDelay, failoverMaxDelay, failoverMaxTries, stickinessPeriod, volume, role");
        assertThat(refusedWithoutChange("/api/broker/start?broker=0&force=true").error())
                .isEqualTo("unknown parameter 'force' for /api/broker/start; accepted: broker, timeout");
    }

    @Test
    void optionsTheLaunchSpecOwns_orAJvmOptionThatSetsTheHeap_are400_andNothingIsStored() {
        get("/api/broker/add?broker=0");
        for (String option : new String[] {"log.dirs=/etc", "node.id=5", "process.roles=broker", "listeners=PLAINTEXT://:1"}) {
            String key = option.substring(0, option.indexOf('='));
            Answer a = refusedWithoutChange("/api/broker/update?broker=0&options=" + option);
            assertThat(a.status()).as(option).isEqualTo(400);
            assertThat(a.error()).as(option).contains("'" + key + "'").contains("refused");
            assertThat(refusedWithoutChange("/api/broker/add?broker=7&options=" + option).status()).as(option).isEqualTo(400);
        }
        Answer heap = refusedWithoutChange("/api/broker/update?broker=0&jvmOptions=-Xmx64g");
        assertThat(heap.status()).isEqualTo(400);
        assertThat(heap.error()).contains("-Xmx64g").contains("heap");
    }

    @Test
    void aMalformedUri_isAJsonError_namingWhatIsMalformed_andNothingChanges() throws Exception {
        String before = get("/api/broker/list").body().toString();

        assertThat(raw("GET /api/%ZZ HTTP/1.1")).satisfies(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.error()).contains("malformed %-escape").contains("two hex digits");
        });
        assertThat(raw("GET /api/broker/update?broker=0&cpus=%ZZ HTTP/1.1")).satisfies(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.error()).contains("cpus=%ZZ");
        });
        assertThat(get("/api/broker/list").body().toString()).isEqualTo(before);
    }

    @Test
    void whatTheServerRefusesBeforeAnyEndpoint_isAJsonErrorToo() throws Exception {
        assertThat(raw("NOT A REQUEST LINE").status()).isEqualTo(400);
        assertThat(raw("GET /api/broker/list HTTP/1.1\r\nX-Big: " + "x".repeat(64 * 1024)).status()).isEqualTo(431);
    }

    /** Sends {@code head} as written (no client would send a malformed URI) and reads the JSON error it gets. */
    private Answer raw(String head) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(api.uri().getHost(), api.uri().getPort())) {
            socket.getOutputStream().write((head + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            assertThat(response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT))
                    .as("%s answered %s", head.lines().findFirst().orElse(""), response)
                    .contains("content-type: application/json");
            return new Answer(status, JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)), Optional.empty());
        }
    }

    @Test
    void aHeapBelowTheSmallestThatStarts_is400_namingTheSmallest() {
        Answer a = refusedWithoutChange("/api/broker/add?broker=5&heap=32&mem=256");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).contains("heap must be at least 64 MB").contains("got 32 MB");
    }

    @Test
    void mesosKafkasRestForms_brokersAndId_areAliasesOfBrokerAndBroker() {
        Answer added = get("/api/brokers/add?id=0&cpus=8&mem=43008");
        Answer twin = get("/api/broker/list?broker=0");

        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body()).isEqualTo(twin.body());
        assertThat(get("/api/brokers/list?id=0").body()).isEqualTo(twin.body());
        assertThat(get("/api/brokers/start?id=0&timeout=0").body().path("status").asText()).isEqualTo("scheduled");
        Answer both = refusedWithoutChange("/api/brokers/list?id=0&broker=0");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.error()).isEqualTo("give the broker ids once: 'broker' or its alias 'id', not both");
    }

    @Test
    void clone_addsBrokersWithTheSourcesOptions_andAVolumeOfTheirOwn() {
        get("/api/broker/add?broker=3&cpus=0.5&mem=3072&heap=1536&options=log.retention.hours=24&volume=handmade");

        Answer cloned = get("/api/brokers/clone?id=4..5&source=3");

        assertThat(cloned.status()).isEqualTo(200);
        assertThat(cloned.body().path("brokers")).extracting(b -> b.path("id").asInt()).containsExactly(4, 5);
        JsonNode source = get("/api/broker/list?broker=3").body().path("brokers").get(0);
        for (JsonNode copy : cloned.body().path("brokers")) {
            for (String option : List.of("cpus", "mem", "heap", "options", "constraints", "failover")) {
                assertThat(copy.path(option)).as(option).isEqualTo(source.path(option));
            }
            assertThat(copy.path("volume").asText()).as("a volume made by hand holds one broker").isEqualTo("auto");
        }
        assertThat(refusedWithoutChange("/api/broker/clone?broker=6&source=9").status()).isEqualTo(404);
        assertThat(refusedWithoutChange("/api/broker/clone?broker=6").error()).startsWith("parameter 'source' is required");
        assertThat(refusedWithoutChange("/api/broker/clone?broker=3&source=3").status()).as("3 exists").isEqualTo(409);
    }

    @Test
    void mesosKafkasStopForce_isTaken_andTheirNamesWithoutCounterpart_areRefusedNamingOurs() {
        runningBroker(0, "h1");

        assertThat(get("/api/brokers/stop?id=0&force&timeout=0").body().path("status").asText()).isEqualTo("scheduled");
        assertThat(refusedWithoutChange("/api/broker/stop?broker=0&force=maybe").error())
                .isEqualTo("force must be true or false (or given without a value), got 'maybe'");
        assertThat(refusedWithoutChange("/api/brokers/add?id=7&bindAddress=if:eth1").error())
                .startsWith("parameter 'bindAddress' of mesos/kafka has no counterpart here: a broker listens on the address of the "
                        + "agent").contains("hostname=like:");
        assertThat(refusedWithoutChange("/api/broker/update?broker=0&log4jOptions=log4j.logger.kafka=DEBUG").error())
                .contains("(jvmOptions=) -Dlog4j2.configurationFile=PATH");
        assertThat(refusedWithoutChange("/api/broker/restart?broker=0&noWaitForReplication=true").error())
                .contains("a restart always waits until the broker's partitions are back in sync");
        Answer topic = refusedWithoutChange("/api/topic/rebalance?topic=*");
        assertThat(topic.status()).isEqualTo(404);
        assertThat(topic.error()).startsWith("/api/topic/rebalance of mesos/kafka is not served here").contains("/api/rebalance/start");
        assertThat(refusedWithoutChange("/api/topic/realign").error()).contains("/api/rebalance/start");
    }

    @Test
    void status_answersTheBrokersAndTheClustersHealth_alsoAtMesosKafkasPath() {
        runningBroker(0, "h1");
        get("/api/broker/add?broker=1");

        Answer a = get("/api/brokers/status");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("brokers")).extracting(b -> b.path("id").asInt() + " " + b.path("state").asText())
                .containsExactly("0 running", "1 none");
        assertThat(a.body().path("running").asInt()).isEqualTo(1);
        assertThat(a.body().path("controllers")).extracting(JsonNode::asInt).containsExactly(0);
        assertThat(a.body().path("quorumLeader").isNull()).as("without Kafka operations the quorum is not described").isTrue();
        assertThat(get("/api/broker/status?broker=1").body().path("brokers")).hasSize(1);
    }

    @Test
    void badNumber_is400_sayingWhatIsAccepted() {
        Answer a = refusedWithoutChange("/api/broker/add?broker=5&cpus=abc");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).isEqualTo("cpus must be a number > 0, such as 0.5, 1 or 2; got 'abc'");
        assertThat(refusedWithoutChange("/api/broker/update?broker=0&cpus=abc").status()).isEqualTo(400);
        assertThat(refusedWithoutChange("/api/broker/log?broker=0&lines=lots").error())
                .isEqualTo("lines must be a whole number from 1 to 10000, got 'lots'");
    }

    @Test
    void badDuration_is400_sayingWhatIsAccepted() {
        Answer a = refusedWithoutChange("/api/broker/start?broker=0&timeout=5min");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).isEqualTo("timeout: expected a duration >= 0 such as 500ms, 30s, 1m, 10m, 1h, 1d or ISO-8601 such as PT1M, "
                + "got '5min'");
        assertThat(refusedWithoutChange("/api/broker/update?broker=0&failoverDelay=soon").error()).startsWith("failoverDelay: expected");
        assertThat(refusedWithoutChange("/api/broker/stop?broker=0&timeout=1d").error()).isEqualTo("timeout must be at most 30m, got '1d'");
    }

    @Test
    void badIdExpression_is400_pointingAtTheBadPart() {
        Answer a = refusedWithoutChange("/api/broker/start?broker=0..");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).startsWith("cannot parse broker ids '0..' at position 3").endsWith("accepted: *, 0..2, 1,3,5, *[rack=r1]");
        assertThat(refusedWithoutChange("/api/broker/add?broker=*").error()).startsWith("add needs explicit broker ids");
        assertThat(refusedWithoutChange("/api/broker/log?broker=0..1").error())
                .isEqualTo("log needs one broker id, a whole number >= 0 such as 0; got '0..1'");
    }

    @Test
    void controllers_withABadCount_is400_andBeforeTheQuorumHasFormed_is409_sayingWhy() {
        assertThat(refusedWithoutChange("/api/cluster/controllers").error())
                .isEqualTo("parameter 'count' is required: the number of controllers, an odd number such as 3 or 5");
        assertThat(refusedWithoutChange("/api/cluster/controllers?count=many").error())
                .isEqualTo("count must be a whole number from 1 to 99, got 'many'");
        Answer even = refusedWithoutChange("/api/cluster/controllers?count=4");
        assertThat(even.status()).isEqualTo(400);
        assertThat(even.error()).isEqualTo("controllers must be an odd number >= 1 (a quorum needs a majority), got 4");
        Answer forming = refusedWithoutChange("/api/cluster/controllers?count=5");
        assertThat(forming.status()).isEqualTo(409);
        assertThat(forming.error()).isEqualTo("the dynamic quorum has not formed yet (no controller has run): change the number of"
                + " controllers once it has");
    }

    @Test
    void missingBroker_is400() {
        Answer a = refusedWithoutChange("/api/broker/start");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).isEqualTo("parameter 'broker' is required: a broker id expression such as *, 0..2, 1,3,5, *[rack=r1]");
    }

    @Test
    void specThatDoesNotHoldTogether_is400_andChangesNoBroker() {
        get("/api/broker/add?broker=0&mem=8192&heap=1024");
        get("/api/broker/add?broker=1");

        Answer a = refusedWithoutChange("/api/broker/update?broker=*&heap=4096");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).contains("0 < heap < mem");
        assertThat(refusedWithoutChange("/api/broker/update?broker=0").error()).startsWith("an update needs at least one option to change besides the broker ids");
    }

    @Test
    void unknownBroker_is404() {
        Answer a = refusedWithoutChange("/api/broker/start?broker=7");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.error()).isEqualTo("no broker matches '7'");
        assertThat(refusedWithoutChange("/api/broker/update?broker=7&cpus=2").status()).isEqualTo(404);
        assertThat(refusedWithoutChange("/api/broker/list?broker=7").status()).isEqualTo(404);
        assertThat(refusedWithoutChange("/api/broker/log?broker=7").error()).isEqualTo("broker 7 does not exist");
    }

    @Test
    void conflictingState_is409() {
        get("/api/broker/add?broker=0,1");
        get("/api/broker/start?broker=0&timeout=0");

        Answer a = refusedWithoutChange("/api/broker/remove?broker=0");

        assertThat(a.status()).isEqualTo(409);
        assertThat(a.error()).isEqualTo("broker 0 is active; stop it before removing it");
        assertThat(refusedWithoutChange("/api/broker/restart?broker=1").error()).isEqualTo("broker 1 is not active; start it instead");
        assertThat(refusedWithoutChange("/api/broker/add?broker=1").error()).isEqualTo("broker 1 already exists");
        Answer noTask = refusedWithoutChange("/api/broker/log?broker=1");
        assertThat(noTask.status()).isEqualTo(409);
        assertThat(noTask.error()).isEqualTo("broker 1 has no task (state none), so there is no log to read; start it, "
                + "or read its last task's sandbox on its Mesos agent");
    }

    @Test
    void methodOtherThanGetOrPost_is405() {
        Answer a = refusedWithoutChange("DELETE", "/api/broker/remove?broker=0", HttpRequest.BodyPublishers.noBody());

        assertThat(a.status()).isEqualTo(405);
        assertThat(a.error()).isEqualTo("method DELETE is not allowed on /api/broker/remove; use GET or POST");
        assertThat(a.allow()).contains("GET, POST");
    }

    @Test
    void unknownPath_is404_listingTheEndpoints() {
        Answer a = refusedWithoutChange("/api/broker/lists");

        assertThat(a.status()).isEqualTo(404);
        assertThat(a.error()).startsWith("no endpoint at /api/broker/lists; endpoints: /api/broker/add, /api/broker/clone, /api/broker/explain");
    }

    @Test
    void bodyThatIsNotAForm_is415() {
        Answer a = refusedWithoutChange("POST", "/api/broker/add", HttpRequest.BodyPublishers.ofString("{\"broker\":\"5\"}"));

        assertThat(a.status()).isEqualTo(415);
        assertThat(a.error()).startsWith("a request body must be application/x-www-form-urlencoded");
        assertThat(refusedWithoutChange("/api/broker/add?broker=5&broker=6").error())
                .isEqualTo("parameter 'broker' is given twice; give each parameter once");
    }

    @Test
    void status_withKafkaOperations_andNoBrokerRunning_answersTheBrokers_andSaysWhyKafkaIsNotDescribed() {
        get("/api/broker/add?broker=1000");
        ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor();
        try (KafkaOperations operations = KafkaOperations.builder(cluster).store(store).scheduler(polls).build();
             HttpApi withKafka = startApi(HttpApi.builder(cluster).operations(operations))) {
            Answer a = send("GET", withKafka.uri().resolve("/api/brokers/status"), HttpRequest.BodyPublishers.noBody(), null);

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().path("brokers")).extracting(b -> b.path("id").asInt()).containsExactly(1000);
            assertThat(a.body().path("running").asInt()).isZero();
            assertThat(a.body().path("kafka").asText()).isEqualTo("no broker is running; Kafka operations need at least one running broker");
        } finally {
            polls.shutdownNow();
        }
    }

    @Test
    void logsWithoutBrokerLogs_is501() {
        runningBroker(0, "h1");
        try (HttpApi withoutLogs = startApi(HttpApi.builder(cluster))) {
            Answer a = send("GET", withoutLogs.uri().resolve("/api/broker/log?broker=0"), HttpRequest.BodyPublishers.noBody(), null);

            assertThat(a.status()).isEqualTo(501);
            assertThat(a.error()).isEqualTo("broker logs are available on the local cluster only, or from the task sandbox on Mesos");
        }
    }

    // -- threads and shutdown ------------------------------------------------------------------------------

    @Test
    void aWaitingRequest_holdsNoThread_soOthersAreAnswered() {
        get("/api/broker/add?broker=0");
        try (HttpApi oneThread = startApi(HttpApi.builder(cluster).threads(1))) {
            CompletableFuture<Answer> waiting = sendAsync("GET", oneThread.uri().resolve("/api/broker/start?broker=0&timeout=30m"));
            cluster.await("0", Broker::active, WAIT).join();

            CompletableFuture<Answer> list = sendAsync("GET", oneThread.uri().resolve("/api/broker/list"));

            assertThat(list).succeedsWithin(WAIT).satisfies(a -> assertThat(a.status()).isEqualTo(200));
            assertThat(waiting).isNotDone();
        }
    }

    @Test
    void close_whileARequestWaits_returnsPromptly_andDropsTheConnection() {
        get("/api/broker/add?broker=0");
        CompletableFuture<Answer> waiting = getAsync("/api/broker/start?broker=0&timeout=30m");
        cluster.await("0", Broker::active, WAIT).join();

        assertTimeoutPreemptively(Duration.ofSeconds(5), api::close);

        assertThat(waiting).failsWithin(WAIT);
    }

    @Test
    void uri_namesTheLoopbackAddressAndTheChosenPort_whenBoundToAnyAddress() {
        assertThat(api.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(api.uri().getPort()).isEqualTo(api.address().getPort()).isPositive();
    }
}
