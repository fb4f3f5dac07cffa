package dev.wasiotel.host.component;

import dev.wasiotel.host.component.Func.LiftedFunc;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.LiftBudget;
import java.util.List;

/**
 * A {@code canon lower} of a function the same component lifted (components composed inside one
 * binary): the arguments are lifted from the caller's memory and lowered into the callee's, the
 * result the other way, with {@link dev.wasiotel.wit.runtime.abi.DynamicCanon}. Handles pass
 * unchanged: all parts of a component instance share one resource table. The arguments and the
 * result are one call's lifts, charged to one {@link LiftBudget}.
 */
final class FusedCall implements CoreFunction {
    private final LiftedFunc callee;
    private final FunctionAbi importAbi;
    private final FunctionAbi exportAbi;
    private final StringEncoding callerEncoding;

    FusedCall(LiftedFunc callee, FunctionAbi importAbi, StringEncoding callerEncoding) {
        this.callee = callee;
        this.importAbi = importAbi;
        this.exportAbi = FunctionAbi.forExport(callee.type().params(), callee.type().result());
        this.callerEncoding = callerEncoding;
    }

    @Override
    public long[] call(GuestContext caller, long[] args) {
        LiftBudget budget = LiftBudget.of(caller.limits());
        List<Object> values = DynamicCalls.liftArgs(importAbi, args, caller, callerEncoding, budget);
        GuestContext target = new CanonContext(callee.memory(), callee.realloc(), callee.state(), "callee");
        long[] results = callee.core().call(DynamicCalls.lowerArgs(exportAbi, values, target, callee.encoding()));
        Object result = DynamicCalls.liftResult(exportAbi, results, target, callee.encoding(), budget);
        if (callee.postReturn() != null) {
            callee.state().guard().postReturn("of a callee", () -> callee.postReturn().call(results));
        }
        return DynamicCalls.lowerResult(importAbi, result, args, caller, callerEncoding);
    }
}
