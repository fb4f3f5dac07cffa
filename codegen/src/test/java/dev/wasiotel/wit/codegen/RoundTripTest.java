package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end on Chicory: for every kind of WIT type, a value the host passes to a guest export
 * goes into guest memory, back out to the host through a guest import (the guest forwards the
 * core arguments unchanged), is returned by the host into guest memory, and comes back to the
 * host as the export's result. It must come back equal — through generated code only.
 */
class RoundTripTest {
    /** name: signature, written once and declared both as import and as export. */
    private static final String FUNCTIONS = String.join("\n",
            "echo-bool: func(v: bool) -> bool;",
            "echo-u8: func(v: u8) -> u8;",
            "echo-s8: func(v: s8) -> s8;",
            "echo-u16: func(v: u16) -> u16;",
            "echo-s16: func(v: s16) -> s16;",
            "echo-u32: func(v: u32) -> u32;",
            "echo-s32: func(v: s32) -> s32;",
            "echo-u64: func(v: u64) -> u64;",
            "echo-s64: func(v: s64) -> s64;",
            "echo-f32: func(v: f32) -> f32;",
            "echo-f64: func(v: f64) -> f64;",
            "echo-char: func(v: char) -> char;",
            "echo-string: func(v: string) -> string;",
            "echo-bytes: func(v: list<u8>) -> list<u8>;",
            "echo-ints: func(v: list<u32>) -> list<u32>;",
            "echo-doubles: func(v: list<f64>) -> list<f64>;",
            "echo-strings: func(v: list<string>) -> list<string>;",
            "echo-point: func(v: point) -> point;",
            "echo-shape: func(v: shape) -> shape;",
            "echo-color: func(v: color) -> color;",
            "echo-perms: func(v: perms) -> perms;",
            "echo-option: func(v: option<option<u32>>) -> option<option<u32>>;",
            "echo-result: func(v: result<string, color>) -> result<string, color>;",
            "echo-unit-result: func(v: result) -> result;",
            "echo-tuple: func(v: tuple<u8, string, f64>) -> tuple<u8, string, f64>;",
            "echo-nested: func(v: list<option<point>>) -> list<option<point>>;",
            "echo-map: func(v: map<string, u32>) -> map<string, u32>;",
            "echo-shapes: func(a: shape, b: shape) -> tuple<shape, shape>;",
            "sum-many: func(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64, g: u64, h: u64, i: u64, j: u64,"
                    + " k: u64, l: u64, m: u64, n: u64, o: u64, p: u64, q: string) -> u64;");

    static final String WIT = "package test:roundtrip;\n\n"
            + "interface types {\n"
            + "  record point { x: s32, y: f64, label: string }\n"
            + "  variant shape { circle(f32), rect(point), dot, big(u64) }\n"
            + "  enum color { red, green, blue }\n"
            + "  flags perms { read, write, exec }\n"
            + "}\n\n"
            + "interface provider {\n  use types.{point, shape, color, perms};\n  "
            + FUNCTIONS.replace("\n", "\n  ") + "\n}\n\n"
            + "interface echo {\n  use types.{point, shape, color, perms};\n  "
            + FUNCTIONS.replace("\n", "\n  ") + "\n}\n\n"
            + "world roundtrip {\n  import provider;\n  export echo;\n}\n";

    private static GeneratedGlue glue;
    private static byte[] guestWasm;

    @BeforeAll
    static void generate() throws Exception {
        glue = GeneratedGlue.of(WIT, GeneratedGlue.tempDir());
        String wat = PassThroughGuest.wat("test:roundtrip/provider", "test:roundtrip/echo", glue.importAbis("provider"));
        guestWasm = Wat2Wasm.parse(wat);
    }

