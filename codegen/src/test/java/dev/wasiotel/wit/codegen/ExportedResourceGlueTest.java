package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestResource;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guest-implemented (exported) resources through generated glue, with a WAT guest that keeps each
 * counter's value at its representation (a pointer): constructors and static functions on the
 * generated {@code CountersGuest}, methods on the generated {@code Counter} handle class, own
 * handles moved back into the guest, destructors run by {@code close()} and by the guest's own
 * {@code [resource-drop]}, a host resource lent to a guest export as {@code borrow}, and misuse
 * (handles of another instance, moved handles, undropped borrows, bad handles) failing clearly.
 */
class ExportedResourceGlueTest {
    private static final String WIT = "package test:gres;\n"
            + "interface sinks {\n"
            + "  resource sink { write: func(v: u32); }\n"
            + "}\n"
            + "interface counters {\n"
            + "  use sinks.{sink};\n"
            + "  resource counter {\n"
            + "    constructor(start: u32);\n"
            + "    incr: func(by: u32) -> u32;\n"
            + "    value: func() -> u32;\n"
            + "    merge: static func(a: counter, b: borrow<counter>) -> counter;\n"
            + "  }\n"
            + "  total: func(c: borrow<counter>) -> u32;\n"
            + "  live: func() -> u32;\n"
            + "  make-and-drop: func(start: u32) -> u32;\n"
            + "  bad-rep: func() -> u32;\n"
            + "  feed: func(s: borrow<sink>, v: u32);\n"
            + "  feed-leaky: func(s: borrow<sink>, v: u32);\n"
            + "}\n"
            + "world gres { import sinks; export counters; }\n";

    private static final String C = "test:gres/counters#";
    private static final String WAT = "(module\n"
            + "  (import \"[export]test:gres/counters\" \"[resource-new]counter\" (func $new (param i32) (result i32)))\n"
            + "  (import \"[export]test:gres/counters\" \"[resource-rep]counter\" (func $rep (param i32) (result i32)))\n"
            + "  (import \"[export]test:gres/counters\" \"[resource-drop]counter\" (func $drop (param i32)))\n"
            + "  (import \"test:gres/sinks\" \"[method]sink.write\" (func $write (param i32 i32)))\n"
            + "  (import \"test:gres/sinks\" \"[resource-drop]sink\" (func $sinkdrop (param i32)))\n"
            + "  (memory (export \"memory\") 1)\n"
            + "  (global $next (mut i32) (i32.const 16))\n"
            + "  (global $live (mut i32) (i32.const 0))\n"
            + "  (func $make (param $v i32) (result i32) (local $p i32)\n"
            + "    (local.set $p (global.get $next))\n"
            + "    (global.set $next (i32.add (global.get $next) (i32.const 4)))\n"
            + "    (i32.store (local.get $p) (local.get $v))\n"
            + "    (global.set $live (i32.add (global.get $live) (i32.const 1)))\n"
            + "    (call $new (local.get $p)))\n"
            + "  (func (export \"" + C + "[constructor]counter\") (param i32) (result i32) (call $make (local.get 0)))\n"
            + "  (func (export \"" + C + "[method]counter.incr\") (param $self i32) (param $by i32) (result i32)\n"
            + "    (i32.store (local.get $self) (i32.add (i32.load (local.get $self)) (local.get $by)))\n"
            + "    (i32.load (local.get $self)))\n"
            + "  (func (export \"" + C + "[method]counter.value\") (param i32) (result i32) (i32.load (local.get 0)))\n"
            // a: own handle in our table; b: our own representation (a borrow of a resource we implement)
            + "  (func (export \"" + C + "[static]counter.merge\") (param $a i32) (param $b i32) (result i32) (local $v i32)\n"
            + "    (local.set $v (i32.add (i32.load (call $rep (local.get $a))) (i32.load (local.get $b))))\n"
            + "    (call $drop (local.get $a))\n"
            + "    (call $make (local.get $v)))\n"
            + "  (func (export \"" + C + "[dtor]counter\") (param i32)\n"
            + "    (global.set $live (i32.sub (global.get $live) (i32.const 1))))\n"
            + "  (func (export \"" + C + "total\") (param i32) (result i32) (i32.load (local.get 0)))\n"
            + "  (func (export \"" + C + "live\") (result i32) (global.get $live))\n"
            + "  (func (export \"" + C + "make-and-drop\") (param i32) (result i32)\n"
            + "    (call $drop (call $make (local.get 0)))\n"
            + "    (global.get $live))\n"
            + "  (func (export \"" + C + "bad-rep\") (result i32) (call $rep (i32.const 99)))\n"
            + "  (func (export \"" + C + "feed\") (param $s i32) (param $v i32)\n"
            + "    (call $write (local.get $s) (local.get $v))\n"
            + "    (call $sinkdrop (local.get $s)))\n"
            + "  (func (export \"" + C + "feed-leaky\") (param $s i32) (param $v i32)\n"
            + "    (call $write (local.get $s) (local.get $v)))\n"
            + ")\n";

