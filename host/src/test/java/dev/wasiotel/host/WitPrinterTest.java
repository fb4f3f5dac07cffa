package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasiotel.wit.parser.diag.SourceFile;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Package;
import dev.wasiotel.wit.parser.model.PackageName;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Stability;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.TypeOwner;
import dev.wasiotel.wit.parser.model.Version;
import dev.wasiotel.wit.parser.model.WitPrinter;
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * {@link WitPrinter} on a model built by hand, so it does not depend on the parser: every kind of
 * type definition, anonymous types, resource functions, {@code use}, keyword escapes, worlds.
 */
class WitPrinterTest {
    private static final Span AT = Span.startOf(new SourceFile("t.wit", ""));
    private static final Type U8 = Type.Primitive.U8;
    private static final Type U32 = Type.Primitive.U32;
    private static final Type S32 = Type.Primitive.S32;
    private static final Type STRING = Type.Primitive.STRING;

    private final List<TypeDef> types = new ArrayList<>();

    private Type def(String name, TypeDefKind kind, TypeOwner owner, Docs docs, Stability stability) {
        types.add(new TypeDef(Optional.ofNullable(name), kind, owner, docs, stability, AT));
        return new Type.Ref(types.size() - 1);
    }

    private Type named(String name, TypeDefKind kind, int iface) {
        return def(name, kind, new TypeOwner.OfInterface(iface), Docs.NONE, Stability.UNKNOWN);
    }

    private Type anon(TypeDefKind kind) {
        return def(null, kind, TypeOwner.NONE, Docs.NONE, Stability.UNKNOWN);
    }

    private static int id(Type t) {
        return ((Type.Ref) t).id();
    }

    private static Function fn(String name, FunctionKind kind, List<Function.Param> params, Type result) {
        return new Function(name, kind, params, Optional.ofNullable(result), Docs.NONE, Stability.UNKNOWN, AT);
    }

    private static Function.Param p(String name, Type type) {
        return new Function.Param(name, type);
    }

