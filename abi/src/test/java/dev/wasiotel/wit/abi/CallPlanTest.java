package dev.wasiotel.wit.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.AbiType.Prim;
import dev.wasiotel.wit.abi.CallPlan.Area;
import dev.wasiotel.wit.abi.CallPlan.Flat;
import dev.wasiotel.wit.abi.CallPlan.InArea;
import dev.wasiotel.wit.abi.CallPlan.Pointer;
import dev.wasiotel.wit.abi.CallPlan.Step;
import dev.wasiotel.wit.abi.CallPlan.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The call protocol of {@link CallPlan}, step by step, for both directions. */
class CallPlanTest {

    private static List<AbiType> repeat(AbiType t, int n) {
        return Collections.nCopies(n, t);
    }

    @Test
    void noParamsNoResult() {
        assertEquals("call", CallPlan.forImport(List.of(), Optional.empty()).describe());
        assertEquals("call; post-return()", CallPlan.forExport(List.of(), Optional.empty()).describe());
    }

    @Test
    void oneFlatParamOneFlatResult() {
        CallPlan imp = CallPlan.forImport(List.of(Prim.U32), Optional.of(Prim.U64));
        assertEquals("lift param 0 a[0..1); call; lower result out[0..1)", imp.describe());
        assertEquals(1, imp.receivedCount());
        assertEquals(1, imp.producedCount());
        CallPlan exp = CallPlan.forExport(List.of(Prim.U32), Optional.of(Prim.U64));
        assertEquals("lower param 0 out[0..1); call; lift result a[0..1); post-return(i64)", exp.describe());
    }

    @Test
    void sixteenFlatParamsStayFlat() {
        CallPlan imp = CallPlan.forImport(repeat(Prim.S32, 16), Optional.empty());
        assertTrue(imp.paramsArea().isEmpty());
        assertEquals(16, imp.params().size());
        for (int i = 0; i < 16; i++) {
            assertEquals(new Flat(i, List.of(CoreType.I32)), imp.params().get(i).place());
        }
        // two strings take two slots each: 8 strings are exactly 16
        CallPlan strings = CallPlan.forExport(repeat(Prim.STRING, 8), Optional.empty());
        assertTrue(strings.paramsArea().isEmpty());
        assertEquals(new Flat(14, List.of(CoreType.I32, CoreType.I32)), strings.params().get(7).place());
        assertEquals(16, strings.producedCount());
    }

    @Test
    void seventeenFlatParamsSpill() {
        CallPlan imp = CallPlan.forImport(repeat(Prim.S32, 17), Optional.empty());
        Area area = imp.paramsArea().orElseThrow();
        assertEquals(new Area(CallPlan.Role.PARAMS, new AbiType.Tuple(repeat(Prim.S32, 17)), 68, 4, Pointer.PASSED, 0),
                area);
        assertEquals("check parameters (68 bytes, align 4) at a[0]", imp.steps().get(0).toString());
        assertEquals(new InArea(area, 64), imp.params().get(16).place());
        assertEquals(1, imp.receivedCount());
        assertEquals("lift param 16 parameters+64", imp.steps().get(17).toString());

        CallPlan exp = CallPlan.forExport(repeat(Prim.S32, 17), Optional.empty());
        assertEquals("allocate parameters (68 bytes, align 4) at out[0]", exp.steps().get(0).toString());
        assertTrue(exp.paramsArea().orElseThrow().allocated());
        assertEquals(1, exp.producedCount());
        assertEquals("call", exp.steps().get(18).toString());
    }

    @Test
    void stringsAndListsInTheSpilledArea() {
        // 9 strings are 18 flat values: a tuple of 9 (ptr, len) pairs, 8 bytes each
        List<AbiType> params = new ArrayList<>(repeat(Prim.STRING, 8));
        params.add(new AbiType.ListOf(Prim.U64));
        params.add(Prim.U8);
        params.add(Prim.F64);
        CallPlan exp = CallPlan.forExport(params, Optional.empty());
        Area area = exp.paramsArea().orElseThrow();
        // strings and the list are (ptr, len) pairs of 8 bytes; the f64 aligns the tuple to 8
        assertEquals(88, area.size());
        assertEquals(8, area.align());
        List<Integer> offsets = exp.params().stream().map(v -> ((InArea) v.place()).offset()).toList();
        assertEquals(List.of(0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80), offsets);
        assertEquals("allocate parameters (88 bytes, align 8) at out[0]; lower param 0 parameters+0",
                exp.describe().substring(0, exp.describe().indexOf("; lower param 1")));
        // the same tuple, read by an import from the pointer the guest passes
        CallPlan imp = CallPlan.forImport(params, Optional.empty());
        assertEquals(offsets, imp.params().stream().map(v -> ((InArea) v.place()).offset()).toList());
        assertEquals(Pointer.PASSED, imp.paramsArea().orElseThrow().pointer());
    }