    private static GeneratedGlue glue;
    private static ChicoryHost host;
    private static byte[] wasm;

    @BeforeAll
    static void generate() throws Exception {
        glue = GeneratedGlue.of(WIT, GeneratedGlue.tempDir());
        Class<?> sinks = glue.load("test.gres.sinks.Sinks");
        Object sinksImpl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {sinks}, (p, m, a) -> {
            throw new AssertionError(m.getName());
        });
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) callStatic(glue.load("test.gres.gres.GresLinker"),
                "functions", sinksImpl, StringEncoding.UTF8);
        host = ChicoryHost.builder().addAll(defs).build();
        wasm = Wat2Wasm.parse(WAT);
    }

    private Object guest(GuestInstance instance) throws Exception {
        return glue.load("test.gres.counters.CountersGuest").getConstructor(GuestInstance.class, StringEncoding.class)
                .newInstance(instance, StringEncoding.UTF8);
    }

    @Test
    void constructorsMethodsStaticsAndDestructors() throws Exception {
        GuestInstance instance = host.instantiate(wasm);
        Object g = guest(instance);
        Object a = call(g, "newCounter", 5L);
        assertTrue(a instanceof GuestResource, "the handle class is a GuestResource");
        assertEquals(8L, call(a, "incr", 3L));
        Object b = call(g, "newCounter", 10L);
        assertEquals(2L, call(g, "live"));

        Object c = call(g, "counterMerge", a, b);
        assertTrue(((GuestResource) a).isClosed(), "own<counter> moved into the guest");
        assertFalse(((GuestResource) b).isClosed(), "borrow<counter> stays with the host");
        assertEquals(18L, call(c, "value"));
        assertEquals(2L, call(g, "live"), "the guest dropped a, running its own destructor; c is new");
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> call(a, "value"));
        assertTrue(moved.getMessage().contains("closed or moved"), moved.getMessage());

        assertEquals(10L, call(g, "total", b));
        ((GuestResource) b).close();
        assertEquals(1L, call(g, "live"), "close() ran the guest's destructor");
        ((GuestResource) b).close();
        assertEquals(1L, call(g, "live"), "a second close() does nothing");
        assertEquals(1L, call(g, "makeAndDrop", 7L), "the guest's own drop of its own resource runs its destructor");
        ((GuestResource) c).close();
        assertEquals(0L, call(g, "live"));
    }

    @Test
    void handlesBelongToTheirInstance() throws Exception {
        Object g1 = guest(host.instantiate(wasm));
        Object g2 = guest(host.instantiate(wasm));
        Object a = call(g1, "newCounter", 1L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call(g2, "total", a));
        assertTrue(e.getMessage().contains("another guest instance"), e.getMessage());
        assertEquals(1L, call(g1, "total", a), "the failed call changed nothing");
    }

    @Test
    void hostResourceLentToTheGuest() throws Exception {
        Object g = guest(host.instantiate(wasm));
        Class<?> sink = glue.load("test.gres.sinks.Sink");
        List<String> events = new ArrayList<>();
        Object s = Proxy.newProxyInstance(glue.loader, new Class<?>[] {sink}, (p, m, a) -> {
            switch (m.getName()) {
                case "write":
                    events.add("write " + a[0]);
                    return null;
                case "close":
                    events.add("close");
                    return null;
                default:
                    return m.getName().equals("hashCode") ? 1 : m.getName().equals("equals") ? p == a[0] : "sink";
            }
        });
        call(g, "feed", s, 42L);
        assertEquals(List.of("write 42"), events, "the guest dropped its borrow: the host object is not closed");

        WitTrap leak = assertThrows(WitTrap.class, () -> call(g, "feedLeaky", s, 7L));
        assertTrue(leak.getMessage().contains("borrow"), leak.getMessage());
        assertEquals(List.of("write 42", "write 7"), events);
    }

    @Test
    void badHandleFromTheGuestTraps() throws Exception {
        Object g = guest(host.instantiate(wasm));
        WitTrap trap = assertThrows(WitTrap.class, () -> call(g, "badRep"));
        assertEquals(WitTrap.Reason.INVALID_HANDLE, trap.reason(), trap.getMessage());
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        return GeneratedGlue.invoke(target.getClass(), target, name, args);
    }

    private static Object callStatic(Class<?> type, String name, Object... args) throws Exception {
        return GeneratedGlue.invoke(type, null, name, args);
    }
}
