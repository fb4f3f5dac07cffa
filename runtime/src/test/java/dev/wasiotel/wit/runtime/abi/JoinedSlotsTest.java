package dev.wasiotel.wit.runtime.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.abi.VariantValue;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The interpreter carries out the plan's joined slots: 32-bit payloads in i64 slots, unused slots zero. */
class JoinedSlotsTest {
    private static final AbiType.Variant F32_OR_U64 = new AbiType.Variant(List.of(
            new AbiType.Case("f", Optional.of(AbiType.Prim.F32)), new AbiType.Case("u", Optional.of(AbiType.Prim.U64)),
            new AbiType.Case("none", Optional.empty())));

    /** Flat values only: no memory is touched. */
    private final DynamicCanon canon = new DynamicCanon(null, StringEncoding.UTF8, null);

    @Test
    void a32BitPayloadIsTheLowBitsOfItsI64Slot() {
        long raw = 0xdead_beef_0000_0000L | Float.floatToRawIntBits(1.5f);
        assertEquals(new VariantValue(0, 1.5f), canon.liftFlat(F32_OR_U64, new DynamicCanon.FlatReader(new long[] {0, raw})));
        assertEquals(new VariantValue(1, raw), canon.liftFlat(F32_OR_U64, new DynamicCanon.FlatReader(new long[] {1, raw})));
    }

    @Test
    void loweringZeroExtendsAndZeroesUnusedSlots() {
        assertArrayEquals(new long[] {0, Float.floatToRawIntBits(-2f) & 0xffff_ffffL},
                canon.lowerFlat(F32_OR_U64, new VariantValue(0, -2f)));
        assertArrayEquals(new long[] {2, 0}, canon.lowerFlat(F32_OR_U64, new VariantValue(2, null)));
    }

    @Test
    void nestedVariantsReadThroughBothJoins() {
        AbiType.Option inner = new AbiType.Option(AbiType.Prim.U32);
        AbiType.Variant outer = new AbiType.Variant(List.of(new AbiType.Case("a", Optional.of(inner)),
                new AbiType.Case("b", Optional.of(new AbiType.Tuple(List.of(AbiType.Prim.S64, AbiType.Prim.F64))))));
        long[] flat = {0, 0x7777_0000_0000_0001L, 0x5555_5555_ffff_fffeL};
        assertEquals(new VariantValue(0, new VariantValue(1, 0xffff_fffeL)),
                canon.liftFlat(outer, new DynamicCanon.FlatReader(flat)));
        assertArrayEquals(new long[] {0, 1, 0xffff_fffeL}, canon.lowerFlat(outer, new VariantValue(0, new VariantValue(1,
                0xffff_fffeL))));
    }

    @Test
    void aDiscriminantOutOfRangeTraps() {
        WitTrap trap = assertThrows(WitTrap.class,
                () -> canon.liftFlat(F32_OR_U64, new DynamicCanon.FlatReader(new long[] {3, 0})));
        assertEquals(WitTrap.Reason.INVALID_DISCRIMINANT, trap.reason());
    }

    @Test
    void tooFewFlatValuesIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> canon.liftFlat(F32_OR_U64, new DynamicCanon.FlatReader(new long[] {0})));
    }
}
