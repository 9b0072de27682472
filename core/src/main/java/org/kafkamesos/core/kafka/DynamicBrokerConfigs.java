package org.kafkamesos.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.kafkamesos.core.model.BrokerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a broker's changed options to its running Kafka process as dynamic broker configs, so that a config
 * change Kafka can take without a restart gets none (mesos/kafka needed a manual restart for every one).
 *
 * <p>A change qualifies when only {@link BrokerSpec#options()} differ, no option is removed (removing a
 * dynamic config would fall back to the value the process started with, not to the default), and the broker
 * reports every changed key as a config that is not read-only ({@code describeConfigs}: Kafka's own list of
 * per-broker dynamic configs, such as {@code num.io.threads} or {@code log.cleaner.threads}). Anything else
 * needs a restart, as before.
 */
final class DynamicBrokerConfigs {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicBrokerConfigs.class);

    private DynamicBrokerConfigs() {
    }

    /**
     * The options to set if going from {@code before} to {@code after} changes options only, and removes none;
     * empty when something else changes (or nothing does).
     */
    static Optional<Map<String, String>> candidates(BrokerSpec before, BrokerSpec after) {
        BrokerSpec sameOptions = after.toBuilder().options(before.options()).build();
        if (!sameOptions.equals(before) || !after.options().keySet().containsAll(before.options().keySet())) {
            return Optional.empty();
        }
        Map<String, String> changed = new TreeMap<>();
        after.options().forEach((key, value) -> {
            if (!value.equals(before.options().get(key))) {
                changed.put(key, value);
            }
        });
        return changed.isEmpty() ? Optional.empty() : Optional.of(changed);
    }

    /** The option keys whose values differ between {@code before} and {@code after}, removed ones included. */
    static java.util.Set<String> changedKeys(BrokerSpec before, BrokerSpec after) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        before.options().forEach((key, value) -> {
            if (!value.equals(after.options().get(key))) {
                keys.add(key);
            }
        });
        after.options().forEach((key, value) -> {
            if (!value.equals(before.options().get(key))) {
                keys.add(key);
            }
        });
        return keys;
    }

    /**
     * Removes broker {@code brokerId}'s dynamic configs of {@code keys} that are set, so that the values its next
     * launch writes to {@code server.properties} take effect; a failure is logged, since the change goes on with a
     * restart either way.
     */
    static void forget(Admin admin, int brokerId, java.util.Set<String> keys, Duration timeout) {
        if (keys.isEmpty()) {
            return;
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(brokerId));
        try {
            Config current = admin.describeConfigs(List.of(broker)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(broker);
            List<AlterConfigOp> ops = new ArrayList<>();
            for (String key : keys) {
                ConfigEntry entry = current.get(key);
                if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE));
                }
            }
            if (!ops.isEmpty()) {
                admin.incrementalAlterConfigs(Map.of(broker, ops)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("broker {}: removed the dynamic configs {}; its next launch uses the spec's values", brokerId, ops.size());
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("broker {}: could not remove dynamic configs {}: {}", brokerId, keys, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sets {@code changes} on broker {@code brokerId} if every key is a dynamic broker config.
     *
     * @return whether they were set; false (and nothing set) when a key is unknown to the broker or read-only
     * @throws IllegalArgumentException if Kafka finds a value invalid
     * @throws KafkaOperationException if the broker cannot be asked
     */
    static boolean apply(Admin admin, int brokerId, Map<String, String> changes, Duration timeout) {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(brokerId));
        try {
            Config current = admin.describeConfigs(List.of(broker)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(broker);
            for (String key : changes.keySet()) {
                ConfigEntry entry = current.get(key);
                if (entry == null || entry.isReadOnly()) {
                    LOG.info("broker {}: {} is {}; the change needs a restart", brokerId, key, entry == null ? "no broker config" : "read-only");
                    return false;
                }
            }
            List<AlterConfigOp> ops = new ArrayList<>();
            changes.forEach((key, value) -> ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
            admin.incrementalAlterConfigs(Map.of(broker, ops)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("broker {}: set {} without a restart", brokerId, changes.keySet());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.InvalidConfigurationException
                    || e.getCause() instanceof org.apache.kafka.common.errors.InvalidRequestException) {
                throw new IllegalArgumentException("broker " + brokerId + " refused the configs " + changes + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
            throw new KafkaOperationException("broker " + brokerId + " refused the configs " + changes + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaOperationException("broker " + brokerId + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException("interrupted while setting configs of broker " + brokerId, e);
        }
    }
}
