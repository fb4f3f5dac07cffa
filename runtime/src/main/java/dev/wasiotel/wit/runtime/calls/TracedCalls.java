package dev.wasiotel.wit.runtime.calls;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.util.List;

/**
 * Wraps host functions so that each call is a {@link CallTracer.Call} of its site: started before
 * the body runs, ended when it returns or throws, with the bytes of its arguments and results (the
 * flat core values, plus the caller's memory the body read and wrote, counted through a {@link
 * CountingContext}). Hosts install such a wrapper only for sites their tracer traces.
 */
public final class TracedCalls {
    private TracedCalls() {
    }

    /** {@code def} with its body traced by {@code probe} (same names, signature and type). */
    public static HostFunctionDef wrap(HostFunctionDef def, CallTracer.Probe probe) {
        return def.withBody(new Traced(def.body(), probe, bytes(def.params()), bytes(def.results())));
    }

    /** {@code body}, taking {@code params} and returning {@code results}, traced by {@code probe}. */
    public static CoreFunction wrap(CoreFunction body, CallTracer.Probe probe, List<CoreType> params,
            List<CoreType> results) {
        return new Traced(body, probe, bytes(params), bytes(results));
    }

    /** Whether {@code body} is a traced wrapper made here: how tests see that nothing was installed. */
    public static boolean isTraced(CoreFunction body) {
        return body instanceof Traced;
    }

    /** The bytes of flat core values of these types. */
    public static long bytes(List<CoreType> types) {
        long n = 0;
        for (CoreType t : types) {
            n += t == CoreType.I64 || t == CoreType.F64 ? 8 : 4;
        }
        return n;
    }

    /**
     * Runs {@code body} as one traced call of {@code probe}'s site, with {@code flatArguments} and
     * {@code flatResults} bytes of core values, ending the call however the body leaves.
     */
    public static <T> T run(CallTracer.Probe probe, GuestContext instance, long flatArguments, long flatResults,
            java.util.function.Supplier<T> body) {
        CallTracer.Call call = probe.start(instance);
        Throwable failure = null;
        try {
            return body.get();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            call.end(flatArguments, failure == null ? flatResults : -1, failure);
        }
    }

    private record Traced(CoreFunction body, CallTracer.Probe probe, long flatParams, long flatResults)
            implements CoreFunction {
        @Override
        public long[] call(GuestContext ctx, long[] args) {
            CallTracer.Call call = probe.start(ctx);
            CountingContext counted = call.countsBytes() ? new CountingContext(ctx) : null;
            Throwable failure = null;
            try {
                return body.call(counted == null ? ctx : counted, args);
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                if (counted == null) {
                    call.end(-1, -1, failure);
                } else {
                    call.end(flatParams + counted.bytesRead(),
                            failure == null ? flatResults + counted.bytesWritten() : -1, failure);
                }
            }
        }
    }
}