    @ParameterizedTest
    @EnumSource(StringEncoding.class)
    void everyKindOfValueComesBackEqual(StringEncoding encoding) throws Exception {
        Object echo = guest(encoding);
        Class<?> point = glue.load("test.roundtrip.types.Point");
        Object p = point.getConstructors()[0].newInstance(-7, 2.5, "pünkt 🎯");
        Class<?> shape = glue.load("test.roundtrip.types.Shape");
        Class<?> color = glue.load("test.roundtrip.types.Color");
        Class<?> perms = glue.load("test.roundtrip.types.Perms");

        same(echo, "echoBool", true);
        same(echo, "echoU8", 255);
        same(echo, "echoS8", (byte) -128);
        same(echo, "echoU16", 65535);
        same(echo, "echoS16", (short) -32768);
        same(echo, "echoU32", 4294967295L);
        same(echo, "echoS32", Integer.MIN_VALUE);
        same(echo, "echoU64", -1L);
        same(echo, "echoS64", Long.MIN_VALUE);
        same(echo, "echoF32", -0.0f);
        same(echo, "echoF32", Float.NaN);
        same(echo, "echoF64", 1.5e300);
        same(echo, "echoChar", 0x1F600);
        same(echo, "echoString", "");
        same(echo, "echoString", "plain ascii");
        same(echo, "echoString", "latin-1: é ÿ");
        same(echo, "echoString", "astral 😀 and 中文 with \u0000 nul");
        assertArrayEquals(new byte[] {0, 1, -1, 127}, (byte[]) call(echo, "echoBytes", new byte[] {0, 1, -1, 127}));
        assertArrayEquals(new int[] {0, -1, 42}, (int[]) call(echo, "echoInts", new int[] {0, -1, 42}));
        assertArrayEquals(new double[] {0.5, -0.0}, (double[]) call(echo, "echoDoubles", new double[] {0.5, -0.0}));
        same(echo, "echoStrings", List.of());
        same(echo, "echoStrings", List.of("a", "", "ünïcödé", "😀"));
        same(echo, "echoPoint", p);
        for (Object s : List.of(factory(shape, "circle", 1.25f), factory(shape, "rect", p), factory(shape, "dot"),
                factory(shape, "big", Long.MAX_VALUE))) {
            same(echo, "echoShape", s);
        }
        for (Object c : color.getEnumConstants()) {
            same(echo, "echoColor", c);
        }
        same(echo, "echoPerms", enumSet(perms));
        same(echo, "echoPerms", enumSet(perms, 0, 2));
        same(echo, "echoPerms", enumSet(perms, 0, 1, 2));
        same(echo, "echoOption", Optional.empty());
        same(echo, "echoOption", Optional.of(Optional.empty()));
        same(echo, "echoOption", Optional.of(Optional.of(4294967295L)));
        same(echo, "echoResult", Result.ok("fine"));
        same(echo, "echoResult", Result.err(color.getEnumConstants()[2]));
        same(echo, "echoUnitResult", Result.ok(Unit.INSTANCE));
        same(echo, "echoUnitResult", Result.err(Unit.INSTANCE));
        same(echo, "echoTuple", dev.wasiotel.wit.runtime.Tuple3.of(200, "tüple", -1.0));
        List<Optional<Object>> nested = new ArrayList<>();
        nested.add(Optional.of(p));
        nested.add(Optional.empty());
        same(echo, "echoNested", nested);
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("z", 1L);
        map.put("a", 4294967295L);
        same(echo, "echoMap", map);
        Object twoShapes = call(echo, "echoShapes", factory(shape, "dot"), factory(shape, "big", 3L));
        assertEquals(dev.wasiotel.wit.runtime.Tuple2.of(factory(shape, "dot"), factory(shape, "big", 3L)), twoShapes);
        Object[] many = new Object[17];
        for (int i = 0; i < 16; i++) {
            many[i] = (long) (i + 1);
        }
        many[16] = "spilled";
        assertEquals(136L + 7, call(echo, "sumMany", many), "17 parameters travel through memory both ways");
    }

    // ------------------------------------------------------------------ plumbing

    /** The guest's exports as the generated {@code EchoGuest}, wired to an echoing host. */
    private static Object guest(StringEncoding encoding) throws Exception {
        Class<?> provider = glue.load("test.roundtrip.provider.Provider");
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {provider}, (proxy, method, args) -> {
            if (method.getName().equals("sumMany")) {
                long sum = 0;
                for (int i = 0; i < 16; i++) {
                    sum += (Long) args[i];
                }
                return sum + ((String) args[16]).length();
            }
            if (method.getName().equals("echoShapes")) {
                return dev.wasiotel.wit.runtime.Tuple2.of(args[0], args[1]);
            }
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(proxy, args);
            }
            return args[0];
        });
        Class<?> host = glue.load("test.roundtrip.provider.ProviderHost");
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) host.getMethod("functions", provider, StringEncoding.class)
                .invoke(null, impl, encoding);
        GuestInstance instance = ChicoryHost.builder().addAll(defs).build().instantiate(guestWasm);
        return glue.load("test.roundtrip.echo.EchoGuest").getConstructor(GuestInstance.class, StringEncoding.class)
                .newInstance(instance, encoding);
    }

    private static void same(Object target, String method, Object value) throws Exception {
        assertEquals(value, call(target, method, value), method + "(" + value + ")");
    }

    static Object call(Object target, String name, Object... args) throws Exception {
        return GeneratedGlue.invoke(target.getClass(), target, name, args);
    }

    private static Object factory(Class<?> variant, String name, Object... args) throws Exception {
        return GeneratedGlue.invoke(variant, null, name, args);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumSet(Class<?> type, int... ordinals) {
        EnumSet set = EnumSet.noneOf((Class) type);
        for (int o : ordinals) {
            set.add(type.getEnumConstants()[o]);
        }
        return set;
    }
}
