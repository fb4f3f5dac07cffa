package dev.wasiotel.engine.graalwasm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The host's fuzz regression corpus (host/src/test/resources/.../fuzz) on GraalWasm: every input
 * is refused the documented ways ({@link IllegalArgumentException} with a message, {@link
 * LinkException}, {@link WitTrap}, {@link ComponentFormatException}) or instantiated, as on
 * Chicory; nothing else escapes.
 */
class GraalWasmCorpusTest {
    private static final Path FUZZ = Path.of("..", "host", "src", "test", "resources", "dev", "wasiotel", "host", "fuzz");
    private static final GuestLimits LIMITS = GuestLimits.defaults().withMaxMemoryBytes(16L << 20)
            .withMaxTableElements(10_000).withMaxLiftBytesPerCall(1 << 20);
    private static GraalWasmEngine engine;

    @BeforeAll
    static void start() {
        engine = new GraalWasmEngine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static List<Path> inputs(String target) throws IOException {
        try (Stream<Path> files = Files.walk(FUZZ.resolve(target))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void coreModules() throws IOException {
        List<Path> inputs = inputs("CoreModuleFuzzTestInputs");
        assertTrue(inputs.size() > 10, "the corpus is there: " + inputs.size());
        for (Path input : inputs) {
            byte[] bytes = Files.readAllBytes(input);
            try {
                EngineModule module = engine.parse(bytes);
                engine.instantiate(module, (m, n) -> null, LIMITS);
            } catch (IllegalArgumentException e) {
                requireMessage(input, e);
            } catch (LinkException | WitTrap e) {
                // the documented refusals
            } catch (RuntimeException | Error e) {
                fail(input + ": " + e, e);
            }
        }
    }

    @Test
    void components() throws IOException {
        List<Path> inputs = inputs("ComponentFuzzTestInputs");
        assertTrue(inputs.size() > 10, "the corpus is there: " + inputs.size());
        ComponentHost host = ComponentHost.builder().engine(engine).limits(LIMITS).build();
        for (Path input : inputs) {
            byte[] bytes = Files.readAllBytes(input);
            try {
                host.instantiate(Component.load(bytes, engine));
            } catch (ComponentFormatException | LinkException | WitTrap e) {
                // the documented refusals
            } catch (IllegalArgumentException e) {
                requireMessage(input, e);
            } catch (RuntimeException | Error e) {
                fail(input + ": " + e, e);
            }
        }
    }

    private static void requireMessage(Path input, IllegalArgumentException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            fail(input + ": a refusal without a message", e);
        }
    }
}
