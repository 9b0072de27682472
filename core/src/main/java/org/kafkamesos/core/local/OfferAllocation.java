package org.kafkamesos.core.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocator: every offer interval, and when resources may have come back, each reachable agent's free
 * unreserved resources are offered to the first registered, unsuppressed framework (in registration order) whose
 * filters do not refuse that agent, and its free resources reserved for a role (volumes included) to the first such
 * framework of that role, together with the unreserved ones when it is that framework: reserved resources go only to
 * their role, as Mesos' allocator gives them. Also declines (which install a filter), revive, suppress and
 * rescinds. Called under the master's lock; {@link #allocate}, run on the master's thread, takes it.
 */
final class OfferAllocation {

    private static final Logger log = LoggerFactory.getLogger(OfferAllocation.class);

    private final MasterState state;

    OfferAllocation(MasterState state) {
        this.state = state;
    }

    /** Runs an allocation on the master's thread, as soon as it is free. */
    void allocateSoon() {
        state.timer.execute(this::allocate);
    }

    void allocate() {
        synchronized (state) {
            if (state.closed) {
                return;
            }
            try {
                offerFreeResources();
            } catch (RuntimeException e) {
                // A bug in the counting must not end the periodic allocation: the next one tries again.
                log.error("allocation failed", e);
            }
        }
    }

    private void offerFreeResources() {
        Instant now = state.now();
        Map<FrameworkEntry, List<Protos.Offer>> batches = new LinkedHashMap<>();
        for (AgentSlot agent : state.agents.values()) {
            if (!agent.reachable) {
                continue;
            }
            AgentResources free = state.free(agent);
            boolean unreservedOffered = false;
            for (FrameworkEntry framework : state.frameworks.values()) {
                if (framework.driver == null || framework.suppressed) {
                    continue;
                }
                String role = OfferBook.role(framework.info);
                AgentResources share = unreservedOffered ? free.reservedFor(role) : free.usableBy(role);
                if (share.isEmpty() || !share.allocatable() || state.offers.refused(framework.id, agent.agent.agentId(), share, now)) {
                    continue;
                }
                OfferBook.Outstanding offer = state.offers.create(framework.info, agent.agent, share);
                batches.computeIfAbsent(framework, f -> new ArrayList<>()).add(offer.offer());
                free = free.minus(share);
                unreservedOffered = true;
            }
        }
        batches.forEach((framework, batch) -> {
            LocalSchedulerDriver driver = framework.driver;
            driver.deliver("resourceOffers", s -> s.resourceOffers(driver, batch));
        });
    }

    void decline(LocalSchedulerDriver driver, String offerId, Protos.Filters filters) {
        FrameworkEntry framework = state.frameworkOf(driver);
        Optional<OfferBook.Outstanding> offer = state.offers.get(offerId);
        if (framework == null || offer.isEmpty() || !offer.get().frameworkId().equals(framework.id)) {
            log.warn("ignoring the decline of offer {}: it is no longer valid", offerId);
            return;
        }
        state.offers.remove(offerId);
        state.offers.refuse(framework.id, offer.get().agentId(), offer.get().resources(), filters, state.now());
    }

    void revive(LocalSchedulerDriver driver) {
        FrameworkEntry framework = state.frameworkOf(driver);
        if (framework != null) {
            framework.suppressed = false;
            state.offers.clearFilters(framework.id);
            allocateSoon();
        }
    }

    void suppress(LocalSchedulerDriver driver) {
        FrameworkEntry framework = state.frameworkOf(driver);
        if (framework != null) {
            framework.suppressed = true;
        }
    }

    /** Rescinds the outstanding offers of {@code agentId}, or every outstanding offer if it is null. */
    void rescind(String agentId) {
        for (OfferBook.Outstanding offer : state.offers.removeOfAgent(agentId)) {
            FrameworkEntry framework = state.frameworks.get(offer.frameworkId());
            if (framework != null && framework.driver != null) {
                LocalSchedulerDriver driver = framework.driver;
                driver.deliver("offerRescinded", s -> s.offerRescinded(driver, offer.offer().getId()));
            }
        }
    }
}