    private Resolve model() {
        // interface 0: types
        Type blob = def("blob", new TypeDefKind.Resource(), new TypeOwner.OfInterface(0), Docs.of("A blob.\n\nOf bytes."),
                new Stability.Stable(Version.parse("1.0.0"), Optional.empty()));
        Type errorCode = named("error-code", new TypeDefKind.Enum(List.of(new TypeDefKind.EnumCase("denied", Docs.NONE),
                new TypeDefKind.EnumCase("type", Docs.NONE))), 0);
        Type point = named("point", new TypeDefKind.Record(List.of(new TypeDefKind.Field("x", S32, Docs.of("across")),
                new TypeDefKind.Field("y", S32, Docs.NONE))), 0);
        Type perms = named("perms", new TypeDefKind.Flags(List.of(new TypeDefKind.Flag("read", Docs.NONE),
                new TypeDefKind.Flag("write", Docs.NONE))), 0);
        Type bytes = anon(new TypeDefKind.ListOf(U8));
        Type shape = named("shape", new TypeDefKind.Variant(List.of(new TypeDefKind.Case("none", Optional.empty(),
                Docs.NONE), new TypeDefKind.Case("dot", Optional.of(point), Docs.NONE),
                new TypeDefKind.Case("raw", Optional.of(bytes), Docs.NONE))), 0);
        Type fixed = def("fixed", new TypeDefKind.FixedList(U8, 16), new TypeOwner.OfInterface(0), Docs.NONE,
                new Stability.Unstable("fancy", Optional.empty()));
        Type ownBlob = anon(new TypeDefKind.Handle(false, id(blob)));
        Type borrowBlob = anon(new TypeDefKind.Handle(true, id(blob)));
        Type readResult = anon(new TypeDefKind.Result(Optional.of(bytes), Optional.of(errorCode)));
        Type openResult = anon(new TypeDefKind.Result(Optional.of(ownBlob), Optional.of(errorCode)));

        Map<String, Integer> types0 = new LinkedHashMap<>();
        types0.put("blob", id(blob));
        types0.put("error-code", id(errorCode));
        types0.put("point", id(point));
        types0.put("perms", id(perms));
        types0.put("shape", id(shape));
        types0.put("fixed", id(fixed));
        Map<String, Function> fns0 = new LinkedHashMap<>();
        fns0.put("[constructor]blob", fn("[constructor]blob", new FunctionKind.Constructor(id(blob)),
                List.of(p("init", bytes)), ownBlob));
        fns0.put("[method]blob.read", fn("[method]blob.read", new FunctionKind.Method(id(blob), false),
                List.of(p("self", borrowBlob), p("n", U32)), readResult));
        fns0.put("[static]blob.open", fn("[static]blob.open", new FunctionKind.Static(id(blob), false),
                List.of(p("name", STRING)), openResult));
        fns0.put("[static]blob.merge", fn("[static]blob.merge", new FunctionKind.Static(id(blob), true),
                List.of(p("a", ownBlob), p("b", ownBlob)), ownBlob));
        fns0.put("[method]blob.close", fn("[method]blob.close", new FunctionKind.Method(id(blob), true),
                List.of(p("self", borrowBlob)), null));
        fns0.put("make-point", fn("make-point", new FunctionKind.Freestanding(false),
                List.of(p("x", S32), p("y", S32)), point));

        // interface 1: api, using names from types
        Type apiBlob = named("blob", new TypeDefKind.Alias(blob), 1);
        Type code = named("code", new TypeDefKind.Alias(errorCode), 1);
        Type keyword = named("type", new TypeDefKind.Alias(U32), 1);
        Type pair = anon(new TypeDefKind.Tuple(List.of(U32, STRING)));
        Type maybePair = anon(new TypeDefKind.Option(pair));
        Type borrowApiBlob = anon(new TypeDefKind.Handle(true, id(apiBlob)));
        Type unit = anon(new TypeDefKind.Result(Optional.empty(), Optional.empty()));
        Type errOnly = anon(new TypeDefKind.Result(Optional.empty(), Optional.of(code)));
        Type okOnly = anon(new TypeDefKind.Result(Optional.of(keyword), Optional.empty()));
        Type table = anon(new TypeDefKind.MapOf(STRING, anon(new TypeDefKind.ListOf(U32))));
        Type events = anon(new TypeDefKind.Stream(Optional.of(U8)));
        Type done = anon(new TypeDefKind.Future(Optional.empty()));
        Map<String, Integer> types1 = new LinkedHashMap<>();
        types1.put("blob", id(apiBlob));
        types1.put("code", id(code));
        types1.put("type", id(keyword));
        Map<String, Function> fns1 = new LinkedHashMap<>();
        fns1.put("get", fn("get", new FunctionKind.Freestanding(false),
                List.of(p("p", maybePair), p("b", borrowApiBlob)), unit));
        fns1.put("maybe", fn("maybe", new FunctionKind.Freestanding(true), List.of(), errOnly));
        fns1.put("count", fn("count", new FunctionKind.Freestanding(false), List.of(p("t", table)), okOnly));
        fns1.put("watch", fn("watch", new FunctionKind.Freestanding(false), List.of(), events));
        fns1.put("wait", fn("wait", new FunctionKind.Freestanding(false), List.of(p("f", done)), null));

        // interface 2: empty; interface 3: inline in the world
        Map<String, Function> fns3 = new LinkedHashMap<>();
        fns3.put("hook", fn("hook", new FunctionKind.Freestanding(false), List.of(), null));

        Type worldPoint = def("point", new TypeDefKind.Alias(point), new TypeOwner.OfWorld(0), Docs.NONE,
                Stability.UNKNOWN);

        List<Interface> interfaces = List.of(
                new Interface(Optional.of("types"), types0, fns0, OptionalInt.of(0), Docs.of("Shared types."),
                        Stability.UNKNOWN, AT),
                new Interface(Optional.of("api"), types1, fns1, OptionalInt.of(0), Docs.NONE, Stability.UNKNOWN, AT),
                new Interface(Optional.of("empty"), Map.of(), Map.of(), OptionalInt.of(0), Docs.NONE,
                        Stability.UNKNOWN, AT),
                new Interface(Optional.empty(), Map.of(), fns3, OptionalInt.of(0), Docs.NONE, Stability.UNKNOWN, AT));

        Map<WorldKey, WorldItem> imports = new LinkedHashMap<>();
        imports.put(new WorldKey.OfInterface(0), new WorldItem.InterfaceItem(0, Stability.UNKNOWN, Docs.NONE));
        imports.put(new WorldKey.OfInterface(1), new WorldItem.InterfaceItem(1, Stability.UNKNOWN, Docs.NONE));
        imports.put(new WorldKey.OfInterface(2), new WorldItem.InterfaceItem(2, Stability.UNKNOWN, Docs.NONE));
        imports.put(new WorldKey.Name("point"), new WorldItem.TypeItem(id(worldPoint)));
        imports.put(new WorldKey.Name("log"), new WorldItem.FunctionItem(fn("log", new FunctionKind.Freestanding(false),
                List.of(p("msg", STRING), p("at", worldPoint)), null)));
        Map<WorldKey, WorldItem> exports = new LinkedHashMap<>();
        exports.put(new WorldKey.Name("hooks"), new WorldItem.InterfaceItem(3, Stability.UNKNOWN, Docs.NONE));
        exports.put(new WorldKey.Name("run"), new WorldItem.FunctionItem(fn("run",
                new FunctionKind.Freestanding(false), List.of(), unit)));
        World world = new World("w", imports, exports, 0, Docs.NONE, Stability.UNKNOWN, AT);

        Map<String, Integer> ifaceNames = new LinkedHashMap<>();
        ifaceNames.put("empty", 2);
        ifaceNames.put("api", 1);
        ifaceNames.put("types", 0);
        Package pkg = new Package(new PackageName("test", "p", Optional.of(Version.parse("1.0.0"))), ifaceNames,
                Map.of("w", 0), Docs.of("The test package."));
        return new Resolve(List.of(pkg), interfaces, List.of(world), types);
    }

