package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.PerInstance;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated hosts with a per-instance factory ({@code functionsPerInstance}): one set of host
 * functions linked into two guest instances asks the factory, on every call, for the calling
 * instance's implementation, so each instance keeps its own host state; {@code functions(impl,
 * encoding)} serves every instance with one implementation.
 */
class PerInstanceHostTest {
    private static final String WIT = """
            package test:per;

            interface counter {
              bump: func(by: u32) -> u32;
            }

            world w {
              import counter;
              import reset: func();
            }
            """;
    /** Forwards its export {@code bump} to the import of the same name. */
    private static final String COUNTER_GUEST = """
            (module
              (import "test:per/counter" "bump" (func $bump (param i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "bump") (param i32) (result i32) (call $bump (local.get 0))))
            """;
    /** Forwards its exports {@code bump} and {@code reset} to the imports of the same names: the whole world. */
    private static final String WORLD_GUEST = """
            (module
              (import "test:per/counter" "bump" (func $bump (param i32) (result i32)))
              (import "$root" "reset" (func $reset))
              (memory (export "memory") 1)
              (func (export "bump") (param i32) (result i32) (call $bump (local.get 0)))
              (func (export "reset") (call $reset)))
            """;

    private static GeneratedGlue glue;
    private static byte[] counterWasm;
    private static byte[] worldWasm;

    @BeforeAll
    static void generate() throws Exception {
        glue = GeneratedGlue.of(WIT, GeneratedGlue.tempDir());
        counterWasm = Wat2Wasm.parse(COUNTER_GUEST);
        worldWasm = Wat2Wasm.parse(WORLD_GUEST);
    }

    /** The host state of one instance: its running total and the context it was made for. */
    static final class Tally {
        final GuestContext guest;
        long total;

        Tally(GuestContext guest) {
            this.guest = guest;
        }
    }

    @Test
    void eachCallIsServedByTheCallingInstancesImplementation() throws Exception {
        Class<?> counter = glue.load("test.per.counter.Counter");
        List<GuestContext> asked = new ArrayList<>();
        // the factory: one implementation per instance, made on its first call, kept as an attachment
        PerInstance<Object> perInstance = guest -> {
            asked.add(guest);
            Tally tally = guest.attachment(Tally.class, () -> new Tally(guest));
            assertSame(guest, tally.guest);
            return Proxy.newProxyInstance(glue.loader, new Class<?>[] {counter}, (proxy, m, a) -> {
                tally.total += (Long) a[0];
                return tally.total;
            });
        };
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load("test.per.counter.CounterHost")
                .getMethod("functionsPerInstance", PerInstance.class, StringEncoding.class)
                .invoke(null, perInstance, StringEncoding.UTF8);
        GuestInstance a = instantiate(counterWasm, defs);
        GuestInstance b = instantiate(counterWasm, defs);

        assertEquals(1, a.call("bump", 1)[0]);
        assertEquals(10, b.call("bump", 10)[0]);
        assertEquals(3, a.call("bump", 2)[0]);
        assertEquals(15, b.call("bump", 5)[0]);
        assertEquals(List.of(a.context(), b.context(), a.context(), b.context()), asked);
        assertEquals(3, a.context().attachment(Tally.class).total);
        assertEquals(15, b.context().attachment(Tally.class).total);
    }

    @Test
    void oneImplementationServesEveryInstance() throws Exception {
        Class<?> counter = glue.load("test.per.counter.Counter");
        long[] total = new long[1];
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {counter}, (proxy, m, a) -> {
            total[0] += (Long) a[0];
            return total[0];
        });
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load("test.per.counter.CounterHost")
                .getMethod("functions", counter, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
        GuestInstance a = instantiate(counterWasm, defs);
        GuestInstance b = instantiate(counterWasm, defs);
        assertEquals(1, a.call("bump", 1)[0]);
        assertEquals(11, b.call("bump", 10)[0]);
    }

    @Test
    void theWorldsLinkerTakesOneFactoryPerInterface() throws Exception {
        Class<?> counter = glue.load("test.per.counter.Counter");
        Class<?> worldImports = glue.load("test.per.w.WImports");
        List<String> calls = new ArrayList<>();
        PerInstance<Object> counters = guest -> Proxy.newProxyInstance(glue.loader, new Class<?>[] {counter},
                (proxy, m, a) -> {
                    calls.add("bump@" + name(guest));
                    return (Long) a[0];
                });
        PerInstance<Object> world = guest -> Proxy.newProxyInstance(glue.loader, new Class<?>[] {worldImports},
                (proxy, m, a) -> {
                    calls.add(m.getName() + "@" + name(guest));
                    return null;
                });
        Class<?> linker = glue.load("test.per.w.WLinker");
        assertTrue(glue.sources().get("test.per.w.WLinker").contains(
                "functionsPerInstance(PerInstance<? extends Counter> counter,"), glue.sources().get("test.per.w.WLinker"));
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) linker
                .getMethod("functionsPerInstance", PerInstance.class, PerInstance.class, StringEncoding.class)
                .invoke(null, counters, world, StringEncoding.UTF8);
        GuestInstance a = instantiate(worldWasm, defs);
        GuestInstance b = instantiate(worldWasm, defs);
        a.context().putAttachment(String.class, "a");
        b.context().putAttachment(String.class, "b");
        b.call("reset");
        a.call("bump", 4);
        b.call("bump", 4);
        a.call("reset");
        assertEquals(List.of("reset@b", "bump@a", "bump@b", "reset@a"), calls);
    }

    private static String name(GuestContext guest) {
        return guest.attachment(String.class);
    }

    private static GuestInstance instantiate(byte[] wasm, List<HostFunctionDef> defs) {
        return ChicoryHost.builder().addAll(defs).build().instantiate(wasm);
    }
}
