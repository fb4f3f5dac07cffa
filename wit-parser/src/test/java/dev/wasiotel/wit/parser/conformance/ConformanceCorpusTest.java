package dev.wasiotel.wit.parser.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasiotel.wit.parser.diag.Diagnostic;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of the WIT conformance corpus ({@code shared/conformance/wit-parser/MANIFEST.tsv})
 * through {@link dev.wasiotel.wit.parser.WitLoader}: accept cases must load, reject cases must throw
 * {@link WitParseException} (and nothing else) with a located, non-blank diagnostic. Cases tagged
 * {@code skip:} need a binary WIT decoder and are not run.
 */
class ConformanceCorpusTest {

    /** Accept cases in the manifest that are not skipped. */
    private static final int EXPECTED_ACCEPT = 72;
    /** Reject cases in the manifest. */
    private static final int EXPECTED_REJECT = 150;
    /** Skipped cases in the manifest. */
    private static final int EXPECTED_SKIPPED = 2;

    @TestFactory
    Stream<DynamicTest> acceptCasesLoad() {
        return Corpus.acceptCases().stream()
                .map(c -> DynamicTest.dynamicTest(c.path(), c.location().toUri(), () -> {
                    String problem = acceptProblem(c, Corpus.load(c));
                    if (problem != null) {
                        fail(problem);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> rejectCasesThrowWitParseException() {
        return Corpus.rejectCases().stream()
                .map(c -> DynamicTest.dynamicTest(c.path(), c.location().toUri(), () -> {
                    String problem = rejectProblem(c, Corpus.load(c));
                    if (problem != null) {
                        fail(problem);
                    }
                }));
    }

    /**
     * Guards against a silently empty or truncated corpus: the manifest must hold the expected
     * number of cases and every non-skipped one must be run.
     */
    @Test
    void everyNonSkippedCaseIsRun() {
        List<Corpus.Case> all = Corpus.cases();
        long skipped = all.stream().filter(Corpus.Case::skipped).count();
        List<Corpus.Case> accept = Corpus.acceptCases();
        List<Corpus.Case> reject = Corpus.rejectCases();
        assertEquals(EXPECTED_ACCEPT, accept.size(), "non-skipped accept cases in the manifest");
        assertEquals(EXPECTED_REJECT, reject.size(), "reject cases in the manifest");
        assertEquals(EXPECTED_SKIPPED, skipped, "skipped cases in the manifest");

        int acceptRun = 0;
        int acceptOk = 0;
        for (Corpus.Case c : accept) {
            acceptRun++;
            if (acceptProblem(c, Corpus.load(c)) == null) {
                acceptOk++;
            }
        }
        int rejectRun = 0;
        int rejectOk = 0;
        for (Corpus.Case c : reject) {
            rejectRun++;
            if (rejectProblem(c, Corpus.load(c)) == null) {
                rejectOk++;
            }
        }
        System.out.println("wit-parser conformance: " + acceptOk + " accepted ok, " + rejectOk + " rejected ok, "
                + skipped + " skipped (of " + acceptRun + " accept and " + rejectRun + " reject cases run)");
        assertEquals(EXPECTED_ACCEPT, acceptRun, "accept cases run");
        assertEquals(EXPECTED_REJECT, rejectRun, "reject cases run");
    }

    /** Why an accept case did not pass, or {@code null} if it loaded. */
    private static String acceptProblem(Corpus.Case c, Corpus.Outcome outcome) {
        Throwable error = outcome.error();
        if (error == null) {
            return null;
        }
        if (error instanceof WitParseException) {
            return c.path() + " must be accepted but was rejected:\n" + error.getMessage();
        }
        return c.path() + " must be accepted but the loader threw " + describe(error);
    }

    /** Why a reject case did not pass, or {@code null} if it was rejected properly. */
    private static String rejectProblem(Corpus.Case c, Corpus.Outcome outcome) {
        Throwable error = outcome.error();
        if (error == null) {
            return c.path() + " must be rejected but was accepted";
        }
        if (!(error instanceof WitParseException)) {
            return c.path() + " must be rejected with WitParseException but the loader threw " + describe(error);
        }
        List<Diagnostic> diagnostics = ((WitParseException) error).diagnostics();
        if (diagnostics == null || diagnostics.isEmpty()) {
            return c.path() + ": WitParseException without diagnostics";
        }
        Diagnostic d = diagnostics.get(0);
        if (d.line() < 1 || d.column() < 1 || d.message() == null || d.message().isBlank()) {
            return c.path() + ": badly formed diagnostic " + d;
        }
        return null;
    }

    /** A throwable's class and message, with the top of its stack trace. */
    private static String describe(Throwable t) {
        StringBuilder out = new StringBuilder(t.getClass().getName() + ": " + t.getMessage());
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 12); i++) {
            out.append("\n    at ").append(frames[i]);
        }
        return out.toString();
    }

    @Test
    void manifestCasesExistOnDisk() {
        for (Corpus.Case c : Corpus.cases()) {
            assertTrue(Files.exists(c.location()), "missing case " + c.location());
            if (c.accept()) {
                assertTrue(Files.exists(c.upstreamJson()), "missing upstream JSON " + c.upstreamJson());
            }
            assertFalse(c.path().isBlank());
        }
    }
}