    @Test
    void resultWithTwoFlatValuesTravelsThroughMemory() {
        AbiType pair = new AbiType.Tuple(List.of(Prim.U32, Prim.U32));
        CallPlan imp = CallPlan.forImport(List.of(Prim.STRING), Optional.of(pair));
        assertEquals(List.of(CoreType.I32, CoreType.I32, CoreType.I32), imp.abi().coreParams());
        assertEquals("lift param 0 a[0..2); call; check return area (8 bytes, align 4) at a[2];"
                + " lower result return area+0", imp.describe());
        assertEquals(0, imp.producedCount());
        assertEquals(3, imp.receivedCount());

        CallPlan exp = CallPlan.forExport(List.of(Prim.STRING), Optional.of(pair));
        assertEquals("lower param 0 out[0..2); call; check results (8 bytes, align 4) at a[0];"
                + " lift result results+0; post-return(i32)", exp.describe());
        assertEquals(Pointer.RETURNED, exp.resultArea().orElseThrow().pointer());
    }

    @Test
    void spilledParamsAndResultTogether() {
        CallPlan imp = CallPlan.forImport(repeat(Prim.STRING, 9), Optional.of(Prim.STRING));
        assertEquals(List.of(CoreType.I32, CoreType.I32), imp.abi().coreParams());
        Area ret = imp.resultArea().orElseThrow();
        assertEquals(1, ret.pointerSlot());
        assertEquals("return area", ret.what());
        assertEquals(new InArea(ret, 0), imp.result().orElseThrow().place());
        List<Class<?>> kinds = imp.steps().stream().<Class<?>>map(Object::getClass).distinct().toList();
        assertEquals(List.of(CallPlan.CheckArea.class, CallPlan.Lift.class, CallPlan.Call.class,
                CallPlan.Lower.class), kinds);
    }

