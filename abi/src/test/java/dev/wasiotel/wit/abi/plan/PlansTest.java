package dev.wasiotel.wit.abi.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.Layout;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlansTest {
    private static AbiType.Variant variant(AbiType... payloads) {
        AbiType.Case[] cases = new AbiType.Case[payloads.length];
        for (int i = 0; i < payloads.length; i++) {
            cases[i] = new AbiType.Case("c" + i, Optional.ofNullable(payloads[i]));
        }
        return new AbiType.Variant(List.of(cases));
    }

    @Test
    void recordPlanCarriesLayoutOffsets() {
        AbiType.Record record = new AbiType.Record(List.of(new AbiType.Field("a", AbiType.Prim.U8),
                new AbiType.Field("b", AbiType.Prim.STRING), new AbiType.Field("c", AbiType.Prim.U64)));
        MemoryPlan.RecordOf plan = (MemoryPlan.RecordOf) Plans.memory(record);
        int[] offsets = Layout.fieldOffsets(record);
        for (int i = 0; i < offsets.length; i++) {
            assertEquals(offsets[i], plan.offset(i), "field " + i);
        }
        assertEquals(Layout.size(record), plan.size());
        assertEquals(Layout.align(record), plan.align());
        assertInstanceOf(MemoryPlan.Str.class, plan.fields().get(1));
        FlatPlan.RecordOf flat = (FlatPlan.RecordOf) Plans.flat(record);
        assertEquals(4, flat.width());
        assertEquals(List.of(0, 1, 3), List.of(flat.start(0), flat.start(1), flat.start(2)));
    }

    @Test
    void variantPayloadsKnowTheJoinedSlotTheyArriveIn() {
        // join(f32, i64) = i64: the f32 arrives in an i64 slot and is its low 32 bits
        AbiType.Variant v = variant(AbiType.Prim.F32, AbiType.Prim.U64, null);
        FlatPlan.VariantOf plan = (FlatPlan.VariantOf) Plans.flat(v);
        assertEquals(List.of(CoreType.I64), plan.slots());
        assertEquals(2, plan.width());
        FlatPlan.Scalar f32 = (FlatPlan.Scalar) plan.payload(0);
        assertEquals(new Bitcast(CoreType.I64, CoreType.F32), f32.cast());
        assertTrue(f32.cast().wraps());
        assertEquals(0x3f80_0000L, f32.cast().lift(0xdead_beef_3f80_0000L));
        FlatPlan.Scalar u64 = (FlatPlan.Scalar) plan.payload(1);
        assertFalse(u64.cast().wraps());
        assertNull(plan.payload(2));
        MemoryPlan.VariantOf memory = (MemoryPlan.VariantOf) Plans.memory(v);
        assertEquals(1, memory.discriminantSize());
        assertEquals(8, memory.payloadOffset());
    }

    @Test
    void nestedVariantReadsThroughTheOuterSlots() {
        // inner: variant { i32, f32 } joins to [i32, i32]; outer joins that with [i64, i64]
        AbiType.Variant inner = variant(AbiType.Prim.S32, AbiType.Prim.F32);
        AbiType.Variant outer = variant(inner, new AbiType.Tuple(List.of(AbiType.Prim.U64, AbiType.Prim.S64)));
        FlatPlan.VariantOf plan = (FlatPlan.VariantOf) Plans.flat(outer);
        assertEquals(List.of(CoreType.I64, CoreType.I64), plan.slots());
        FlatPlan.VariantOf in = (FlatPlan.VariantOf) plan.payload(0);
        assertEquals(new Bitcast(CoreType.I64, CoreType.I32), in.discriminant());
        assertEquals(List.of(CoreType.I32), in.slots());
        assertEquals(new Bitcast(CoreType.I64, CoreType.F32), ((FlatPlan.Scalar) in.payload(1)).cast());
        // outside a variant, the same inner type arrives in its own slots
        FlatPlan.VariantOf alone = (FlatPlan.VariantOf) Plans.flat(inner);
        assertEquals(new Bitcast(CoreType.I32, CoreType.F32), ((FlatPlan.Scalar) alone.payload(1)).cast());
        assertFalse(((FlatPlan.Scalar) alone.payload(1)).cast().wraps());
    }

    @Test
    void shapesAndListsAndFlags() {
        assertEquals(Shape.OPTION, ((MemoryPlan.VariantOf) Plans.memory(new AbiType.Option(AbiType.Prim.U8))).shape());
        assertEquals(Shape.RESULT, ((MemoryPlan.VariantOf) Plans.memory(
                new AbiType.Result(Optional.empty(), Optional.of(AbiType.Prim.STRING)))).shape());
        MemoryPlan.VariantOf e = (MemoryPlan.VariantOf) Plans.memory(new AbiType.Enum(List.of("a", "b", "c")));
        assertEquals(Shape.ENUM, e.shape());
        assertEquals(3, e.caseCount());
        MemoryPlan.ListOf list = (MemoryPlan.ListOf) Plans.memory(new AbiType.ListOf(AbiType.Prim.U16));
        assertEquals(2, list.element().size());
        assertEquals(new MemoryPlan.FlagsOf(9, 2), Plans.memory(new AbiType.Flags(
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"))));
        assertEquals(0, Plans.flat(new AbiType.Flags(List.of())).width());
        FlatPlan.FixedList fixed = (FlatPlan.FixedList) Plans.flat(new AbiType.FixedList(AbiType.Prim.STRING, 3));
        assertEquals(6, fixed.width());
        assertEquals(4, fixed.start(2));
        assertSame(fixed.element(0), fixed.element(2), "equal element plans are shared");
    }

    @Test
    void plansAreCached() {
        AbiType type = new AbiType.ListOf(new AbiType.Tuple(List.of(AbiType.Prim.STRING, AbiType.Prim.S64)));
        assertSame(Plans.memory(type), Plans.memory(new AbiType.ListOf(
                new AbiType.Tuple(List.of(AbiType.Prim.STRING, AbiType.Prim.S64)))));
        assertSame(Plans.flat(type), Plans.flat(type));
    }
}
