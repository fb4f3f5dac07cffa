package dev.wasiotel.wit.parser.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares, for every non-skipped accept case of the conformance corpus, the model our loader
 * builds with the upstream {@code <case>.wit.json}. Both are rendered to the index-free canonical
 * form of {@link CanonicalModel} (packages, interfaces, named types, functions, world imports and
 * exports, feature gates) and every difference is reported. Docs are not compared.
 */
class UpstreamJsonComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> modelMatchesUpstreamJson() {
        AtomicInteger same = new AtomicInteger();
        AtomicInteger differ = new AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        List<String> summary = new ArrayList<>();
        Stream<DynamicTest> cases = Corpus.acceptCases().stream()
                .map(c -> DynamicTest.dynamicTest(c.path(), c.location().toUri(), () -> {
                    Corpus.Outcome outcome = Corpus.load(c);
                    if (outcome.error() != null) {
                        broken.incrementAndGet();
                        summary.add(c.path() + ": not loaded (" + outcome.error() + ")");
                        fail(c.path() + " did not load, nothing to compare: " + outcome.error());
                    }
                    List<String> diffs = differences(CanonicalJson.of(readJson(c.upstreamJson())),
                            CanonicalModel.of(outcome.result().resolve()));
                    if (diffs.isEmpty()) {
                        same.incrementAndGet();
                        summary.add(c.path() + ": same");
                        return;
                    }
                    differ.incrementAndGet();
                    String report = c.path() + ": " + diffs.size() + " difference(s) from the upstream JSON\n  "
                            + String.join("\n  ", diffs);
                    summary.add(report);
                    System.out.println("[upstream-json] " + report);
                    fail(report);
                }));
        DynamicTest total = DynamicTest.dynamicTest("summary", () -> {
            System.out.println("[upstream-json] per case:\n  " + String.join("\n  ", summary));
            System.out.println("wit-parser upstream JSON comparison: " + same + " same, " + differ + " differ, "
                    + broken + " not loaded");
        });
        return Stream.concat(cases, Stream.of(total));
    }

    /**
     * Every difference between two canonical forms, one line each, in key order: entries only
     * upstream has ({@code missing}), entries only we have ({@code unexpected}), and entries whose
     * rendering differs.
     */
    static List<String> differences(SortedMap<String, String> expected, SortedMap<String, String> actual) {
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        List<String> out = new ArrayList<>();
        for (String key : keys) {
            String want = expected.get(key);
            String got = actual.get(key);
            if (got == null) {
                out.add("missing:    " + key + " = " + want);
            } else if (want == null) {
                out.add("unexpected: " + key + " = " + got);
            } else if (!want.equals(got)) {
                out.add("differs:    " + key + "\n      expected: " + want + "\n      actual:   " + got);
            }
        }
        return out;
    }

    private static JsonNode readJson(Path path) {
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }

    private static Corpus.Case acceptCase(String path) {
        return Corpus.acceptCases().stream().filter(c -> c.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no accept case " + path));
    }

    // ---- the comparison itself must be able to fail ----

    /** Our model of one case against the upstream JSON of another must show differences. */
    @Test
    void modelOfOneCaseDiffersFromJsonOfAnother() {
        Corpus.Outcome outcome = Corpus.load(acceptCase("pass/resources.wit"));
        assertNull(outcome.error(), () -> "pass/resources.wit did not load: " + outcome.error());
        List<String> diffs = differences(CanonicalJson.of(readJson(acceptCase("pass/functions.wit").upstreamJson())),
                CanonicalModel.of(outcome.result().resolve()));
        assertFalse(diffs.isEmpty(), "a model compared with another case's JSON must differ");
    }

    /** The JSON renderer tells cases apart, and agrees with itself. */
    @Test
    void jsonOfDifferentCasesDiffers() {
        JsonNode resources = readJson(acceptCase("pass/resources.wit").upstreamJson());
        JsonNode functions = readJson(acceptCase("pass/functions.wit").upstreamJson());
        assertEquals(List.of(), differences(CanonicalJson.of(resources), CanonicalJson.of(resources)));
        assertFalse(differences(CanonicalJson.of(functions), CanonicalJson.of(resources)).isEmpty());
    }

    /**
     * Upstream JSON for:
     *
     * <pre>
     * package a:b@1.0.0;
     * interface i {
     *   resource r { m: func() -> list&lt;u8&gt;; }
     *   type t = u32;
     *   f: func(x: t) -> result&lt;t, string&gt;;
     * }
     * world w { import i; export g: func(); }
     * </pre>
     */
    private static final String HAND_JSON = """
            {
              "worlds": [
                {"name": "w", "package": 0,
                 "imports": {"interface-0": {"interface": {"id": 0}}},
                 "exports": {"g": {"function": {"name": "g", "kind": "freestanding", "params": []}}}}
              ],
              "interfaces": [
                {"name": "i", "package": 0, "types": {"r": 0, "t": 1},
                 "functions": {
                   "[method]r.m": {"name": "[method]r.m", "kind": {"method": 0},
                                   "params": [{"name": "self", "type": 2}], "result": 3},
                   "f": {"name": "f", "kind": "freestanding",
                         "params": [{"name": "x", "type": 1}], "result": 4}}}
              ],
              "types": [
                {"name": "r", "kind": "resource", "owner": {"interface": 0}},
                {"name": "t", "kind": {"type": "u32"}, "owner": {"interface": 0}},
                {"name": null, "kind": {"handle": {"borrow": 0}}, "owner": null},
                {"name": null, "kind": {"list": "u8"}, "owner": null},
                {"name": null, "kind": {"result": {"ok": 1, "err": "string"}}, "owner": null}
              ],
              "packages": [
                {"name": "a:b@1.0.0", "interfaces": {"i": 0}, "worlds": {"w": 0}}
              ]
            }
            """;

    /** Our model of the WIT in {@link #HAND_JSON}, with {@code paramType} as the type of {@code f}'s x. */
    private static Resolve handModel(Type paramType) {
        Span span = Span.startOf(new SourceFile("hand.wit", ""));
        List<TypeDef> types = List.of(
                new TypeDef(Optional.of("r"), new TypeDefKind.Resource(), new TypeOwner.OfInterface(0), Docs.NONE,
                        Stability.UNKNOWN, span),
                new TypeDef(Optional.of("t"), new TypeDefKind.Alias(Type.Primitive.U32), new TypeOwner.OfInterface(0),
                        Docs.NONE, Stability.UNKNOWN, span),
                // arena order differs from upstream on purpose: it must not matter
                new TypeDef(Optional.empty(), new TypeDefKind.Result(Optional.of(new Type.Ref(1)),
                        Optional.of(Type.Primitive.STRING)), TypeOwner.NONE, Docs.NONE, Stability.UNKNOWN, span),
                new TypeDef(Optional.empty(), new TypeDefKind.Handle(true, 0), TypeOwner.NONE, Docs.NONE,
                        Stability.UNKNOWN, span),
                new TypeDef(Optional.empty(), new TypeDefKind.ListOf(Type.Primitive.U8), TypeOwner.NONE, Docs.NONE,
                        Stability.UNKNOWN, span));
        Map<String, Function> functions = new LinkedHashMap<>();
        functions.put("[method]r.m", new Function("[method]r.m", new FunctionKind.Method(0, false),
                List.of(new Function.Param("self", new Type.Ref(3))), Optional.of(new Type.Ref(4)), Docs.NONE,
                Stability.UNKNOWN, span));
        functions.put("f", new Function("f", new FunctionKind.Freestanding(false),
                List.of(new Function.Param("x", paramType)), Optional.of(new Type.Ref(2)), Docs.NONE,
                Stability.UNKNOWN, span));
        Map<String, Integer> ifaceTypes = new LinkedHashMap<>();
        ifaceTypes.put("r", 0);
        ifaceTypes.put("t", 1);
        Interface iface = new Interface(Optional.of("i"), ifaceTypes, functions, OptionalInt.of(0), Docs.NONE,
                Stability.UNKNOWN, span);
        Function g = new Function("g", new FunctionKind.Freestanding(false), List.of(), Optional.empty(), Docs.NONE,
                Stability.UNKNOWN, span);
        World world = new World("w",
                Map.of(new WorldKey.OfInterface(0), new WorldItem.InterfaceItem(0, Stability.UNKNOWN, Docs.NONE)),
                Map.of(new WorldKey.Name("g"), new WorldItem.FunctionItem(g)), 0, Docs.NONE, Stability.UNKNOWN, span);
        Package pkg = new Package(new PackageName("a", "b", Optional.of(Version.parse("1.0.0"))), Map.of("i", 0),
                Map.of("w", 0), Docs.NONE);
        return new Resolve(List.of(pkg), List.of(iface), List.of(world), types);
    }

    /** A hand-built model equal to the hand-written JSON compares equal; a changed one does not. */
    @Test
    void handBuiltModelAgainstHandWrittenJson() throws IOException {
        SortedMap<String, String> expected = CanonicalJson.of(JSON.readTree(HAND_JSON));
        assertEquals(List.of(), differences(expected, CanonicalModel.of(handModel(new Type.Ref(1)))));
        assertEquals("method(a:b/i@1.0.0.r)(self: borrow<a:b/i@1.0.0.r>) -> list<u8>",
                expected.get("package a:b@1.0.0 / interface i / func [method]r.m"));
        assertEquals("interface a:b/i@1.0.0", expected.get("package a:b@1.0.0 / world w / import a:b/i@1.0.0"));

        List<String> diffs = differences(expected, CanonicalModel.of(handModel(Type.Primitive.U32)));
        assertEquals(1, diffs.size(), () -> String.join("\n", diffs));
        assertTrue(diffs.get(0).contains("func f") && diffs.get(0).contains("x: a:b/i@1.0.0.t")
                && diffs.get(0).contains("x: u32"), diffs.get(0));
    }
}
