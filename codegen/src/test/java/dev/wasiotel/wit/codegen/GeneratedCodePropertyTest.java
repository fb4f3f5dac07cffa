package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.runtime.testing.SeededRuns;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.ResourceTable;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random WIT types, generated into Java, compiled with javac and loaded; random values of each go
 * through the generated {@code <World>Canon} codecs — into guest memory and back ({@code store} /
 * {@code load}), and through flat core values ({@code lowerFlat} / {@code liftFlat}) where the type
 * has at most 16 of them — in all three string encodings, and must come back equal. This tests the
 * emitted code itself; {@code runtime}'s {@code RoundTripPropertyTest} tests the ABI model.
 */
class GeneratedCodePropertyTest {
    private static final List<String> PRIMITIVES = List.of("bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64",
            "u64", "f32", "f64", "char");
    private static final Set<String> ARRAY_ELEMENTS = Set.of("s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64",
            "f32", "f64");
    private static final int VALUES_PER_TYPE = 25;

    /** A WIT type; named kinds (record, variant, enum, flags) are declared when the WIT is written. */
    sealed interface T {
    }

    record Prim(String name) implements T {
    }

    record Str() implements T {
    }

    record ListOf(T element) implements T {
    }

    record Opt(T inner) implements T {
    }

    record Res(Optional<T> ok, Optional<T> err) implements T {
    }

    record Tup(List<T> elements) implements T {
    }

    record Rec(List<T> fields) implements T {
    }

    record Var(List<Optional<T>> cases) implements T {
    }

    record Enm(int cases) implements T {
    }

    record Flg(int flags) implements T {
    }

    /** A type and the seed of its values. */
    record Case(T type, long valueSeed) {
    }

    @Test
    void generatedCodecsRoundTrip() {
        SeededRuns.run("generatedCodecsRoundTrip", 0xC0DE6E1L, 30, r -> new Case(type(r, 3), r.nextLong()),
                c -> roundTrip(c.type(), c.valueSeed()));
    }

    private static void roundTrip(T type, long seed) throws Exception {
        Wit wit = new Wit();
        String root = wit.name(type);
        String source = "package prop:rt;\n"
                + "interface t {\n" + wit.declarations + "  record root { v: " + root + " }\n"
                + "  take: func(x: root);\n}\n"
                + "world w { use t.{root}; import t; export give: func(x: root); }\n";
        GeneratedGlue glue = GeneratedGlue.of(source, GeneratedGlue.tempDir());
        Class<?> canon = glue.load("prop.rt.w.WCanon");
        Class<?> rootClass = glue.load("prop.rt.t.Root");
        Values values = new Values(glue, wit.names);
        Random random = new Random(seed);
        for (int i = 0; i < VALUES_PER_TYPE; i++) {
            Object v = rootClass.getConstructors()[0].newInstance(values.make(type, random, 0));
            for (StringEncoding encoding : StringEncoding.values()) {
                roundTrip(canon, rootClass, v, encoding, source);
            }
        }
    }

    private static void roundTrip(Class<?> canon, Class<?> rootClass, Object v, StringEncoding encoding,
            String source) throws Exception {
        ByteArrayMemory memory = new ByteArrayMemory(1 << 20);
        int[] next = {8};
        // A bump allocator whose realloc moves the old bytes, as the string codecs' shrinking reallocs expect.
        CallContext cx = new CallContext(memory, (oldPtr, oldSize, align, newSize) -> {
            int p = (next[0] + align - 1) & -align;
            next[0] = p + newSize;
            if (oldPtr != 0) {
                int kept = Math.min(oldSize, newSize);
                memory.writeBytes(p, memory.readBytes(oldPtr, kept), 0, kept);
            }
            return p;
        }, encoding, new ResourceTable());
        invoke(canon, "storeRoot", cx, 1024, v);
        Object back = invoke(canon, "loadRoot", cx, 1024);
        assertTrue(deepEquals(v, back), () -> "store/load changed the value (" + encoding + ")\n" + v + "\n" + back
                + "\n" + source);
        Method lower = find(canon, "lowerFlatRoot");
        Method lift = find(canon, "liftFlatRoot");
        if (lower != null && lift != null) {
            long[] flat = new long[16];
            call(lower, cx, flat, 0, v);
            Object flatBack = call(lift, cx, flat, 0);
            assertTrue(deepEquals(v, flatBack), () -> "lowerFlat/liftFlat changed the value (" + encoding + ")\n" + v
                    + "\n" + flatBack + "\n" + source);
        }
    }

    // ------------------------------------------------------------------ types

