package dev.wasiotel.host.cli;

import dev.wasiotel.host.WasiOtelCli;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports an exception thrown by a command as one line on stderr and returns exit code {@value
 * WasiOtelCli#EXIT_INTERNAL}. The stack trace is printed only when the environment variable
 * {@value #STACKTRACE_ENV} is set to a non-empty value.
 */
public final class InternalErrorHandler implements IExecutionExceptionHandler {
    /** The environment variable that turns stack traces on. */
    public static final String STACKTRACE_ENV = "WASI_OTEL_STACKTRACE";

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().root().name() + ": internal error: " + describe(ex));
        if (stackTraceWanted()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return WasiOtelCli.EXIT_INTERNAL;
    }

    /**
     * A one-line description of a throwable: its class's simple name and the first line of its
     * message, followed by the same for its innermost cause if that is a different one.
     *
     * @param t the throwable
     * @return the description, without line breaks
     */
    public static String describe(Throwable t) {
        String text = oneThrowable(t);
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != t) {
            text = text + " (caused by " + oneThrowable(root) + ")";
        }
        return text;
    }

    /**
     * Whether {@value #STACKTRACE_ENV} asks for stack traces.
     *
     * @return true if the variable is set and not empty
     */
    public static boolean stackTraceWanted() {
        String value = System.getenv(STACKTRACE_ENV);
        return value != null && !value.isEmpty();
    }

    private static String oneThrowable(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        return name + ": " + Text.oneLine(message);
    }
}
