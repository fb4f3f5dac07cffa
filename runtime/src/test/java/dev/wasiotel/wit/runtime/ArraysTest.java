package dev.wasiotel.wit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Bulk primitive lists: round trips, and the checks before any allocation. */
class ArraysTest {
    private final ByteArrayMemory memory = new ByteArrayMemory(1024);
    private int next = 8;
    private final Realloc bump = (oldPtr, oldSize, align, size) -> {
        int ptr = (next + align - 1) / align * align;
        next = ptr + size;
        return Bounds.checkRealloc(memory, ptr, align, size);
    };

    @Test
    void roundTripsEveryElementType() {
        byte[] bytes = {1, -2, 3};
        long p = Arrays.lowerBytes(memory, bump, bytes);
        assertArrayEquals(bytes, Arrays.liftBytes(memory, (int) p, (int) (p >>> 32), LiftBudget.defaults()));
        short[] shorts = {1, -2, Short.MAX_VALUE};
        p = Arrays.lowerShorts(memory, bump, shorts);
        assertEquals(0, (int) p % 2);
        assertArrayEquals(shorts, Arrays.liftShorts(memory, (int) p, (int) (p >>> 32), LiftBudget.defaults()));
        int[] ints = {1, -1, Integer.MIN_VALUE};
        p = Arrays.lowerInts(memory, bump, ints);
        assertArrayEquals(ints, Arrays.liftInts(memory, (int) p, (int) (p >>> 32), LiftBudget.defaults()));
        long[] longs = {1, -1, Long.MIN_VALUE};
        p = Arrays.lowerLongs(memory, bump, longs);
        assertEquals(0, (int) p % 8);
        assertArrayEquals(longs, Arrays.liftLongs(memory, (int) p, (int) (p >>> 32), LiftBudget.defaults()));
        float[] floats = {1.5f, Float.NaN, -0.0f};
        p = Arrays.lowerFloats(memory, bump, floats);
        assertArrayEquals(floats, Arrays.liftFloats(memory, (int) p, (int) (p >>> 32), LiftBudget.defaults()));
        double[] doubles = {1.5, Double.NEGATIVE_INFINITY};
        p = Arrays.lowerDoubles(memory, bump, doubles);
        assertArrayEquals(doubles, Arrays.liftDoubles(memory, (int) p, (int) (p >>> 32), LiftBudget.defaults()));
    }

    @Test
    void guestLengthsAreCheckedBeforeAllocating() {
        assertEquals(WitTrap.Reason.LIST_TOO_LONG,
                assertThrows(WitTrap.class, () -> Arrays.liftLongs(memory, 0, 0x2000_0001, LiftBudget.defaults())).reason());
        assertEquals(WitTrap.Reason.MISALIGNED_POINTER,
                assertThrows(WitTrap.class, () -> Arrays.liftInts(memory, 2, 0, LiftBudget.defaults())).reason());
        assertEquals(WitTrap.Reason.OUT_OF_BOUNDS,
                assertThrows(WitTrap.class, () -> Arrays.liftBytes(memory, 1000, 100, LiftBudget.defaults())).reason());
        assertEquals(WitTrap.Reason.OUT_OF_BOUNDS,
                assertThrows(WitTrap.class, () -> Arrays.liftBytes(memory, -1, 2, LiftBudget.defaults())).reason());
        // zero-sized elements take no memory: their count is bounded on its own
        assertEquals(0, Bounds.checkList(memory, 0, 1 << 20, 0, 1));
        assertEquals(WitTrap.Reason.LIST_TOO_LONG,
                assertThrows(WitTrap.class, () -> Bounds.checkList(memory, 0, -1, 0, 1)).reason());
    }
}
