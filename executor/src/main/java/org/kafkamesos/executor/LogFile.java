package org.kafkamesos.executor;

/** The files of a task's sandbox whose tail {@link ExecutorRuntime#logTail} returns. */
public enum LogFile {
    /** The Kafka process's standard output ({@code kafka.stdout}): warnings and errors. */
    STDOUT("kafka.stdout"),
    /** The Kafka process's standard error ({@code kafka.stderr}): JVM failures. */
    STDERR("kafka.stderr"),
    /** Kafka's own log ({@code server.log}), written by log4j when the distribution configures it. */
    SERVER_LOG("server.log");

    private final String fileName;

    LogFile(String fileName) {
        this.fileName = fileName;
    }

    /** The file's name in the sandbox. */
    public String fileName() {
        return fileName;
    }
}
