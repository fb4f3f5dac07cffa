package dev.wasiotel.wit.runtime.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallFilterTest {
    private static final CallSite WRITE = site("wasi:io/streams@0.2.0", "[method]output-stream.write");
    private static final CallSite NOW = site("wasi:clocks/monotonic-clock@0.2.0", "now");
    private static final CallSite ON_END = site("wasi:otel/tracing@0.2.0-rc.2", "on-end");
    private static final CallSite RUN = new CallSite(CallKind.EXPORT, null, "run", "/", null);

    private static CallSite site(String iface, String function) {
        return new CallSite(CallKind.IMPORT, iface, function, "/", null);
    }

    @Test
    void theEmptyFilterTracesEverything() {
        for (CallSite s : new CallSite[] {WRITE, NOW, ON_END, RUN}) {
            assertTrue(CallFilter.all().traces(s));
            assertTrue(CallFilter.parse("").traces(s));
            assertTrue(CallFilter.parse("  ").traces(s));
        }
    }

    @Test
    void excludesLeaveEverythingElse() {
        CallFilter f = CallFilter.parse("-wasi:io/*,-wasi:clocks/*");
        assertFalse(f.traces(WRITE));
        assertFalse(f.traces(NOW));
        assertTrue(f.traces(ON_END));
        assertTrue(f.traces(RUN));
    }

    @Test
    void includesLeaveNothingElse() {
        CallFilter f = CallFilter.parse("wasi:otel/*, +run");
        assertTrue(f.traces(ON_END));
        assertTrue(f.traces(RUN), "a world-level function or core export by its name");
        assertFalse(f.traces(WRITE));
        assertFalse(f.traces(NOW));
    }

    @Test
    void patternsMatchWithAndWithoutTheVersionAndByFunction() {
        assertTrue(CallFilter.parse("wasi:io/streams").traces(WRITE));
        assertTrue(CallFilter.parse("wasi:io/streams@0.2.0").traces(WRITE));
        assertFalse(CallFilter.parse("wasi:io/streams@0.2.1").traces(WRITE));
        assertTrue(CallFilter.parse("wasi:io/streams#[method]output-stream.*").traces(WRITE));
        assertTrue(CallFilter.parse("*#[method]output-stream.write").traces(WRITE));
        assertFalse(CallFilter.parse("wasi:io/streams#[method]input-stream.*").traces(WRITE));
        // '*' in an interface pattern does not reach into function names
        assertFalse(CallFilter.parse("wasi:otel/tracing@0.2.0-rc.2#on").traces(ON_END));
    }

    @Test
    void theLastMatchingPatternDecides() {
        CallFilter f = CallFilter.parse("-wasi:otel/*,wasi:otel/tracing#on-end");
        assertTrue(f.traces(ON_END));
        assertFalse(f.traces(site("wasi:otel/tracing@0.2.0-rc.2", "on-start")));
        assertTrue(f.traces(WRITE), "not matched, and the filter starts with an exclude: traced");
        assertFalse(CallFilter.parse("wasi:otel/tracing#on-end,-wasi:otel/*").traces(ON_END));
    }

    @Test
    void anEmptyPatternIsRefusedWithTheGrammar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CallFilter.parse("a,,b"));
        assertTrue(e.getMessage().contains("[+|-]PATTERN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CallFilter.parse("-"));
    }

    @Test
    void regexCharactersAreLiteral() {
        assertFalse(CallFilter.parse("wasi:io/stream.").traces(WRITE));
        assertTrue(CallFilter.parse("+wasi:io/str?ams").traces(WRITE) == false);
        assertEquals("wasi:io/streams#[method]output-stream.write", WRITE.spanName());
    }
}
