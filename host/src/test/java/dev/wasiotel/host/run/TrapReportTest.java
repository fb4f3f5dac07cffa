package dev.wasiotel.host.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exported stack trace of a guest trap is the trap and the guest's frames, not the host's Java
 * stack: a stack overflow's Java trace is tens of kilobytes of interpreter frames.
 */
class TrapReportTest {
    /** {@code deep(n)} recurses n times, then traps; {@code forever} recurses until the stack is exhausted. */
    private static final byte[] WASM = Wat2Wasm.parse("""
            (module
              (func $deep (param i32)
                (if (local.get 0)
                  (then (call $deep (i32.sub (local.get 0) (i32.const 1))))
                  (else unreachable)))
              (func $forever (call $forever))
              (func (export "trap") (call $deep (i32.const 3)))
              (func (export "overflow") (call $forever)))
            """);

    @Test
    void aCompiledTrapListsTheGuestFramesInnermostFirst() {
        WitTrap trap = trap(ExecutionMode.COMPILER, "trap");
        // deep(0) traps, called by deep(1..3), called by the export (function 2)
        assertEquals(List.of("0", "0", "0", "0", "2"), TrapReport.guestFrames(trap));
        assertEquals("dev.wasiotel.wit.runtime.WitTrap: " + trap.getMessage()
                + "\n\tat wasm function 0 (4 frames)\n\tat wasm function 2", TrapReport.stackTrace(trap));
    }

    @Test
    void anInterpretedTrapHasItsReasonOnly() {
        WitTrap trap = trap(ExecutionMode.INTERPRETER, "trap");
        assertTrue(trap.getMessage().contains("unreachable"), trap.getMessage());
        assertEquals("dev.wasiotel.wit.runtime.WitTrap: " + trap.getMessage(), TrapReport.stackTrace(trap));
    }

    @Test
    void aStackOverflowIsShortInBothModes() {
        for (ExecutionMode mode : ExecutionMode.values()) {
            WitTrap trap = trap(mode, "overflow");
            StringWriter full = new StringWriter();
            trap.printStackTrace(new PrintWriter(full));
            String shortTrace = TrapReport.stackTrace(trap);
            assertTrue(full.toString().length() > 20_000, mode + ": the Java trace is long: "
                    + full.toString().length());
            assertTrue(shortTrace.length() < 1_000, mode + ": " + shortTrace);
            assertTrue(shortTrace.startsWith("dev.wasiotel.wit.runtime.WitTrap: guest-trap: "), shortTrace);
            assertFalse(shortTrace.contains("InterpreterMachine") || shortTrace.contains(".java:"), shortTrace);
        }
    }

    @Test
    void longStacksAreCutWithACount() {
        RuntimeException deep = new RuntimeException("deep");
        StackTraceElement[] frames = new StackTraceElement[100];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("com.dylibso.chicory.$gen.CompiledMachineFuncGroup_0", "func_" + i,
                    null, -1);
        }
        deep.setStackTrace(frames);
        WitTrap trap = new WitTrap(WitTrap.Reason.GUEST_TRAP, "deep", deep);
        String text = TrapReport.stackTrace(trap);
        assertEquals(1 + TrapReport.MAX_FRAMES + 1, text.split("\n").length, text);
        assertTrue(text.endsWith("\n\t... " + (100 - TrapReport.MAX_FRAMES) + " more guest frames"), text);
        assertTrue(text.contains("\n\tat wasm function 0\n\tat wasm function 1\n"), text);
    }

    private static WitTrap trap(ExecutionMode mode, String export) {
        return assertThrows(WitTrap.class,
                () -> ChicoryHost.builder().executionMode(mode).build().instantiate(WASM).call(export));
    }
}
