package org.kafkamesos.executor;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line that says why a Kafka JVM failed, found in the last lines of its logs: the exception that ended it (the
 * deepest {@code Caused by} of the last stack trace, which is what went wrong first) and the {@code ERROR} or
 * {@code FATAL} line Kafka logged with it. The log tail that a failure message carries ends in stack frames, and
 * the few lines that name the error are easily cut off: this puts them first.
 */
final class FailureCause {

    /** A log4j line of Kafka's layout, {@code [date] LEVEL message (logger)}, at ERROR or FATAL. */
    private static final Pattern ERROR_LINE = Pattern.compile("^\\[[^\\]]*\\]\\s+(?:ERROR|FATAL)\\s+(.*)$");
    /** A log4j line of any level: where a stack trace ends. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\[[^\\]]*\\]\\s+[A-Z]+\\s");
    /** The first line of a stack trace, or of one of its causes: a throwable's class name, then its message. */
    private static final Pattern THROWABLE = Pattern.compile(
            "^\\s*(?:Caused by: |Exception in thread \"[^\"]*\" )?((?:[a-zA-Z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*(?:Exception|Error|Throwable)(?::\\s.*)?)\\s*$");

    private FailureCause() {
    }

    /**
     * The cause in {@code lines} of one log file, oldest first: the deepest cause of the stack trace after the last
     * ERROR line, with that line; else the last throwable anywhere; else the last ERROR line; else none.
     */
    static Optional<String> in(List<String> lines) {
        int error = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (ERROR_LINE.matcher(lines.get(i)).matches()) {
                error = i;
                break;
            }
        }
        String logged = error < 0 ? null : message(lines.get(error));
        String thrown = null;
        if (error >= 0) {
            for (int i = error + 1; i < lines.size() && !LOG_LINE.matcher(lines.get(i)).find(); i++) {
                Matcher m = THROWABLE.matcher(lines.get(i));
                if (m.matches()) {
                    thrown = m.group(1);
                }
            }
        }
        if (thrown == null) {
            for (int i = lines.size() - 1; i > error; i--) {
                Matcher m = THROWABLE.matcher(lines.get(i));
                if (m.matches()) {
                    thrown = m.group(1);
                    break;
                }
            }
        }
        if (thrown != null && logged != null) {
            return Optional.of(thrown + " (logged: " + logged + ")");
        }
        return Optional.ofNullable(thrown != null ? thrown : logged);
    }

    /** The message of an ERROR line, without Kafka's trailing {@code (logger)}. */
    private static String message(String line) {
        Matcher m = ERROR_LINE.matcher(line);
        String message = m.matches() ? m.group(1).strip() : line.strip();
        int logger = message.lastIndexOf(" (");
        return logger > 0 && message.endsWith(")") ? message.substring(0, logger) : message;
    }
}
