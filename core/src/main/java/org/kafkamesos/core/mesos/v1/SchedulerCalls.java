package org.kafkamesos.core.mesos.v1;

import java.util.Collection;
import org.apache.mesos.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.kafkamesos.executor.v1.Evolve;

/**
 * The V1 {@code Call}s of the {@code SchedulerDriver} methods, built from the V0 arguments the driver is given, for
 * one framework. Field by field as docs/scheduler-http-api.md lists them; the V0 messages are carried over by their
 * wire form ({@link Evolve}).
 */
final class SchedulerCalls {

    private final org.apache.mesos.v1.Protos.FrameworkID frameworkId;

    SchedulerCalls(String frameworkId) {
        this.frameworkId = org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(frameworkId).build();
    }

    /** SUBSCRIBE with {@code info}, and its framework id if it has one (a re-subscription). */
    static Call subscribe(Protos.FrameworkInfo info) {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(
                        Evolve.as(info, org.apache.mesos.v1.Protos.FrameworkInfo.parser())));
        if (info.hasId() && !info.getId().getValue().isEmpty()) {
            call.setFrameworkId(Evolve.as(info.getId(), org.apache.mesos.v1.Protos.FrameworkID.parser()));
        }
        return call.build();
    }

    Call accept(Collection<Protos.OfferID> offerIds, Collection<Protos.Offer.Operation> operations, Protos.Filters filters) {
        Call.Accept.Builder accept = Call.Accept.newBuilder()
                .addAllOfferIds(Evolve.all(offerIds, org.apache.mesos.v1.Protos.OfferID.parser()))
                .addAllOperations(Evolve.all(operations, org.apache.mesos.v1.Protos.Offer.Operation.parser()));
        if (filters != null) {
            accept.setFilters(Evolve.as(filters, org.apache.mesos.v1.Protos.Filters.parser()));
        }
        return call(Call.Type.ACCEPT).setAccept(accept).build();
    }

    Call decline(Protos.OfferID offerId, Protos.Filters filters) {
        Call.Decline.Builder decline = Call.Decline.newBuilder()
                .addOfferIds(Evolve.as(offerId, org.apache.mesos.v1.Protos.OfferID.parser()));
        if (filters != null) {
            decline.setFilters(Evolve.as(filters, org.apache.mesos.v1.Protos.Filters.parser()));
        }
        return call(Call.Type.DECLINE).setDecline(decline).build();
    }

    Call revive(Collection<String> roles) {
        return call(Call.Type.REVIVE).setRevive(Call.Revive.newBuilder().addAllRoles(roles)).build();
    }

    Call suppress(Collection<String> roles) {
        return call(Call.Type.SUPPRESS).setSuppress(Call.Suppress.newBuilder().addAllRoles(roles)).build();
    }

    Call kill(Protos.TaskID taskId) {
        return call(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                .setTaskId(Evolve.as(taskId, org.apache.mesos.v1.Protos.TaskID.parser()))).build();
    }

    /** ACKNOWLEDGE of an update; only one with a uuid and an agent id can be acknowledged. */
    Call acknowledge(Protos.TaskStatus status) {
        return call(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(Evolve.as(status.getSlaveId(), org.apache.mesos.v1.Protos.AgentID.parser()))
                .setTaskId(Evolve.as(status.getTaskId(), org.apache.mesos.v1.Protos.TaskID.parser()))
                .setUuid(status.getUuid())).build();
    }

    Call reconcile(Collection<Protos.TaskStatus> statuses) {
        Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
        for (Protos.TaskStatus status : statuses) {
            Call.Reconcile.Task.Builder task = Call.Reconcile.Task.newBuilder()
                    .setTaskId(Evolve.as(status.getTaskId(), org.apache.mesos.v1.Protos.TaskID.parser()));
            if (status.hasSlaveId()) {
                task.setAgentId(Evolve.as(status.getSlaveId(), org.apache.mesos.v1.Protos.AgentID.parser()));
            }
            reconcile.addTasks(task);
        }
        return call(Call.Type.RECONCILE).setReconcile(reconcile).build();
    }

    Call message(Protos.ExecutorID executorId, Protos.SlaveID agentId, byte[] data) {
        return call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
                .setAgentId(Evolve.as(agentId, org.apache.mesos.v1.Protos.AgentID.parser()))
                .setExecutorId(Evolve.as(executorId, org.apache.mesos.v1.Protos.ExecutorID.parser()))
                .setData(com.google.protobuf.ByteString.copyFrom(data))).build();
    }

    Call updateFramework(Protos.FrameworkInfo info, Collection<String> suppressedRoles) {
        return call(Call.Type.UPDATE_FRAMEWORK).setUpdateFramework(Call.UpdateFramework.newBuilder()
                .setFrameworkInfo(Evolve.as(info, org.apache.mesos.v1.Protos.FrameworkInfo.parser()))
                .addAllSuppressedRoles(suppressedRoles)).build();
    }

    Call teardown() {
        return call(Call.Type.TEARDOWN).build();
    }

    private Call.Builder call(Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(frameworkId);
    }
}
