package org.kafkamesos.core.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;

/**
 * A {@link Scheduler} that records every callback, in order, and acknowledges status updates that carry a uuid
 * unless told not to.
 */
final class RecordingScheduler implements Scheduler {

    /** One callback: its name and what it carried. */
    record Call(String name, Object payload) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean acknowledge = true;
    private volatile RuntimeException throwOnOffers;

    RecordingScheduler acknowledging(boolean value) {
        acknowledge = value;
        return this;
    }

    /** Makes every later {@code resourceOffers} throw {@code e} after recording. */
    void throwOnOffers(RuntimeException e) {
        throwOnOffers = e;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<String> names() {
        return calls.stream().map(Call::name).collect(Collectors.toList());
    }

    /** Every offer received, oldest first. */
    List<Protos.Offer> offers() {
        List<Protos.Offer> offers = new ArrayList<>();
        for (Call c : calls) {
            if (c.name().equals("resourceOffers")) {
                @SuppressWarnings("unchecked")
                List<Protos.Offer> batch = (List<Protos.Offer>) c.payload();
                offers.addAll(batch);
            }
        }
        return offers;
    }

    List<Protos.Offer> offersOf(String agentId) {
        return offers().stream().filter(o -> o.getSlaveId().getValue().equals(agentId)).collect(Collectors.toList());
    }

    List<Protos.TaskStatus> statuses() {
        return calls.stream().filter(c -> c.name().equals("statusUpdate")).map(c -> (Protos.TaskStatus) c.payload())
                .collect(Collectors.toList());
    }

    List<Protos.TaskStatus> statuses(String taskId) {
        return statuses().stream().filter(s -> s.getTaskId().getValue().equals(taskId)).collect(Collectors.toList());
    }

    List<Protos.TaskState> states(String taskId) {
        return statuses(taskId).stream().map(Protos.TaskStatus::getState).collect(Collectors.toList());
    }

    String frameworkId() {
        return calls.stream().filter(c -> c.name().equals("registered")).map(c -> (String) c.payload())
                .reduce((a, b) -> b).orElseThrow();
    }

    @Override
    public void registered(SchedulerDriver driver, Protos.FrameworkID frameworkId, Protos.MasterInfo masterInfo) {
        calls.add(new Call("registered", frameworkId.getValue()));
    }

    @Override
    public void reregistered(SchedulerDriver driver, Protos.MasterInfo masterInfo) {
        calls.add(new Call("reregistered", masterInfo));
    }

    @Override
    public void resourceOffers(SchedulerDriver driver, List<Protos.Offer> offers) {
        calls.add(new Call("resourceOffers", List.copyOf(offers)));
        RuntimeException e = throwOnOffers;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void offerRescinded(SchedulerDriver driver, Protos.OfferID offerId) {
        calls.add(new Call("offerRescinded", offerId.getValue()));
    }

    @Override
    public void statusUpdate(SchedulerDriver driver, Protos.TaskStatus status) {
        calls.add(new Call("statusUpdate", status));
        if (acknowledge && status.hasUuid()) {
            driver.acknowledgeStatusUpdate(status);
        }
    }

    @Override
    public void frameworkMessage(SchedulerDriver driver, Protos.ExecutorID executorId, Protos.SlaveID agentId, byte[] data) {
        calls.add(new Call("frameworkMessage", data));
    }

    @Override
    public void disconnected(SchedulerDriver driver) {
        calls.add(new Call("disconnected", null));
    }

    @Override
    public void slaveLost(SchedulerDriver driver, Protos.SlaveID agentId) {
        calls.add(new Call("slaveLost", agentId.getValue()));
    }

    @Override
    public void executorLost(SchedulerDriver driver, Protos.ExecutorID executorId, Protos.SlaveID agentId, int status) {
        calls.add(new Call("executorLost", executorId.getValue()));
    }

    @Override
    public void error(SchedulerDriver driver, String message) {
        calls.add(new Call("error", message));
    }
}
