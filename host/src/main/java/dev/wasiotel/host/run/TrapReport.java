package dev.wasiotel.host.run;

import dev.wasiotel.wit.runtime.WitTrap;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a guest trap is told in telemetry: the trap's reason and message and the guest's own frames,
 * not the host's Java stack (tens of kilobytes of interpreter frames for a stack overflow, which say
 * nothing about the guest).
 *
 * <p>Guest frames come from Chicory's compiler, which turns Wasm function {@code N} into a JVM
 * method {@code func_N}; the interpreter keeps its Wasm call stack to itself, so an interpreted
 * trap has the reason only.
 */
public final class TrapReport {
    /** The semantic-convention attribute keys of an {@code exception} span event. */
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    /** Guest frames listed at most; a deeper stack ends with a count of the rest. */
    static final int MAX_FRAMES = 32;

    /** A JVM method that Chicory's compiler made from a Wasm function. */
    private static final Pattern COMPILED_FUNCTION = Pattern.compile("func_([0-9]+)");

    private TrapReport() {
    }

    /**
     * Records {@code trap} on {@code span} as the standard {@code exception} event, with the short
     * stack trace of {@link #stackTrace}.
     *
     * @param span the span the trap ended
     * @param trap the trap
     */
    public static void record(Span span, WitTrap trap) {
        span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, trap.getClass().getName(),
                EXCEPTION_MESSAGE, String.valueOf(trap.getMessage()), EXCEPTION_STACKTRACE, stackTrace(trap)));
    }

    /**
     * The short stack trace of a trap: a first line as {@link Throwable#toString()} gives it (the
     * trap's class, reason and message), then one {@code \tat wasm function N} line per guest frame,
     * innermost first, runs of one function folded into one line, at most {@value #MAX_FRAMES}
     * lines.
     *
     * @param trap the trap
     * @return the text, a few hundred bytes at most for any trap
     */
    public static String stackTrace(WitTrap trap) {
        StringBuilder sb = new StringBuilder(trap.toString());
        List<String> frames = guestFrames(trap);
        int shown = 0;
        int i = 0;
        while (i < frames.size() && shown < MAX_FRAMES) {
            int run = 1;
            while (i + run < frames.size() && frames.get(i + run).equals(frames.get(i))) {
                run++;
            }
            sb.append("\n\tat wasm function ").append(frames.get(i));
            if (run > 1) {
                sb.append(" (").append(run).append(" frames)");
            }
            i += run;
            shown++;
        }
        if (i < frames.size()) {
            sb.append("\n\t... ").append(frames.size() - i).append(" more guest frames");
        }
        return sb.toString();
    }

    /**
     * The Wasm function indices on the stack where the trap happened, innermost first: from the first
     * throwable in the cause chain that has any.
     *
     * @param trap the trap
     * @return the indices as text, empty when the guest was interpreted
     */
    static List<String> guestFrames(Throwable trap) {
        Throwable t = trap;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            List<String> frames = new ArrayList<>();
            for (StackTraceElement e : t.getStackTrace()) {
                Matcher m = COMPILED_FUNCTION.matcher(e.getMethodName());
                if (m.matches()) {
                    frames.add(m.group(1));
                }
            }
            if (!frames.isEmpty()) {
                return frames;
            }
        }
        return List.of();
    }
}
