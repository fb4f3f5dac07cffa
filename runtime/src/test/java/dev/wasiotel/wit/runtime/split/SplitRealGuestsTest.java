package dev.wasiotel.wit.runtime.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guests our toolchains build, split: with a small threshold (many functions outlined) every core module
 * still validates and keeps every section but the type, function and code sections byte for byte; the JS
 * guest's main module with the default threshold has no function left above it.
 */
class SplitRealGuestsTest {
    private static final List<String> NATIVE_GUESTS = List.of("c-otel/c-otel.wasm", "c-otel/c-otel-rc2-tag.wasm",
            "c-http/c-http.wasm", "observe-guest/observe-guest.wasm", "as-otel/as-otel.wasm", "wat-otel/wat-otel.wasm");
    private static final Path JS = CoreModules.GUESTS.resolve("js-otel-sdk/js-otel-sdk.wasm");

    @Test
    void everyCoreModuleOfTheNativeGuestsSplitSmallStillValidates() throws Exception {
        int added = 0;
        for (String guest : NATIVE_GUESTS) {
            for (byte[] module : CoreModules.of(CoreModules.GUESTS.resolve(guest))) {
                SplitResult r = FunctionSplitter.split(module, new SplitOptions(256, 96, 100, 100));
                added += r.functionsAdded();
                Runs.parse(r.module());
                assertOtherSectionsUnchanged(module, r.module(), guest);
            }
        }
        assertTrue(added > 50, "a small threshold outlines many functions: " + added);
    }

    @Test
    void theJsGuestsMainModuleSplitSmallStillValidates() throws Exception {
        byte[] module = CoreModules.largest(JS);
        SplitResult r = FunctionSplitter.split(module, new SplitOptions(2048, 512, 100, 100));
        System.out.println("JS main module, threshold 2048: " + r.split().size() + " functions split, "
                + r.functionsAdded() + " added, " + r.leftOversized().size() + " left above the threshold");
        assertTrue(r.functionsAdded() > 1000, "added " + r.functionsAdded());
        Runs.parse(r.module());
        assertOtherSectionsUnchanged(module, r.module(), "js-otel-sdk");
    }

    @Test
    void theJsGuestsMainModuleWithTheDefaultThresholdHasNothingLeftAboveIt() throws Exception {
        byte[] module = CoreModules.largest(JS);
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = bean.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        SplitResult r = FunctionSplitter.split(module, SplitOptions.defaults());
        long millis = (System.nanoTime() - start) / 1_000_000;
        allocated = bean.getCurrentThreadAllocatedBytes() - allocated;
        int largest = 0;
        ModuleInfo info = ModuleInfo.parse(r.module());
        for (int i = 0; i < info.bodyStart.length; i++) {
            largest = Math.max(largest, info.bodySize(i));
        }
        System.out.println("JS main module, default threshold " + SplitOptions.DEFAULT_THRESHOLD + ": "
                + r.split().size() + " functions split, " + r.functionsAdded() + " added, largest body now " + largest
                + " bytes, module " + module.length + " -> " + r.module().length + " bytes, " + millis + " ms, "
                + allocated / (1024 * 1024) + " MiB allocated");
        r.split().forEach(s -> System.out.println("  " + s));
        assertEquals(List.of(), r.leftOversized());
        assertTrue(largest <= SplitOptions.DEFAULT_THRESHOLD, "largest " + largest);
        assertTrue(r.split().size() >= 7, "the 7 functions Chicory could not compile, at least");
        Runs.parse(r.module());
        assertArrayEquals(r.module(), FunctionSplitter.split(module, SplitOptions.defaults()).module(), "deterministic");
    }

    /** Every section but type (1), function (3) and code (10) is the same, in the same order. */
    private static void assertOtherSectionsUnchanged(byte[] before, byte[] after, String what) {
        List<String> a = otherSections(before);
        List<String> b = otherSections(after);
        assertEquals(a, b, what);
    }

    private static List<String> otherSections(byte[] module) {
        ModuleInfo m = ModuleInfo.parse(module);
        List<String> out = new ArrayList<>();
        for (ModuleInfo.Section s : m.sections) {
            if (s.id() == 1 || s.id() == 3 || s.id() == 10) {
                out.add("section " + s.id());
            } else {
                out.add(s.id() + ":" + java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(module, s.contentStart(), s.end())));
            }
        }
        return out;
    }
}
