package dev.wasiotel.wit.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.parser.diag.Diagnostic;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.WitPrinter;
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WIT 0.3.1's {@code map<K, V>} and the {@code import label: interface-path;} form (an import or
 * export under a plain name that implements a named interface, the component model's
 * {@code (implements "I")}): parsed, resolved, printed, and misuse refused at file:line:col.
 */
class ImplementsAndMapTest {
    private static final String STORE = """
            package foo:foo;

            interface store {
              get: func(key: string) -> option<string>;
            }

            interface logger {
              log: func(msg: string);
            }

            world multi {
              import primary: store;
              import backup: store;
              import logger;
              export mine: store;
              export logger;
            }
            """;

    private final WitLoader loader = new WitLoader(WitOptions.DEFAULTS);

    @Test
    void labelledImportsImplementTheNamedInterface() throws Exception {
        ResolvedPackage p = loader.loadSource("t.wit", STORE);
        Resolve r = p.resolve();
        World w = r.worlds().get(p.main().worlds().get("multi"));
        int store = p.main().interfaces().get("store");
        int logger = p.main().interfaces().get("logger");
        assertEquals(List.of(new WorldKey.Name("primary"), new WorldKey.Name("backup"), new WorldKey.OfInterface(logger)),
                new ArrayList<>(w.imports().keySet()));
        assertEquals(store, ((WorldItem.InterfaceItem) w.imports().get(new WorldKey.Name("primary"))).interfaceId());
        assertEquals(store, ((WorldItem.InterfaceItem) w.imports().get(new WorldKey.Name("backup"))).interfaceId());
        assertEquals(store, ((WorldItem.InterfaceItem) w.exports().get(new WorldKey.Name("mine"))).interfaceId());
        assertEquals("foo:foo/store", r.implementedInterface(new WorldKey.Name("primary"),
                w.imports().get(new WorldKey.Name("primary"))).orElseThrow());
        assertTrue(r.implementedInterface(new WorldKey.OfInterface(logger), w.imports().get(
                new WorldKey.OfInterface(logger))).isEmpty(), "an interface imported under its own name");
    }

    @Test
    void printedWithTheLabelAndTheInterfaceItImplements() throws Exception {
        ResolvedPackage p = loader.loadSource("t.wit", STORE);
        String printed = new WitPrinter(p.resolve()).printWorld(p.main().worlds().get("multi"));
        String body = " {\n    get: func(key: string) -> option<string>;\n  }\n";
        assertEquals("world foo:foo/multi {\n"
                + "  import primary: foo:foo/store" + body
                + "  import backup: foo:foo/store" + body
                + "  import foo:foo/logger {\n    log: func(msg: string);\n  }\n"
                + "  export mine: foo:foo/store" + body
                + "  export foo:foo/logger {\n    log: func(msg: string);\n  }\n"
                + "}\n", printed);
    }

    @Test
    void labelledImportOfAnotherPackagesInterface() throws Exception {
        ResolvedPackage p = loader.loadSource("t.wit", """
                package a:main;

                package wasi:keyvalue@0.2.0 {
                  interface store { get: func(k: string) -> option<list<u8>>; }
                }

                world w {
                  import users: wasi:keyvalue/store@0.2.0;
                  import catalog: wasi:keyvalue/store@0.2.0;
                }
                """);
        World w = p.resolve().worlds().get(p.main().worlds().get("w"));
        assertEquals("wasi:keyvalue/store@0.2.0", p.resolve().implementedInterface(new WorldKey.Name("catalog"),
                w.imports().get(new WorldKey.Name("catalog"))).orElseThrow());
        String printed = new WitPrinter(p.resolve()).printWorld(p.main().worlds().get("w"));
        assertTrue(printed.contains("  import users: wasi:keyvalue/store@0.2.0 {\n"), printed);
    }

    @Test
    void includeWithRenamesTheLabelAndKeepsTheInterface() throws Exception {
        ResolvedPackage p = loader.loadSource("t.wit", """
                package local:demo;

                interface store {
                  get: func(key: string) -> option<string>;
                }

                world base {
                  import cache: store;
                }

                world extended {
                  import cache: func();
                  include base with { cache as my-cache }
                }
                """);
        Resolve r = p.resolve();
        World w = r.worlds().get(p.main().worlds().get("extended"));
        WorldItem renamed = w.imports().get(new WorldKey.Name("my-cache"));
        assertEquals("local:demo/store", r.implementedInterface(new WorldKey.Name("my-cache"), renamed).orElseThrow());
        assertTrue(w.imports().get(new WorldKey.Name("cache")) instanceof WorldItem.FunctionItem);
    }

    @Test
    void includedLabelsConflictLikeAnyPlainName() {
        assertRefused("""
                package local:demo;
                interface store {}
                world base-a { import cache: store; }
                world base-b { import cache: store; }
                world conflict {
                  include base-a;
                  include base-b;
                }
                """, 7, 11, "import of `cache` shadows previously imported items");
    }