    @Test
    void theDirectionIsTheSignaturesForm() {
        FunctionAbi imp = FunctionAbi.forImport(List.of(Prim.U8), Optional.empty());
        assertEquals(CallPlan.Direction.IMPORT, CallPlan.of(imp).direction());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CallPlan(CallPlan.Direction.EXPORT, imp, List.of()));
    }

    @Test
    void fromWitFunctionType() {
        WitFunctionType type = new WitFunctionType(List.of(new WitFunctionType.Param("x", Prim.BOOL)),
                Optional.of(Prim.CHAR));
        assertEquals(CallPlan.forImport(List.of(Prim.BOOL), Optional.of(Prim.CHAR)),
                CallPlan.of(type, CallPlan.Direction.IMPORT));
        assertEquals(CallPlan.forExport(List.of(Prim.BOOL), Optional.of(Prim.CHAR)),
                CallPlan.of(type, CallPlan.Direction.EXPORT));
    }

    /**
     * For random signatures (fixed seeds): the steps are in the protocol's order, flat values
     * cover the core signature's slots exactly, an area's fields are the tuple's offsets, and
     * a pointer's slot is a core value of type i32.
     */
    @Test
    void invariantsOverSeededSignatures() {
        for (long seed = 1; seed <= 400; seed++) {
            Random random = new Random(seed);
            List<AbiType> params = new ArrayList<>();
            int n = random.nextInt(22);
            for (int i = 0; i < n; i++) {
                params.add(randomType(random, 2));
            }
            Optional<AbiType> result = random.nextInt(4) == 0 ? Optional.empty()
                    : Optional.of(randomType(random, 2));
            for (CallPlan plan : List.of(CallPlan.forImport(params, result), CallPlan.forExport(params, result))) {
                try {
                    checkInvariants(plan);
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + ", " + plan.direction() + " " + params + " -> "
                            + result + ": " + plan.describe() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static void checkInvariants(CallPlan plan) {
        FunctionAbi abi = plan.abi();
        boolean imp = plan.direction() == CallPlan.Direction.IMPORT;
        List<CoreType> received = imp ? abi.coreParams() : abi.coreResults();
        List<CoreType> produced = imp ? abi.coreResults() : abi.coreParams();
        List<CoreType> paramSlots = new ArrayList<>();
        List<CoreType> resultSlots = new ArrayList<>();
        for (Value v : plan.params()) {
            if (v.place() instanceof Flat f) {
                assertEquals(paramSlots.size(), f.first(), "params are consecutive");
                paramSlots.addAll(f.types());
            }
        }
        plan.result().ifPresent(v -> {
            if (v.place() instanceof Flat f) {
                assertEquals(0, f.first());
                resultSlots.addAll(f.types());
            }
        });
        assertEquals(abi.params().size(), plan.params().size());
        assertEquals(abi.result().isPresent(), plan.result().isPresent());
        if (abi.paramsSpilled()) {
            Area a = plan.paramsArea().orElseThrow();
            assertTrue(paramSlots.isEmpty());
            assertEquals(CoreType.I32, (a.allocated() ? produced : received).get(a.pointerSlot()));
            int[] offsets = Layout.fieldOffsets(a.tuple());
            for (Value v : plan.params()) {
                assertEquals(new InArea(a, offsets[v.index()]), v.place());
            }
        } else {
            assertFalse(plan.paramsArea().isPresent());
            assertEquals(imp ? received.subList(0, paramSlots.size()) : produced, paramSlots);
        }
        if (abi.resultsSpilled()) {
            Area a = plan.resultArea().orElseThrow();
            assertFalse(a.allocated(), "the host never allocates the result's area");
            assertEquals(CoreType.I32, received.get(a.pointerSlot()));
            assertEquals(imp ? received.size() - 1 : 0, a.pointerSlot());
            assertEquals(new InArea(a, 0), plan.result().orElseThrow().place());
        } else {
            assertEquals(imp ? produced : received, resultSlots);
        }
        // the order: [area] params call [area] [result] [post-return]
        List<String> order = new ArrayList<>();
        for (Step s : plan.steps()) {
            String k = s.getClass().getSimpleName();
            if (order.isEmpty() || !order.get(order.size() - 1).equals(k)) {
                order.add(k);
            }
        }
        List<String> want = new ArrayList<>();
        if (abi.paramsSpilled()) {
            want.add(imp ? "CheckArea" : "AllocateArea");
        }
        if (!abi.params().isEmpty()) {
            want.add(imp ? "Lift" : "Lower");
        }
        want.add("Call");
        if (abi.resultsSpilled()) {
            want.add("CheckArea");
        }
        if (abi.result().isPresent()) {
            want.add(imp ? "Lower" : "Lift");
        }
        if (!imp) {
            want.add("PostReturn");
            assertEquals(new CallPlan.PostReturn(abi.coreResults()), plan.steps().get(plan.steps().size() - 1));
        }
        assertEquals(want, order);
        assertEquals(received.size(), plan.receivedCount());
        assertEquals(produced.size(), plan.producedCount());
    }

    private static AbiType randomType(Random random, int depth) {
        int pick = random.nextInt(depth > 0 ? 9 : 4);
        switch (pick) {
            case 0: return Prim.values()[random.nextInt(Prim.values().length)];
            case 1: return Prim.STRING;
            case 2: return random.nextBoolean() ? Prim.U64 : Prim.F32;
            case 3: return new AbiType.Enum(List.of("a", "b"));
            case 4: return new AbiType.ListOf(randomType(random, depth - 1));
            case 5: {
                List<AbiType> types = new ArrayList<>();
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    types.add(randomType(random, depth - 1));
                }
                return new AbiType.Tuple(types);
            }
            case 6: return new AbiType.Option(randomType(random, depth - 1));
            case 7: return new AbiType.Result(Optional.of(randomType(random, depth - 1)),
                    random.nextBoolean() ? Optional.empty() : Optional.of(randomType(random, depth - 1)));
            default: return new AbiType.Variant(List.of(new AbiType.Case("x", Optional.of(Prim.F64)),
                    new AbiType.Case("y", Optional.of(randomType(random, depth - 1))),
                    new AbiType.Case("z", Optional.empty())));
        }
    }
}
