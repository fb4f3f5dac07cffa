package dev.wasiotel.wit.parser.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.Diagnostic;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jazzer target for the WIT parser: any bytes, read as UTF-8 WIT source, are loaded with {@link
 * WitLoader#loadSource} under the default options and under every option at once. The only
 * acceptable failure is a {@link WitParseException} whose diagnostics are well formed (line and
 * column from 1, a message that is neither blank nor the parser's "internal error" safety net, a
 * rendering that does not throw); anything else escaping — a runtime exception, a {@code
 * StackOverflowError}, an {@code OutOfMemoryError} — is a finding.
 *
 * <p>In a normal build this runs over the committed inputs in {@code
 * src/test/resources/dev/wasiotel/wit/parser/fuzz/WitParserFuzzTestInputs/loadSource/} (the shared
 * WIT packages and every finding so far); {@code fuzz/campaign.sh wit-parser DURATION} fuzzes it.
 */
class WitParserFuzzTest {
    private static final List<WitOptions> OPTIONS = List.of(
            WitOptions.DEFAULTS, WitOptions.DEFAULTS.withAllFeatures().withLegacyFloatNames());

    @FuzzTest
    void loadSource(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        for (WitOptions options : OPTIONS) {
            try {
                new WitLoader(options).loadSource("fuzz.wit", text).main();
            } catch (WitParseException e) {
                check(e, text);
            }
        }
    }

    private static void check(WitParseException e, String text) {
        List<Diagnostic> diagnostics = e.diagnostics();
        if (diagnostics == null || diagnostics.isEmpty()) {
            throw new AssertionError("WitParseException without diagnostics", e);
        }
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        for (Diagnostic d : diagnostics) {
            String problem = d.line() < 1 ? "line < 1"
                    : d.column() < 1 ? "column < 1"
                    : d.message() == null || d.message().isBlank() ? "blank message"
                    : d.message().startsWith("internal error") ? "internal error"
                    : d.file() == null || d.sourceLine() == null ? "no file or source line"
                    : d.file().equals("fuzz.wit") && d.line() > lines ? "line past the end"
                    : null;
            if (problem != null) {
                throw new AssertionError("bad diagnostic (" + problem + "): " + d, e);
            }
            d.render();
        }
    }
}