    /** A leaf (primitive, string, enum of 1-5 cases, flags of up to the maximum) or, above depth 0, a compound. */
    private static T type(Random r, int depth) {
        if (depth == 0) {
            return leaf(r);
        }
        // weights: leaf 3, list 2, list of a primitive 1, option 2, result 2, tuple 1, record 2, variant 2
        int pick = r.nextInt(15);
        if (pick < 3) {
            return leaf(r);
        } else if (pick < 5) {
            return new ListOf(type(r, depth - 1));
        } else if (pick < 6) {
            return new ListOf(new Prim(PRIMITIVES.get(r.nextInt(PRIMITIVES.size()))));
        } else if (pick < 8) {
            return new Opt(type(r, depth - 1));
        } else if (pick < 10) {
            return new Res(optional(r, depth - 1), optional(r, depth - 1));
        } else if (pick < 11) {
            return new Tup(types(r, depth - 1, 1 + r.nextInt(4)));
        } else if (pick < 13) {
            return new Rec(types(r, depth - 1, 1 + r.nextInt(5)));
        }
        List<Optional<T>> cases = new ArrayList<>();
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
            cases.add(optional(r, depth - 1));
        }
        return new Var(cases);
    }

    private static T leaf(Random r) {
        switch (r.nextInt(4)) {
            case 0: return new Prim(PRIMITIVES.get(r.nextInt(PRIMITIVES.size())));
            case 1: return new Str();
            case 2: return new Enm(1 + r.nextInt(5));
            default: return new Flg(1 + r.nextInt(dev.wasiotel.wit.abi.AbiType.Flags.MAX_LABELS));
        }
    }

    private static Optional<T> optional(Random r, int depth) {
        return r.nextInt(4) == 0 ? Optional.empty() : Optional.of(type(r, depth));
    }

    private static List<T> types(Random r, int depth, int n) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(type(r, depth));
        }
        return out;
    }

    /** Writes the WIT of a type tree: named kinds become declarations {@code n0, n1, ...}. */
    private static final class Wit {
        final StringBuilder declarations = new StringBuilder();
        final Map<T, String> names = new IdentityHashMap<>();
        private int counter;

        String name(T t) {
            if (t instanceof Prim p) {
                return p.name();
            }
            if (t instanceof Str) {
                return "string";
            }
            if (t instanceof ListOf l) {
                return "list<" + name(l.element()) + ">";
            }
            if (t instanceof Opt o) {
                return "option<" + name(o.inner()) + ">";
            }
            if (t instanceof Res r) {
                String ok = r.ok().map(this::name).orElse("_");
                return r.err().isEmpty() ? (r.ok().isEmpty() ? "result" : "result<" + ok + ">")
                        : "result<" + ok + ", " + name(r.err().get()) + ">";
            }
            if (t instanceof Tup tup) {
                List<String> parts = new ArrayList<>();
                tup.elements().forEach(e -> parts.add(name(e)));
                return "tuple<" + String.join(", ", parts) + ">";
            }
            String existing = names.get(t);
            if (existing != null) {
                return existing;
            }
            String name = "n" + counter++;
            StringBuilder body = new StringBuilder();
            if (t instanceof Rec rec) {
                for (int i = 0; i < rec.fields().size(); i++) {
                    body.append("f").append(i).append(": ").append(name(rec.fields().get(i))).append(", ");
                }
                declare("record", name, body);
            } else if (t instanceof Var var) {
                for (int i = 0; i < var.cases().size(); i++) {
                    body.append("c").append(i).append(var.cases().get(i).map(p -> "(" + name(p) + ")").orElse(""))
                            .append(", ");
                }
                declare("variant", name, body);
            } else if (t instanceof Enm e) {
                for (int i = 0; i < e.cases(); i++) {
                    body.append("k").append(i).append(", ");
                }
                declare("enum", name, body);
            } else if (t instanceof Flg f) {
                for (int i = 0; i < f.flags(); i++) {
                    body.append("g").append(i).append(", ");
                }
                declare("flags", name, body);
            }
            names.put(t, name);
            return name;
        }

        private void declare(String kind, String name, StringBuilder body) {
            declarations.append("  ").append(kind).append(' ').append(name).append(" { ").append(body).append("}\n");
        }
    }

    // ------------------------------------------------------------------ values

    /** Random Java values of the generated types. */
    private static final class Values {
        private final GeneratedGlue glue;
        private final Map<T, String> names;

        Values(GeneratedGlue glue, Map<T, String> names) {
            this.glue = glue;
            this.names = names;
        }

        Object make(T t, Random r, int depth) throws Exception {
            if (t instanceof Prim p) {
                return primitive(p.name(), r);
            }
            if (t instanceof Str) {
                return string(r);
            }
            if (t instanceof ListOf l) {
                int n = r.nextInt(depth > 1 ? 3 : 6);
                if (l.element() instanceof Prim p && ARRAY_ELEMENTS.contains(p.name())) {
                    return array(p.name(), n, r);
                }
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    out.add(make(l.element(), r, depth + 1));
                }
                return List.copyOf(out);
            }
            if (t instanceof Opt o) {
                return r.nextInt(3) == 0 ? Optional.empty() : Optional.of(make(o.inner(), r, depth + 1));
            }
            if (t instanceof Res res) {
                boolean ok = r.nextBoolean();
                Optional<T> side = ok ? res.ok() : res.err();
                Object payload = side.isPresent() ? make(side.get(), r, depth + 1) : Unit.INSTANCE;
                return ok ? Result.ok(payload) : Result.err(payload);
            }
            if (t instanceof Tup tup) {
                Object[] args = new Object[tup.elements().size()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = make(tup.elements().get(i), r, depth + 1);
                }
                Class<?> tuple = Class.forName("dev.wasiotel.wit.runtime.Tuple" + args.length);
                return tuple.getConstructors()[0].newInstance(args);
            }
            Class<?> named = glue.load("prop.rt.t." + JavaNames.upperCamel(names.get(t)));
            if (t instanceof Rec rec) {
                Object[] args = new Object[rec.fields().size()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = make(rec.fields().get(i), r, depth + 1);
                }
                Constructor<?> c = named.getConstructors()[0];
                return c.newInstance(args);
            }
            if (t instanceof Var var) {
                int c = r.nextInt(var.cases().size());
                Optional<T> payload = var.cases().get(c);
                Method factory = find(named, "c" + c);
                return payload.isPresent() ? call(factory, make(payload.get(), r, depth + 1)) : call(factory);
            }
            Object[] constants = named.getEnumConstants();
            if (t instanceof Enm) {
                return constants[r.nextInt(constants.length)];
            }
            return flags(named, constants, r);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object flags(Class<?> named, Object[] constants, Random r) {
            EnumSet set = EnumSet.noneOf((Class) named);
            for (Object c : constants) {
                if (r.nextBoolean()) {
                    set.add(c);
                }
            }
            return set;
        }

        private static Object primitive(String name, Random r) {
            switch (name) {
                case "bool": return r.nextBoolean();
                case "s8": return (byte) r.nextInt();
                case "u8": return r.nextInt(256);
                case "s16": return (short) r.nextInt();
                case "u16": return r.nextInt(65536);
                case "s32": return r.nextInt();
                case "u32": return r.nextLong() & 0xffffffffL;
                case "s64":
                case "u64": return r.nextLong();
                case "f32": return r.nextInt(8) == 0 ? Float.NaN : r.nextInt(8) == 0 ? Float.NEGATIVE_INFINITY
                        : (float) r.nextGaussian() * 1e6f;
                case "f64": return r.nextInt(8) == 0 ? Double.NaN : r.nextInt(8) == 0 ? -0.0 : r.nextGaussian() * 1e12;
                case "char": return codePoint(r);
                default: throw new AssertionError(name);
            }
        }

        private static Object array(String element, int n, Random r) {
            switch (element) {
                case "s8":
                case "u8": {
                    byte[] a = new byte[n];
                    r.nextBytes(a);
                    return a;
                }
                case "s16":
                case "u16": {
                    short[] a = new short[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = (short) r.nextInt();
                    }
                    return a;
                }
                case "s32":
                case "u32": return r.ints(n).toArray();
                case "s64":
                case "u64": return r.longs(n).toArray();
                case "f32": {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = (float) primitive("f32", r);
                    }
                    return a;
                }
                case "f64": {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = (double) primitive("f64", r);
                    }
                    return a;
                }
                default: throw new AssertionError(element);
            }
        }

        /** Strings that stress every encoding: ASCII, latin1, BMP and supplementary characters. */
        private static String string(Random r) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(12);
            for (int i = 0; i < n; i++) {
                switch (r.nextInt(4)) {
                    case 0: sb.append((char) (' ' + r.nextInt(95))); break;
                    case 1: sb.append((char) (0xa0 + r.nextInt(0x60))); break;
                    default: sb.appendCodePoint(codePoint(r)); break;
                }
            }
            return sb.toString();
        }

        private static int codePoint(Random r) {
            while (true) {
                int c = r.nextBoolean() ? r.nextInt(0x10000) : r.nextInt(0x110000);
                if (c < 0xd800 || c > 0xdfff) {
                    return c;
                }
            }
        }
    }

    // ------------------------------------------------------------------ reflection and equality

    private static Method find(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        return null;
    }

    private static Object invoke(Class<?> type, String name, Object... args) throws Exception {
        return GeneratedGlue.invoke(type, null, name, args);
    }

    private static Object call(Method m, Object... args) throws Exception {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Value equality through records, arrays and containers; every NaN equals every NaN (lowering canonicalises them). */
    static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Float x && b instanceof Float y) {
            return (x.isNaN() && y.isNaN()) || x.equals(y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return (x.isNaN() && y.isNaN()) || x.equals(y);
        }
        if (a.getClass().isArray() && b.getClass() == a.getClass()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!deepEquals(Array.get(a, i), Array.get(b, i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Optional<?> x && b instanceof Optional<?> y) {
            return x.isPresent() == y.isPresent() && (x.isEmpty() || deepEquals(x.get(), y.get()));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass().isRecord() && a.getClass() == b.getClass()) {
            try {
                for (RecordComponent c : a.getClass().getRecordComponents()) {
                    Method accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    if (!deepEquals(accessor.invoke(a), accessor.invoke(b))) {
                        return false;
                    }
                }
                return true;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return a.equals(b);
    }
}
