package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.Tuple2;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code map<K, V>} through generated code (a {@code java.util.Map}, the canonical ABI of {@code
 * list<tuple<K, V>>}), duplicate keys from a guest, and worlds using WIT's {@code implements}
 * ({@code import primary: store;}).
 *
 * <p>The guest forwards core values unchanged, so an export taking {@code list<tuple<K, V>>} and an
 * import taking {@code map<K, V>} of the same name see the same bytes: that is how a guest's
 * duplicate keys reach the host's map lifting.
 */
class MapAndImplementsTest {
    private static final String WIT = """
            package test:maps;

            interface types {
              record person { name: string, age: u32 }
            }

            interface provider {
              use types.{person};
              echo-map: func(v: map<string, u32>) -> map<string, u32>;
              echo-nested: func(v: map<u64, map<char, person>>) -> map<u64, map<char, person>>;
              echo-options: func(v: map<bool, option<list<s16>>>) -> map<bool, option<list<s16>>>;
              pairs: func(v: map<string, u32>) -> list<tuple<string, u32>>;
            }

            interface echo {
              use types.{person};
              echo-map: func(v: map<string, u32>) -> map<string, u32>;
              echo-nested: func(v: map<u64, map<char, person>>) -> map<u64, map<char, person>>;
              echo-options: func(v: map<bool, option<list<s16>>>) -> map<bool, option<list<s16>>>;
              pairs: func(v: list<tuple<string, u32>>) -> map<string, u32>;
            }

            world maps {
              import provider;
              export echo;
            }
            """;

    private static GeneratedGlue glue;
    private static byte[] guestWasm;

    @BeforeAll
    static void generate() throws Exception {
        glue = GeneratedGlue.of(WIT, GeneratedGlue.tempDir());
        guestWasm = Wat2Wasm.parse(PassThroughGuest.wat("test:maps/provider", "test:maps/echo",
                glue.importAbis("provider")));
    }

    @Test
    void mapsComeBackEqualInTheirOrder() throws Exception {
        Object echo = guest(new AtomicReference<>());
        Map<String, Long> flat = new LinkedHashMap<>();
        flat.put("zebra", 4294967295L);
        flat.put("", 0L);
        flat.put("äpfel", 7L);
        Object back = call(echo, "echoMap", flat);
        assertEquals(flat, back);
        assertEquals(List.copyOf(flat.keySet()), List.copyOf(((Map<?, ?>) back).keySet()), "guest order kept");
        assertEquals(Map.of(), call(echo, "echoMap", Map.of()));

        Class<?> person = glue.load("test.maps.types.Person");
        Map<Integer, Object> inner = new LinkedHashMap<>();
        inner.put(0x1F600, person.getConstructors()[0].newInstance("grin", 3L));
        inner.put((int) 'a', person.getConstructors()[0].newInstance("", 0L));
        Map<Long, Map<Integer, Object>> nested = new LinkedHashMap<>();
        nested.put(-1L, inner);
        nested.put(5L, Map.of());
        assertEquals(nested, call(echo, "echoNested", nested));

        Map<Boolean, Optional<short[]>> options = new LinkedHashMap<>();
        options.put(true, Optional.empty());
        options.put(false, Optional.of(new short[] {-1, 2}));
        @SuppressWarnings("unchecked")
        Map<Boolean, Optional<short[]>> got = (Map<Boolean, Optional<short[]>>) call(echo, "echoOptions", options);
        assertEquals(List.of(true, false), List.copyOf(got.keySet()));
        assertTrue(got.get(true).isEmpty());
        assertEquals(List.of((short) -1, (short) 2), List.of(got.get(false).get()[0], got.get(false).get()[1]));
    }

    @Test
    void duplicateKeysFromTheGuestKeepTheLastValueAtTheFirstPosition() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        Object echo = guest(seen);
        // The host lowers a list of pairs into the guest; the guest hands the same bytes to the
        // host's import, which lifts them as map<string, u32>.
        List<Tuple2<String, Long>> pairs = List.of(Tuple2.of("k", 1L), Tuple2.of("j", 5L), Tuple2.of("k", 2L),
                Tuple2.of("j", 6L), Tuple2.of("z", 0L));
        call(echo, "pairs", pairs);
        Map<?, ?> lifted = (Map<?, ?>) seen.get();
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("k", 2L);
        expected.put("j", 6L);
        expected.put("z", 0L);
        assertEquals(expected, lifted);
        assertEquals(List.of("k", "j", "z"), new ArrayList<>(lifted.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> removeFrom(lifted), "a lifted map is unmodifiable");
    }

