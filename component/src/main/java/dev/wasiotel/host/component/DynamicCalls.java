package dev.wasiotel.host.component;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.abi.Layout;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.LiftBudget;
import dev.wasiotel.wit.runtime.abi.DynamicCanon;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifting and lowering whole argument and result lists with {@link DynamicCanon}: the dynamic
 * call path into lifted functions, used by {@link ComponentInstance#invoke} and by calls from one
 * part of a component into a function another part lifted.
 */
final class DynamicCalls {
    private DynamicCalls() {
    }

    /** Lowers {@code args} for a call into {@code abi} (export form), allocating through {@code canon} if spilled. */
    static long[] lowerArgs(FunctionAbi abi, List<Object> args, GuestContext target, StringEncoding encoding) {
        DynamicCanon canon = new DynamicCanon(target.memory(), encoding, target.realloc());
        if (abi.paramsSpilled()) {
            AbiType tuple = abi.paramsTuple();
            int ptr = target.realloc().realloc(0, 0, Layout.align(tuple), Layout.size(tuple));
            canon.store(tuple, args, ptr);
            return new long[] {ptr & 0xffffffffL};
        }
        List<Long> flat = new ArrayList<>();
        for (int i = 0; i < abi.params().size(); i++) {
            for (long v : canon.lowerFlat(abi.params().get(i), args.get(i))) {
                flat.add(v);
            }
        }
        long[] out = new long[flat.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = flat.get(i);
        }
        return out;
    }

    /**
     * Lifts the result of a call of {@code abi} (export form) from its core results, charging
     * {@code budget}; null when it has none.
     */
    static Object liftResult(FunctionAbi abi, long[] results, GuestContext source, StringEncoding encoding,
            LiftBudget budget) {
        if (abi.result().isEmpty()) {
            return null;
        }
        DynamicCanon canon = new DynamicCanon(source.memory(), encoding, null, budget);
        if (abi.resultsSpilled()) {
            return canon.liftSpilled(List.of(abi.result().get()), (int) results[0]).get(0);
        }
        return canon.liftFlat(abi.result().get(), new DynamicCanon.FlatReader(results));
    }

    /**
     * Lifts the arguments a caller passed to a lowered function ({@code abi} in import form),
     * charging {@code budget}.
     */
    static List<Object> liftArgs(FunctionAbi abi, long[] args, GuestContext source, StringEncoding encoding,
            LiftBudget budget) {
        DynamicCanon canon = new DynamicCanon(source.memory(), encoding, null, budget);
        if (abi.paramsSpilled()) {
            return canon.liftSpilled(abi.params(), (int) args[0]);
        }
        DynamicCanon.FlatReader in = new DynamicCanon.FlatReader(args);
        List<Object> values = new ArrayList<>();
        for (AbiType p : abi.params()) {
            values.add(canon.liftFlat(p, in));
        }
        return values;
    }

    /** Lowers a lowered function's result ({@code abi} in import form) back to its caller. */
    static long[] lowerResult(FunctionAbi abi, Object value, long[] args, GuestContext target, StringEncoding encoding) {
        if (abi.result().isEmpty()) {
            return new long[0];
        }
        DynamicCanon canon = new DynamicCanon(target.memory(), encoding, target.realloc());
        if (abi.resultsSpilled()) {
            AbiType tuple = abi.resultsTuple();
            int ret = (int) args[args.length - 1];
            Bounds.checkValue(target.memory(), ret, Layout.size(tuple), Layout.align(tuple), "return area");
            canon.store(tuple, List.of(value), ret);
            return new long[0];
        }
        return canon.lowerFlat(abi.result().get(), value);
    }
}
