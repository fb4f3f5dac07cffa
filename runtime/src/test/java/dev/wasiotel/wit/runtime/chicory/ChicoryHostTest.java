package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChicoryHostTest {
    private static final String HOST = "test:demo/host";

    private static final String ADD_GUEST = "(module\n"
            + "  (import \"test:demo/host\" \"add\" (func $add (param i32 i32) (result i32)))\n"
            + "  (func (export \"sum3\") (param i32 i32 i32) (result i32)\n"
            + "    (call $add (call $add (local.get 0) (local.get 1)) (local.get 2))))";

    /** Memory, a bump allocator as cabi_realloc, and an export that asks the host to fill a buffer. */
    private static final String REALLOC_GUEST = "(module\n"
            + "  (import \"test:demo/host\" \"make\" (func $make (param i32) (result i32)))\n"
            + "  (memory (export \"memory\") 1)\n"
            + "  (global $next (mut i32) (i32.const 1024))\n"
            + "  (func (export \"cabi_realloc\") (param $old i32) (param $oldSize i32) (param $align i32)"
            + " (param $size i32) (result i32)\n"
            + "    (local $ptr i32)\n"
            + "    (local.set $ptr (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))\n"
            + "                             (i32.sub (i32.const 0) (local.get $align))))\n"
            + "    (global.set $next (i32.add (local.get $ptr) (local.get $size)))\n"
            + "    (local.get $ptr))\n"
            + "  (func (export \"run\") (param i32) (result i32) (call $make (local.get 0)))\n"
            + "  (func (export \"first-byte\") (param i32) (result i32) (i32.load8_u (local.get 0)))\n"
            + "  (func (export \"grow\") (result i32) (memory.grow (i32.const 1))))";

    private static final String TRAP_GUEST = "(module\n"
            + "  (import \"test:demo/host\" \"check\" (func $check (param i32)))\n"
            + "  (memory (export \"memory\") 1)\n"
            + "  (func (export \"check\") (param i32) (call $check (local.get 0)))\n"
            + "  (func $deep (param i32) (if (i32.eqz (local.get 0)) (then unreachable))"
            + " (call $deep (i32.sub (local.get 0) (i32.const 1))))\n"
            + "  (func (export \"boom\") (call $deep (i32.const 3)))\n"
            + "  (func (export \"oob\") (result i32) (i32.load (i32.const 65535)))\n"
            + "  (func (export \"forty-two\") (result i32) (i32.const 42)))";

    private static final String WIDE_GUEST = "(module\n"
            + "  (import \"test:demo/host\" \"echo\" (func $echo (param i32 i64 f32 f64) (result i32 i64 f32 f64)))\n"
            + "  (func (export \"echo\") (param i32 i64 f32 f64) (result i32 i64 f32 f64)\n"
            + "    (call $echo (local.get 0) (local.get 1) (local.get 2) (local.get 3))))";

    private static HostFunctionDef def(String name, List<CoreType> params, List<CoreType> results,
            CoreFunction body) {
        return new HostFunctionDef(HOST, name, params, results, body);
    }

    private static HostFunctionDef addDef() {
        return def("add", List.of(CoreType.I32, CoreType.I32), List.of(CoreType.I32),
                (ctx, args) -> new long[] {(int) args[0] + (int) args[1]});
    }

    // (a)
    @Test
    void callsAnExportThatCallsAHostFunction() {
        GuestInstance guest = ChicoryHost.builder().add(addDef()).build().instantiate(Wat.wasm(ADD_GUEST));
        assertArrayEquals(new long[] {6}, guest.call("sum3", 1, 2, 3));
        assertArrayEquals(new long[] {-1}, guest.call("sum3", Integer.MAX_VALUE, Integer.MAX_VALUE, 1));
        assertTrue(guest.hasExport("sum3"));
        assertFalse(guest.hasExport("nope"));
    }

    @Test
    void rejectsUnknownExportsAndWrongArity() {
        GuestInstance guest = ChicoryHost.builder().add(addDef()).build().instantiate(Wat.wasm(ADD_GUEST));
        assertThrows(IllegalArgumentException.class, () -> guest.call("nope"));
        assertThrows(IllegalArgumentException.class, () -> guest.call("sum3", 1, 2));
        assertArrayEquals(new long[] {3}, guest.call("sum3", 1, 1, 1));
    }

    // (b)
    @Test
    void hostFunctionAllocatesThroughReallocAndWritesMemory() {
        AtomicReference<GuestContext> seen = new AtomicReference<>();
        HostFunctionDef make = def("make", List.of(CoreType.I32), List.of(CoreType.I32), (ctx, args) -> {
            seen.set(ctx);
            byte[] text = ("hello " + (int) args[0]).getBytes(StandardCharsets.UTF_8);
            int ptr = ctx.realloc().realloc(0, 0, 8, 16);
            GuestMemory memory = ctx.memory();
            memory.writeInt(ptr, text.length);
            memory.writeBytes(ptr + 4, text, 0, text.length);
            return new long[] {ptr};
        });
        GuestInstance guest = ChicoryHost.builder().add(make).build().instantiate(Wat.wasm(REALLOC_GUEST));

        int ptr = (int) guest.call("run", 7)[0];
        assertEquals(1024, ptr);
        assertSame(guest.context(), seen.get());
        GuestMemory memory = guest.context().memory();
        int len = memory.readInt(ptr);
        byte[] read = new byte[len + 2];
        memory.readBytes(ptr + 4, read, 1, len);
        assertEquals("hello 7", new String(read, 1, len, StandardCharsets.UTF_8));
        assertEquals('h', guest.call("first-byte", ptr + 4)[0]);

        // the bump allocator moved on, aligned
        assertEquals(1040, (int) guest.call("run", 8)[0]);
        // the host may allocate outside a call too (lowering arguments)
        assertEquals(1056, guest.context().realloc().realloc(0, 0, 4, 3));
        assertEquals(1060, guest.context().realloc().realloc(0, 0, 4, 4));
    }

    @Test
    void memoryReadsAndWritesAllWidthsAndFollowsGrowth() {
        GuestInstance guest = ChicoryHost.builder()
                .add(def("make", List.of(CoreType.I32), List.of(CoreType.I32), (ctx, args) -> new long[] {0}))
                .build().instantiate(Wat.wasm(REALLOC_GUEST));
        GuestMemory memory = guest.context().memory();
        assertEquals(65536, memory.size());
        memory.writeByte(10, (byte) 0xfe);
        memory.writeShort(12, (short) 0xbeef);
        memory.writeLong(16, 0x0102030405060708L);
        memory.writeFloat(24, Float.intBitsToFloat(0x7fa00001));
        memory.writeDouble(32, Double.longBitsToDouble(0x7ff4000000000001L));
        assertEquals((byte) 0xfe, memory.readByte(10));
        assertEquals((short) 0xbeef, memory.readShort(12));
        assertEquals(0x0102030405060708L, memory.readLong(16));
        assertEquals(0x05060708, memory.readInt(16));
        assertEquals(0x08, memory.readByte(16));
        assertEquals(0x7fa00001, Float.floatToRawIntBits(memory.readFloat(24)));
        assertEquals(0x7ff4000000000001L, Double.doubleToRawLongBits(memory.readDouble(32)));

        // a bulk copy across the end of the first page, into the middle of the target
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        assertEquals(1, guest.call("grow")[0]);
        assertEquals(2 * 65536, memory.size());
        memory.writeBytes(65536 - 100, data, 50, 200);
        byte[] back = new byte[210];
        memory.readBytes(65536 - 100, back, 5, 200);
        for (int i = 0; i < 200; i++) {
            assertEquals(data[50 + i], back[5 + i]);
        }
        WitTrap trap = assertThrows(WitTrap.class, () -> memory.readInt(2 * 65536 - 2));
        assertEquals(WitTrap.Reason.OUT_OF_BOUNDS, trap.reason());
        trap = assertThrows(WitTrap.class, () -> memory.writeBytes(2 * 65536 - 1, data, 0, 2));
        assertEquals(WitTrap.Reason.OUT_OF_BOUNDS, trap.reason());
        trap = assertThrows(WitTrap.class, () -> memory.readByte(-1));
        assertEquals(WitTrap.Reason.OUT_OF_BOUNDS, trap.reason());
    }

    // (c)
    @Test
    void hostWitTrapReachesTheCallerUnchangedAndTheHostStaysUsable() {
        WitTrap thrown = new WitTrap(WitTrap.Reason.INVALID_UTF8, "byte 0xff at 12");
        AtomicInteger calls = new AtomicInteger();
        HostFunctionDef check = def("check", List.of(CoreType.I32), List.of(), (ctx, args) -> {
            calls.incrementAndGet();
            if (args[0] != 0) {
                throw thrown;
            }
            return null;
        });
        ChicoryHost host = ChicoryHost.builder().add(check).build();
        GuestInstance guest = host.instantiate(Wat.wasm(TRAP_GUEST));
        assertArrayEquals(new long[0], guest.call("check", 0));

        WitTrap trap = assertThrows(WitTrap.class, () -> guest.call("check", 1));
        assertSame(thrown, trap);
        assertEquals(WitTrap.Reason.INVALID_UTF8, trap.reason());
        assertTrue(guest.isPoisoned());

        // the trapped instance refuses further calls, without running guest code
        WitTrap again = assertThrows(WitTrap.class, () -> guest.call("check", 0));
        assertEquals(WitTrap.Reason.GUEST_TRAP, again.reason());
        assertEquals(2, calls.get());

        // a fresh instance of the same host works
        GuestInstance fresh = host.instantiate(Wat.wasm(TRAP_GUEST));
        assertArrayEquals(new long[0], fresh.call("check", 0));
        assertArrayEquals(new long[] {42}, fresh.call("forty-two"));
        assertEquals(3, calls.get());
    }

    @Test
    void otherHostExceptionsPassUnchangedAndPoison() {
        IllegalStateException bug = new IllegalStateException("host bug");
        HostFunctionDef check = def("check", List.of(CoreType.I32), List.of(), (ctx, args) -> {
            throw bug;
        });
        GuestInstance guest = ChicoryHost.builder().add(check).build().instantiate(Wat.wasm(TRAP_GUEST));
        assertSame(bug, assertThrows(IllegalStateException.class, () -> guest.call("check", 1)));
        assertTrue(guest.isPoisoned());
    }

    @Test
    void hostFunctionReturningTheWrongNumberOfValuesIsAHostError() {
        HostFunctionDef add = def("add", List.of(CoreType.I32, CoreType.I32), List.of(CoreType.I32),
                (ctx, args) -> new long[0]);
        GuestInstance guest = ChicoryHost.builder().add(add).build().instantiate(Wat.wasm(ADD_GUEST));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guest.call("sum3", 1, 2, 3));
        assertTrue(e.getMessage().contains("test:demo/host#add"), e.getMessage());
    }

    // (d)
    @Test
    void guestTrapsBecomeGuestTrap() {
        ChicoryHost host = ChicoryHost.builder()
                .add(def("check", List.of(CoreType.I32), List.of(), (ctx, args) -> null)).build();
        GuestInstance guest = host.instantiate(Wat.wasm(TRAP_GUEST));
        WitTrap trap = assertThrows(WitTrap.class, () -> guest.call("boom"));
        assertEquals(WitTrap.Reason.GUEST_TRAP, trap.reason());
        assertTrue(trap.getMessage().contains("boom"), trap.getMessage());
        assertTrue(trap.getMessage().contains("unreachable"), trap.getMessage());
        assertTrue(trap.getCause() != null);

        GuestInstance other = host.instantiate(Wat.wasm(TRAP_GUEST));
        trap = assertThrows(WitTrap.class, () -> other.call("oob"));
        assertEquals(WitTrap.Reason.GUEST_TRAP, trap.reason());
        assertTrue(trap.getMessage().contains("out of bounds"), trap.getMessage());

        assertArrayEquals(new long[] {42}, host.instantiate(Wat.wasm(TRAP_GUEST)).call("forty-two"));
    }

    @Test
    void trapInStartFunctionFailsInstantiation() {
        String wat = "(module (func $s unreachable) (start $s))";
        WitTrap trap = assertThrows(WitTrap.class, () -> ChicoryHost.builder().build().instantiate(Wat.wasm(wat)));
        assertEquals(WitTrap.Reason.GUEST_TRAP, trap.reason());
    }

    @Test
    void exportedStartIsNotRunAtInstantiation() {
        String wat = "(module (func (export \"_start\") unreachable) (func (export \"ok\") (result i32) i32.const 1))";
        GuestInstance guest = ChicoryHost.builder().build().instantiate(Wat.wasm(wat));
        assertArrayEquals(new long[] {1}, guest.call("ok"));
    }

    // (e)
    @Test
    void allMissingImportsAreListedTogether() {
        String wat = "(module\n"
                + "  (import \"test:demo/host\" \"add\" (func (param i32 i32) (result i32)))\n"
                + "  (import \"test:demo/host\" \"sub\" (func (param i32 i32) (result i32)))\n"
                + "  (import \"wasi:otel/tracing\" \"on-start\" (func (param i32)))\n"
                + "  (import \"test:demo/host\" \"make\" (func (param i64) (result i32)))\n"
                + "  (import \"env\" \"memory\" (memory 1))\n"
                + "  (func (export \"run\") (unreachable)))";
        AtomicInteger ran = new AtomicInteger();
        HostFunctionDef make = def("make", List.of(CoreType.I32), List.of(CoreType.I32), (ctx, args) -> {
            ran.incrementAndGet();
            return new long[] {0};
        });
        ChicoryHost host = ChicoryHost.builder().add(addDef(), make).build();
        LinkException e = assertThrows(LinkException.class, () -> host.instantiate(Wat.wasm(wat)));
        assertEquals(List.of(
                "missing function test:demo/host#sub (param i32 i32) (result i32)",
                "missing function wasi:otel/tracing#on-start (param i32) (result)",
                "function test:demo/host#make is imported as (param i64) (result i32)"
                        + " but the host provides (param i32) (result i32)",
                "missing memory env#memory (the host provides only functions)"), e.problems());
        assertTrue(e.getMessage().contains("4 imports are not satisfied"), e.getMessage());
        assertEquals(0, ran.get());
    }

    @Test
    void duplicateDefinitionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ChicoryHost.builder().add(addDef(), addDef()));
    }

    @Test
    void invalidBytesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ChicoryHost.builder().build().instantiate(new byte[] {0, 'a', 's', 'm', 9, 9}));
    }

    // (f)
    @Test
    void misalignedOrOutOfBoundsReallocResultTraps() {
        String wat = "(module\n"
                + "  (memory (export \"memory\") 1)\n"
                + "  (global $result (mut i32) (i32.const 0))\n"
                + "  (func (export \"set\") (param i32) (global.set $result (local.get 0)))\n"
                + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (global.get $result)))";
        ChicoryHost host = ChicoryHost.builder().build();

        GuestInstance misaligned = host.instantiate(Wat.wasm(wat));
        misaligned.call("set", 6);
        WitTrap trap = assertThrows(WitTrap.class, () -> misaligned.context().realloc().realloc(0, 0, 4, 8));
        assertEquals(WitTrap.Reason.REALLOC, trap.reason());
        assertTrue(misaligned.isPoisoned());

        GuestInstance outOfBounds = host.instantiate(Wat.wasm(wat));
        outOfBounds.call("set", 65536 - 8);
        assertEquals(65536 - 8, outOfBounds.context().realloc().realloc(0, 0, 8, 8));
        trap = assertThrows(WitTrap.class, () -> outOfBounds.context().realloc().realloc(0, 0, 8, 9));
        assertEquals(WitTrap.Reason.REALLOC, trap.reason());

        GuestInstance wrapped = host.instantiate(Wat.wasm(wat));
        wrapped.call("set", -8);
        trap = assertThrows(WitTrap.class, () -> wrapped.context().realloc().realloc(0, 0, 8, 8));
        assertEquals(WitTrap.Reason.REALLOC, trap.reason());
    }

    @Test
    void badReallocInsideAHostFunctionReachesTheCaller() {
        String wat = "(module\n"
                + "  (import \"test:demo/host\" \"make\" (func $make (param i32) (result i32)))\n"
                + "  (memory (export \"memory\") 1)\n"
                + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (i32.const 3))\n"
                + "  (func (export \"run\") (param i32) (result i32) (call $make (local.get 0))))";
        HostFunctionDef make = def("make", List.of(CoreType.I32), List.of(CoreType.I32),
                (ctx, args) -> new long[] {ctx.realloc().realloc(0, 0, 2, 4)});
        GuestInstance guest = ChicoryHost.builder().add(make).build().instantiate(Wat.wasm(wat));
        WitTrap trap = assertThrows(WitTrap.class, () -> guest.call("run", 1));
        assertEquals(WitTrap.Reason.REALLOC, trap.reason());
    }

    @Test
    void missingReallocOrMemoryTrapsOnlyWhenNeeded() {
        String wat = "(module (func (export \"f\") (result i32) (i32.const 5)))";
        GuestInstance guest = ChicoryHost.builder().build().instantiate(Wat.wasm(wat));
        GuestContext ctx = guest.context();
        assertEquals(5, guest.call("f")[0]);
        WitTrap trap = assertThrows(WitTrap.class, () -> ctx.realloc().realloc(0, 0, 1, 1));
        assertEquals(WitTrap.Reason.REALLOC, trap.reason());
        assertTrue(trap.getMessage().contains("no cabi_realloc"), trap.getMessage());
        trap = assertThrows(WitTrap.class, ctx::memory);
        assertEquals(WitTrap.Reason.GUEST_TRAP, trap.reason());
    }

    @Test
    void reallocTrapInsideTheGuestIsAGuestTrap() {
        String wat = "(module (memory (export \"memory\") 1)\n"
                + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) unreachable))";
        GuestInstance guest = ChicoryHost.builder().build().instantiate(Wat.wasm(wat));
        WitTrap trap = assertThrows(WitTrap.class, () -> guest.context().realloc().realloc(0, 0, 1, 1));
        assertEquals(WitTrap.Reason.GUEST_TRAP, trap.reason());
        assertTrue(guest.isPoisoned());
    }

    // (g)
    @Test
    void wideAndFloatValuesRoundTripWithRawBits() {
        List<CoreType> types = List.of(CoreType.I32, CoreType.I64, CoreType.F32, CoreType.F64);
        List<long[]> seen = new ArrayList<>();
        HostFunctionDef echo = def("echo", types, types, (ctx, args) -> {
            seen.add(args.clone());
            return new long[] {args[0], args[1], args[2], args[3]};
        });
        GuestInstance guest = ChicoryHost.builder().add(echo).build().instantiate(Wat.wasm(WIDE_GUEST));

        int f32Nan = 0x7fa00001; // a signalling NaN with a payload
        long f64Nan = 0xfff4000000000001L; // negative, signalling, with a payload
        long[] in = {0xFFFFFFFFL, Long.MIN_VALUE + 5, Integer.toUnsignedLong(f32Nan), f64Nan};
        long[] out = guest.call("echo", in);
        assertEquals(-1, out[0]);
        assertEquals(Long.MIN_VALUE + 5, out[1]);
        assertEquals(f32Nan, (int) out[2]);
        assertEquals(f64Nan, out[3]);
        // the host saw i32 and f32 as sign-extended ints
        assertArrayEquals(new long[] {-1, Long.MIN_VALUE + 5, f32Nan, f64Nan}, seen.get(0));

        int negZero = Float.floatToRawIntBits(-0.0f);
        out = guest.call("echo", 7, -1L, negZero, Double.doubleToRawLongBits(Double.MIN_VALUE));
        assertArrayEquals(new long[] {7, -1L, negZero, Double.doubleToRawLongBits(Double.MIN_VALUE)}, out);
        assertEquals(negZero, (int) seen.get(1)[2]);
    }

    @Test
    void postReturnIsCalledWhenExported() {
        String wat = "(module\n"
                + "  (global $freed (mut i32) (i32.const 0))\n"
                + "  (func (export \"get\") (result i32 i32) (i32.const 100) (i32.const 7))\n"
                + "  (func (export \"cabi_post_get\") (param i32 i32)"
                + " (global.set $freed (i32.add (local.get 0) (local.get 1))))\n"
                + "  (func (export \"freed\") (result i32) (global.get $freed))\n"
                + "  (func (export \"plain\") (result i32) (i32.const 1)))";
        GuestInstance guest = ChicoryHost.builder().build().instantiate(Wat.wasm(wat));
        long[] results = guest.call("get");
        assertArrayEquals(new long[] {100, 7}, results);
        guest.callPostReturn("get", results);
        assertArrayEquals(new long[] {107}, guest.call("freed"));
        guest.callPostReturn("plain", guest.call("plain")); // no cabi_post_plain: nothing happens
        assertTrue(guest.hasExport("cabi_post_get"));
    }

    @Test
    void reentrantCallsAreRefused() {
        AtomicReference<GuestInstance> self = new AtomicReference<>();
        HostFunctionDef add = def("add", List.of(CoreType.I32, CoreType.I32), List.of(CoreType.I32),
                (ctx, args) -> self.get().call("sum3", 1, 2, 3));
        GuestInstance guest = ChicoryHost.builder().add(add).build().instantiate(Wat.wasm(ADD_GUEST));
        self.set(guest);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guest.call("sum3", 1, 2, 3));
        assertTrue(e.getMessage().contains("not reentrant"), e.getMessage());
    }

    @Test
    void attachmentsArePerInstance() {
        ChicoryHost host = ChicoryHost.builder().add(addDef()).build();
        GuestInstance a = host.instantiate(Wat.wasm(ADD_GUEST));
        GuestInstance b = host.instantiate(Wat.wasm(ADD_GUEST));
        StringBuilder state = new StringBuilder("a");
        a.context().putAttachment(StringBuilder.class, state);
        assertSame(state, a.context().attachment(StringBuilder.class));
        assertNull(b.context().attachment(StringBuilder.class));
        StringBuilder created = b.context().attachment(StringBuilder.class, () -> new StringBuilder("b"));
        assertSame(created, b.context().attachment(StringBuilder.class));
        a.context().putAttachment(StringBuilder.class, null);
        assertNull(a.context().attachment(StringBuilder.class));
    }

    @Test
    void parsedModuleInstantiatesManyTimes() {
        ChicoryModule module = ChicoryHost.parse(Wat.wasm(ADD_GUEST));
        ChicoryHost host = ChicoryHost.builder().add(addDef()).build();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new long[] {i + 2}, host.instantiate(module).call("sum3", i, 1, 1));
        }
    }

    @Test
    void checkReallocIsTheValidationUsed() {
        // guards the assumption the REALLOC tests rely on
        assertThrows(WitTrap.class, () -> Bounds.checkRealloc(new ByteArrayMemory(16), 3, 4, 1));
    }
}
