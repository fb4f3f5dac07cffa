package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorldSpecTest {
    private static final String WIT = """
            package my:app@1.0.0;

            world host {
            }

            world guest {
            }

            package other:pkg {
                world only {
                }
            }
            """;

    private static WorldSpec spec(String pkg, String version, String world) {
        return new WorldSpec(Optional.ofNullable(pkg), Optional.ofNullable(version), Optional.ofNullable(world));
    }

    @Test
    void parsesEveryForm() {
        assertEquals(spec(null, null, null), WorldSpec.parse(""));
        assertEquals(spec(null, null, "host"), WorldSpec.parse("host"));
        assertEquals(spec("wasi:otel", null, null), WorldSpec.parse("wasi:otel"));
        assertEquals(spec("wasi:otel", "0.2.0-rc.2", null), WorldSpec.parse("wasi:otel@0.2.0-rc.2"));
        assertEquals(spec("wasi:otel", null, "imports"), WorldSpec.parse("wasi:otel/imports"));
        assertEquals(spec("wasi:otel", "0.2.0-rc.2", "imports"), WorldSpec.parse("wasi:otel/imports@0.2.0-rc.2"));
        assertEquals(spec("wasi:otel", "0.2.0-rc.2", "imports"), WorldSpec.parse(" wasi:otel@0.2.0-rc.2/imports "));
    }

    @Test
    void rejectsWhatIsNotAWorld() {
        for (String bad : new String[] {"a:b/c/d", "a:b@1/c@2", ":b", "a:", "a:b/", "a b", "a:b@", "a:b@1 2", "x@1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorldSpec.parse(bad), bad);
            assertTrue(e.getMessage().contains("does not name a world"), e.getMessage());
        }
    }

    @Test
    void selectsInTheLoadedPackages() throws Exception {
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).loadSource("app.wit", WIT);
        var worlds = p.resolve().worlds();
        assertEquals("host", worlds.get(WorldSpec.parse("host").select(p)).name());
        assertEquals("guest", worlds.get(WorldSpec.parse("my:app/guest@1.0.0").select(p)).name());
        assertEquals("only", worlds.get(WorldSpec.parse("other:pkg").select(p)).name());

        IllegalArgumentException several = assertThrows(IllegalArgumentException.class,
                () -> WorldSpec.parse("my:app").select(p));
        assertTrue(several.getMessage().contains("host, guest") || several.getMessage().contains("guest, host"),
                several.getMessage());
        IllegalArgumentException unknownWorld = assertThrows(IllegalArgumentException.class,
                () -> WorldSpec.parse("my:app/nope").select(p));
        assertTrue(unknownWorld.getMessage().contains("has no world `nope`"), unknownWorld.getMessage());
        IllegalArgumentException wrongVersion = assertThrows(IllegalArgumentException.class,
                () -> WorldSpec.parse("my:app/host@2.0.0").select(p));
        assertTrue(wrongVersion.getMessage().contains("no WIT package `my:app@2.0.0` was loaded; packages found: "),
                wrongVersion.getMessage());
        assertTrue(wrongVersion.getMessage().contains("my:app@1.0.0"), wrongVersion.getMessage());
    }
}
