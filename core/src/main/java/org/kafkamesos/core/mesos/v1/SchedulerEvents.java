package org.kafkamesos.core.mesos.v1;

import java.util.List;
import java.util.function.Consumer;
import org.apache.mesos.Protos;
import org.apache.mesos.Scheduler;
import org.apache.mesos.SchedulerDriver;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.kafkamesos.executor.v1.Evolve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Scheduler} callbacks of V1 events, the V0 driver's way: OFFERS is {@code resourceOffers}, RESCIND
 * {@code offerRescinded}, UPDATE {@code statusUpdate}, MESSAGE {@code frameworkMessage}, FAILURE
 * {@code executorLost} when it names an executor and {@code slaveLost} otherwise, ERROR {@code error}. SUBSCRIBED
 * and HEARTBEAT belong to the connection ({@link HttpSchedulerDriver}); inverse offers and operation updates have
 * no V0 callback and are dropped, as the native driver drops them for a scheduler without them.
 */
final class SchedulerEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerEvents.class);

    private SchedulerEvents() {
    }

    /** The callback of {@code event}, or null when it has none. */
    static Consumer<Scheduler> callbackOf(Event event, SchedulerDriver driver) {
        switch (event.getType()) {
            case OFFERS:
                List<Protos.Offer> offers = Evolve.all(event.getOffers().getOffersList(), Protos.Offer.parser());
                return s -> s.resourceOffers(driver, offers);
            case RESCIND:
                Protos.OfferID offer = Evolve.as(event.getRescind().getOfferId(), Protos.OfferID.parser());
                return s -> s.offerRescinded(driver, offer);
            case UPDATE:
                Protos.TaskStatus status = Evolve.as(event.getUpdate().getStatus(), Protos.TaskStatus.parser());
                return s -> s.statusUpdate(driver, status);
            case MESSAGE:
                Event.Message message = event.getMessage();
                Protos.ExecutorID executor = Evolve.as(message.getExecutorId(), Protos.ExecutorID.parser());
                Protos.SlaveID from = Evolve.as(message.getAgentId(), Protos.SlaveID.parser());
                byte[] data = message.getData().toByteArray();
                return s -> s.frameworkMessage(driver, executor, from, data);
            case FAILURE:
                return failure(event.getFailure(), driver);
            case ERROR:
                String error = event.getError().getMessage();
                return s -> s.error(driver, error);
            default:
                LOG.debug("a {} event has no scheduler callback; dropped", event.getType());
                return null;
        }
    }

    private static Consumer<Scheduler> failure(Event.Failure failure, SchedulerDriver driver) {
        Protos.SlaveID agent = Evolve.as(failure.getAgentId(), Protos.SlaveID.parser());
        if (failure.hasExecutorId()) {
            Protos.ExecutorID executor = Evolve.as(failure.getExecutorId(), Protos.ExecutorID.parser());
            int status = failure.getStatus();
            return s -> s.executorLost(driver, executor, agent, status);
        }
        return s -> s.slaveLost(driver, agent);
    }
}
