package dev.wasiotel.host.component;

import dev.wasiotel.host.component.Func.LiftedFunc;
import dev.wasiotel.wit.abi.CallPlan;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.LiftBudget;

/**
 * A {@code canon lower} of a function the same component lifted (components composed inside one
 * binary): the arguments are lifted from the caller's memory and lowered into the callee's, the
 * result the other way, with {@link dev.wasiotel.wit.runtime.abi.DynamicCanon}. Handles pass
 * unchanged: all parts of a component instance share one resource table. The arguments and the
 * result are one call's lifts, charged to one {@link LiftBudget}.
 */
final class FusedCall implements CoreFunction {
    private final LiftedFunc callee;
    private final CallPlan importPlan;
    private final CallPlan exportPlan;
    private final StringEncoding callerEncoding;

    FusedCall(LiftedFunc callee, FunctionAbi importAbi, StringEncoding callerEncoding) {
        this.callee = callee;
        this.importPlan = CallPlan.of(importAbi);
        this.exportPlan = CallPlan.forExport(callee.type().params(), callee.type().result());
        this.callerEncoding = callerEncoding;
    }

    @Override
    public long[] call(GuestContext caller, long[] args) {
        LiftBudget budget = LiftBudget.of(caller.limits());
        GuestContext target = new CanonContext(callee.memory(), callee.realloc(), callee.state(), "callee");
        return DynamicCalls.serveImport(importPlan, "a callee", args, caller, callerEncoding, budget,
                values -> DynamicCalls.callExport(exportPlan, "a callee", values, target, callee.encoding(), budget,
                        core -> callee.core().call(core),
                        results -> ComponentInstance.postReturn(callee, "of a callee", results)));
    }
}
