package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SemverTest {

    @Test
    void zeroMinorVersionsMatchWithinTheMinor() {
        assertTrue(Semver.compatible("wasi:cli/stdout@0.2.0", "wasi:cli/stdout@0.2.0"));
        assertTrue(Semver.compatible("wasi:cli/stdout@0.2.10", "wasi:cli/stdout@0.2.0"));
        assertTrue(Semver.compatible("wasi:cli/stdout@0.2.0", "wasi:cli/stdout@0.2.12"));
        assertFalse(Semver.compatible("wasi:cli/stdout@0.3.0", "wasi:cli/stdout@0.2.12"));
    }

    @Test
    void majorVersionsMatchWithinTheMajor() {
        assertTrue(Semver.compatible("a:b/c@1.0.0", "a:b/c@1.7.3"));
        assertFalse(Semver.compatible("a:b/c@2.0.0", "a:b/c@1.7.3"));
    }

    @Test
    void preReleasesAndZeroZeroMatchExactly() {
        assertTrue(Semver.compatible("wasi:otel/tracing@0.2.0-rc.2", "wasi:otel/tracing@0.2.0-rc.2"));
        assertFalse(Semver.compatible("wasi:otel/tracing@0.2.0-rc.2", "wasi:otel/tracing@0.2.0-rc.1"));
        assertFalse(Semver.compatible("wasi:otel/tracing@0.2.0-rc.2", "wasi:otel/tracing@0.2.0"));
        assertTrue(Semver.compatible("a:b/c@0.0.3", "a:b/c@0.0.3"));
        assertFalse(Semver.compatible("a:b/c@0.0.3", "a:b/c@0.0.4"));
    }

    @Test
    void canonicalVersionsWithoutASuffixMatchTheirCompatibilityClass() {
        // a name in the 0x02 encoding may carry only its canonical version (@0.2, @1, @0.0.3)
        assertTrue(Semver.compatible("wasi:cli/stdout@0.2", "wasi:cli/stdout@0.2.12"));
        assertFalse(Semver.compatible("wasi:cli/stdout@0.2", "wasi:cli/stdout@0.3.0"));
        assertTrue(Semver.compatible("a:b/c@1", "a:b/c@1.7.3"));
        assertTrue(Semver.compatible("a:b/c@0.0.3", "a:b/c@0.0.3"));
        // a pre-release is matched exactly, so it needs its suffix put back (ExternName.fullName)
        assertFalse(Semver.compatible("wasi:otel/tracing@0.2", "wasi:otel/tracing@0.2.0-rc.2"));
    }

    @Test
    void namesMustBeEqualAndVersionsPresentOnBothOrNeither() {
        assertFalse(Semver.compatible("wasi:cli/stdout@0.2.0", "wasi:cli/stderr@0.2.0"));
        assertTrue(Semver.compatible("test:x/y", "test:x/y"));
        assertFalse(Semver.compatible("test:x/y", "test:x/y@0.1.0"));
    }

    @Test
    void theNewestCompatibleVersionIsPreferred() {
        HostInterfaces host = new HostInterfaces(java.util.List.of(
                new HostInterface("wasi:cli/stdout@0.2.3", e -> java.util.List.of()),
                new HostInterface("wasi:cli/stdout@0.2.10", e -> java.util.List.of()),
                new HostInterface("wasi:cli/stdout@0.3.0", e -> java.util.List.of())),
                dev.wasiotel.wit.runtime.chicory.ExecutionMode.INTERPRETER);
        org.junit.jupiter.api.Assertions.assertEquals("wasi:cli/stdout@0.2.10", host.find("wasi:cli/stdout@0.2.0").name());
    }
}
