package dev.wasiotel.host.component;

import dev.wasiotel.host.component.Func.LiftedFunc;
import dev.wasiotel.host.component.Item.InstanceValue;
import dev.wasiotel.host.component.binary.Sort;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CallPlan;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.LiftBudget;
import dev.wasiotel.wit.runtime.ResourceTable;
import dev.wasiotel.wit.runtime.ResourceType;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.calls.CallKind;
import dev.wasiotel.wit.runtime.calls.CallSite;
import dev.wasiotel.wit.runtime.calls.CallTracer;
import dev.wasiotel.wit.runtime.calls.CountingContext;
import dev.wasiotel.wit.runtime.calls.TracedCalls;
import dev.wasiotel.wit.runtime.calls.TracedSequences;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An instantiated component. As a {@link GuestInstance} it offers its lifted exports under the
 * core names {@code wit-component} uses, so generated {@code <Iface>Guest} callers work: {@code
 * ns:pkg/iface@V#func} for a function of an exported interface, {@code func} for a world-level
 * one; {@link #callPostReturn} runs the export's {@code post-return} option. {@link #invoke} is
 * the dynamic path (values as {@link dev.wasiotel.wit.runtime.abi.DynamicCanon} represents them).
 *
 * <p>A trap poisons the instance (every further call throws {@link WitTrap}). It runs one call at
 * a time: a call from a second thread meanwhile gets an {@link IllegalStateException} without
 * touching the guest, and a call from a host function of the same instance too (it is not
 * reentrant); each call has the host's deadline ({@link dev.wasiotel.wit.runtime.GuestLimits#callTimeout()}).
 * Generated callers hold the instance for all the steps of a call with {@link #beginCall}; {@link
 * #invoke} holds it from lowering the arguments to the post-return.
 */
public final class ComponentInstance implements GuestInstance, AutoCloseable {
    private final Map<String, LiftedFunc> functions = new LinkedHashMap<>();
    /** Destructors of the resources the component defines and exports, by {@code iface#[dtor]r}. */
    private final Map<String, ResourceKind> destructors = new LinkedHashMap<>();
    private final InstanceState state;
    private final GuestContext context;
    /** The probe of each traced export; null when calls are not traced. */
    private final Map<String, CallTracer.Probe> probes;
    /** The traced call sequences of generated callers; null when calls are not traced. */
    private final TracedSequences sequences;

    ComponentInstance(Map<String, Item> exports, InstanceState state) {
        this(exports, state, null, Map.of());
    }

    /**
     * @param tracer traces export calls, or null
     * @param liftedPaths where each lifted function was lifted (its instance's path)
     */
    ComponentInstance(Map<String, Item> exports, InstanceState state, CallTracer tracer,
            Map<LiftedFunc, String> liftedPaths) {
        this.state = state;
        for (Map.Entry<String, Item> e : exports.entrySet()) {
            collect(e.getKey(), e.getValue(), true);
        }
        this.probes = tracer == null ? null : probes(tracer, liftedPaths);
        this.sequences = tracer == null ? null : new TracedSequences();
        // generated code reaches the instance through its context, to wrap the resources it defines
        state.putAttachment(GuestInstance.class, this);
        LiftedFunc withMemory = null;
        for (LiftedFunc f : functions.values()) {
            if (f.memory() != null) {
                withMemory = f;
                break;
            }
        }
        this.context = withMemory == null ? new CanonContext(null, null, state, "component")
                : new CanonContext(withMemory.memory(), withMemory.realloc(), state, "component");
    }

    /** Asks {@code tracer} once for the probe of each exported function. */
    private Map<String, CallTracer.Probe> probes(CallTracer tracer, Map<LiftedFunc, String> liftedPaths) {
        Map<String, CallTracer.Probe> out = new java.util.HashMap<>();
        for (Map.Entry<String, LiftedFunc> e : functions.entrySet()) {
            String name = e.getKey();
            int hash = name.lastIndexOf('#');
            CallTracer.Probe probe = tracer.probe(new CallSite(CallKind.EXPORT, hash < 0 ? null : name.substring(0, hash),
                    name.substring(hash + 1), liftedPaths.getOrDefault(e.getValue(), "/"), null));
            if (probe != null) {
                out.put(name, probe);
                state.tracedCallSite();
            }
        }
        return out;
    }

    /** How many traced wrappers the instance has (imports, cross-component calls, exports): 0 when off. */
    int tracedCallSites() {
        return state.tracedCallSites();
    }

    private void collect(String name, Item item, boolean top) {
        if (item.sort() == Sort.FUNC && item.value() instanceof LiftedFunc f) {
            functions.put(name, f);
        } else if (!top && item.value() instanceof ResolvedType.ResourceTypeValue r && r.resource().isGuestDefined()) {
            exportResource(name, r.resource());
        } else if (top && item.sort() == Sort.INSTANCE && item.value() instanceof InstanceValue instance) {
            for (Map.Entry<String, Item> e : instance.exports().entrySet()) {
                collect(name + "#" + e.getKey(), e.getValue(), false);
            }
        }
    }

    /**
     * A resource type the component defines and exports as {@code iface#r}: generated code names it
     * so ({@code ResourceType(iface, r)}), and calls its destructor as {@code iface#[dtor]r}.
     */
    private void exportResource(String name, ResourceKind kind) {
        int hash = name.lastIndexOf('#');
        ResourceTable table = state.attachment(ResourceTable.class);
        if (table == null) {
            table = new ResourceTable();
            state.putAttachment(ResourceTable.class, table);
        }
        table.alias(new ResourceType(name.substring(0, hash), name.substring(hash + 1)), kind.key());
        if (kind.destructor() != null) {
            destructors.put(name.substring(0, hash + 1) + "[dtor]" + name.substring(hash + 1), kind);
        }
    }

    /** The names of the exported functions ({@code iface#func} or {@code func}). */
    public Set<String> exportedFunctions() {
        return Collections.unmodifiableSet(functions.keySet());
    }

    @Override
    public long[] call(String exportName, long... args) {
        if (destructors.containsKey(exportName) && args.length == 1) {
            callDestructor(exportName, (int) args[0]);
            return new long[0];
        }
        LiftedFunc f = function(exportName);
        if (args.length != f.core().params().size()) {
            throw new IllegalArgumentException("export \"" + exportName + "\" takes " + f.core().params().size()
                    + " core arguments, got " + args.length);
        }
        CallTracer.Probe probe = probes == null ? null : probes.get(exportName);
        if (probe == null) {
            return guarded(exportName, () -> f.core().call(args));
        }
        // inside the guard: the span ends before the instance's call-end listeners run; a step of
        // a traced sequence is in the sequence's span
        return guarded(exportName, () -> sequences.covers(exportName) ? sequences.step(() -> f.core().call(args))
                : TracedCalls.run(probe, context, TracedCalls.bytes(f.core().params()),
                        TracedCalls.bytes(f.core().results()), () -> f.core().call(args)));
    }

    /**
     * Runs the destructor of a resource the component defines and exports ({@code iface#[dtor]r}),
     * as the canonical ABI does when the host drops its own handle, also inside a running call of
     * this thread.
     */
    @Override
    public void callDestructor(String exportName, int rep) {
        ResourceKind kind = destructors.get(exportName);
        if (kind == null) {
            throw new IllegalArgumentException("the component has no destructor \"" + exportName + "\"");
        }
        state.guard().nested(exportName, () -> kind.destructor().call(rep & 0xffffffffL));
    }

    @Override
    public Call beginCall(String exportName) {
        Call sequence = state.guard().begin(exportName);
        CallTracer.Probe probe = probes == null ? null : probes.get(exportName);
        if (probe == null) {
            return sequence;
        }
        LiftedFunc f = functions.get(exportName);
        return sequences.begin(sequence, exportName, probe, context, TracedCalls.bytes(f.core().params()),
                TracedCalls.bytes(f.core().results()));
    }

    @Override
    public GuestContext context(Call call) {
        return sequences == null ? context : TracedSequences.context(call, context);
    }

    @Override
    public void callPostReturn(String exportName, long[] results) {
        postReturn(function(exportName), "of " + exportName, results);
    }

    /**
     * Calls an exported function with dynamic values: lowers {@code args} by the function's type,
     * calls it, lifts the result and runs its post-return.
     *
     * @return the result, or null for a function without one
     * @throws IllegalArgumentException if there is no such function or the argument count is wrong
     * @throws WitTrap if the guest traps or returns bad values
     */
    public Object invoke(String exportName, List<Object> args) {
        LiftedFunc f = function(exportName);
        CallPlan plan = CallPlan.forExport(f.type().params(), f.type().result());
        if (args.size() != plan.abi().params().size()) {
            throw new IllegalArgumentException(exportName + " takes " + plan.abi().params().size()
                    + " arguments, got " + args.size());
        }
        GuestContext target = new CanonContext(f.memory(), f.realloc(), state, exportName);
        CallTracer.Probe probe = probes == null ? null : probes.get(exportName);
        if (probe == null) {
            return guarded(exportName, () -> invoke(exportName, f, plan, args, target));
        }
        return guarded(exportName, () -> {
            // the span covers lowering, the call, lifting and post-return; it ends inside the guard
            CallTracer.Call call = probe.start(context);
            CountingContext counted = call.countsBytes() ? new CountingContext(target) : null;
            Throwable failure = null;
            try {
                return invoke(exportName, f, plan, args, counted == null ? target : counted);
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                if (counted == null) {
                    call.end(-1, -1, failure);
                } else {
                    call.end(TracedCalls.bytes(f.core().params()) + counted.bytesWritten(),
                            failure == null ? TracedCalls.bytes(f.core().results()) + counted.bytesRead() : -1,
                            failure);
                }
            }
        });
    }

    /** The steps of {@link #invoke(String, List)}, inside the guard. */
    private Object invoke(String exportName, LiftedFunc f, CallPlan plan, List<Object> args, GuestContext target) {
        List<Object> values;
        try {
            values = borrowsAsReps(plan.abi(), args);
        } catch (ClassCastException | NullPointerException e) {
            throw DynamicCalls.argumentsMismatch(exportName, plan.abi().params(), e);
        }
        return DynamicCalls.callExport(plan, exportName, values, target, f.encoding(),
                LiftBudget.of(target.limits()), core -> f.core().call(core),
                results -> postReturn(f, "of " + exportName, results));
    }

    /** Runs {@code f}'s post-return option, if it has one, where the guest may not call its host. */
    static void postReturn(LiftedFunc f, String what, long[] results) {
        if (f.postReturn() != null) {
            f.state().guard().postReturn(what, () -> f.postReturn().call(results));
        }
    }

    /** The parameter types of an exported function, as {@link #invoke} takes its arguments. */
    public List<dev.wasiotel.wit.abi.AbiType> parameterTypes(String exportName) {
        return function(exportName).type().params();
    }

    /** The result type of an exported function, if it has one. */
    public java.util.Optional<dev.wasiotel.wit.abi.AbiType> resultType(String exportName) {
        return function(exportName).type().result();
    }

    /**
     * The canonical ABI passes a component its own resource as the representation, not a handle,
     * when it receives a {@code borrow}: top-level borrow parameters of resources this component
     * defines are looked up in its table. (Handles nested inside other values are passed as they
     * are.)
     */
    private List<Object> borrowsAsReps(FunctionAbi abi, List<Object> args) {
        List<Object> out = new java.util.ArrayList<>(args);
        for (int i = 0; i < abi.params().size(); i++) {
            if (abi.params().get(i) instanceof AbiType.Handle h && h.borrow()) {
                ResourceKind kind = state.guestResource(h.resource());
                if (kind != null) {
                    ResourceTable table = state.attachment(ResourceTable.class);
                    if (table == null) {
                        throw new WitTrap(WitTrap.Reason.INVALID_HANDLE, "handle " + args.get(i) + " is not live");
                    }
                    out.set(i, table.<Integer>get((Integer) args.get(i), kind.key()));
                }
            }
        }
        return out;
    }

    /** The parameter names of an exported function. */
    public List<String> parameterNames(String exportName) {
        return function(exportName).type().paramNames();
    }

    /**
     * The memory and {@code realloc} of the first exported function that has a memory option (all
     * exports of a component made by wit-component share one), and the instance's host state.
     */
    @Override
    public GuestContext context() {
        return context;
    }

    @Override
    public boolean hasExport(String name) {
        return functions.containsKey(name) || destructors.containsKey(name);
    }

    @Override
    public boolean isPoisoned() {
        return state.isPoisoned();
    }

    /**
     * Frees what the engine holds for the instance's core instances (GraalWasm: its polyglot
     * context); the instance may not be called after. An instance that is not closed is freed
     * when it is no longer referenced.
     */
    @Override
    public void close() {
        state.closeCoreInstances();
    }

    private LiftedFunc function(String exportName) {
        LiftedFunc f = functions.get(exportName);
        if (f == null) {
            throw new IllegalArgumentException("the component exports no function named \"" + exportName + "\"");
        }
        return f;
    }

    /**
     * Runs guest code as {@code what}: one call at a time, with the deadline, and anything that
     * leaves it poisons the instance, as a trap does in the component model.
     */
    private <T> T guarded(String what, java.util.function.Supplier<T> body) {
        return state.guard().call(what, body);
    }
}
