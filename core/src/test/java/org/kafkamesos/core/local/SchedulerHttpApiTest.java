package org.kafkamesos.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kafkamesos.core.local.LocalMesosClusterTest.asked;
import static org.kafkamesos.core.local.LocalMesosClusterTest.awaitOffer;
import static org.kafkamesos.core.local.LocalMesosClusterTest.refuse;
import static org.kafkamesos.core.local.LocalMesosClusterTest.task;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kafkamesos.core.mesos.FrameworkSettings;
import org.kafkamesos.core.mesos.v1.HttpSchedulerDriver;
import org.kafkamesos.core.mesos.v1.MasterDetector;
import org.kafkamesos.executor.v1.RecordIo;

/**
 * Mesos' V1 scheduler API over real HTTP: the local master's answers as Mesos documents them, and the
 * {@link HttpSchedulerDriver} against it when heartbeats stop, the stream closes, a master redirects, or a new
 * scheduler takes the framework over.
 */
class SchedulerHttpApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PROTOBUF = "application/x-protobuf";

    @TempDir
    Path workDir;

    private final FakeExecutorRuntimes runtimes = new FakeExecutorRuntimes();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<SchedulerDriver> drivers = new ArrayList<>();
    private LocalMesosCluster cluster;
    private URI master;

    @BeforeEach
    void startCluster() {
        cluster = LocalMesosCluster.builder(workDir).agents(2).offerInterval(Duration.ofMillis(50))
                .statusUpdateRetry(Duration.ofMillis(300)).runtimeFactory(runtimes)
                .httpMaster("127.0.0.1", 0).heartbeatInterval(Duration.ofMillis(300)).build();
        master = cluster.masterUri().orElseThrow();
    }

    @AfterEach
    void closeCluster() {
        drivers.forEach(SchedulerDriver::abort);
        cluster.close();
    }

    // ------------------------------------------------------------------ the master's answers

    @Test
    void subscribe_opensAStreamWithAStreamId_whoseFirstEventsAreSubscribedWithTheIntervalAndAHeartbeat() throws Exception {
        HttpResponse<InputStream> response = subscribe(frameworkInfo());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(PROTOBUF);
        assertThat(response.headers().firstValue("Mesos-Stream-Id")).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        try (InputStream body = response.body()) {
            RecordIo.Reader events = RecordIo.reader(body);
            Event subscribed = Event.parseFrom(events.next().orElseThrow());
            assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
            assertThat(subscribed.getSubscribed().getFrameworkId().getValue()).isNotBlank();
            assertThat(subscribed.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(0.3);
            assertThat(Event.parseFrom(events.next().orElseThrow()).getType()).isEqualTo(Event.Type.HEARTBEAT);
        }
    }

    @Test
    void calls_areRefusedAsMesosRefusesThem_andAcceptedWith202OnTheFrameworksStream() throws Exception {
        HttpResponse<InputStream> response = subscribe(frameworkInfo());
        String streamId = response.headers().firstValue("Mesos-Stream-Id").orElseThrow();
        String frameworkId;
        try (InputStream body = response.body()) {
            frameworkId = Event.parseFrom(RecordIo.reader(body).next().orElseThrow()).getSubscribed().getFrameworkId().getValue();
            Call revive = Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(
                    org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(frameworkId)).build();

            assertThat(call(revive, streamId, PROTOBUF).statusCode()).isEqualTo(202);
            HttpResponse<String> noStream = call(revive, null, PROTOBUF);
            assertThat(noStream.statusCode()).isEqualTo(400);
            assertThat(noStream.body()).contains("Mesos-Stream-Id");
            HttpResponse<String> otherStream = call(revive, "another-stream", PROTOBUF);
            assertThat(otherStream.statusCode()).isEqualTo(400);
            assertThat(otherStream.body()).contains("didn't match the stream ID");
            assertThat(call(revive.toBuilder().setFrameworkId(
                    org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue("unknown")).build(), streamId, PROTOBUF).body())
                    .contains("Framework 'unknown' not found");
            assertThat(call(revive, streamId, "application/json; charset=utf-8").statusCode()).isEqualTo(415);
            assertThat(http.send(HttpRequest.newBuilder(master.resolve("/api/v1/scheduler")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
            HttpResponse<String> shortUuid = call(revive.toBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(
                    Call.Acknowledge.newBuilder().setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("agent-1"))
                            .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue("t1"))
                            .setUuid(ByteString.copyFromUtf8("not-16"))).build(), streamId, PROTOBUF);
            assertThat(shortUuid.statusCode()).isEqualTo(400);
            assertThat(shortUuid.body()).contains("'uuid'");
            HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(master.resolve("/api/v1/scheduler"))
                    .header("Content-Type", PROTOBUF).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 1, 2}))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(garbage.statusCode()).isEqualTo(400);
        }
        // the subscriber went away: its framework waits to fail over, and is not subscribed
        await().atMost(WAIT).untilAsserted(() -> assertThat(call(Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(
                org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(frameworkId)).build(), streamId, PROTOBUF)
                .statusCode()).isEqualTo(403));
    }

    // ------------------------------------------------------------------ the driver against it

    @Test
    void driver_heartbeatsStop_reconnectsAfterTheMissedIntervals_andReregisters() {
        RecordingScheduler scheduler = new RecordingScheduler();
        HttpSchedulerDriver driver = start(scheduler, HttpSchedulerDriver.builder(scheduler, frameworkInfo(),
                MasterDetector.of(master.toString())).missedHeartbeats(3));
        String frameworkId = driver.frameworkId().orElseThrow();

        cluster.httpServer().orElseThrow().scheduler().streams().get(frameworkId).silence();

        await().atMost(WAIT).until(() -> scheduler.names().contains("disconnected")
                && scheduler.names().contains("reregistered"));
        assertThat(driver.frameworkId()).contains(frameworkId);
        assertThat(scheduler.names()).containsSubsequence("registered", "disconnected", "reregistered");
    }

    @Test
    void driver_theMasterClosesTheStream_resubscribesAsTheSameFramework_whoseTasksKeepRunning() {
        RecordingScheduler scheduler = new RecordingScheduler();
        HttpSchedulerDriver driver = start(scheduler, HttpSchedulerDriver.builder(scheduler, frameworkInfo(),
                MasterDetector.of(master.toString())));
        launchRunning(driver, scheduler, "t1", "agent-1");
        String frameworkId = driver.frameworkId().orElseThrow();

        cluster.httpServer().orElseThrow().scheduler().streams().get(frameworkId).finish();

        await().atMost(WAIT).until(() -> scheduler.names().contains("reregistered"));
        int before = scheduler.statuses("t1").size();
        driver.reconcileTasks(List.of(asked("t1", "agent-1")));
        await().atMost(WAIT).until(() -> scheduler.statuses("t1").size() > before);
        assertThat(scheduler.statuses("t1").get(scheduler.statuses("t1").size() - 1).getState())
                .isEqualTo(Protos.TaskState.TASK_RUNNING);
        assertThat(runtimes.activeTasks()).containsExactly("t1");
    }

    @Test
    void driver_aMasterThatIsNotTheLeaderRedirects_andTheDriverSubscribesWhereTheLocationPoints() throws IOException {
        HttpServer standby = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standby.createContext("/api/v1/scheduler", exchange -> {
            exchange.getRequestBody().readAllBytes();
            // Mesos' redirect: a network-path reference to the leader
            exchange.getResponseHeaders().add("Location", "//127.0.0.1:" + master.getPort() + "/api/v1/scheduler");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        standby.start();
        try {
            RecordingScheduler scheduler = new RecordingScheduler();
            HttpSchedulerDriver driver = start(scheduler, HttpSchedulerDriver.builder(scheduler, frameworkInfo(),
                    MasterDetector.of("127.0.0.1:" + standby.getAddress().getPort())));

            assertThat(driver.master()).contains(master);
            awaitOffer(scheduler, "agent-1");
        } finally {
            standby.stop(0);
        }
    }

    @Test
    void driver_readsRecordsSplitAcrossChunks_andARecordOfSeveralMegabytes_skippingWhatItCannotRead() throws Exception {
        // a 4 MB offer: an attribute as long as a large cluster's offer event
        Protos.Offer large = Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue("o-1"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("f-1"))
                .setSlaveId(Protos.SlaveID.newBuilder().setValue("a-1")).setHostname("h1")
                .addAttributes(Protos.Attribute.newBuilder().setName("blob").setType(Protos.Value.Type.TEXT)
                        .setText(Protos.Value.Text.newBuilder().setValue("x".repeat(4 << 20)))).build();
        byte[] subscribed = RecordIo.frame(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed
                .newBuilder().setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue("f-1"))
                .setHeartbeatIntervalSeconds(15)).build().toByteArray());
        byte[] offers = RecordIo.frame(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
                .addOffers(org.apache.mesos.v1.Protos.Offer.parseFrom(large.toByteString()))).build().toByteArray());
        // what a driver cannot read is skipped, and the stream goes on: a record that is no Event, an offer without
        // the fields Mesos requires
        byte[] garbage = RecordIo.frame(new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
        byte[] hostless = RecordIo.frame(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
                .addOffers(org.apache.mesos.v1.Protos.Offer.newBuilder().buildPartial()).buildPartial()).buildPartial()
                .toByteArray());
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        HttpServer scripted = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        scripted.createContext("/api/v1/scheduler", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", PROTOBUF);
            exchange.getResponseHeaders().add("Mesos-Stream-Id", "stream-1");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < subscribed.length; i += 3) { // a chunk ends inside the length and inside the record
                    out.write(subscribed, i, Math.min(3, subscribed.length - i));
                    out.flush();
                }
                out.write(garbage);
                out.write(hostless);
                for (int i = 0; i < offers.length; i += 100_003) {
                    out.write(offers, i, Math.min(100_003, offers.length - i));
                    out.flush();
                }
                done.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        scripted.start();
        try {
            RecordingScheduler scheduler = new RecordingScheduler();
            start(scheduler, HttpSchedulerDriver.builder(scheduler, frameworkInfo(),
                    MasterDetector.of("127.0.0.1:" + scripted.getAddress().getPort())));

            await().atMost(WAIT).until(() -> !scheduler.offers().isEmpty());
            assertThat(scheduler.offers()).containsExactly(large);
            assertThat(scheduler.names()).as("one stream throughout").doesNotContain("disconnected");
        } finally {
            done.countDown();
            scripted.stop(0);
        }
    }

    @Test
    void driver_aNewSchedulerSubscribesWithTheFrameworkId_takesTheTasksOver_andTheOldOneGetsAnErrorAndAborts() {
        RecordingScheduler first = new RecordingScheduler();
        HttpSchedulerDriver old = start(first, HttpSchedulerDriver.builder(first, frameworkInfo(),
                MasterDetector.of(master.toString())));
        launchRunning(old, first, "t1", "agent-1");
        Protos.FrameworkInfo stored = frameworkInfo().toBuilder()
                .setId(Protos.FrameworkID.newBuilder().setValue(old.frameworkId().orElseThrow())).build();

        RecordingScheduler second = new RecordingScheduler();
        HttpSchedulerDriver taking = start(second, HttpSchedulerDriver.builder(second, stored, MasterDetector.of(master.toString())));

        assertThat(old.join()).isEqualTo(Protos.Status.DRIVER_ABORTED);
        assertThat(first.calls()).contains(new RecordingScheduler.Call("error", "Framework failed over"));
        assertThat(taking.frameworkId()).isEqualTo(old.frameworkId());
        taking.reconcileTasks(List.of());
        await().atMost(WAIT).until(() -> second.states("t1").contains(Protos.TaskState.TASK_RUNNING));
        assertThat(runtimes.activeTasks()).containsExactly("t1");
    }

    @Test
    void driver_stopWithoutFailover_tearsTheFrameworkDown_andItsTasksAreKilled() {
        RecordingScheduler scheduler = new RecordingScheduler();
        HttpSchedulerDriver driver = start(scheduler, HttpSchedulerDriver.builder(scheduler, frameworkInfo(),
                MasterDetector.of(master.toString())));
        launchRunning(driver, scheduler, "t1", "agent-1");

        assertThat(driver.stop(false)).isEqualTo(Protos.Status.DRIVER_STOPPED);

        await().atMost(WAIT).until(() -> runtimes.activeTasks().isEmpty() && cluster.tasks().isEmpty());
    }

    // ------------------------------------------------------------------ helpers

    private HttpSchedulerDriver start(RecordingScheduler scheduler, HttpSchedulerDriver.Builder builder) {
        HttpSchedulerDriver driver = builder.build();
        drivers.add(driver);
        assertThat(driver.start()).isEqualTo(Protos.Status.DRIVER_RUNNING);
        await().atMost(WAIT).until(() -> scheduler.names().contains("registered"));
        return driver;
    }

    private void launchRunning(SchedulerDriver driver, RecordingScheduler scheduler, String id, String agentId) {
        Protos.Offer offer = awaitOffer(scheduler, agentId);
        driver.launchTasks(List.of(offer.getId()), List.of(task(id, offer, 1, 1024)), refuse(0));
        await().atMost(WAIT).until(() -> scheduler.states(id).contains(Protos.TaskState.TASK_RUNNING));
    }

    private static Protos.FrameworkInfo frameworkInfo() {
        return FrameworkSettings.builder("test", "*").build().frameworkInfo().toBuilder().setUser("test").build();
    }

    private HttpResponse<InputStream> subscribe(Protos.FrameworkInfo info) throws Exception {
        Call subscribe = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder()
                .setFrameworkInfo(org.apache.mesos.v1.Protos.FrameworkInfo.parseFrom(info.toByteString()))).build();
        return http.send(HttpRequest.newBuilder(master.resolve("/api/v1/scheduler")).header("Content-Type", PROTOBUF)
                .header("Accept", PROTOBUF).POST(HttpRequest.BodyPublishers.ofByteArray(subscribe.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpResponse<String> call(Call call, String streamId, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(master.resolve("/api/v1/scheduler"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
        if (streamId != null) {
            request.header("Mesos-Stream-Id", streamId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
