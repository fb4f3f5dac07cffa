package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.engine.WasmEngines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A component runs on the engine its host was built with, and is parsed again for it when loaded for another. */
class ComponentEngineTest {
    private static final String HOST = "test:limits/host";

    private static ComponentHost.Builder builder() {
        return ComponentHost.builder().provide(HOST, enc -> List.of(
                new HostFunctionDef(HOST, "ping", List.of(), List.of(), (ctx, a) -> null),
                new HostFunctionDef(HOST, "wait", List.of(), List.of(), (ctx, a) -> null),
                new HostFunctionDef(HOST, "get", List.of(CoreType.I32), List.of(), (ctx, a) -> {
                    int ptr = ctx.realloc().realloc(0, 0, 1, 1);
                    ctx.memory().writeByte(ptr, (byte) 'x');
                    ctx.memory().writeInt((int) a[0], ptr);
                    ctx.memory().writeInt((int) a[0] + 4, 1);
                    return null;
                })));
    }

    @Test
    void theHostsEngineParsesAndInstantiatesEveryCoreModule() {
        CountingEngine engine = assertInstanceOf(CountingEngine.class, WasmEngines.named("test-engine"));
        ComponentHost host = builder().engine(engine).build();
        Component component = Component.load(ComponentFixtures.bytes("limits"), engine);
        int modules = engine.parsed.get();
        assertTrue(modules > 0);

        ComponentInstance guest = host.instantiate(component);
        assertEquals(1L, guest.invoke("count", List.of()));
        assertEquals(1L, guest.invoke("fetch", List.of()));
        int instances = engine.instantiated.get();
        assertTrue(instances >= modules, instances + " instances of " + modules + " modules");
        assertEquals(modules, engine.parsed.get(), "parsed once, at load");
    }

    @Test
    void aComponentLoadedForChicoryIsParsedAgainOnceForTheHostsEngine() {
        Component component = Component.load(ComponentFixtures.bytes("limits"));
        CountingEngine engine = new CountingEngine();
        ComponentHost host = builder().engine(engine).build();
        host.instantiate(component);
        int modules = engine.parsed.get();
        assertTrue(modules > 0);
        host.instantiate(component);
        assertEquals(modules, engine.parsed.get(), "the second instance reuses the modules parsed for the engine");
    }

    @Test
    void theSystemPropertyNamesTheEngineHostsTakeByDefault() {
        String before = System.getProperty(WasmEngines.DEFAULT_PROPERTY);
        System.setProperty(WasmEngines.DEFAULT_PROPERTY, "test-engine");
        try {
            assertEquals("test-engine", WasmEngines.defaultName());
            CountingEngine engine = assertInstanceOf(CountingEngine.class, WasmEngines.defaultOr(() -> {
                throw new AssertionError("Chicory is not the default now");
            }));
            assertSame(engine, WasmEngines.defaultOr(() -> null), "one engine per JVM, shared by every host");
            int parsed = engine.parsed.get();
            int instantiated = engine.instantiated.get();
            Component component = Component.load(ComponentFixtures.bytes("limits"));
            int modules = engine.parsed.get() - parsed;
            assertTrue(modules > 0, "Component.load parsed for the default engine");
            ComponentInstance guest = builder().build().instantiate(component);
            assertEquals(1L, guest.invoke("count", List.of()));
            assertTrue(engine.instantiated.get() - instantiated >= modules, "the host instantiated on it");
            assertEquals(modules, engine.parsed.get() - parsed, "and did not parse again");
        } finally {
            if (before == null) {
                System.clearProperty(WasmEngines.DEFAULT_PROPERTY);
            } else {
                System.setProperty(WasmEngines.DEFAULT_PROPERTY, before);
            }
        }
        assertEquals(before == null ? WasmEngines.DEFAULT : before.trim(), WasmEngines.defaultName());
    }
}
