package dev.wasiotel.wit.runtime.chicory;

import dev.wasiotel.wit.runtime.engine.CoreSignatures;
import dev.wasiotel.wit.runtime.calls.CallKind;
import dev.wasiotel.wit.runtime.calls.CallSite;
import dev.wasiotel.wit.runtime.calls.CallTracer;
import dev.wasiotel.wit.runtime.calls.TracedCalls;
import dev.wasiotel.wit.runtime.calls.TracedSequences;
import dev.wasiotel.wit.runtime.engine.CallGuard;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link GuestInstance} over a Chicory {@link Instance}. Its {@link CallGuard} lets one call in
 * at a time (a second thread gets an {@link IllegalStateException}), stops calls at their deadline,
 * and poisons it when a failure leaves guest code (see {@link GuestInstance}).
 */
final class ChicoryGuestInstance implements GuestInstance {
    private static final long[] NO_VALUES = new long[0];
    private static final String POST_RETURN_PREFIX = "cabi_post_";

    private final ChicoryGuestContext context;
    private final CallGuard guard;
    private final Map<String, ExportHandle> exports = new ConcurrentHashMap<>();
    private Instance instance;
    /** The tracer of the host, or null: then no export call is traced (and nothing else runs). */
    private final CallTracer tracer;
    /** The probe of each export the host called, once asked ({@link #NOT_TRACED} if none). */
    private final Map<String, CallTracer.Probe> probes;
    /** The traced call sequences of generated callers; null when calls are not traced. */
    private final TracedSequences sequences;
    private static final CallTracer.Probe NOT_TRACED = instance -> {
        throw new IllegalStateException("not traced");
    };

    /** An exported function with what is needed to check arguments and normalise results. */
    private static final class ExportHandle {
        final ExportFunction function;
        final int paramCount;
        final boolean[] narrowResults;
        final long flatParams;
        final long flatResults;

        ExportHandle(ExportFunction function, FunctionType type) {
            this.function = function;
            this.paramCount = type.params().size();
            this.narrowResults = ChicoryTypes.narrowMask(type.returns());
            this.flatParams = ChicoryTypes.flatBytes(type.params());
            this.flatResults = ChicoryTypes.flatBytes(type.returns());
        }
    }

    ChicoryGuestInstance(GuestLimits limits) {
        this(limits, null);
    }

    ChicoryGuestInstance(GuestLimits limits, CallTracer tracer) {
        this.tracer = tracer;
        this.probes = tracer == null ? null : new ConcurrentHashMap<>();
        this.sequences = tracer == null ? null : new TracedSequences();
        this.guard = new CallGuard(limits, "guest instance");
        this.context = new ChicoryGuestContext(this, limits);
        context.putAttachment(GuestInstance.class, this);
    }

    /** Binds the Chicory instance, before any of its code runs. */
    void bind(Instance chicoryInstance) {
        this.instance = chicoryInstance;
        context.bind(chicoryInstance);
    }

    ChicoryGuestContext chicoryContext() {
        return context;
    }

    CallGuard guard() {
        return guard;
    }

    @Override
    public long[] call(String exportName, long... args) {
        ExportHandle handle = export(exportName);
        if (handle == null) {
            throw new IllegalArgumentException("the guest exports no function named \"" + exportName + "\"");
        }
        if (args.length != handle.paramCount) {
            throw new IllegalArgumentException("export \"" + exportName + "\" takes " + handle.paramCount
                    + " arguments, got " + args.length);
        }
        long[] results;
        CallTracer.Probe probe = tracer == null ? null : probe(exportName);
        if (probe == null) {
            results = guard.call(exportName, () -> apply(exportName, handle.function, args));
        } else {
            // inside the guard: the span ends before the instance's call-end listeners run; a step
            // of a traced sequence is in the sequence's span
            results = guard.call(exportName, () -> sequences.covers(exportName)
                    ? sequences.step(() -> apply(exportName, handle.function, args))
                    : TracedCalls.run(probe, context, handle.flatParams, handle.flatResults,
                            () -> apply(exportName, handle.function, args)));
        }
        return normalizeResults(results, handle);
    }