    private static final String TYPES_BODY = ""
            + "    resource blob {\n"
            + "      constructor(init: list<u8>);\n"
            + "      read: func(n: u32) -> result<list<u8>, error-code>;\n"
            + "      open: static func(name: string) -> result<own<blob>, error-code>;\n"
            + "      merge: static async func(a: own<blob>, b: own<blob>) -> own<blob>;\n"
            + "      close: async func();\n"
            + "    }\n"
            + "    enum error-code {\n"
            + "      denied,\n"
            + "      %type,\n"
            + "    }\n"
            + "    record point {\n"
            + "      x: s32,\n"
            + "      y: s32,\n"
            + "    }\n"
            + "    flags perms {\n"
            + "      read,\n"
            + "      write,\n"
            + "    }\n"
            + "    variant shape {\n"
            + "      none,\n"
            + "      dot(point),\n"
            + "      raw(list<u8>),\n"
            + "    }\n"
            + "    type fixed = list<u8, 16>;\n"
            + "    make-point: func(x: s32, y: s32) -> point;\n";

    private static final String API_BODY = ""
            + "    use test:p/types@1.0.0.{blob};\n"
            + "    use test:p/types@1.0.0.{error-code as code};\n"
            + "    type %type = u32;\n"
            + "    get: func(p: option<tuple<u32, string>>, b: borrow<blob>) -> result;\n"
            + "    maybe: async func() -> result<_, code>;\n"
            + "    count: func(t: map<string, list<u32>>) -> result<%type>;\n"
            + "    watch: func() -> stream<u8>;\n"
            + "    wait: func(f: future);\n";

    @Test
    void printsAnElaboratedWorld() {
        String expected = "world test:p/w@1.0.0 {\n"
                + "  import test:p/types@1.0.0 {\n"
                + TYPES_BODY
                + "  }\n"
                + "  import test:p/api@1.0.0 {\n"
                + API_BODY
                + "  }\n"
                + "  import test:p/empty@1.0.0;\n"
                + "  use test:p/types@1.0.0.{point};\n"
                + "  import log: func(msg: string, at: point);\n"
                + "  export hooks: interface {\n"
                + "    hook: func();\n"
                + "  }\n"
                + "  export run: func() -> result;\n"
                + "}\n";
        assertEquals(expected, new WitPrinter(model()).printWorld(0));
    }

    @Test
    void printsAWholePackageInArenaOrder() {
        String expected = "package test:p@1.0.0;\n"
                + "\n"
                + "interface types {\n"
                + TYPES_BODY.replace("\n  ", "\n").substring(2)
                + "}\n"
                + "\n"
                + "interface api {\n"
                + API_BODY.replace("\n  ", "\n").substring(2)
                + "}\n"
                + "\n"
                + "interface empty {}\n"
                + "\n"
                + "world w {\n";
        String text = new WitPrinter(model()).printPackage(0);
        assertEquals(expected, text.substring(0, expected.length()));
        assertEquals(text, new WitPrinter(model()).printPackage(0), "deterministic");
    }

    @Test
    void docsAndGatesWhenAskedFor() {
        String text = new WitPrinter(model()).withDocs(true).withStability(true).printInterface(0);
        String expected = "/// Shared types.\n"
                + "interface test:p/types@1.0.0 {\n"
                + "  /// A blob.\n"
                + "  ///\n"
                + "  /// Of bytes.\n"
                + "  @since(version = 1.0.0)\n"
                + "  resource blob {\n";
        assertEquals(expected, text.substring(0, expected.length()));
        assertEquals(true, text.contains("    /// across\n    x: s32,\n"), text);
        assertEquals(true, text.contains("  @unstable(feature = fancy)\n  type fixed = list<u8, 16>;\n"), text);
    }

    @Test
    void typeNames() {
        WitPrinter printer = new WitPrinter(model());
        assertEquals("error-context", printer.typeName(Type.Primitive.ERROR_CONTEXT));
        assertEquals("point", printer.typeName(new Type.Ref(2)));
    }
}
