package dev.wasiotel.wit.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the resolved model says about resources, handles, includes, docs and elaboration. */
class ResolveSemanticsTest {
    private static ResolvedPackage load(String source, WitOptions options) throws WitParseException {
        return new WitLoader(options).loadSource("test.wit", source);
    }

    private static ResolvedPackage load(String source) throws WitParseException {
        return load(source, WitOptions.DEFAULTS);
    }

    @Test
    void resourceFunctionsHandlesAndDocs() throws WitParseException {
        ResolvedPackage p = load("""
                package a:b@1.0.0;
                /// Files.
                interface files {
                  /** An open file. */
                  resource file {
                    constructor(path: string);
                    /// Reads.
                    read: func(len: u32) -> list<u8>;
                    open: static func(path: string) -> result<file, string>;
                  }
                  take: func(f: file, g: borrow<file>) -> own<file>;
                }
                """);
        Resolve r = p.resolve();
        Interface files = r.interfaces().get(p.main().interfaces().get("files"));
        assertEquals("Files.", files.docs().contents().orElseThrow());
        int file = files.types().get("file");
        assertEquals("An open file.", r.types().get(file).docs().contents().orElseThrow());
        assertEquals(List.of("[constructor]file", "[method]file.read", "[static]file.open", "take"),
                new ArrayList<>(files.functions().keySet()));

        Function read = files.functions().get("[method]file.read");
        assertEquals("Reads.", read.docs().contents().orElseThrow());
        assertEquals(new FunctionKind.Method(file, false), read.kind());
        assertEquals("self", read.params().get(0).name());
        assertEquals(new TypeDefKind.Handle(true, file), kind(r, read.params().get(0).type()));
        assertEquals("read", read.itemName());

        Function ctor = files.functions().get("[constructor]file");
        assertEquals(new TypeDefKind.Handle(false, file), kind(r, ctor.result().orElseThrow()));

        // A resource named in a use position means own<resource>; `own<file>` is the same type.
        Function take = files.functions().get("take");
        assertEquals(new TypeDefKind.Handle(false, file), kind(r, take.params().get(0).type()));
        assertEquals(new TypeDefKind.Handle(true, file), kind(r, take.params().get(1).type()));
        assertEquals(take.params().get(0).type(), take.result().orElseThrow());
    }

    @Test
    void includeRenamesAndReownsWorldTypes() throws WitParseException {
        ResolvedPackage p = load("""
                package a:b;
                interface i { type t = u32; }
                world base {
                  use i.{t};
                  import f: func(x: t);
                  export g: func();
                }
                world top {
                  include base with { f as h }
                }
                """);
        Resolve r = p.resolve();
        World top = r.worlds().get(p.main().worlds().get("top"));
        List<String> imports = new ArrayList<>();
        top.imports().keySet().forEach(k -> imports.add(r.keyName(k)));
        assertEquals(List.of("a:b/i", "t", "h"), imports);
        assertTrue(top.exports().containsKey(new WorldKey.Name("g")));
        WorldItem.TypeItem t = (WorldItem.TypeItem) top.imports().get(new WorldKey.Name("t"));
        assertEquals(Optional.of("t"), r.types().get(t.typeId()).name());
        assertEquals(new dev.wasiotel.wit.parser.model.TypeOwner.OfWorld(p.main().worlds().get("top")),
                r.types().get(t.typeId()).owner());
        Function h = ((WorldItem.FunctionItem) top.imports().get(new WorldKey.Name("h"))).function();
        assertEquals("h", h.name());
        assertEquals(new Type.Ref(t.typeId()), h.params().get(0).type(), "the function uses the re-owned type");
    }

    @Test
    void exportDependingOnImportedAndExportedInterfaceIsRejected() {
        WitParseException e = assertThrows(WitParseException.class, () -> load("""
                package a:b;
                interface base { type t = u8; }
                interface mid { use base.{t}; }
                interface top { use mid.{t}; use base.{t as u}; }
                world w {
                  import mid;
                  export base;
                  export top;
                }
                """));
        assertTrue(e.diagnostic().message().contains("transitively depends on an interface in incompatible ways"),
                e.diagnostic().message());
    }

    @Test
    void unstableItemsFollowFeatures() throws WitParseException {
        String source = """
                package a:b;
                interface i {
                  @unstable(feature = fancy)
                  type t = u32;
                  @unstable(feature = fancy)
                  f: func(x: t);
                  g: func();
                }
                """;
        Interface off = iface(load(source), "i");
        Interface on = iface(load(source, WitOptions.DEFAULTS.withFeatures(Set.of("fancy"))), "i");
        assertEquals(Set.of("g"), off.functions().keySet());
        assertEquals(Set.of("f", "g"), on.functions().keySet());
        assertEquals(Set.of(), off.types().keySet());
        WitParseException e = assertThrows(WitParseException.class, () -> load("""
                package a:b;
                interface i {
                  @unstable(feature = fancy)
                  type t = u32;
                  f: func(x: t);
                }
                """));
        assertTrue(e.diagnostic().message().contains("excluded due to its feature not being activated"));
    }

    @Test
    void everyTypeKindResolves() throws WitParseException {
        ResolvedPackage p = load("""
                package a:b;
                interface all {
                  record r { a: u8, b: list<string>, c: option<tuple<s64, f32>>, }
                  variant v { none, some(r), many(list<r>) }
                  enum e { x, y }
                  flags f { p, q, }
                  type m = map<string, u32>;
                  type fixed = list<u8, 4>;
                  type res = result<_, e>;
                  type bare = result;
                  type fut = future<u32>;
                  type str = stream;
                  type ec = error-context;
                  type %type = u32;
                }
                """);
        Resolve r = p.resolve();
        Interface all = iface(p, "all");
        assertInstanceOf(TypeDefKind.Record.class, r.types().get(all.types().get("r")).kind());
        assertInstanceOf(TypeDefKind.Variant.class, r.types().get(all.types().get("v")).kind());
        assertInstanceOf(TypeDefKind.MapOf.class, r.types().get(all.types().get("m")).kind());
        assertEquals(4, ((TypeDefKind.FixedList) r.types().get(all.types().get("fixed")).kind()).size());
        assertEquals(new TypeDefKind.Result(Optional.empty(), Optional.empty()),
                r.types().get(all.types().get("bare")).kind());
        assertTrue(all.types().containsKey("type"), "%type is the name `type`");
    }

    private static Interface iface(ResolvedPackage p, String name) {
        return p.resolve().interfaces().get(p.main().interfaces().get(name));
    }

    private static TypeDefKind kind(Resolve r, Type type) {
        return r.types().get(((Type.Ref) type).id()).kind();
    }
}
