package dev.wasiotel.host.cli;

import dev.wasiotel.host.console.ConsoleText;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * How the run command prints what the OpenTelemetry SDK and the adapter log: one line per record —
 * level, logger, message and, of an exception, its class and message (e.g. an exporter's {@code
 * ConnectException}) — so that a collector that is down shows as a few lines rather than pages of
 * stack traces. {@code --verbose} keeps the stack traces.
 */
final class OneLineLogFormat extends Formatter {
    private final boolean stackTraces;

    private OneLineLogFormat(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    /** Formats every handler of the root logger (the console handler of a default configuration). */
    static void install(boolean stackTraces) {
        OneLineLogFormat format = new OneLineLogFormat(stackTraces);
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(format);
        }
    }

    @Override
    public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder()
                .append(r.getLevel().getName()).append(' ').append(r.getLoggerName()).append(": ")
                .append(ConsoleText.escape(formatMessage(r)));
        Throwable t = r.getThrown();
        if (t != null && !stackTraces) {
            sb.append(" (").append(ConsoleText.escape(String.valueOf(t))).append(')');
        }
        sb.append(System.lineSeparator());
        if (t != null && stackTraces) {
            java.io.StringWriter trace = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(trace));
            sb.append(trace);
        }
        return sb.toString();
    }
}
