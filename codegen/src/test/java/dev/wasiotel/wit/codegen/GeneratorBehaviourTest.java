package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeName;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Type mapping, package naming and refusals, on small WIT sources. */
class GeneratorBehaviourTest {
    private static final GeneratorOptions OPTIONS = GeneratorOptions.withBasePackage("b");

    private static ResolvedPackage load(String wit) throws Exception {
        return new WitLoader(WitOptions.DEFAULTS).loadSource("t.wit", wit);
    }

    private static int world(ResolvedPackage p) {
        return p.resolve().selectWorld(p.mainPackage(), Optional.empty());
    }

    @Test
    void mapsTypesAsDesigned() throws Exception {
        ResolvedPackage p = load("package a:b;\n"
                + "interface i {\n"
                + "  f: func(a: u8, b: u16, c: u32, d: u64, e: s8, g: s16, h: s32, i: s64, j: f32, k: f64,\n"
                + "    l: char, m: bool, n: string, o: list<s8>, q: list<u16>, r: list<u32>, s: list<s64>,\n"
                + "    t: list<f32>, u: list<f64>, v: list<char>, w: list<u8, 4>, x: option<option<u8>>,\n"
                + "    y: result<_, string>, z: tuple<u8>, aa: tuple<>, ab: list<list<u8>>);\n"
                + "}\n"
                + "world w { import i; }\n");
        BindingModel model = BindingModel.of(p.resolve(), world(p), OPTIONS);
        Interface iface = p.resolve().interfaces().get(p.main().interfaces().get("i"));
        Function f = iface.functions().get("f");
        List<String> actual = new ArrayList<>();
        for (Function.Param param : f.params()) {
            TypeName t = model.types().javaType(param.type(), new WitSite("test", f.span()));
            actual.add(param.name() + ":" + t);
        }
        assertEquals(List.of("a:int", "b:int", "c:long", "d:long", "e:byte", "g:short", "h:int", "i:long", "j:float",
                "k:double", "l:int", "m:boolean", "n:java.lang.String", "o:byte[]", "q:short[]", "r:int[]",
                "s:long[]", "t:float[]", "u:double[]", "v:java.util.List<java.lang.Integer>", "w:byte[]",
                "x:java.util.Optional<java.util.Optional<java.lang.Integer>>",
                "y:dev.wasiotel.wit.runtime.Result<dev.wasiotel.wit.runtime.Unit, java.lang.String>",
                "z:dev.wasiotel.wit.runtime.Tuple1<java.lang.Integer>", "aa:dev.wasiotel.wit.runtime.Unit",
                "ab:java.util.List<byte[]>"), actual);
        assertEquals(ClassName.get("b.a.b.i", "I"), model.symbols().interfaceClass(p.main().interfaces().get("i")));
    }

