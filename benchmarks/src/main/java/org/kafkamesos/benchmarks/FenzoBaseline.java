package org.kafkamesos.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.netflix.fenzo.AsSoftConstraint;
import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskAssignmentResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.VMAssignmentResult;
import com.netflix.fenzo.VMTaskFitnessCalculator;
import com.netflix.fenzo.VirtualMachineLease;
import com.netflix.fenzo.functions.Func1;
import com.netflix.fenzo.plugins.BalancedHostAttrConstraint;
import com.netflix.fenzo.plugins.UniqueHostAttrConstraint;
import com.netflix.fenzo.plugins.VMLeaseObject;
import org.apache.mesos.Protos;

/**
 * The same {@link PlacementWorkload} for Netflix Fenzo 0.13.8, the peer baseline: leases built from
 * Mesos {@code Protos.Offer}s with Fenzo's own {@link VMLeaseObject}, one {@link TaskRequest} per
 * broker, and a {@link TaskScheduler} with Fenzo's defaults except for a lease-rejection action that
 * does nothing and leases that never expire during a run.
 */
final class FenzoBaseline {

    /** Long enough that Fenzo rejects no lease while a benchmark runs. */
    static final long LEASE_EXPIRY_SECS = TimeUnit.DAYS.toSeconds(1);

    private static final String TASK_PREFIX = "broker-";

    private FenzoBaseline() {
    }

    /**
     * A scheduler with no state: every {@code scheduleOnce} on a fresh one is a full placement from
     * scratch. It owns a thread pool; call {@link TaskScheduler#shutdown()} when done.
     */
    static TaskScheduler newScheduler() {
        return new TaskScheduler.Builder()
                .withLeaseRejectAction(lease -> { })
                .withLeaseOfferExpirySecs(LEASE_EXPIRY_SECS)
                .build();
    }

    /** One lease per host, from the Mesos offer a master would send. */
    static List<VirtualMachineLease> leases(PlacementWorkload workload) {
        List<VirtualMachineLease> leases = new ArrayList<>(workload.hosts());
        for (int i = 0; i < workload.hosts(); i++) {
            leases.add(new VMLeaseObject(offer(i)));
        }
        return leases;
    }

    static Protos.Offer offer(int host) {
        return Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(String.format(Locale.ROOT, "offer-%05d", host)))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("kafka-mesos-benchmark"))
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(String.format(Locale.ROOT, "agent-%05d", host)))
                .setHostname(PlacementWorkload.hostname(host))
                .addResources(scalar("cpus", PlacementWorkload.HOST_CPUS))
                .addResources(scalar("mem", PlacementWorkload.HOST_MEM_MB))
                .addResources(Protos.Resource.newBuilder()
                        .setName("ports")
                        .setType(Protos.Value.Type.RANGES)
                        .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder()
                                .setBegin(PlacementWorkload.PORTS_BEGIN)
                                .setEnd(PlacementWorkload.PORTS_END))))
                .addAttributes(Protos.Attribute.newBuilder()
                        .setName(PlacementWorkload.RACK)
                        .setType(Protos.Value.Type.TEXT)
                        .setText(Protos.Value.Text.newBuilder().setValue(PlacementWorkload.rack(host))))
                .build();
    }

    private static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder()
                .setName(name)
                .setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value))
                .build();
    }

    /**
     * One task per broker, in broker id order. In the unique modes every broker is a co-task of every
     * other: hostname unique is Fenzo's {@link UniqueHostAttrConstraint} on the hostname, hard; the
     * rack balance is {@link BalancedHostAttrConstraint} over the 20 racks made soft with
     * {@link AsSoftConstraint#get}.
     */
    static List<TaskRequest> tasks(PlacementWorkload workload) {
        Set<String> ids = new HashSet<>();
        for (int id = 0; id < workload.brokers(); id++) {
            ids.add(TASK_PREFIX + id);
        }
        Set<String> coTasks = Collections.unmodifiableSet(ids);
        Func1<String, Set<String>> coTasksOf = taskId -> coTasks;
        List<ConstraintEvaluator> hard = new ArrayList<>();
        List<VMTaskFitnessCalculator> soft = new ArrayList<>();
        if (workload.constraints().uniqueHosts()) {
            hard.add(new UniqueHostAttrConstraint(coTasksOf));
        }
        if (workload.constraints() == ConstraintMode.UNIQUE_RACK) {
            soft.add(AsSoftConstraint.get(new BalancedHostAttrConstraint(coTasksOf, PlacementWorkload.RACK, PlacementWorkload.RACKS)));
        }
        List<TaskRequest> tasks = new ArrayList<>(workload.brokers());
        for (int id = 0; id < workload.brokers(); id++) {
            tasks.add(new BrokerTask(TASK_PREFIX + id, hard, soft));
        }
        return tasks;
    }

    /** The brokers Fenzo placed; throws if its run ended in exceptions. */
    static List<PlacedBroker> placed(SchedulingResult result) {
        if (!result.getExceptions().isEmpty()) {
            IllegalStateException e = new IllegalStateException("Fenzo's scheduling run failed");
            result.getExceptions().forEach(e::addSuppressed);
            throw e;
        }
        List<PlacedBroker> placed = new ArrayList<>();
        for (VMAssignmentResult vm : result.getResultMap().values()) {
            for (TaskAssignmentResult task : vm.getTasksAssigned()) {
                int brokerId = Integer.parseInt(task.getTaskId().substring(TASK_PREFIX.length()));
                placed.add(new PlacedBroker(brokerId, vm.getHostname(), task.getAssignedPorts()));
            }
        }
        return placed;
    }

    /** A broker as a Fenzo task: 1 cpu, 2048 MB, one port, no disk or network. */
    private static final class BrokerTask implements TaskRequest {
        private final String id;
        private final List<ConstraintEvaluator> hard;
        private final List<VMTaskFitnessCalculator> soft;
        private volatile AssignedResources assigned;

        BrokerTask(String id, List<ConstraintEvaluator> hard, List<VMTaskFitnessCalculator> soft) {
            this.id = id;
            this.hard = List.copyOf(hard);
            this.soft = List.copyOf(soft);
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public String taskGroupName() {
            return "kafka";
        }

        @Override
        public double getCPUs() {
            return PlacementWorkload.BROKER_CPUS;
        }

        @Override
        public double getMemory() {
            return PlacementWorkload.BROKER_MEM_MB;
        }

        @Override
        public double getNetworkMbps() {
            return 0;
        }

        @Override
        public double getDisk() {
            return 0;
        }

        @Override
        public int getPorts() {
            return 1;
        }

        @Override
        public Map<String, Double> getScalarRequests() {
            return Map.of();
        }

        @Override
        public Map<String, NamedResourceSetRequest> getCustomNamedResources() {
            return Map.of();
        }

        @Override
        public List<? extends ConstraintEvaluator> getHardConstraints() {
            return hard;
        }

        @Override
        public List<? extends VMTaskFitnessCalculator> getSoftConstraints() {
            return soft;
        }

        @Override
        public void setAssignedResources(AssignedResources assignedResources) {
            this.assigned = assignedResources;
        }

        @Override
        public AssignedResources getAssignedResources() {
            return assigned;
        }
    }
}
