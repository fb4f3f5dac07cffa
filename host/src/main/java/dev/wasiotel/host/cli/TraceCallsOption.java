package dev.wasiotel.host.cli;

import dev.wasiotel.host.wasi.WasiExit;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import java.util.Map;
import java.util.Stack;
import java.util.function.Predicate;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --trace-calls[=FILTER]} option of {@code run} and {@code serve}: its help text, the
 * rule that a filter comes only after {@code =}, the filter's parsing, and which exceptions end a
 * call normally.
 */
final class TraceCallsOption {
    /** The option's help text, the same for both commands. */
    static final String DESCRIPTION = "Trace the guest's calls: a span (and metrics) for each export call, import"
            + " call and call between the inner components of a composed component, parented with the guest's own"
            + " spans. FILTER (optional, after `=`): comma-separated [+|-]PATTERN by interface or"
            + " interface#function, `*` for any text; the last matching pattern decides, and what none matches is"
            + " traced if the first pattern excludes, e.g."
            + " --trace-calls='-wasi:io/*,-wasi:clocks/*' or --trace-calls='wasi:otel/*'.";

    private TraceCallsOption() {
    }

    /**
     * The filter of the option's value.
     *
     * @param value the value ({@code ""} when given without a filter), or null when not given
     * @return the filter, or null when calls are not traced
     * @throws IllegalArgumentException (a usage error) if the filter is malformed
     */
    static CallFilter filter(String value) {
        return value == null ? null : CallFilter.parse(value);
    }

    /** A guest's {@code exit(ok)} unwinds through its calls without failing them. */
    static Predicate<Throwable> normalEnd() {
        return e -> {
            WasiExit exit = WasiExit.find(e);
            return exit != null && exit.code() == 0;
        };
    }

    /**
     * An optional option value only when attached ({@code --trace-calls=FILTER}): {@code
     * --trace-calls guest.wasm} must not read the guest's file name as the filter.
     */
    static final class AttachedValueOnly implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
            // picocli reports the separator it saw: "=" when attached, " " when the next argument follows
            if (!"=".equals(info.get("separator"))) {
                argSpec.setValue("");
                return true; // no value: the next argument is not looked at
            }
            return false;
        }
    }
}
