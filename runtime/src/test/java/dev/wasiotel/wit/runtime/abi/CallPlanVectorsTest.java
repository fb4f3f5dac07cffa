package dev.wasiotel.wit.runtime.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CallPlan;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * functions.json against {@link CallPlan}: for every function, the plan of each direction spills
 * what the reference spills, its areas have the reference's tuple size, alignment and offsets,
 * its pointers sit where the reference's core signature has them, and an export's post-return
 * takes the reference's parameters.
 */
class CallPlanVectorsTest {

    @Test
    void plansOfEveryFunction() {
        JsonNode file = Vectors.read("functions.json");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String group : List.of("functions", "synthetic")) {
            for (JsonNode f : file.get(group)) {
                if (!f.has("params")) {
                    continue; // canonical built-ins such as [resource-drop]span have no lowered type
                }
                try {
                    List<AbiType> params = new ArrayList<>();
                    f.get("params").forEach(p -> params.add(Vectors.type(p.get(1))));
                    Optional<AbiType> result = f.get("result").isNull() ? Optional.empty()
                            : Optional.of(Vectors.type(f.get("result")));
                    check(f, f.get("import"), CallPlan.forImport(params, result));
                    check(f, f.get("export"), CallPlan.forExport(params, result));
                    checked++;
                } catch (AssertionError e) {
                    failures.add(f.get("name").asText() + ": " + e.getMessage());
                }
            }
        }
        System.out.println("canonical-abi functions.json [call plans]: " + checked + " functions match");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(checked >= 40, "checked " + checked);
    }

    private static void check(JsonNode f, JsonNode side, CallPlan plan) {
        boolean imp = plan.direction() == CallPlan.Direction.IMPORT;
        List<CoreType> coreParams = Vectors.coreTypes(side.get("params"));
        List<CoreType> coreResults = Vectors.coreTypes(side.get("results"));
        assertEquals(imp ? coreParams.size() : coreResults.size(), plan.receivedCount(), "received");
        assertEquals(imp ? coreResults.size() : coreParams.size(), plan.producedCount(), "produced");
        assertEquals(side.get("params_spilled").asBoolean(), plan.paramsArea().isPresent(), "params area");
        plan.paramsArea().ifPresent(a -> {
            assertEquals(imp ? CallPlan.Pointer.PASSED : CallPlan.Pointer.ALLOCATED, a.pointer());
            assertEquals(0, a.pointerSlot());
            assertEquals(CoreType.I32, coreParams.get(0), "the pointer");
            checkArea(f.get("params_tuple"), a, plan.params());
        });
        boolean resultSpilled = imp ? side.get("results_via_retptr").asBoolean() : side.get("results_spilled").asBoolean();
        assertEquals(resultSpilled, plan.resultArea().isPresent(), "result area");
        plan.resultArea().ifPresent(a -> {
            assertEquals(imp ? coreParams.size() - 1 : 0, a.pointerSlot(), "result pointer slot");
            assertEquals(CoreType.I32, (imp ? coreParams : coreResults).get(a.pointerSlot()));
            checkArea(f.get("results_tuple"), a, List.of(plan.result().orElseThrow()));
        });
        if (!imp) {
            CallPlan.Step last = plan.steps().get(plan.steps().size() - 1);
            assertEquals(new CallPlan.PostReturn(Vectors.coreTypes(side.get("post_return").get("params"))), last,
                    "post-return");
        }
    }

    /** The area's size and alignment, and the offsets of the values the plan puts in it, are the reference's. */
    private static void checkArea(JsonNode expected, CallPlan.Area area, List<CallPlan.Value> values) {
        assertEquals(expected.get("size").asInt(), area.size(), "area size");
        assertEquals(expected.get("align").asInt(), area.align(), "area align");
        int[] want = new int[expected.get("offsets").size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = expected.get("offsets").get(i).asInt();
        }
        int[] got = new int[values.size()];
        for (int i = 0; i < got.length; i++) {
            CallPlan.InArea at = (CallPlan.InArea) values.get(i).place();
            assertEquals(area, at.area(), "value " + i + " is in the area");
            got[i] = at.offset();
        }
        assertArrayEquals(want, got, "offsets of the values in the area");
    }
}