    /** The probe of export {@code name}, asked of the tracer once; null if it is not traced. */
    private CallTracer.Probe probe(String name) {
        CallTracer.Probe probe = probes.computeIfAbsent(name, n -> {
            CallTracer.Probe p = tracer.probe(new CallSite(CallKind.EXPORT, null, n, CallSite.CORE, null));
            return p == null ? NOT_TRACED : p;
        });
        return probe == NOT_TRACED ? null : probe;
    }

    @Override
    public Call beginCall(String exportName) {
        Call sequence = guard.begin(exportName);
        if (tracer == null) {
            return sequence;
        }
        try {
            CallTracer.Probe probe = probe(exportName);
            ExportHandle handle = probe == null ? null : export(exportName);
            return handle == null ? sequence
                    : sequences.begin(sequence, exportName, probe, context, handle.flatParams, handle.flatResults);
        } catch (RuntimeException | Error e) {
            sequence.close();
            throw e;
        }
    }

    @Override
    public GuestContext context(Call call) {
        return sequences == null ? context : TracedSequences.context(call, context);
    }

    @Override
    public void callPostReturn(String exportName, long[] results) {
        String postName = POST_RETURN_PREFIX + exportName;
        ExportHandle handle = export(postName);
        if (handle == null) {
            return;
        }
        if (results.length != handle.paramCount) {
            throw new IllegalArgumentException("\"" + postName + "\" takes " + handle.paramCount
                    + " arguments, got " + results.length);
        }
        guard.postReturn(postName, () -> apply(postName, handle.function, results));
    }

    @Override
    public void callDestructor(String exportName, int rep) {
        ExportHandle handle = export(exportName);
        if (handle == null || handle.paramCount != 1) {
            throw new IllegalArgumentException("the guest exports no destructor \"" + exportName
                    + "\" taking one argument");
        }
        guard.nested(exportName, () -> apply(exportName, handle.function, rep & 0xffffffffL));
    }

    @Override
    public GuestContext context() {
        return context;
    }

    @Override
    public boolean hasExport(String name) {
        return context.findExport(name, ExternalType.FUNCTION) != null;
    }

    @Override
    public boolean isPoisoned() {
        return guard.isPoisoned();
    }

    /** Marks this instance unusable after a trap. */
    void poison() {
        guard.poison();
    }

    /**
     * Runs the guest's {@code cabi_realloc}: inside a call of this thread or as a call of its own;
     * the guest may not call its host until it returns.
     */
    long[] realloc(String what, ExportFunction function, long... args) {
        return guard.realloc(what, () -> apply(what, function, args));
    }

    /** Runs guest code ({@code what} names it), with Chicory's failures translated. */
    private static long[] apply(String what, ExportFunction function, long... args) {
        try {
            return function.apply(args);
        } catch (RuntimeException | StackOverflowError e) {
            throw ChicoryTraps.translate(e, what);
        }
    }

    private ExportHandle export(String name) {
        ExportHandle handle = exports.get(name);
        if (handle == null) {
            Export e = context.findExport(name, ExternalType.FUNCTION);
            if (e == null) {
                return null;
            }
            handle = new ExportHandle(instance.export(name), instance.exportType(name));
            exports.put(name, handle);
        }
        return handle;
    }

    private static long[] normalizeResults(long[] results, ExportHandle handle) {
        if (results == null || results.length == 0) {
            if (handle.narrowResults.length != 0) {
                throw new IllegalStateException("Chicory returned no results where "
                        + handle.narrowResults.length + " were expected");
            }
            return NO_VALUES;
        }
        return CoreSignatures.normalize(results, handle.narrowResults);
    }
}