    @Test
    void refusesStreamsWithLocation() throws Exception {
        ResolvedPackage p = load("package a:b;\ninterface i {\n  read: func() -> stream<u8>;\n}\n"
                + "world w { import i; }\n");
        CodegenException e = assertThrows(CodegenException.class,
                () -> BindingsGenerator.generate(p.resolve(), world(p), OPTIONS));
        assertTrue(e.getMessage().startsWith("`stream<u8>` in function `read` of a:b/i at t.wit:3:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("is not supported yet"), e.getMessage());
    }

    @Test
    void refusesFuturesInAliasesAndErrorContext() throws Exception {
        ResolvedPackage p = load("package a:b;\ninterface i {\n  type f = future<string>;\n}\n"
                + "world w { import i; }\n");
        CodegenException e = assertThrows(CodegenException.class,
                () -> BindingsGenerator.generate(p.resolve(), world(p), OPTIONS));
        assertTrue(e.getMessage().startsWith("`future<string>` in type `f` of a:b/i at t.wit:3:"), e.getMessage());
        ResolvedPackage q = load("package a:b;\nworld w {\n  import f: func(e: error-context);\n}\n");
        CodegenException e2 = assertThrows(CodegenException.class,
                () -> BindingsGenerator.generate(q.resolve(), world(q), OPTIONS));
        assertTrue(e2.getMessage().startsWith("`error-context` in function `f` of a:b/w at t.wit:3:"),
                e2.getMessage());
    }

    @Test
    void refusesFlagsBeyondThirtyTwoWithLocation() throws Exception {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            labels.append("l").append(i).append(", ");
        }
        ResolvedPackage p = load("package a:b;\ninterface i {\n  flags big { " + labels + "}\n}\n"
                + "world w { import i; }\n");
        CodegenException e = assertThrows(CodegenException.class,
                () -> BindingsGenerator.generate(p.resolve(), world(p), OPTIONS));
        assertTrue(e.getMessage().startsWith("`big` in ") && e.getMessage().contains(" at t.wit:3:9 "), e.getMessage());
        assertTrue(e.getMessage().endsWith("it has 33 flags, at most 32 are allowed"), e.getMessage());
    }

    @Test
    void versionsAppearOnlyWhenTwoVersionsMeet() throws Exception {
        ResolvedPackage p = load("package a:b;\n"
                + "package x:y@1.0.0 { interface i { type t = u8; } }\n"
                + "package x:y@2.0.0 { interface i { type t = u8; } }\n"
                + "world w { import x:y/i@1.0.0; import x:y/i@2.0.0; }\n");
        List<String> packages = new ArrayList<>();
        for (JavaFile f : BindingsGenerator.generate(p.resolve(), world(p), OPTIONS)) {
            packages.add(f.packageName() + "." + f.typeSpec().name());
        }
        assertEquals(List.of("b.x.y.v1_0_0.i.I", "b.x.y.v2_0_0.i.I"), packages);
        ResolvedPackage q = load("package a:b;\n"
                + "package x:y@1.0.0 { interface wall-clock { record r { a: u8 } } }\n"
                + "world w { import x:y/wall-clock@1.0.0; }\n");
        List<String> single = new ArrayList<>();
        for (JavaFile f : BindingsGenerator.generate(q.resolve(), world(q), OPTIONS)) {
            single.add(f.packageName() + "." + f.typeSpec().name());
        }
        assertEquals(List.of("b.a.b.w.WCanon", "b.x.y.wall_clock.R", "b.x.y.wall_clock.WallClock"), single);
    }

    @Test
    void interfaceNamedLikeItsTypeGetsSuffix() throws Exception {
        ResolvedPackage p = load("package a:b;\ninterface error { resource error { msg: func() -> string; } }\n"
                + "world w { import error; export error; }\n");
        List<String> names = new ArrayList<>();
        for (JavaFile f : BindingsGenerator.generate(p.resolve(), world(p), OPTIONS)) {
            names.add(f.packageName() + "." + f.typeSpec().name());
        }
        // Imported and exported: the resource is the host's, so the guest's method is not bound (no ErrorFunctionsGuest).
        assertEquals(List.of("b.a.b.error.Error", "b.a.b.error.ErrorFunctions", "b.a.b.error.ErrorFunctionsHost",
                "b.a.b.w.WCanon", "b.a.b.w.WLinker"), names);
        assertTrue(InMemoryJavac.compile(BindingsGenerator.generate(p.resolve(), world(p), OPTIONS)).success());
    }

    @Test
    void inlineInterfacesAndSameNameImportExport() throws Exception {
        ResolvedPackage p = load("package a:b;\nworld w {\n"
                + "  import foo: interface { record r { a: u8 } get: func() -> r; }\n"
                + "  export foo: interface { record r { b: u8 } put: func(x: r); }\n"
                + "  import greet: func() -> string;\n  export greet: func() -> string;\n}\n");
        List<JavaFile> files = BindingsGenerator.generate(p.resolve(), world(p), OPTIONS);
        List<String> names = new ArrayList<>();
        for (JavaFile f : files) {
            names.add(f.packageName() + "." + f.typeSpec().name());
        }
        assertEquals(List.of("b.a.b.w.WCanon", "b.a.b.w.WExports", "b.a.b.w.WExportsGuest", "b.a.b.w.WImports",
                "b.a.b.w.WImportsHost", "b.a.b.w.WLinker", "b.a.b.w.exports.foo.Foo", "b.a.b.w.exports.foo.FooGuest",
                "b.a.b.w.exports.foo.R", "b.a.b.w.foo.Foo", "b.a.b.w.foo.FooHost", "b.a.b.w.foo.R"), names);
        InMemoryJavac.Outcome out = InMemoryJavac.compile(files);
        assertTrue(out.success(), out.diagnostics());
    }
}
