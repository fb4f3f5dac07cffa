package dev.wasiotel.host.component;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CallPlan;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.LiftBudget;
import dev.wasiotel.wit.runtime.abi.DynamicCanon;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The dynamic call path: runs a {@link CallPlan} step by step, each value lifted or lowered with
 * {@link DynamicCanon}. Used by {@link ComponentInstance#invoke} (a guest's export, called with
 * dynamic values) and by {@link FusedCall} (one part of a component calling a function another
 * part lifted: an import served by an export).
 */
final class DynamicCalls {
    private DynamicCalls() {
    }

    /**
     * Serves a guest's import by an {@link CallPlan.Direction#IMPORT} plan: lifts the core
     * arguments the guest passed, calls {@code callee} with them, lowers its result.
     *
     * @param name the function's name, for messages
     * @param args the guest's core arguments
     * @param guest the calling guest: its memory, realloc and limits
     * @param budget what the lifts may take out of guest memory
     * @param callee answers the lifted arguments with the result (null for none)
     * @return the core results
     */
    static long[] serveImport(CallPlan plan, String name, long[] args, GuestContext guest, StringEncoding encoding,
            LiftBudget budget, Function<List<Object>, Object> callee) {
        Run run = new Run(plan, name, guest, encoding, budget);
        run.received = args;
        run.execute(values -> {
            run.result = callee.apply(Arrays.asList(values));
            return null;
        }, null);
        return run.produced;
    }

    /**
     * Calls a guest's export by an {@link CallPlan.Direction#EXPORT} plan: lowers {@code args},
     * calls {@code core} with the core arguments, lifts the result, then runs {@code postReturn}
     * with the core results.
     *
     * @param name the export's name, for messages
     * @param guest the called guest: its memory, realloc and limits
     * @param budget what lifting the result may take out of guest memory
     * @param core the export's core function
     * @param postReturn its post-return
     * @return the result, or null for a function without one
     * @throws IllegalArgumentException if {@code args} do not fit the parameter types
     */
    static Object callExport(CallPlan plan, String name, List<Object> args, GuestContext guest, StringEncoding encoding,
            LiftBudget budget, UnaryOperator<long[]> core, Consumer<long[]> postReturn) {
        Run run = new Run(plan, name, guest, encoding, budget);
        run.params = args.toArray();
        run.execute(values -> core.apply(run.produced), postReturn);
        return run.result;
    }

    /** The host passed an export arguments its parameter types do not take. */
    static IllegalArgumentException argumentsMismatch(String name, List<AbiType> types, RuntimeException e) {
        return new IllegalArgumentException("the arguments of " + name + " do not match its parameter types " + types
                + ": " + e.getMessage(), e);
    }

    /** One call's state while its plan runs. */
    private static final class Run {
        private final CallPlan plan;
        private final String name;
        private final GuestContext guest;
        private final DynamicCanon lifter;
        private final StringEncoding encoding;
        private DynamicCanon lowerer;
        private Object[] params;
        private Object result;
        /** The core values the host receives (an import's arguments, an export's results). */
        private long[] received;
        /** The core values the host produces (an import's results, an export's arguments). */
        private final long[] produced;
        /** The pointers of the parameters' and the result's areas, once known. */
        private final int[] areas = new int[CallPlan.Role.values().length];

        Run(CallPlan plan, String name, GuestContext guest, StringEncoding encoding, LiftBudget budget) {
            this.plan = plan;
            this.name = name;
            this.guest = guest;
            this.encoding = encoding;
            this.lifter = new DynamicCanon(guest.memory(), encoding, null, budget);
            this.params = new Object[plan.abi().params().size()];
            this.produced = new long[plan.producedCount()];
        }

        /**
         * Runs the steps; {@code call} is the call step (its argument: the lifted parameters),
         * returning the received core values or null.
         */
        void execute(Function<Object[], long[]> call, Consumer<long[]> postReturn) {
            for (CallPlan.Step step : plan.steps()) {
                if (step instanceof CallPlan.AllocateArea s) {
                    CallPlan.Area area = s.area();
                    int ptr = guest.realloc().realloc(0, 0, area.align(), area.size());
                    areas[area.role().ordinal()] = ptr;
                    produced[area.pointerSlot()] = ptr & 0xffffffffL;
                } else if (step instanceof CallPlan.CheckArea s) {
                    CallPlan.Area area = s.area();
                    int ptr = (int) received[area.pointerSlot()];
                    Bounds.checkValue(guest.memory(), ptr, area.size(), area.align(), area.what() + " of " + name);
                    areas[area.role().ordinal()] = ptr;
                } else if (step instanceof CallPlan.Lift s) {
                    lift(s.value());
                } else if (step instanceof CallPlan.Lower s) {
                    lower(s.value());
                } else if (step instanceof CallPlan.Call) {
                    long[] results = call.apply(params);
                    if (results != null) {
                        received = results;
                    }
                } else if (step instanceof CallPlan.PostReturn) {
                    postReturn.accept(received);
                }
            }
        }

        private void lift(CallPlan.Value v) {
            Object value;
            if (v.place() instanceof CallPlan.Flat f) {
                long[] slots = f.first() == 0 && f.count() == received.length ? received
                        : Arrays.copyOfRange(received, f.first(), f.first() + f.count());
                value = lifter.liftFlat(v.type(), new DynamicCanon.FlatReader(slots));
            } else {
                CallPlan.InArea at = (CallPlan.InArea) v.place();
                value = lifter.load(v.type(), areas[at.area().role().ordinal()] + at.offset());
            }
            if (v.role() == CallPlan.Role.PARAMS) {
                params[v.index()] = value;
            } else {
                result = value;
            }
        }

        private void lower(CallPlan.Value v) {
            if (lowerer == null) {
                lowerer = new DynamicCanon(guest.memory(), encoding, guest.realloc());
            }
            boolean argument = v.role() == CallPlan.Role.PARAMS;
            Object value = argument ? params[v.index()] : result;
            try {
                if (v.place() instanceof CallPlan.Flat f) {
                    long[] flat = lowerer.lowerFlat(v.type(), value);
                    System.arraycopy(flat, 0, produced, f.first(), f.count());
                } else {
                    CallPlan.InArea at = (CallPlan.InArea) v.place();
                    lowerer.store(v.type(), value, areas[at.area().role().ordinal()] + at.offset());
                }
            } catch (ClassCastException | NullPointerException e) {
                if (!argument) {
                    throw e;
                }
                // the host's own arguments, not the guest's values
                throw argumentsMismatch(name, plan.abi().params(), e);
            }
        }
    }
}
