package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.palantir.javapoet.CodeBlock;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.Layout;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.ResourceTable;
import dev.wasiotel.wit.runtime.ResourceType;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.abi.DynamicCanon;
import dev.wasiotel.wit.runtime.testing.BumpAllocator;
import dev.wasiotel.wit.runtime.testing.VectorValues;
import dev.wasiotel.wit.runtime.testing.Vectors;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canonical-ABI vectors (../shared/conformance/canonical-abi) through generated code: WIT is
 * synthesised for every type and function the vectors hold ({@link VectorWit}), generated into
 * Java with our generator, compiled with javac and loaded; then every case runs through the
 * generated {@code WCanon} codecs and {@code *Host}/{@code *Guest} glue and is compared with the
 * reference's answer by the rules of {@code runtime}'s {@code ValueVectorsTest} (values in {@link
 * DynamicCanon}'s representation, the same trap reason, the same bytes and realloc calls). Each
 * test prints its counts as the dynamic backend's tests do, tagged {@code [generated]}.
 */
class GeneratedVectorsTest {
    private static final String BASE = "vec.abi.";
    private static VectorWit wit;
    private static GeneratedGlue glue;
    private static Path work;
    private static Class<?> canon;
    private static GeneratedValues values;
    /** Each spilled trap case's function name, by case id. */
    private static final Map<String, String> spilled = new LinkedHashMap<>();
    /** Each layout entry's flat-probe function name (an import taking one parameter of the type), by index. */
    private static final List<String> flatProbes = new ArrayList<>();

    @BeforeAll
    static void generate() throws Exception {
        wit = new VectorWit();
        for (JsonNode t : Vectors.read("layout.json").get("types")) {
            AbiType type = Vectors.type(t.get("type"));
            if (!(type instanceof AbiType.Handle h && h.borrow())) {
                wit.wrapper(type); // a borrow may only be a parameter
            }
            String probe = "flat" + flatProbes.size();
            flatProbes.add(probe);
            wit.importFunction(probe, List.of(type), Optional.empty());
        }
        JsonNode lift = Vectors.read("lift.json");
        for (String group : List.of("load", "lift_flat")) {
            for (JsonNode c : lift.get(group)) {
                wit.wrapper(Vectors.type(c.get("type")));
            }
        }
        for (JsonNode c : Vectors.read("normalise.json").get("cases")) {
            wit.wrapper(Vectors.type(c.get("type")));
        }
        for (JsonNode c : Vectors.read("store.json").get("cases")) {
            wit.wrapper(Vectors.type(c.get("type")));
        }
        for (JsonNode c : Vectors.read("traps.json").get("cases")) {
            if (c.has("type")) {
                wit.wrapper(Vectors.type(c.get("type")));
                continue;
            }
            List<AbiType> types = new ArrayList<>();
            c.get("types").forEach(t -> types.add(Vectors.type(t)));
            String name = "spill" + spilled.size();
            spilled.put(c.get("id").asText(), name);
            if (c.get("max_flat").asInt() == 16) {
                wit.importFunction(name, types, Optional.empty()); // the host lifts spilled parameters
            } else {
                assertEquals(1, types.size(), "a result list");
                wit.exportFunction(name, List.of(), Optional.of(types.get(0))); // the host lifts spilled results
            }
        }
        for (String group : List.of("functions", "synthetic")) {
            for (JsonNode f : Vectors.read("functions.json").get(group)) {
                declareFunction(f);
            }
        }
        work = GeneratedGlue.tempDir();
        glue = GeneratedGlue.of(wit.source(), work, (pkg, emitter) -> {
            // Flat codecs of every wrapper, also of those no function can take flat (more than 16 values).
            Interface t = pkg.resolve().interfaces().get(pkg.main().interfaces().get(VectorWit.TYPES));
            for (String name : wit.wrappers().values()) {
                Type ref = new Type.Ref(t.types().get(name));
                emitter.liftFlat(ref, CodeBlock.of("0"));
                emitter.lowerFlat(ref, CodeBlock.of("0"), CodeBlock.of("v"));
            }
        });
        canon = glue.load(BASE + "w.WCanon");
        values = new GeneratedValues(type -> glue.load(BASE + VectorWit.TYPES + "." + JavaNames.upperCamel(wit.declared(type))));
    }

    /** The generated sources and classes (about 2 MB) go; the loaded classes stay in memory. */
    @AfterAll
    static void deleteWork() throws IOException {
        if (work == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ------------------------------------------------------------------ layout.json

    /**
     * Size and alignment from the generated constants ({@code C<k>_SIZE}/{@code _ALIGN} of the
     * wrapper, and the named type's own), flat types from the core signature the generated host
     * glue declares for a function taking the type (its flat types, or one i32 when they are more
     * than 16 and spill). Field offsets, discriminants and payload offsets have no constants: see
     * {@link #sampleLaidOutLikeTheModel}; lift.json and store.json check them on their values too.
     * Handles ({@code own}/{@code borrow<span>}) are i32s: size, alignment and flat type only.
     */
    @Test
    void layoutOfEveryType() throws Exception {
        JsonNode file = Vectors.read("layout.json");
        List<HostFunctionDef> defs = hostFunctions();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int i = 0;
        for (JsonNode c : file.get("types")) {
            String probe = flatProbes.get(i++);
            try {
                AbiType type = Vectors.type(c.get("type"));
                if (!(type instanceof AbiType.Handle h && h.borrow())) {
                    String w = upper(wit.wrapper(type));
                    assertEquals(c.get("size").asInt(), canon.getField(w + "_SIZE").getInt(null), "size");
                    assertEquals(c.get("align").asInt(), canon.getField(w + "_ALIGN").getInt(null), "align");
                }
                String declared = wit.declared(type);
                if (declared != null) {
                    String n = declared.toUpperCase(Locale.ROOT);
                    assertEquals(c.get("size").asInt(), canon.getField(n + "_SIZE").getInt(null), "size of the named type");
                    assertEquals(c.get("align").asInt(), canon.getField(n + "_ALIGN").getInt(null), "align of the named type");
                }
                List<CoreType> flat = Vectors.coreTypes(c.get("flat"));
                HostFunctionDef def = def(defs, probe);
                assertEquals(flat.size() <= 16 ? flat : List.of(CoreType.I32), def.params(), "flat (as parameters)");
                if (!(type instanceof AbiType.Handle)) {
                    sampleLaidOutLikeTheModel(type);
                }
                checked++;
            } catch (AssertionError | ReflectiveOperationException e) {
                failures.add(c.get("name").asText() + ": " + e);
            }
        }
        System.out.println("canonical-abi layout.json [generated]: " + checked + " types match");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(file.get("count").asInt(), checked);
    }

    /**
     * Field offsets, discriminant widths and payload offsets, which generated code embodies rather
     * than states: a sample value stored (and lowered flat) by the generated codecs gives the same
     * bytes, realloc calls (and flat values) as {@link DynamicCanon}, whose {@link Layout} the
     * dynamic backend's layout test checks against every number of layout.json.
     */
    private static void sampleLaidOutLikeTheModel(AbiType type) throws Exception {
        String w = upper(wit.wrapper(type));
        Object input = GeneratedValues.constructor(glue.load(BASE + VectorWit.TYPES + "." + w))
                .newInstance(values.toJava(type, SampleValues.of(type)));
        ByteArrayMemory memory = new ByteArrayMemory(1 << 20);
        BumpAllocator alloc = new BumpAllocator(memory, 8);
        CallContext cx = new CallContext(memory, alloc, StringEncoding.UTF8, new ResourceTable());
        int ptr = alloc.realloc(0, 0, Layout.align(type), Layout.size(type));
        GeneratedGlue.invoke(canon, null, "store" + w, cx, ptr, input);
        long[] flat = new long[Layout.flat(type).size()];
        GeneratedGlue.invoke(canon, null, "lowerFlat" + w, cx, flat, 0, input);

        ByteArrayMemory dynMemory = new ByteArrayMemory(1 << 20);
        BumpAllocator dynAlloc = new BumpAllocator(dynMemory, 8);
        DynamicCanon dynamic = new DynamicCanon(dynMemory, StringEncoding.UTF8, dynAlloc);
        int dynPtr = dynAlloc.realloc(0, 0, Layout.align(type), Layout.size(type));
        dynamic.store(type, SampleValues.of(type), dynPtr);
        long[] dynFlat = dynamic.lowerFlat(type, SampleValues.of(type));
        assertEquals(dynAlloc.log(), alloc.log(), "realloc calls storing a sample value");
        assertEquals(Vectors.hex(dynMemory.bytes(), 8, dynAlloc.next()), Vectors.hex(memory.bytes(), 8, alloc.next()),
                "bytes of a sample value");
        assertArrayEquals(dynFlat, flat, "flat values of a sample value");
    }

    // ------------------------------------------------------------------ lift.json, normalise.json

    @Test
    void liftLoadAndFlat() {
        JsonNode file = Vectors.read("lift.json");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String mode : List.of("load", "lift_flat")) {
            for (JsonNode c : file.get(mode)) {
                checked += check(failures, c, () -> assertEquals(expected(c), lift(c, mode)));
            }
        }
        System.out.println("canonical-abi lift.json [generated]: " + checked + " cases lift to the reference's values");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(file.get("count").asInt(), checked);
    }

    @Test
    void normalisedInputsDoNotTrap() {
        JsonNode file = Vectors.read("normalise.json");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : file.get("cases")) {
            checked += check(failures, c, () -> assertEquals(expected(c), lift(c, c.get("mode").asText())));
        }
        System.out.println("canonical-abi normalise.json [generated]: " + checked
                + " cases normalise like the reference");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(file.get("count").asInt(), checked);
    }

    private static Object expected(JsonNode c) {
        return VectorValues.value(Vectors.type(c.get("type")), c.get("value"));
    }

    /** Lifts a case with the generated {@code loadC<k>} or {@code liftFlatC<k>}; the value in dynamic form. */
    private static Object lift(JsonNode c, String mode) throws Exception {
        AbiType type = Vectors.type(c.get("type"));
        CallContext cx = new CallContext(new ByteArrayMemory(Vectors.memory(c)), null, Vectors.encoding(c),
                new ResourceTable());
        String w = upper(wit.wrapper(type));
        Object wrapped = mode.equals("load") ? GeneratedGlue.invoke(canon, null, "load" + w, cx, c.get("ptr").asInt())
                : GeneratedGlue.invoke(canon, null, "liftFlat" + w, cx,
                        VectorValues.flat(c.get("flat_types"), c.get("flat")), 0);
        return values.toDynamic(type, unwrap(wrapped));
    }

    // ------------------------------------------------------------------ traps.json

    /**
     * Each case must end in a {@link WitTrap} with the reference's reason. {@code load} and {@code
     * lift_flat} run the generated codecs; {@code lift_spilled} runs the generated glue: a host
     * function whose 17 flat parameters spill (lifted from the guest's pointer), or a caller of a
     * guest export whose results spill (lifted from the pointer the guest returns).
     */
    @Test
    void everyTrapCaseTrapsWithWitTrap() throws Exception {
        JsonNode file = Vectors.read("traps.json");
        List<HostFunctionDef> defs = hostFunctions();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : file.get("cases")) {
            String mode = c.get("mode").asText();
            try {
                if (mode.equals("lift_spilled")) {
                    liftSpilled(c, defs);
                } else {
                    lift(c, mode);
                }
                failures.add(VectorValues.describe(c) + ": did not trap");
            } catch (WitTrap trap) {
                WitTrap.Reason expected = Vectors.trapReason(c);
                if (trap.reason() != expected) {
                    failures.add(VectorValues.describe(c) + ": trapped with " + trap.reason() + ", expected " + expected
                            + " (" + trap.getMessage() + ")");
                } else {
                    checked++;
                }
            } catch (Throwable t) {
                failures.add(VectorValues.describe(c) + ": threw " + t);
            }
        }
        System.out.println("canonical-abi traps.json [generated]: " + checked + " cases trap with the reference's reason");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(file.get("count").asInt(), checked);
    }

    private static void liftSpilled(JsonNode c, List<HostFunctionDef> defs) throws Exception {
        String name = spilled.get(c.get("id").asText());
        VectorGuest guest = new VectorGuest(new ByteArrayMemory(Vectors.memory(c)), null);
        long ptr = c.get("ptr").asLong();
        if (c.get("max_flat").asInt() == 16) {
            def(defs, name).body().call(guest, new long[] {ptr});
        } else {
            guest.results = new long[] {ptr};
            Class<?> caller = glue.load(BASE + VectorWit.EXPORTS + ".XGuest");
            Object x = caller.getConstructor(GuestInstance.class, StringEncoding.class)
                    .newInstance(guest, Vectors.encoding(c));
            GeneratedGlue.invoke(caller, x, JavaNames.lowerCamel(name));
        }
    }

    // ------------------------------------------------------------------ functions.json

    private static final String METHOD = "[method]span.";

    /**
     * A vector function becomes: an import (interface {@code t}, or the world itself for the
     * synthetic {@code $root} ones; {@code [method]span.*} a method of t's resource {@code span})
     * and an export (interface {@code x}; methods on the guest's {@code span} of {@code xr}).
     * {@code [resource-drop]span} is the built-in the generated host glue adds for t's span.
     */
    private static void declareFunction(JsonNode f) {
        if (!f.has("params")) {
            return;
        }
        String name = f.get("name").asText();
        List<AbiType> params = new ArrayList<>();
        f.get("params").forEach(p -> params.add(Vectors.type(p.get(1))));
        Optional<AbiType> result = f.get("result").isNull() ? Optional.empty() : Optional.of(Vectors.type(f.get("result")));
        if (name.startsWith(METHOD)) {
            wit.spanMethod(name.substring(METHOD.length()), params.subList(1, params.size()), result);
            wit.guestSpanMethod(name.substring(METHOD.length()), params.subList(1, params.size()), result);
        } else if (f.get("interface").isNull()) {
            wit.worldImport(name, params, result);
            wit.exportFunction(name, params, result);
        } else {
            wit.importFunction(name, params, result);
            wit.exportFunction(name, params, result);
        }
    }

    /**
     * For every function, both sides of the generated glue, joined by a guest that forwards core
     * values (as {@code PassThroughGuest} does in Wasm): the core signature the generated host
     * function declares ({@code HostFunctionDef}) equals the import's; the generated caller of the
     * export, given sample values, calls the export's core name with as many core arguments as it
     * has (through one pointer from {@code cabi_realloc(0, 0, align, size)} of the parameter tuple
     * when they spill); the guest passes them on to the host function (adding a return pointer
     * when the import's results spill), which lifts them, calls the host once with values equal
     * to the samples and lowers its sample result, which the caller lifts back equal (from the
     * pointer the export returns when its results spill) before calling the post-return.
     */
    @Test
    void coreSignaturesOfEveryFunction() throws Exception {
        JsonNode file = Vectors.read("functions.json");
        HostCalls host = new HostCalls();
        List<HostFunctionDef> tDefs = host.functions(VectorWit.TYPES + ".T", VectorWit.TYPES + ".THost");
        List<HostFunctionDef> worldDefs = host.functions("w.WImports", "w.WImportsHost");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int entries = 0;
        for (String group : List.of("functions", "synthetic")) {
            for (JsonNode f : file.get(group)) {
                entries++;
                String name = f.get("name").asText();
                try {
                    if (!f.has("params")) {
                        // a canonical built-in: [resource-drop]span, (i32) -> ()
                        HostFunctionDef drop = def(tDefs, name);
                        assertEquals(List.of(CoreType.I32), drop.params(), "built-in params");
                        assertEquals(List.of(), drop.results(), "built-in results");
                        checked++;
                        continue;
                    }
                    JsonNode imp = f.get("import");
                    HostFunctionDef def = def(f.get("interface").isNull() ? worldDefs : tDefs, imp.get("core_name").asText());
                    if (f.get("interface").isNull()) {
                        assertEquals(imp.get("core_module").asText(), def.module(), "import module");
                    }
                    assertEquals(Vectors.coreTypes(imp.get("params")), def.params(), "import params");
                    assertEquals(Vectors.coreTypes(imp.get("results")), def.results(), "import results");
                    passThrough(f, host, def, def(tDefs, "[resource-drop]span"));
                    checked++;
                } catch (Throwable e) {
                    failures.add(name + ": " + e);
                }
            }
        }
        System.out.println("canonical-abi functions.json [generated]: " + checked + " signatures match");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(entries, checked);
    }

    /** The host's implementations: record what they receive, answer the sample result. */
    private static final class HostCalls implements InvocationHandler {
        final Object span = Proxy.newProxyInstance(glue.loader, new Class<?>[] {glue.load(BASE + VectorWit.TYPES + ".Span")},
                this);
        Object nextResult;
        final List<Object[]> received = new ArrayList<>();

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "hashCode": return System.identityHashCode(proxy);
                case "equals": return proxy == args[0];
                case "toString": return "host object";
                case "close": return null;
                default:
                    received.add(args == null ? new Object[0] : args);
                    return nextResult;
            }
        }

        List<HostFunctionDef> functions(String api, String host) throws Exception {
            Class<?> apiClass = glue.load(BASE + api);
            Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {apiClass}, this);
            @SuppressWarnings("unchecked")
            List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load(BASE + host)
                    .getMethod("functions", apiClass, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
            return defs;
        }
    }

    private static void passThrough(JsonNode f, HostCalls host, HostFunctionDef importDef, HostFunctionDef drop)
            throws Exception {
        JsonNode imp = f.get("import");
        JsonNode exp = f.get("export");
        String name = f.get("name").asText();
        boolean method = name.startsWith(METHOD);
        ByteArrayMemory memory = new ByteArrayMemory(1 << 20);
        BumpAllocator alloc = new BumpAllocator(memory, 1024);
        VectorGuest guest = new VectorGuest(memory, alloc);
        int handle = guest.attachment(ResourceTable.class, ResourceTable::new).addOwn(hostSpanType(), host.span);

        List<AbiType> paramTypes = new ArrayList<>();
        f.get("params").forEach(p -> paramTypes.add(Vectors.type(p.get(1))));
        Optional<AbiType> resultType = f.get("result").isNull() ? Optional.empty()
                : Optional.of(Vectors.type(f.get("result")));
        List<Object> args = new ArrayList<>();
        for (int i = method ? 1 : 0; i < paramTypes.size(); i++) {
            args.add(javaSample(paramTypes.get(i), host.span));
        }
        host.nextResult = resultType.isEmpty() ? null : javaSample(resultType.get(), host.span);
        host.received.clear();

        guest.onCall = a -> {
            long[] ia = Arrays.copyOf(a, imp.get("params").size());
            if (method) {
                ia[0] = handle; // the guest's handle of the host's span, where the export had its own rep
            }
            int retArea = 0;
            if (imp.get("results_via_retptr").asBoolean()) {
                JsonNode tuple = f.get("results_tuple");
                retArea = alloc.realloc(0, 0, tuple.get("align").asInt(), tuple.get("size").asInt());
                ia[ia.length - 1] = retArea;
            }
            long[] out = importDef.body().call(guest, ia);
            assertEquals(imp.get("results").size(), out.length, "core results of the host function");
            if (!imp.get("params_spilled").asBoolean()) {
                int index = 0;
                for (int i = 0; i < paramTypes.size(); i++) {
                    if (paramTypes.get(i) instanceof AbiType.Handle h && h.borrow() && !(method && i == 0)) {
                        drop.body().call(guest, new long[] {a[index]}); // the guest drops the borrow it was lent
                    }
                    index += Layout.flat(paramTypes.get(i)).size();
                }
            }
            return retArea != 0 ? new long[] {retArea} : out;
        };

        Object target;
        Class<?> type;
        String witName;
        if (method) {
            type = glue.load(BASE + VectorWit.GUEST_SPAN + ".Span");
            target = type.getConstructor(GuestInstance.class, StringEncoding.class, int.class,
                    boolean.class).newInstance(guest, StringEncoding.UTF8, 7, true);
            witName = name.substring(METHOD.length());
        } else {
            type = glue.load(BASE + VectorWit.EXPORTS + ".XGuest");
            target = type.getConstructor(GuestInstance.class, StringEncoding.class)
                    .newInstance(guest, StringEncoding.UTF8);
            witName = name;
        }
        Object returned;
        try {
            returned = javaMethod(type, witName, args.size()).invoke(target, args.toArray());
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }

        assertEquals(1, guest.calls.size(), "calls into the guest");
        String called = guest.calls.get(0);
        String expected = exp.get("core_name").asText();
        assertEquals(expected.substring(expected.indexOf('#') + 1), called.substring(called.indexOf('#') + 1),
                "export core name");
        assertEquals(exp.get("params").size(), guest.arguments.get(0).length, "export core params");
        if (exp.get("params_spilled").asBoolean()) {
            JsonNode tuple = f.get("params_tuple");
            long ptr = guest.arguments.get(0)[0];
            assertTrue(alloc.log().startsWith("[[0,0," + tuple.get("align").asInt() + "," + tuple.get("size").asInt()
                    + "," + ptr + "]"), () -> "the parameter tuple's allocation: " + alloc.log());
        }
        assertEquals(guest.calls, guest.postReturns, "post-return");

        assertEquals(1, host.received.size(), "host implementation calls");
        Object[] got = host.received.get(0);
        assertEquals(args.size(), got.length, "arguments the host received");
        for (int i = 0; i < args.size(); i++) {
            assertSame(paramTypes.get(method ? i + 1 : i), args.get(i), got[i], "argument " + i);
        }
        if (resultType.isPresent()) {
            assertSame(resultType.get(), host.nextResult, returned, "result");
        }
    }

    /** Equal values of {@code t} (compared in dynamic form; handles as the same host object). */
    private static void assertSame(AbiType t, Object expected, Object actual, String what)
            throws ReflectiveOperationException {
        if (t instanceof AbiType.Handle) {
            assertTrue(expected == actual, what + ": another object");
        } else {
            assertEquals(values.toDynamic(t, expected), values.toDynamic(t, actual), what);
        }
    }

    /** A sample value of a type as generated code holds it; handles are the host's {@code span}. */
    private static Object javaSample(AbiType t, Object span) throws ReflectiveOperationException {
        return t instanceof AbiType.Handle ? span : values.toJava(t, SampleValues.of(t));
    }

    private static Method javaMethod(Class<?> type, String witName, int params) {
        String name = JavaNames.lowerCamel(witName);
        for (Method m : type.getMethods()) {
            if ((m.getName().equals(name) || m.getName().equals(name + "_")) && m.getParameterCount() == params) {
                return m;
            }
        }
        throw new AssertionError("no generated method for " + witName + " in " + type.getName());
    }

    /** The resource type constant of t's (the host's) {@code span} in the generated Canon class. */
    private static ResourceType hostSpanType() throws ReflectiveOperationException {
        for (Field field : canon.getFields()) {
            if (field.getType() == ResourceType.class) {
                ResourceType rt = (ResourceType) field.get(null);
                if (rt.interfaceName().equals("vec:abi/" + VectorWit.TYPES)) {
                    return rt;
                }
            }
        }
        throw new AssertionError("no resource constant for t's span");
    }

    // ------------------------------------------------------------------ store.json

    /** How a store case was compared. */
    private enum Compared {
        /** Bytes, realloc calls and flat values equal the reference's. */
        EXACT,
        /** A NaN: lifted back (the ABI lets a host write any NaN). */
        NAN,
        /**
         * Non-ASCII strings the reference lowered from UTF-8 bytes: generated code holds Java
         * Strings (a UTF-16 source), whose realloc calls differ by the README's rules; compared with
         * the dynamic backend lowering the same Strings, and lifted back.
         */
        UTF16_SOURCE
    }

    @Test
    void storeAndLowerFlat() {
        JsonNode file = Vectors.read("store.json");
        List<String> failures = new ArrayList<>();
        Map<Compared, Integer> counts = new LinkedHashMap<>();
        for (Compared k : Compared.values()) {
            counts.put(k, 0);
        }
        for (JsonNode c : file.get("cases")) {
            try {
                counts.merge(store(c), 1, Integer::sum);
            } catch (Throwable t) {
                failures.add(VectorValues.describe(c) + ": " + t);
            }
        }
        System.out.println("canonical-abi store.json [generated]: " + counts.get(Compared.EXACT)
                + " cases byte-identical, " + counts.get(Compared.NAN) + " with NaN compared by lifting back, "
                + counts.get(Compared.UTF16_SOURCE) + " with non-ASCII strings from a UTF-8 source byte-identical to the"
                + " dynamic backend lowering Java Strings");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(file.get("count").asInt(), counts.values().stream().mapToInt(Integer::intValue).sum());
    }

    private static Compared store(JsonNode c) throws Exception {
        AbiType type = Vectors.type(c.get("type"));
        StringEncoding encoding = Vectors.encoding(c);
        Object value = VectorValues.value(type, c.get("value"));
        String w = upper(wit.wrapper(type));
        Class<?> wrapperClass = glue.load(BASE + VectorWit.TYPES + "." + w);
        Object input = GeneratedValues.constructor(wrapperClass).newInstance(values.toJava(type, value));
        Compared how = c.has("nondeterministic_nan") ? Compared.NAN
                : c.get("src_encoding").asText().equals("utf8") && nonAscii(c.get("value")) ? Compared.UTF16_SOURCE
                : Compared.EXACT;

        // store: the outer allocation as a host spilling arguments makes it, sized by the generated constants
        int base = c.get("base").asInt();
        ByteArrayMemory memory = new ByteArrayMemory(c.get("memory_size").asInt());
        BumpAllocator alloc = new BumpAllocator(memory, base);
        CallContext cx = new CallContext(memory, alloc, encoding, new ResourceTable());
        int ptr = alloc.realloc(0, 0, canon.getField(w + "_ALIGN").getInt(null), canon.getField(w + "_SIZE").getInt(null));
        assertEquals(c.get("ptr").asInt(), ptr, "outer pointer");
        GeneratedGlue.invoke(canon, null, "store" + w, cx, ptr, input);
        assertEquals(value, values.toDynamic(type, unwrap(GeneratedGlue.invoke(canon, null, "load" + w, cx, ptr))),
                "lifts back to the stored value");
        JsonNode region = c.get("region");
        if (how == Compared.EXACT) {
            assertEquals(region.get("end").asInt(), alloc.next(), "allocator end");
            assertEquals(region.get("hex").asText(), Vectors.hex(memory.bytes(), base, region.get("end").asInt()), "bytes");
            assertEquals(c.get("realloc_log").toString(), alloc.log(), "realloc log");
        } else if (how == Compared.UTF16_SOURCE) {
            ByteArrayMemory dynMemory = new ByteArrayMemory(c.get("memory_size").asInt());
            BumpAllocator dynAlloc = new BumpAllocator(dynMemory, base);
            int dynPtr = dynAlloc.realloc(0, 0, Layout.align(type), Layout.size(type));
            new DynamicCanon(dynMemory, encoding, dynAlloc).store(type, value, dynPtr);
            assertEquals(dynAlloc.log(), alloc.log(), "realloc log (dynamic backend, String source)");
            assertEquals(Vectors.hex(dynMemory.bytes(), base, dynAlloc.next()), Vectors.hex(memory.bytes(), base,
                    alloc.next()), "bytes (dynamic backend, String source)");
        }

        // lower_flat: into a second fresh memory, no outer allocation
        JsonNode flatCase = c.get("lower_flat");
        ByteArrayMemory flatMemory = new ByteArrayMemory(c.get("memory_size").asInt());
        BumpAllocator flatAlloc = new BumpAllocator(flatMemory, base);
        CallContext flatCx = new CallContext(flatMemory, flatAlloc, encoding, new ResourceTable());
        long[] flat = new long[Layout.flat(type).size()];
        GeneratedGlue.invoke(canon, null, "lowerFlat" + w, flatCx, flat, 0, input);
        assertEquals(value, values.toDynamic(type, unwrap(GeneratedGlue.invoke(canon, null, "liftFlat" + w, flatCx,
                flat, 0))), "lift_flat back");
        if (how == Compared.EXACT) {
            long[] expected = VectorValues.flat(flatCase.get("flat_types"), flatCase.get("flat"));
            assertEquals(Arrays.toString(expected), Arrays.toString(flat), "flat values");
            JsonNode flatRegion = flatCase.get("region");
            assertEquals(flatRegion.get("hex").asText(), Vectors.hex(flatMemory.bytes(), flatRegion.get("start").asInt(),
                    flatRegion.get("end").asInt()), "flat bytes");
            assertEquals(flatRegion.get("end").asInt(), flatAlloc.next(), "flat allocator end");
            assertEquals(flatCase.get("realloc_log").toString(), flatAlloc.log(), "flat realloc log");
        } else if (how == Compared.UTF16_SOURCE) {
            ByteArrayMemory dynMemory = new ByteArrayMemory(c.get("memory_size").asInt());
            BumpAllocator dynAlloc = new BumpAllocator(dynMemory, base);
            long[] dynFlat = new DynamicCanon(dynMemory, encoding, dynAlloc).lowerFlat(type, value);
            assertArrayEquals(dynFlat, flat, "flat values (dynamic backend, String source)");
            assertEquals(dynAlloc.log(), flatAlloc.log(), "flat realloc log (dynamic backend, String source)");
            assertEquals(Vectors.hex(dynMemory.bytes(), base, dynAlloc.next()), Vectors.hex(flatMemory.bytes(), base,
                    flatAlloc.next()), "flat bytes (dynamic backend, String source)");
        }
        return how;
    }

    /** Whether a value holds a non-ASCII string (the only strings whose realloc calls depend on the source). */
    private static boolean nonAscii(JsonNode v) {
        if (v.isTextual()) {
            return v.asText().chars().anyMatch(ch -> ch > 0x7f);
        }
        for (JsonNode e : v) {
            if (nonAscii(e)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ helpers

    /** The generated host functions of interface {@code t}, with an implementation that must not be called. */
    private static List<HostFunctionDef> hostFunctions() throws Exception {
        Class<?> api = glue.load(BASE + VectorWit.TYPES + ".T");
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {api}, (proxy, method, args) -> {
            throw new AssertionError("the host implementation was called: " + method.getName());
        });
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load(BASE + VectorWit.TYPES + ".THost")
                .getMethod("functions", api, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
        return defs;
    }

    private static HostFunctionDef def(List<HostFunctionDef> defs, String name) {
        for (HostFunctionDef d : defs) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no generated host function " + name);
    }

    private static String upper(String witName) {
        return JavaNames.upperCamel(witName);
    }

    /** The field of a wrapper record {@code c<k>}. */
    private static Object unwrap(Object wrapped) throws ReflectiveOperationException {
        return wrapped.getClass().getRecordComponents()[0].getAccessor().invoke(wrapped);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static int check(List<String> failures, JsonNode c, Body body) {
        try {
            body.run();
            return 1;
        } catch (Throwable t) {
            failures.add(VectorValues.describe(c) + ": " + t);
            return 0;
        }
    }
}
