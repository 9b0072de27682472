package org.kafkamesos.core.scheduler;

import java.util.List;
import java.util.Objects;
import org.kafkamesos.core.model.BrokerSpec;

/** An operator's command on some brokers, by id; {@link Orchestrator#apply} carries it out. */
public sealed interface BrokerCommand {

    /** The brokers the command is about. */
    List<Integer> ids();

    /** Adds brokers with {@code spec}; they start inactive. */
    record Add(List<Integer> ids, BrokerSpec spec) implements BrokerCommand {
        public Add {
            ids = List.copyOf(ids);
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * Gives brokers a new spec; running ones are marked as needing a restart, unless {@code appliedLive}: the
     * change was applied to their running Kafka processes already (see {@link BrokerEvent.Update}).
     */
    record Update(List<Integer> ids, BrokerSpec spec, boolean appliedLive) implements BrokerCommand {
        public Update {
            ids = List.copyOf(ids);
            Objects.requireNonNull(spec, "spec");
        }

        /** An update that running brokers do not have yet. */
        public Update(List<Integer> ids, BrokerSpec spec) {
            this(ids, spec, false);
        }
    }

    /** Removes stopped brokers. */
    record Remove(List<Integer> ids) implements BrokerCommand {
        public Remove {
            ids = List.copyOf(ids);
        }
    }

    /**
     * Forgets the volume and host of brokers whose task has ended (their host is gone for good): each is placed anew,
     * with a new volume, and its data is copied from its replicas; its old reservation is released if its agent comes
     * back. A controller of a dynamic quorum that has formed may be replaced too, with or without a volume: it joins the
     * quorum with new storage, and the scheduler's quorum changes make it a voter in place of its old storage. A removed
     * broker that waits for its volume is forgotten at once.
     */
    record Replace(List<Integer> ids) implements BrokerCommand {
        public Replace {
            ids = List.copyOf(ids);
        }
    }

    /** Makes brokers active, so that they are launched. */
    record Start(List<Integer> ids) implements BrokerCommand {
        public Start {
            ids = List.copyOf(ids);
        }
    }

    /** Makes brokers inactive and kills their tasks, in every phase. */
    record Stop(List<Integer> ids) implements BrokerCommand {
        public Stop {
            ids = List.copyOf(ids);
        }
    }

    /** Restarts brokers one at a time, the next once the previous runs again. */
    record Restart(List<Integer> ids) implements BrokerCommand {
        public Restart {
            ids = List.copyOf(ids);
        }
    }
}
