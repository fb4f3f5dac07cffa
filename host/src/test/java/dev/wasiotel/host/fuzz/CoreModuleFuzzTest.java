package dev.wasiotel.host.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ChicoryModule;

/**
 * Jazzer target for the core-module path {@code wasi-otel run} takes for a core module: any bytes
 * are parsed with {@link ChicoryHost#parse} and instantiated with every host function the CLI
 * provides (see {@link RunHosts}), under the limits of {@link ComponentFuzzTest}. Acceptable
 * failures: {@link IllegalArgumentException} with a message (not a valid module, from parsing or
 * linking), {@link
 * LinkException} and {@link WitTrap} (a trap while the module is initialised); anything else
 * escaping is a finding.
 */
class CoreModuleFuzzTest {
    @FuzzTest
    void instantiate(byte[] input) {
        ChicoryModule module;
        try {
            module = ChicoryHost.parse(input);
        } catch (IllegalArgumentException e) {
            requireMessage(e);
            return;
        }
        try (RunHosts hosts = new RunHosts()) {
            ChicoryHost.builder().limits(ComponentFuzzTest.LIMITS).addAll(hosts.functions(StringEncoding.UTF8))
                    .build().instantiate(module);
        } catch (IllegalArgumentException e) {
            requireMessage(e); // invalid in a way only linking finds (e.g. an export of an undefined memory)
        } catch (LinkException | WitTrap e) {
            // the documented refusals
        }
    }

    private static void requireMessage(IllegalArgumentException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a message", e);
        }
    }
}