    @Test
    void inlineInterfacesKeepTheirOwnForm() throws Exception {
        ResolvedPackage p = loader.loadSource("t.wit",
                "package a:b;\nworld w {\n  import cache: interface {\n    get: func() -> u8;\n  }\n}\n");
        World w = p.resolve().worlds().get(p.main().worlds().get("w"));
        assertTrue(p.resolve().implementedInterface(new WorldKey.Name("cache"),
                w.imports().get(new WorldKey.Name("cache"))).isEmpty(), "an inline interface implements none");
        String printed = new WitPrinter(p.resolve()).printWorld(p.main().worlds().get("w"));
        assertTrue(printed.contains("import cache: interface {"), printed);
    }

    @Test
    void misuseIsRefusedWhereItIsWritten() {
        assertRefused("package foo:foo;\ninterface store {}\nworld test {\n  import primary: nonexistent;\n}\n",
                4, 19, "interface or world `nonexistent` does not exist");
        assertRefused("package foo:foo;\nworld test {\n  import primary: test;\n}\n",
                3, 19, "name `test` is defined as a world, not an interface");
        assertRefused("package foo:foo;\ninterface store {}\nworld test {\n  import primary: store;\n"
                + "  import primary: store;\n}\n",
                5, 10, "import `primary` conflicts with prior interface of same name");
        assertRefused("package foo:foo;\ninterface store {}\nworld test {\n  import primary: func();\n"
                + "  import primary: store;\n}\n",
                5, 10, "import `primary` conflicts with prior func of same name");
        assertRefused("package foo:foo;\ninterface store {}\nworld test {\n  export a: store;\n  export a: func();\n}\n",
                5, 10, "export `a` conflicts with prior interface of same name");
        assertRefused("package foo:foo;\ninterface store {}\nworld test {\n  import Primary: store;\n}\n",
                4, 10, "mixes upper and lower case");
        assertRefused("package foo:foo;\npackage x:y { interface i {} }\nworld test {\n  import p: x:y/nope;\n}\n",
                4, 17, "interface 'nope' not found in package 'x:y'");
    }

    @Test
    void mapsResolveAndPrint() throws Exception {
        ResolvedPackage p = loader.loadSource("t.wit", """
                package foo:maps;

                interface maps {
                  record person { name: string, age: u32 }
                  type nested = map<string, map<char, person>>;
                  type by-id = map<u64, option<list<u32>>>;
                  merge: func(a: map<string, u32>, b: map<bool, s8>) -> map<string, u32>;
                }

                world w { import maps; export maps; }
                """);
        Resolve r = p.resolve();
        int iface = p.main().interfaces().get("maps");
        int nested = r.interfaces().get(iface).types().get("nested");
        TypeDefKind.MapOf outer = (TypeDefKind.MapOf) r.types().get(nested).kind();
        assertEquals(Type.Primitive.STRING, outer.key());
        TypeDefKind.MapOf inner = (TypeDefKind.MapOf) r.types().get(((Type.Ref) outer.value()).id()).kind();
        assertEquals(Type.Primitive.CHAR, inner.key());
        String printed = new WitPrinter(r).printInterface(iface);
        assertTrue(printed.contains("type nested = map<string, map<char, person>>;"), printed);
        assertTrue(printed.contains("merge: func(a: map<string, u32>, b: map<bool, s8>) -> map<string, u32>;"),
                printed);
    }

    @Test
    void mapKeysMustBeScalarsOrStrings() {
        for (String key : List.of("f32", "f64", "tuple<u32, string>", "list<u8>", "option<u8>", "person")) {
            assertRefused("package a:b;\ninterface i {\n  record person { a: u8 }\n  type m = map<" + key + ", u32>;\n}\n",
                    4, 12, "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char,"
                            + " or string");
        }
        assertRefused("package a:b;\ninterface i {\n  type m = map<string>;\n}\n", 3, 22, "expected ','");
    }

    /** Refused with {@code message} at line:column, rendered with the source line and a caret under the column. */
    private void assertRefused(String source, int line, int column, String message) {
        WitParseException e = assertThrows(WitParseException.class, () -> loader.loadSource("test.wit", source),
                source);
        Diagnostic d = e.diagnostic();
        assertTrue(d.message().contains(message), () -> "message was: " + d.message());
        assertEquals(line + ":" + column, d.line() + ":" + d.column(), () -> "at " + d.headline());
        assertEquals("test.wit", d.file());
        String nl = System.lineSeparator();
        assertEquals(d.headline() + nl + "    " + source.split("\n")[line - 1] + nl + "    " + " ".repeat(column - 1)
                + "^", d.render());
    }
}
