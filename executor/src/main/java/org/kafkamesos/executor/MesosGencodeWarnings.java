package org.kafkamesos.executor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops protobuf-java's warnings about Mesos 1.11's pre-3.22 generated classes and keeps its warnings about
 * any other type: a java.util.logging filter on protobuf's logger, installed once, which logs one INFO line
 * through slf4j instead. See {@link MesosExecutorAdapter#filterMesosGencodeWarnings()}.
 */
final class MesosGencodeWarnings implements Filter {

    static final String PROTOBUF_LOGGER = "com.google.protobuf.GeneratedMessage";
    static final String MESOS_TYPE_WARNING = "Vulnerable protobuf generated type in use: org.apache.mesos.";
    static final String ERROR_PROPERTY = "com.google.protobuf.error_on_unsafe_pre22_gencode";

    private static final Logger log = LoggerFactory.getLogger(MesosGencodeWarnings.class);
    /** Held, so that the logger and its filter are not collected (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger PROTOBUF = java.util.logging.Logger.getLogger(PROTOBUF_LOGGER);
    private static final AtomicBoolean reported = new AtomicBoolean();

    private final Filter previous;

    private MesosGencodeWarnings(Filter previous) {
        this.previous = previous;
    }

    static synchronized void install() {
        Filter current = PROTOBUF.getFilter();
        if (current instanceof MesosGencodeWarnings) {
            return;
        }
        PROTOBUF.setFilter(new MesosGencodeWarnings(current));
        if (System.getProperty(ERROR_PROPERTY) != null) {
            log.error("system property {} is set: protobuf-java refuses to parse Mesos 1.11's generated messages,"
                    + " so the executor driver cannot deliver tasks or kills; unset it", ERROR_PROPERTY);
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message != null && message.startsWith(MESOS_TYPE_WARNING)) {
            if (reported.compareAndSet(false, true)) {
                log.info("protobuf-java warns that Mesos 1.11's generated classes predate protobuf 3.22"
                        + " (GHSA-h4h5-3hr4-j3g2: denial of service on hostile input); they parse only what the local"
                        + " Mesos agent sends, and the warning is filtered for org.apache.mesos types");
            }
            return false;
        }
        return previous == null || previous.isLoggable(record);
    }
}
