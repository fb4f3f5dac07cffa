package dev.wasiotel.wit.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every WIT package under ../shared/wit resolves, with the contents we rely on later. */
class SharedWitTest {
    static Path shared() {
        return Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"));
    }

    private static Path wit(String name) {
        return shared().resolve("wit").resolve(name);
    }

    private static Set<String> importNames(Resolve r, World w) {
        Set<String> names = new TreeSet<>();
        for (WorldKey k : w.imports().keySet()) {
            names.add(r.keyName(k));
        }
        return names;
    }

    @Test
    void wasiOtelMain() throws WitParseException {
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).load(wit("wasi-otel"));
        Resolve r = p.resolve();
        assertEquals("wasi:otel@0.2.0-rc.2", p.main().name().toString());
        World imports = r.worlds().get(r.selectWorld(p.mainPackage(), Optional.empty()));
        // Elaboration imports what the otel interfaces `use`, transitively (monotonic-clock needs poll).
        assertEquals(Set.of("wasi:clocks/wall-clock@0.2.0", "wasi:clocks/monotonic-clock@0.2.0",
                "wasi:io/poll@0.2.0", "wasi:otel/types@0.2.0-rc.2",
                "wasi:otel/tracing@0.2.0-rc.2", "wasi:otel/metrics@0.2.0-rc.2", "wasi:otel/logs@0.2.0-rc.2"),
                importNames(r, imports));
        Interface tracing = r.interfaces().get(p.main().interfaces().get("tracing"));
        assertTrue(tracing.functions().containsKey("current-span-context"), tracing.functions().keySet()::toString);
        assertTrue(tracing.docs().contents().isPresent() || tracing.functions().values().stream()
                .anyMatch(f -> f.docs().contents().isPresent()), "docs are kept");
    }

    @Test
    void wasiOtelRc2TagHasOuterSpanContext() throws WitParseException {
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).load(wit("wasi-otel-0.2.0-rc.2-tag"));
        Interface tracing = p.resolve().interfaces().get(p.main().interfaces().get("tracing"));
        assertTrue(tracing.functions().containsKey("outer-span-context"));
    }

    @Test
    void wasiObserveNeedsLegacyFloatNames() throws WitParseException {
        WitParseException e = assertThrows(WitParseException.class,
                () -> new WitLoader(WitOptions.DEFAULTS).load(wit("wasi-observe")));
        assertTrue(e.diagnostic().message().contains("`float64` does not exist"), e.diagnostic().message());
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS.withLegacyFloatNames()).load(wit("wasi-observe"));
        assertEquals("wasi:observe", p.main().name().toString());
        assertTrue(p.main().interfaces().containsKey("tracer"));
    }

    @Test
    void oldFloatTypesStillRejectedByDefault() {
        Path c = shared().resolve("conformance/wit-parser/fail/old-float-types.wit");
        assertThrows(WitParseException.class, () -> new WitLoader(WitOptions.DEFAULTS).load(c));
    }

    @ParameterizedTest
    @ValueSource(strings = {"io", "clocks", "random", "filesystem", "sockets", "cli", "http"})
    void wasi02PackageWithSiblingsAsDeps(String name) throws WitParseException {
        for (WitOptions options : List.of(WitOptions.DEFAULTS, WitOptions.DEFAULTS.withAllFeatures())) {
            ResolvedPackage p = new WitLoader(options).load(wit("wasi-0.2/" + name), List.of(wit("wasi-0.2")));
            assertEquals("wasi:" + name + "@0.2.12", p.main().name().toString());
            assertTrue(p.main().worlds().containsKey("imports") || p.main().worlds().size() > 0);
        }
    }

    @Test
    void featureGatesFollowOptions() throws WitParseException {
        Path clocks = wit("wasi-0.2/clocks");
        List<Path> roots = List.of(wit("wasi-0.2"));
        ResolvedPackage off = new WitLoader(WitOptions.DEFAULTS).load(clocks, roots);
        ResolvedPackage on = new WitLoader(WitOptions.DEFAULTS.withFeatures(Set.of("clocks-timezone")))
                .load(clocks, roots);
        assertTrue(!off.main().interfaces().containsKey("timezone"));
        assertTrue(on.main().interfaces().containsKey("timezone"));
    }
}
