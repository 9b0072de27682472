package org.kafkamesos.core.http;

import org.kafkamesos.core.model.Task;

/**
 * Reads the end of a broker's log for {@code /api/broker/log}. Where logs can be read depends on where tasks
 * run: the local cluster reads the task's sandbox folder; on Mesos an implementation might ask the agent's
 * files endpoint. Called on one of the API's threads; it may block, briefly.
 */
@FunctionalInterface
public interface BrokerLogs {

    /**
     * The last {@code lines} lines of the log {@code name} of {@code task}.
     *
     * @param task  the broker's current task
     * @param name  a plain file name in the task's sandbox, such as {@code stdout}, {@code stderr} or
     *              {@code server.log}; never a path (the API refuses separators and {@code ..})
     * @param lines how many lines from the end, 1 to 10,000
     * @return the text, possibly empty
     * @throws IllegalArgumentException if there is no log of that name (the API answers 400 with the message)
     */
    String read(Task task, String name, int lines);
}
