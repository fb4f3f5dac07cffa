package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link GuestInstance} over a Chicory {@link Instance}. Not thread-safe: like the Chicory
 * instance under it, it runs one call at a time. A failure leaving guest code poisons it (see
 * {@link GuestInstance}).
 */
final class ChicoryGuestInstance implements GuestInstance {
    private static final long[] NO_VALUES = new long[0];
    private static final String POST_RETURN_PREFIX = "cabi_post_";

    private final ChicoryGuestContext context;
    private final Map<String, ExportHandle> exports = new HashMap<>();
    private Instance instance;
    private boolean poisoned;
    private String running;

    /** An exported function with what is needed to check arguments and normalise results. */
    private static final class ExportHandle {
        final ExportFunction function;
        final int paramCount;
        final boolean[] narrowResults;

        ExportHandle(ExportFunction function, FunctionType type) {
            this.function = function;
            this.paramCount = type.params().size();
            this.narrowResults = ChicoryTypes.narrowMask(type.returns());
        }
    }

    ChicoryGuestInstance() {
        this.context = new ChicoryGuestContext(this);
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
        enter(exportName);
        long[] results = invoke(exportName, handle.function, args);
        return normalizeResults(results, handle);
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
        enter(postName);
        invoke(postName, handle.function, results);
    }

    @Override
    public void callDestructor(String exportName, int rep) {
        ExportHandle handle = export(exportName);
        if (handle == null || handle.paramCount != 1) {
            throw new IllegalArgumentException("the guest exports no destructor \"" + exportName
                    + "\" taking one argument");
        }
        invoke(exportName, handle.function, rep & 0xffffffffL);
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
        return poisoned;
    }

    /** Marks this instance unusable after a trap. */
    void poison() {
        poisoned = true;
    }

    /**
     * Runs guest code ({@code what} names it), translating and recording failures. Nested calls
     * (a host function calling {@code cabi_realloc}) go through here too.
     */
    long[] invoke(String what, ExportFunction function, long... args) {
        checkNotPoisoned(what);
        String outer = running;
        running = what;
        try {
            return function.apply(args);
        } catch (RuntimeException | StackOverflowError e) {
            poisoned = true;
            throw ChicoryTraps.translate(e, what);
        } finally {
            running = outer;
        }
    }

    private void enter(String what) {
        checkNotPoisoned(what);
        if (running != null) {
            throw new IllegalStateException("cannot call \"" + what + "\" while \"" + running
                    + "\" is running: a guest instance is not reentrant");
        }
    }

    private void checkNotPoisoned(String what) {
        if (poisoned) {
            throw new WitTrap(WitTrap.Reason.GUEST_TRAP, "cannot call \"" + what
                    + "\": an earlier trap poisoned this guest instance; create a new one");
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
        return ChicoryHostFunction.normalize(results, handle.narrowResults);
    }
}
