package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngines;
import org.junit.jupiter.api.Test;

/** {@code --engine} and {@link ComponentHost.Builder#engine}: engines by name, Chicory by default. */
class EngineOptionTest {

    @Test
    void chicoryIsFoundByNameAndIsTheDefault() {
        assertTrue(WasmEngines.available().contains("chicory"), WasmEngines.available()::toString);
        assertEquals("chicory", WasmEngines.DEFAULT);
        assertInstanceOf(ChicoryEngine.class, WasmEngines.named("chicory"));
    }

    @Test
    void anUnknownEngineNameListsTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComponentHost.builder().engine("v8"));
        assertTrue(e.getMessage().contains("unknown engine \"v8\""), e.getMessage());
        assertTrue(e.getMessage().contains("available: " + String.join(", ", WasmEngines.available())), e.getMessage());
        assertTrue(e.getMessage().contains("chicory"), e.getMessage());
    }

    @Test
    void anUnknownEngineOnTheCommandLineIsAUsageErrorBeforeTheGuestIsRead() {
        CliRun run = CliRun.of("run", "--engine", "v8", "no-such-guest.wasm");
        assertEquals(2, run.exitCode, run::toString);
        assertTrue(run.err.contains("--engine: unknown engine \"v8\"; available: chicory"), run::toString);
        assertFalse(run.err.contains("no-such-guest"), run::toString);
        assertFalse(run.err.contains("\tat "), run::toString);
    }

    @Test
    void chicoryByNameRunsLikeTheDefault() {
        CliRun run = CliRun.of("run", "--engine", "chicory", "no-such-guest.wasm");
        assertEquals(66, run.exitCode, run::toString); // past the engine, to reading the guest
    }

    @Test
    void chicorysOwnOptionsWithAnotherEngineAreAUsageError() {
        // the only other engine may be absent here (it needs Java 21+): a test provider stands in
        CliRun run = CliRun.of("run", "--engine", "test-engine", "--compiler", "no-such-guest.wasm");
        assertEquals(2, run.exitCode, run::toString);
        assertTrue(run.err.contains("--compiler applies to the chicory engine, not to --engine test-engine"),
                run::toString);
    }

    @Test
    void helpDocumentsTheEngineOption() {
        CliRun run = CliRun.of("run", "--help");
        assertTrue(run.out.contains("--engine") && run.out.contains("graalwasm"), run::toString);
    }
}
