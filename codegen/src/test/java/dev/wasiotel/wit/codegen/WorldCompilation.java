package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.palantir.javapoet.JavaFile;
import dev.wasiotel.wit.parser.model.Resolve;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Generates one world and compiles the result, or checks that generation refuses it. */
final class WorldCompilation {
    static final GeneratorOptions OPTIONS = GeneratorOptions.withBasePackage("test.bindings");

    private WorldCompilation() {
    }

    /**
     * Generates and compiles world {@code worldId}; if the world uses what is not supported, checks
     * instead that generation throws a {@link CodegenException} whose message has a location.
     *
     * @return true if code was generated and compiled
     */
    static boolean check(Resolve resolve, int worldId, String label) {
        boolean unsupported = UnsupportedScan.usesUnsupported(resolve, worldId);
        if (unsupported) {
            CodegenException e = assertThrows(CodegenException.class,
                    () -> BindingsGenerator.generate(resolve, worldId, OPTIONS),
                    label + ": uses future/stream/error-context, generation must refuse it");
            assertTrue(e.getMessage().matches("(?s)`.+` in .+ at .+:\\d+:\\d+ is not supported yet: .+"),
                    label + ": message without location: " + e.getMessage());
            return false;
        }
        List<JavaFile> files;
        try {
            files = BindingsGenerator.generate(resolve, worldId, OPTIONS);
        } catch (CodegenException e) {
            throw new AssertionError(label + ": unexpected CodegenException: " + e.getMessage(), e);
        }
        dump(files, label);
        InMemoryJavac.Outcome outcome = InMemoryJavac.compile(files);
        if (!outcome.success()) {
            StringBuilder msg = new StringBuilder(label + ": generated code does not compile:\n")
                    .append(outcome.diagnostics());
            fail(msg.toString());
        }
        assertTrue(outcome.diagnostics().isEmpty(), label + ": warnings:\n" + outcome.diagnostics());
        // determinism: a second run gives the same text
        List<JavaFile> again = BindingsGenerator.generate(resolve, worldId, OPTIONS);
        assertTrue(files.toString().equals(again.toString()), label + ": output differs between runs");
        return true;
    }

    /** With {@code -Dcodegen.dump=DIR}, writes the generated sources under DIR for people to read. */
    private static void dump(List<JavaFile> files, String label) {
        String dir = System.getProperty("codegen.dump");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Path.of(dir).resolve(label.replaceAll("[^A-Za-z0-9._-]+", "_"));
        try {
            for (JavaFile f : files) {
                f.writeTo(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
