package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.observe.wasi.logging.logging.Level;
import dev.wasiotel.otel.bindings.observe.wasi.logging.logging.Logging;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import java.util.Locale;

/**
 * {@code wasi:logging/logging} on the host's SDK logger (scope {@code wasi:logging}): the message
 * is the body, the level the severity ({@code critical} is {@code FATAL}) and its name the severity
 * text, the context string the attribute {@value #CONTEXT_ATTRIBUTE}. The record belongs to the
 * innermost open guest span (else the host's current span).
 */
final class ObserveLogging implements Logging {
    /** The attribute that carries wasi:logging's {@code context} argument. */
    static final String CONTEXT_ATTRIBUTE = "wasi.logging.context";

    private static final AttributeKey<String> CONTEXT = AttributeKey.stringKey(CONTEXT_ATTRIBUTE);

    private final Logger logger;
    private final Diagnostics diag;
    private final int maxBodyLength;

    ObserveLogging(Logger logger, Diagnostics diag, int maxBodyLength) {
        this.logger = logger;
        this.diag = diag;
        this.maxBodyLength = maxBodyLength;
    }

    @Override
    public void log(Level level, String context, String message) {
        logger.logRecordBuilder()
                .setSeverity(severity(level))
                .setSeverityText(level.name().toLowerCase(Locale.ROOT))
                .setBody(body(message))
                .setAttribute(CONTEXT, context)
                .setContext(Context.current()) // GuestCalls made the innermost guest span current
                .emit();
    }

    /** The message within the log body cap (the SDK has none). */
    private String body(String message) {
        if (message.length() <= maxBodyLength) {
            return message;
        }
        diag.record(Repair.LOG_BODY_TRUNCATED, "wasi:logging message of " + message.length() + " characters cut to "
                + maxBodyLength);
        return message.substring(0, maxBodyLength);
    }

    static Severity severity(Level level) {
        switch (level) {
            case TRACE: return Severity.TRACE;
            case DEBUG: return Severity.DEBUG;
            case INFO: return Severity.INFO;
            case WARN: return Severity.WARN;
            case ERROR: return Severity.ERROR;
            default: return Severity.FATAL;
        }
    }
}
