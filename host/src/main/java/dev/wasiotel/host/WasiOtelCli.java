package dev.wasiotel.host;

import dev.wasiotel.host.cli.BindgenCommand;
import dev.wasiotel.host.cli.CompileCommand;
import dev.wasiotel.host.cli.InternalErrorHandler;
import dev.wasiotel.host.cli.RunCommand;
import dev.wasiotel.host.cli.ServeCommand;
import dev.wasiotel.host.cli.VersionProvider;
import dev.wasiotel.host.cli.WitCommand;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wasi-otel} command line.
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_FAILED} the input was rejected (for
 * example a WIT error), {@value #EXIT_USAGE} bad command line, {@value #EXIT_INTERNAL} an
 * unexpected failure, reported on one line (set the environment variable {@value
 * InternalErrorHandler#STACKTRACE_ENV} to see the stack trace).
 */
@Command(name = "wasi-otel", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "JVM host for the WASI OTel proposal, and WIT tools.",
        subcommands = {RunCommand.class, ServeCommand.class, CompileCommand.class, WitCommand.class, BindgenCommand.class})
public final class WasiOtelCli {
    /** Everything went well. */
    public static final int EXIT_OK = 0;
    /** The input was checked and rejected. */
    public static final int EXIT_FAILED = 1;
    /** The command line was wrong (picocli's usage exit code). */
    public static final int EXIT_USAGE = 2;
    /** Something unexpected failed. */
    public static final int EXIT_INTERNAL = 3;

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(System.err, args));
    }

    /**
     * Runs the command line in this JVM, printing to {@link System#out} and {@link System#err}, and
     * returns the exit code. Errors thrown outside picocli's exception handling (such as {@link
     * StackOverflowError}) are reported on one line to {@code err} as exit code {@value
     * #EXIT_INTERNAL}.
     *
     * @param err where to report an unexpected error
     * @param args the arguments
     * @return the exit code
     */
    public static int run(PrintStream err, String... args) {
        try {
            return newCommandLine().execute(args);
        } catch (Throwable t) { // last line of defence: one line, no stack trace unless asked for
            err.println("wasi-otel: internal error: " + InternalErrorHandler.describe(t));
            if (InternalErrorHandler.stackTraceWanted()) {
                t.printStackTrace(err);
            }
            err.flush();
            return EXIT_INTERNAL;
        }
    }

    /**
     * A fresh, configured command line for {@code wasi-otel}. Tests call {@link
     * CommandLine#setOut}, {@link CommandLine#setErr} and {@link CommandLine#execute} on it.
     *
     * @return the command line
     */
    public static CommandLine newCommandLine() {
        return configure(new CommandLine(new WasiOtelCli()));
    }

    /**
     * Installs this tool's handling of unexpected exceptions (one line on stderr, exit code {@value
     * #EXIT_INTERNAL}) on a command line.
     *
     * @param commandLine the command line to configure
     * @return the same command line
     */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setExecutionExceptionHandler(new InternalErrorHandler());
        return commandLine;
    }
}
