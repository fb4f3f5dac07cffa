package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Chicory 1.7.5 itself does, observed directly (the adapter's choices rest on these). If an
 * upgrade changes one of them, revisit {@link ChicoryGuestInstance} and {@link ChicoryTraps}.
 */
class ChicoryBehaviourTest {
    private static final String WAT = "(module\n"
            + "  (import \"h\" \"f\" (func $f (param i32) (result i32)))\n"
            + "  (func $deep (param i32) (result i32)\n"
            + "    (if (i32.eqz (local.get 0)) (then unreachable))\n"
            + "    (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))\n"
            + "  (func (export \"boom\") (result i32) (i32.add (i32.const 5) (call $deep (i32.const 3))))\n"
            + "  (func (export \"host\") (param i32) (result i32) (i32.add (i32.const 5) (call $f (local.get 0))))\n"
            + "  (func (export \"nested\") (result i32) (i32.add (i32.const 10) (call $deep2 (i32.const 2))))\n"
            + "  (func $deep2 (param i32) (result i32)\n"
            + "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 100))\n"
            + "      (else (i32.add (i32.const 1) (call $deep2 (i32.sub (local.get 0) (i32.const 1)))))))\n"
            + "  (func (export \"minus-one\") (result i32) (i32.const -1)))";

    private static Instance instance(RuntimeException hostFailure) {
        HostFunction f = new HostFunction("h", "f", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                (inst, args) -> {
                    if (args[0] != 0) {
                        throw hostFailure;
                    }
                    return new long[] {1};
                });
        return Instance.builder(Parser.parse(Wat.wasm(WAT)))
                .withImportValues(ImportValues.builder().addFunction(f).build())
                .build();
    }

    @Test
    void hostExceptionsEscapeTheInterpreterUnwrapped() {
        WitTrap trap = new WitTrap(WitTrap.Reason.INVALID_CHAR, "x");
        Instance instance = instance(trap);
        assertSame(trap, assertThrows(WitTrap.class, () -> instance.export("host").apply(1)));
    }

    @Test
    void guestTrapsAreTrapExceptions() {
        Instance instance = instance(new RuntimeException());
        TrapException e = assertThrows(TrapException.class, () -> instance.export("boom").apply());
        assertEquals("Trapped on unreachable instruction", e.getMessage());
    }

    @Test
    void anInstanceStillAnswersAfterATrap() {
        // Chicory's interpreter unwinds its call frames after a trap, but leaves the trapped
        // frames' operands on its value stack (it grows with every trap); later calls still
        // compute the right results. The adapter poisons the instance anyway, as the Component
        // Model requires; this records what the interpreter itself does.
        Instance instance = instance(new RuntimeException("host failure"));
        assertThrows(TrapException.class, () -> instance.export("boom").apply());
        assertArrayEquals(new long[] {112}, instance.export("nested").apply());
        assertThrows(RuntimeException.class, () -> instance.export("host").apply(1));
        assertArrayEquals(new long[] {6}, instance.export("host").apply(0));
        assertArrayEquals(new long[] {112}, instance.export("nested").apply());
    }

    @Test
    void i32ResultsAreSignExtended() {
        Instance instance = instance(new RuntimeException());
        assertArrayEquals(new long[] {-1L}, instance.export("minus-one").apply());
    }
}