    @Test
    void anInterfaceImportedUnderAPlainNameIsServedUnderThatName() throws Exception {
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).loadSource("t.wit", """
                package foo:foo;

                interface store {
                  get: func(key: string) -> option<string>;
                }

                world w {
                  import primary: store;
                  export backup: store;
                }
                """);
        GeneratedGlue g = GeneratedGlue.of(p, GeneratedGlue.tempDir());
        Class<?> store = g.load("foo.foo.store.Store");
        Object impl = Proxy.newProxyInstance(g.loader, new Class<?>[] {store}, (proxy, m, a) -> Optional.empty());
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) g.load("foo.foo.store.StoreHost")
                .getMethod("functions", store, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
        assertEquals(List.of("primary#get"), defs.stream().map(HostFunctionDef::qualifiedName).toList());
        assertTrue(g.sources().get("foo.foo.store.StoreGuest").contains("\"backup#get\""),
                "the export is called under its plain name");
    }

    @Test
    void anInterfaceImportedUnderTwoNamesIsServedUnderEach() throws Exception {
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).loadSource("t.wit", """
                package foo:foo;

                interface store {
                  get: func(key: string) -> option<string>;
                }

                world w {
                  import store;
                  import cache: store;
                  import backup: store;
                }
                """);
        GeneratedGlue g = GeneratedGlue.of(p, GeneratedGlue.tempDir());
        Class<?> store = g.load("foo.foo.store.Store");
        List<String> calls = new ArrayList<>();
        Object[] impls = new Object[3];
        for (int i = 0; i < 3; i++) {
            int which = i;
            impls[i] = Proxy.newProxyInstance(g.loader, new Class<?>[] {store}, (proxy, m, a) -> {
                calls.add(which + ":" + m.getName());
                return Optional.empty();
            });
        }
        Class<?> linker = g.load("foo.foo.w.WLinker");
        java.lang.reflect.Method functions = linker.getMethod("functions", store, store, store, StringEncoding.class);
        String linkerSource = g.sources().get("foo.foo.w.WLinker");
        assertTrue(linkerSource.contains("functions(Store store, Store cache, Store backup,"), linkerSource);
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) functions.invoke(null, impls[0], impls[1], impls[2],
                StringEncoding.UTF8);
        assertEquals(List.of("foo:foo/store#get", "cache#get", "backup#get"),
                defs.stream().map(HostFunctionDef::qualifiedName).toList());
        assertTrue(g.sources().get("foo.foo.store.StoreHost").contains("String importName, Store impl"),
                g.sources().get("foo.foo.store.StoreHost"));
    }

    @Test
    void whatOneNameCannotServeIsRefused() throws Exception {
        assertEquals("`export backup` in world foo:foo/w at t.wit:3:7 is not supported yet: interface foo:foo/store"
                + " is already exported as `primary`; bindings export an interface under one name",
                refusal("package foo:foo;\ninterface store { get: func() -> u8; }\n"
                        + "world w { export primary: store; export backup: store; }\n"));
        assertEquals("`import backup` in world foo:foo/w at t.wit:3:7 is not supported yet: interface foo:foo/store"
                + " has resources and is already imported as `primary`; an interface with resources is imported"
                + " under one name",
                refusal("package foo:foo;\ninterface store { resource bucket { get: func() -> u8; } }\n"
                        + "world w { import primary: store; import backup: store; }\n"));
    }

    private static String refusal(String wit) throws Exception {
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).loadSource("t.wit", wit);
        int world = p.resolve().selectWorld(p.mainPackage(), Optional.empty());
        return assertThrows(CodegenException.class,
                () -> BindingsGenerator.generate(p.resolve(), world, WorldCompilation.OPTIONS)).getMessage();
    }

    // ------------------------------------------------------------------ plumbing

    @SuppressWarnings("unchecked")
    private static void removeFrom(Map<?, ?> map) {
        ((Map<Object, Object>) map).remove("k");
    }

    /** The guest's exports as the generated {@code EchoGuest}; the host's import returns its argument. */
    private static Object guest(AtomicReference<Object> seen) throws Exception {
        Class<?> provider = glue.load("test.maps.provider.Provider");
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {provider}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(proxy, args);
            }
            seen.set(args[0]);
            if (method.getName().equals("pairs")) {
                List<Tuple2<String, Long>> out = new ArrayList<>();
                ((Map<?, ?>) args[0]).forEach((k, v) -> out.add(Tuple2.of((String) k, (Long) v)));
                return out;
            }
            return args[0];
        });
        Class<?> host = glue.load("test.maps.provider.ProviderHost");
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) host.getMethod("functions", provider, StringEncoding.class)
                .invoke(null, impl, StringEncoding.UTF8);
        GuestInstance instance = ChicoryHost.builder().addAll(defs).build().instantiate(guestWasm);
        return glue.load("test.maps.echo.EchoGuest").getConstructor(GuestInstance.class, StringEncoding.class)
                .newInstance(instance, StringEncoding.UTF8);
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        return GeneratedGlue.invoke(target.getClass(), target, name, args);
    }
}
