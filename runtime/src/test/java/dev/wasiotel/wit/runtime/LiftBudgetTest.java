package dev.wasiotel.wit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.abi.DynamicCanon;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-call lift budget ({@link GuestLimits#maxLiftBytesPerCall()}): a guest whose values all
 * alias one large region of its memory cannot make the host copy that region again and again. The
 * memory here holds 8 MiB of string data (zero bytes: valid UTF-8) at {@link #DATA}, 1,000 string
 * descriptors all pointing at it at {@link #STRINGS}, and 1,000 records {@code {name: string, tags:
 * list<string>}} whose name is that string and whose tags are those 1,000 strings at {@link #ITEMS}:
 * a few KiB of descriptors that would lift as 8 GB (strings) or 8 TB (items).
 */
class LiftBudgetTest {
    private static final int MIB = 1 << 20;
    private static final int DATA = 65_536;
    private static final int DATA_LENGTH = 8 * MIB;
    private static final int STRINGS = 1024;
    private static final int ITEMS = 16_384;
    private static final int COUNT = 1000;
    private static final AbiType LIST_OF_STRING = new AbiType.ListOf(AbiType.Prim.STRING);
    private static final AbiType ITEM = new AbiType.Record(List.of(new AbiType.Field("name", AbiType.Prim.STRING),
            new AbiType.Field("tags", LIST_OF_STRING)));

    /** The aliasing memory described above. */
    private static ByteArrayMemory aliasingMemory() {
        ByteArrayMemory memory = new ByteArrayMemory(DATA + DATA_LENGTH);
        for (int i = 0; i < COUNT; i++) {
            memory.writeInt(STRINGS + 8 * i, DATA);
            memory.writeInt(STRINGS + 8 * i + 4, DATA_LENGTH);
            memory.writeInt(ITEMS + 16 * i, DATA);
            memory.writeInt(ITEMS + 16 * i + 4, DATA_LENGTH);
            memory.writeInt(ITEMS + 16 * i + 8, STRINGS);
            memory.writeInt(ITEMS + 16 * i + 12, COUNT);
        }
        return memory;
    }

    private static void assertBudgetTrap(WitTrap trap, String limit) {
        assertEquals(WitTrap.Reason.RESOURCE_LIMIT, trap.reason(), trap.getMessage());
        assertTrue(trap.getMessage().contains("more than " + limit + " of strings and lists")
                && trap.getMessage().contains("maxLiftBytesPerCall"), trap.getMessage());
    }

    @Test
    void aThousandAliasingStringsTrapUnderASmallBudget() {
        LiftBudget budget = new LiftBudget(20L * MIB);
        DynamicCanon canon = new DynamicCanon(aliasingMemory(), StringEncoding.UTF8, null, budget);
        WitTrap trap = assertThrows(WitTrap.class,
                () -> canon.liftFlat(LIST_OF_STRING, new DynamicCanon.FlatReader(new long[] {STRINGS, COUNT})));
        assertBudgetTrap(trap, "20 MiB");
        // The list (1,000 elements at 16 bytes) and two strings fit; the third does not and is not copied.
        assertEquals(COUNT * 16L + 2L * DATA_LENGTH, budget.used());
    }

    @Test
    void aThousandAliasingStringsTrapUnderTheDefaultBudget() {
        DynamicCanon canon = new DynamicCanon(aliasingMemory(), StringEncoding.UTF8, null);
        WitTrap trap = assertThrows(WitTrap.class,
                () -> canon.load(LIST_OF_STRING, ITEMS + 8)); // the tags field of item 0: the 1,000 strings
        assertBudgetTrap(trap, "64 MiB");
    }

    @Test
    void aCallContextChargesEveryLiftOfItsCallEvenOfTheSameMemory() {
        ByteArrayMemory memory = aliasingMemory();
        CallContext cx = new CallContext(memory, null, StringEncoding.UTF8, new ResourceTable());
        assertEquals(GuestLimits.DEFAULT_MAX_LIFT_BYTES_PER_CALL, cx.liftBudget().limit());
        int lifted = 0;
        WitTrap trap = null;
        try {
            for (int i = 0; i < COUNT; i++) {
                Strings.load(cx.memory(), STRINGS + 8 * i, cx.encoding(), cx.liftBudget());
                lifted++;
            }
        } catch (WitTrap t) {
            trap = t;
        }
        assertTrue(trap != null, "1,000 lifts of 8 MiB passed a 64 MiB budget");
        assertBudgetTrap(trap, "64 MiB");
        assertEquals(8, lifted, "64 MiB holds exactly eight 8 MiB strings");
        // A new call has a new budget.
        CallContext next = new CallContext(memory, null, StringEncoding.UTF8, new ResourceTable());
        assertEquals(DATA_LENGTH, Strings.load(next.memory(), STRINGS, next.encoding(), next.liftBudget()).length());
    }

    @Test
    void nestedListsOfRecordsOfStringsAreChargedAtEveryLevel() {
        LiftBudget budget = new LiftBudget(40L * MIB);
        DynamicCanon canon = new DynamicCanon(aliasingMemory(), StringEncoding.UTF8, null, budget);
        WitTrap trap = assertThrows(WitTrap.class,
                () -> canon.liftFlat(new AbiType.ListOf(ITEM), new DynamicCanon.FlatReader(new long[] {ITEMS, COUNT})));
        assertBudgetTrap(trap, "40 MiB");
        // items list, item 0's name, item 0's tags list, then three tags; the fourth tag does not fit
        assertEquals(COUNT * 16L + DATA_LENGTH + COUNT * 16L + 3L * DATA_LENGTH, budget.used());
    }

    @Test
    void nestedValuesWithinTheBudgetLiftAndCostWhatTheRuleSays() {
        ByteArrayMemory memory = new ByteArrayMemory(4096);
        byte[] text = "abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        memory.writeBytes(2048, text, 0, text.length);
        // tags: two strings "abc" and "defgh"
        memory.writeInt(1024, 2048);
        memory.writeInt(1028, 3);
        memory.writeInt(1032, 2051);
        memory.writeInt(1036, 5);
        // two items {name: "ab", tags}
        for (int i = 0; i < 2; i++) {
            memory.writeInt(512 + 16 * i, 2048);
            memory.writeInt(512 + 16 * i + 4, 2);
            memory.writeInt(512 + 16 * i + 8, 1024);
            memory.writeInt(512 + 16 * i + 12, 2);
        }
        long cost = 2 * 16 + 2 * (2 + 2 * 16 + 3 + 5);
        LiftBudget exact = new LiftBudget(cost);
        Object items = new DynamicCanon(memory, StringEncoding.UTF8, null, exact)
                .liftFlat(new AbiType.ListOf(ITEM), new DynamicCanon.FlatReader(new long[] {512, 2}));
        List<Object> item = List.of("ab", List.of("abc", "defgh"));
        assertEquals(List.of(item, item), items);
        assertEquals(cost, exact.used(), "a budget of exactly the cost is enough");

        LiftBudget oneShort = new LiftBudget(cost - 1);
        assertBudgetTrap(assertThrows(WitTrap.class, () -> new DynamicCanon(memory, StringEncoding.UTF8, null, oneShort)
                .liftFlat(new AbiType.ListOf(ITEM), new DynamicCanon.FlatReader(new long[] {512, 2}))),
                (cost - 1) + " bytes");
    }

    @Test
    void listsOfZeroSizedElementsAreChargedPerElement() {
        AbiType listOfUnit = new AbiType.ListOf(new AbiType.Tuple(List.of()));
        ByteArrayMemory memory = new ByteArrayMemory(16);
        // 2^28-1 empty tuples take no guest memory; without a charge per element they would build a
        // Java list of 268 million elements.
        WitTrap trap = assertThrows(WitTrap.class, () -> new DynamicCanon(memory, StringEncoding.UTF8, null)
                .liftFlat(listOfUnit, new DynamicCanon.FlatReader(new long[] {0, Bounds.MAX_LENGTH})));
        assertBudgetTrap(trap, "64 MiB");
        assertTrue(trap.getMessage().contains("a list of 268435455 elements of 0 bytes"), trap.getMessage());

        LiftBudget budget = new LiftBudget(100L * LiftBudget.MIN_ELEMENT_CHARGE);
        DynamicCanon canon = new DynamicCanon(memory, StringEncoding.UTF8, null, budget);
        assertEquals(100, ((List<?>) canon.liftFlat(listOfUnit, new DynamicCanon.FlatReader(new long[] {0, 100})))
                .size());
        assertBudgetTrap(assertThrows(WitTrap.class,
                () -> canon.liftFlat(listOfUnit, new DynamicCanon.FlatReader(new long[] {0, 1}))), "1600 bytes");
    }

    @Test
    void primitiveArraysCostTheirBytesAndElementwiseListsAtLeastSixteenPerElement() {
        ByteArrayMemory memory = new ByteArrayMemory(4096);
        LiftBudget budget = new LiftBudget(1000);
        assertEquals(1000, Arrays.liftBytes(memory, 0, 1000, budget).length);
        assertEquals(1000, budget.used());
        assertBudgetTrap(assertThrows(WitTrap.class, () -> Arrays.liftBytes(memory, 0, 1, budget)), "1000 bytes");

        LiftBudget ints = new LiftBudget(1000);
        assertEquals(250, Arrays.liftInts(memory, 0, 250, ints).length);
        assertBudgetTrap(assertThrows(WitTrap.class, () -> Arrays.liftLongs(memory, 0, 1, ints)), "1000 bytes");

        // The dynamic path lifts list<u8> into a List of boxed numbers, element by element.
        LiftBudget boxed = new LiftBudget(1000);
        DynamicCanon canon = new DynamicCanon(memory, StringEncoding.UTF8, null, boxed);
        AbiType listOfU8 = new AbiType.ListOf(AbiType.Prim.U8);
        assertEquals(62, ((List<?>) canon.liftFlat(listOfU8, new DynamicCanon.FlatReader(new long[] {0, 62}))).size());
        assertEquals(62 * 16, boxed.used());
        assertBudgetTrap(assertThrows(WitTrap.class,
                () -> canon.liftFlat(listOfU8, new DynamicCanon.FlatReader(new long[] {0, 2}))), "1000 bytes");
    }

    @Test
    void theCanonicalChecksComeFirstAndEmptyValuesCostNothing() {
        ByteArrayMemory memory = new ByteArrayMemory(64);
        LiftBudget none = new LiftBudget(0);
        assertEquals(WitTrap.Reason.OUT_OF_BOUNDS,
                assertThrows(WitTrap.class, () -> Strings.lift(memory, 60, 8, StringEncoding.UTF8, none)).reason());
        assertEquals(WitTrap.Reason.STRING_TOO_LONG, assertThrows(WitTrap.class,
                () -> Strings.lift(memory, 0, 1 << 28, StringEncoding.UTF8, none)).reason());
        assertEquals(WitTrap.Reason.MISALIGNED_POINTER, assertThrows(WitTrap.class,
                () -> Bounds.checkList(memory, 2, 1, 4, 4, none)).reason());
        assertEquals(WitTrap.Reason.LIST_TOO_LONG, assertThrows(WitTrap.class,
                () -> Arrays.liftInts(memory, 0, 1 << 27, none)).reason());
        assertEquals("", Strings.lift(memory, 0, 0, StringEncoding.UTF8, none));
        assertEquals(0, Arrays.liftBytes(memory, 0, 0, none).length);
        assertEquals(List.of(), new DynamicCanon(memory, StringEncoding.UTF8, null, none)
                .liftFlat(LIST_OF_STRING, new DynamicCanon.FlatReader(new long[] {0, 0})));
        assertEquals(0, none.used());
    }

    @Test
    void utf16StringsCostTheirBytesNotTheirCodeUnits() {
        ByteArrayMemory memory = new ByteArrayMemory(64);
        memory.writeShort(0, (short) 'h');
        memory.writeShort(2, (short) 'i');
        LiftBudget budget = new LiftBudget(4);
        assertEquals("hi", Strings.lift(memory, 0, 2, StringEncoding.UTF16, budget));
        assertEquals(4, budget.used());
        assertBudgetTrap(assertThrows(WitTrap.class,
                () -> Strings.lift(memory, 0, 1 | Strings.UTF16_TAG, StringEncoding.LATIN1_UTF16, budget)), "4 bytes");
    }

    @Test
    void loweringIsNotCharged() {
        ByteArrayMemory memory = new ByteArrayMemory(4096);
        int[] next = {1024};
        Realloc bump = (oldPtr, oldSize, align, newSize) -> {
            int ptr = (next[0] + align - 1) & -align;
            next[0] = ptr + newSize;
            return ptr;
        };
        LiftBudget none = new LiftBudget(0);
        DynamicCanon canon = new DynamicCanon(memory, StringEncoding.UTF8, bump, none);
        long[] flat = canon.lowerFlat(LIST_OF_STRING, List.of("abc", "def"));
        assertEquals(2, flat[1]);
        assertEquals(0, none.used());
        assertEquals(List.of("abc", "def"), new DynamicCanon(memory, StringEncoding.UTF8, null)
                .liftFlat(LIST_OF_STRING, new DynamicCanon.FlatReader(flat)));
    }

    @Test
    void aCallContextTakesItsBudgetFromTheGuestsLimits() {
        GuestLimits limits = GuestLimits.defaults().withMaxLiftBytesPerCall(12_345);
        ByteArrayMemory memory = new ByteArrayMemory(16);
        assertEquals(12_345, new CallContext(memory, null, StringEncoding.UTF8, new ResourceTable(), limits)
                .liftBudget().limit());
        GuestContext guest = new GuestContext() {
            private final Map<Class<?>, Object> attachments = new HashMap<>();

            @Override
            public GuestMemory memory() {
                return memory;
            }

            @Override
            public Realloc realloc() {
                return (oldPtr, oldSize, align, newSize) -> 0;
            }

            @Override
            public GuestLimits limits() {
                return limits;
            }

            @Override
            public <T> T attachment(Class<T> key) {
                return key.cast(attachments.get(key));
            }

            @Override
            public <T> void putAttachment(Class<T> key, T value) {
                attachments.put(key, value);
            }
        };
        try (CallContext cx = CallContext.of(guest, StringEncoding.UTF8)) {
            assertEquals(12_345, cx.liftBudget().limit());
        }
        assertThrows(IllegalArgumentException.class, () -> new LiftBudget(-1));
    }
}
