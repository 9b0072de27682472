package org.kafkamesos.core.mesos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.mesos.Protos;
import org.apache.mesos.SchedulerDriver;

/** A {@link SchedulerDriver} that records every call and answers each with {@link #status}. */
@SuppressWarnings("deprecation") // implements the deprecated overloads too
final class RecordingDriver implements SchedulerDriver {
    final List<String> calls = new ArrayList<>();
    final List<List<Protos.TaskInfo>> launched = new ArrayList<>();
    final List<Protos.TaskStatus> acknowledged = new ArrayList<>();
    /** The operations of each accept. */
    final List<List<Protos.Offer.Operation>> accepted = new ArrayList<>();
    Protos.Status status = Protos.Status.DRIVER_RUNNING;

    @Override
    public Protos.Status launchTasks(Collection<Protos.OfferID> offerIds, Collection<Protos.TaskInfo> tasks,
                                     Protos.Filters filters) {
        launched.add(List.copyOf(tasks));
        calls.add("launchTasks " + offerIds.stream().map(Protos.OfferID::getValue).collect(Collectors.toList()) + " "
                + tasks.stream().map(t -> t.getTaskId().getValue()).collect(Collectors.toList())
                + " refuse=" + filters.getRefuseSeconds());
        return status;
    }

    @Override
    public Protos.Status declineOffer(Protos.OfferID offerId, Protos.Filters filters) {
        calls.add("declineOffer " + offerId.getValue() + " refuse=" + filters.getRefuseSeconds());
        return status;
    }

    @Override
    public Protos.Status killTask(Protos.TaskID taskId) {
        calls.add("killTask " + taskId.getValue());
        return status;
    }

    @Override
    public Protos.Status reconcileTasks(Collection<Protos.TaskStatus> statuses) {
        calls.add("reconcileTasks " + statuses.stream()
                .map(s -> s.getTaskId().getValue() + "@" + s.getSlaveId().getValue() + ":" + s.getState())
                .collect(Collectors.toList()));
        return status;
    }

    @Override
    public Protos.Status suppressOffers() {
        calls.add("suppressOffers");
        return status;
    }

    @Override
    public Protos.Status reviveOffers() {
        calls.add("reviveOffers");
        return status;
    }

    @Override
    public Protos.Status acknowledgeStatusUpdate(Protos.TaskStatus ack) {
        acknowledged.add(ack);
        calls.add("acknowledgeStatusUpdate " + ack.getTaskId().getValue() + "@" + ack.getSlaveId().getValue());
        return status;
    }

    // Calls the action sink never makes: recorded all the same, so that a test would see them.

    @Override
    public Protos.Status start() {
        return record("start");
    }

    @Override
    public Protos.Status stop(boolean failover) {
        return record("stop " + failover);
    }

    @Override
    public Protos.Status stop() {
        return record("stop");
    }

    @Override
    public Protos.Status abort() {
        return record("abort");
    }

    @Override
    public Protos.Status join() {
        return record("join");
    }

    @Override
    public Protos.Status run() {
        return record("run");
    }

    @Override
    public Protos.Status requestResources(Collection<Protos.Request> requests) {
        return record("requestResources");
    }

    @Override
    public Protos.Status launchTasks(Collection<Protos.OfferID> offerIds, Collection<Protos.TaskInfo> tasks) {
        return record("launchTasks without filters");
    }

    @Override
    public Protos.Status launchTasks(Protos.OfferID offerId, Collection<Protos.TaskInfo> tasks, Protos.Filters filters) {
        return record("launchTasks of one offer");
    }

    @Override
    public Protos.Status launchTasks(Protos.OfferID offerId, Collection<Protos.TaskInfo> tasks) {
        return record("launchTasks of one offer without filters");
    }

    @Override
    public Protos.Status acceptOffers(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations,
                                      Protos.Filters filters) {
        accepted.add(List.copyOf(operations));
        return record("acceptOffers " + offerIds.stream().map(Protos.OfferID::getValue).collect(Collectors.toList()) + " "
                + operations.stream().map(o -> o.getType().name()).collect(Collectors.toList()) + " refuse=" + filters.getRefuseSeconds());
    }

    @Override
    public Protos.Status declineOffer(Protos.OfferID offerId) {
        return record("declineOffer without filters");
    }

    @Override
    public Protos.Status reviveOffers(Collection<String> roles) {
        return record("reviveOffers of roles");
    }

    @Override
    public Protos.Status suppressOffers(Collection<String> roles) {
        return record("suppressOffers of roles");
    }

    @Override
    public Protos.Status sendFrameworkMessage(Protos.ExecutorID executorId, Protos.SlaveID agentId, byte[] data) {
        return record("sendFrameworkMessage");
    }

    @Override
    public Protos.Status updateFramework(Protos.FrameworkInfo info, Collection<String> suppressedRoles,
                                         org.apache.mesos.scheduler.Protos.OfferConstraints constraints) {
        return record("updateFramework");
    }

    @Override
    public Protos.Status updateFramework(Protos.FrameworkInfo info, Collection<String> suppressedRoles) {
        return record("updateFramework");
    }

    private Protos.Status record(String call) {
        calls.add(call);
        return status;
    }
}
