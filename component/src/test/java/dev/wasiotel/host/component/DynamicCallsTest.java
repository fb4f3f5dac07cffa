package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.AbiType.Prim;
import dev.wasiotel.wit.abi.CallPlan;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.LiftBudget;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link DynamicCalls} runs both directions of a {@link CallPlan}: an export called with
 * dynamic values, whose guest forwards its core values to an import served by the host (as a
 * composed component's fused call does, here in one memory), gives the host the same values and
 * the caller the host's result, for flat and spilled parameters and results.
 */
class DynamicCallsTest {

    /** One memory with a bump {@code cabi_realloc} that copies what it grows or shrinks, checked as real guests' are. */
    private static final class Guest implements GuestContext {
        final ByteArrayMemory memory = new ByteArrayMemory(1 << 16);
        private final Map<Class<?>, Object> attachments = new HashMap<>();
        private int next = 64;

        @Override
        public GuestMemory memory() {
            return memory;
        }

        @Override
        public Realloc realloc() {
            return (oldPtr, oldSize, align, size) -> {
                next = (next + align - 1) & -align;
                int ptr = next;
                next += size;
                if (oldPtr != 0) {
                    byte[] old = new byte[Math.min(oldSize, size)];
                    memory.readBytes(oldPtr, old, 0, old.length);
                    memory.writeBytes(ptr, old, 0, old.length);
                }
                return Bounds.checkRealloc(memory, ptr, align, size);
            };
        }

        @Override
        public <T> T attachment(Class<T> key) {
            return key.cast(attachments.get(key));
        }

        @Override
        public <T> void putAttachment(Class<T> key, T value) {
            attachments.put(key, value);
        }
    }

    /** Calls the export of {@code params -> result} with {@code args}; the host answers {@code answer}. */
    private static Object roundTrip(List<AbiType> params, Optional<AbiType> result, List<Object> args, Object answer,
            List<Object> received, List<long[]> postReturns) {
        Guest guest = new Guest();
        CallPlan export = CallPlan.forExport(params, result);
        CallPlan imp = CallPlan.forImport(params, result);
        return DynamicCalls.callExport(export, "f", args, guest, StringEncoding.UTF8, LiftBudget.defaults(), core -> {
            // the guest passes its core arguments on, with a return area when the import's result spills
            long[] importArgs = java.util.Arrays.copyOf(core, imp.receivedCount());
            int retArea = 0;
            if (imp.resultArea().isPresent()) {
                CallPlan.Area area = imp.resultArea().get();
                retArea = guest.realloc().realloc(0, 0, area.align(), area.size());
                importArgs[area.pointerSlot()] = retArea;
            }
            long[] out = DynamicCalls.serveImport(imp, "f", importArgs, guest, StringEncoding.UTF8,
                    LiftBudget.defaults(), values -> {
                        received.addAll(values);
                        return answer;
                    });
            return retArea != 0 ? new long[] {retArea} : out;
        }, postReturns::add);
    }

    @Test
    void flatParamsAndResult() {
        List<Object> received = new ArrayList<>();
        List<long[]> posts = new ArrayList<>();
        Object r = roundTrip(List.of(Prim.U32, Prim.F64, Prim.S8), Optional.of(Prim.U64),
                List.of(4_000_000_000L, 2.5, -3), -1L, received, posts);
        assertEquals(-1L, r);
        assertEquals(List.of(4_000_000_000L, 2.5, -3), received);
        assertEquals(1, posts.size());
        assertArrayEquals(new long[] {-1L}, posts.get(0), "post-return gets the core results");
    }

    @Test
    void noParamsNoResult() {
        List<Object> received = new ArrayList<>();
        List<long[]> posts = new ArrayList<>();
        assertEquals(null, roundTrip(List.of(), Optional.empty(), List.of(), null, received, posts));
        assertTrue(received.isEmpty());
        assertArrayEquals(new long[0], posts.get(0));
    }

    @Test
    void seventeenParamsSpillIntoAnAllocatedArea() {
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            args.add(i * 1000 - 7);
        }
        List<Object> received = new ArrayList<>();
        List<long[]> posts = new ArrayList<>();
        Object r = roundTrip(Collections.nCopies(17, Prim.S32), Optional.of(Prim.STRING), args, "seventeen",
                received, posts);
        assertEquals("seventeen", r);
        assertEquals(args, received);
        assertEquals(1, posts.get(0).length, "the export returned one pointer");
    }

    @Test
    void stringsAndListsInBothAreas() {
        List<AbiType> params = new ArrayList<>(Collections.nCopies(8, (AbiType) Prim.STRING));
        params.add(new AbiType.ListOf(Prim.U64));
        params.add(Prim.U8);
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            args.add("s" + i + "é");
        }
        args.add(List.of(1L, -2L, Long.MAX_VALUE));
        args.add(200);
        AbiType pair = new AbiType.Tuple(List.of(Prim.STRING, new AbiType.ListOf(Prim.STRING)));
        List<Object> answer = List.of("answer", List.of("a", "", "bc"));
        List<Object> received = new ArrayList<>();
        Object r = roundTrip(params, Optional.of(pair), args, answer, received, new ArrayList<>());
        assertEquals(answer, r);
        assertEquals(args, received);
    }

    @Test
    void aMisalignedResultPointerTraps() {
        Guest guest = new Guest();
        CallPlan export = CallPlan.forExport(List.of(), Optional.of(Prim.STRING));
        WitTrap trap = assertThrows(WitTrap.class, () -> DynamicCalls.callExport(export, "g", List.of(), guest,
                StringEncoding.UTF8, LiftBudget.defaults(), core -> new long[] {6}, p -> { }));
        assertEquals(WitTrap.Reason.MISALIGNED_POINTER, trap.reason());
        assertTrue(trap.getMessage().contains("results of g"), trap.getMessage());
    }

    @Test
    void aReturnAreaPastMemoryTraps() {
        Guest guest = new Guest();
        CallPlan imp = CallPlan.forImport(List.of(Prim.U8), Optional.of(Prim.STRING));
        WitTrap trap = assertThrows(WitTrap.class, () -> DynamicCalls.serveImport(imp, "h",
                new long[] {1, (1 << 16) - 4}, guest, StringEncoding.UTF8, LiftBudget.defaults(), v -> "x"));
        assertEquals(WitTrap.Reason.OUT_OF_BOUNDS, trap.reason());
        assertTrue(trap.getMessage().contains("return area of h"), trap.getMessage());
    }

    @Test
    void argumentsOfTheWrongTypeAreTheCallersError() {
        Guest guest = new Guest();
        CallPlan export = CallPlan.forExport(List.of(Prim.STRING), Optional.empty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DynamicCalls.callExport(
                export, "k", List.of(42), guest, StringEncoding.UTF8, LiftBudget.defaults(), core -> new long[0],
                p -> { }));
        assertTrue(e.getMessage().contains("the arguments of k do not match"), e.getMessage());
    }
}
