package org.kafkamesos.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.mesos.ExecutorDriver;
import org.apache.mesos.Protos;
import org.junit.jupiter.api.Test;

class MesosExecutorAdapterTest {

    private static final Path SANDBOX = Path.of("/sandbox");
    private static final Instant T = Instant.parse("2026-01-02T03:04:05.250Z");

    private final FakeRuntime runtime = new FakeRuntime();
    private final FakeDriver driver = new FakeDriver();
    private final MesosExecutorAdapter adapter = new MesosExecutorAdapter(sink -> {
        runtime.sink = sink;
        return runtime;
    }, SANDBOX);

    @Test
    void launchTask_passesTheTaskDataAndSandboxToTheRuntime() {
        byte[] data = LaunchSpecTest.combined(1).build().toBytes();

        adapter.launchTask(driver, task("t1", data));

        assertThat(runtime.calls).containsExactly("launch t1 " + data.length + " bytes in /sandbox");
    }

    @Test
    void statusUpdates_areTranslatedToMesosStatuses() {
        adapter.launchTask(driver, task("t1", new byte[0]));

        runtime.sink.update(new TaskStatus("t1", TaskState.RUNNING, "ready", true, T));

        Protos.TaskStatus sent = driver.statuses.get(0);
        assertThat(sent.getTaskId().getValue()).isEqualTo("t1");
        assertThat(sent.getState()).isEqualTo(Protos.TaskState.TASK_RUNNING);
        assertThat(sent.getMessage()).isEqualTo("ready");
        assertThat(sent.getHealthy()).isTrue();
        assertThat(sent.getTimestamp()).isEqualTo(T.getEpochSecond() + 0.25);
        assertThat(sent.getSource()).isEqualTo(Protos.TaskStatus.Source.SOURCE_EXECUTOR);
    }

    @Test
    void everyTaskState_hasAMesosState() {
        for (TaskState state : TaskState.values()) {
            assertThat(MesosExecutorAdapter.toProto(state).name()).isEqualTo("TASK_" + state.name());
        }
    }

    @Test
    void killTask_usesTheTasksKillPolicyGrace_whenItHasOne() {
        Protos.TaskInfo withPolicy = task("t1", new byte[0]).toBuilder()
                .setKillPolicy(Protos.KillPolicy.newBuilder()
                        .setGracePeriod(Protos.DurationInfo.newBuilder().setNanoseconds(Duration.ofSeconds(7).toNanos())))
                .build();
        adapter.launchTask(driver, withPolicy);
        adapter.launchTask(driver, task("t2", new byte[0]));

        adapter.killTask(driver, Protos.TaskID.newBuilder().setValue("t1").build());
        adapter.killTask(driver, Protos.TaskID.newBuilder().setValue("t2").build());

        assertThat(runtime.calls).contains("kill t1 PT7S", "kill t2 default");
    }

    @Test
    void lastTerminalStatus_stopsTheDriver() {
        adapter.launchTask(driver, task("t1", new byte[0]));
        adapter.launchTask(driver, task("t2", new byte[0]));

        runtime.sink.update(new TaskStatus("t1", TaskState.KILLED, "", false, T));
        assertThat(driver.stops.get()).isZero();
        runtime.sink.update(new TaskStatus("t2", TaskState.FAILED, "", false, T));

        await().atMost(Duration.ofSeconds(5)).until(() -> driver.stops.get() == 1);
    }

    @Test
    void shutdown_closesTheRuntimeAndStopsTheDriver() {
        adapter.shutdown(driver);

        assertThat(runtime.calls).containsExactly("close");
        assertThat(driver.stops.get()).isEqualTo(1);
    }

    @Test
    void adapter_filtersProtobufWarningsAboutMesosTypesOnly() {
        java.util.logging.Filter filter = java.util.logging.Logger.getLogger(MesosGencodeWarnings.PROTOBUF_LOGGER).getFilter();

        assertThat(filter).isNotNull();
        assertThat(filter.isLoggable(new LogRecord(Level.WARNING,
                "Vulnerable protobuf generated type in use: org.apache.mesos.Protos$TaskInfo\nAs of 2022/09/29 ..."))).isFalse();
        assertThat(filter.isLoggable(new LogRecord(Level.WARNING,
                "Vulnerable protobuf generated type in use: com.example.Old\nAs of 2022/09/29 ..."))).isTrue();
    }

    private static Protos.TaskInfo task(String id, byte[] data) {
        return Protos.TaskInfo.newBuilder()
                .setName("broker-1")
                .setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setSlaveId(Protos.SlaveID.newBuilder().setValue("agent-1"))
                .setData(ByteString.copyFrom(data))
                .build();
    }

    private static final class FakeRuntime implements ExecutorRuntime {
        TaskStatusSink sink;
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void launch(String taskId, LaunchSpec spec, Path sandbox) {
            calls.add("launch " + taskId + " spec in " + sandbox);
        }

        @Override
        public void launch(String taskId, byte[] launchSpec, Path sandbox) {
            calls.add("launch " + taskId + " " + launchSpec.length + " bytes in " + sandbox);
        }

        @Override
        public void kill(String taskId) {
            calls.add("kill " + taskId + " default");
        }

        @Override
        public void kill(String taskId, Duration grace) {
            calls.add("kill " + taskId + " " + grace);
        }

        @Override
        public Optional<TaskState> state(String taskId) {
            return Optional.empty();
        }

        @Override
        public Set<String> activeTasks() {
            return Set.of();
        }

        @Override
        public Optional<ProcessHandle> process(String taskId) {
            return Optional.empty();
        }

        @Override
        public String logTail(String taskId, LogFile file, int lines) {
            return "";
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private static final class FakeDriver implements ExecutorDriver {
        final List<Protos.TaskStatus> statuses = new ArrayList<>();
        final AtomicInteger stops = new AtomicInteger();

        @Override
        public Protos.Status start() {
            return Protos.Status.DRIVER_RUNNING;
        }

        @Override
        public Protos.Status stop() {
            stops.incrementAndGet();
            return Protos.Status.DRIVER_STOPPED;
        }

        @Override
        public Protos.Status abort() {
            return Protos.Status.DRIVER_ABORTED;
        }

        @Override
        public Protos.Status join() {
            return Protos.Status.DRIVER_STOPPED;
        }

        @Override
        public Protos.Status run() {
            return Protos.Status.DRIVER_STOPPED;
        }

        @Override
        public synchronized Protos.Status sendStatusUpdate(Protos.TaskStatus status) {
            statuses.add(status);
            return Protos.Status.DRIVER_RUNNING;
        }

        @Override
        public Protos.Status sendFrameworkMessage(byte[] data) {
            return Protos.Status.DRIVER_RUNNING;
        }
    }
}
