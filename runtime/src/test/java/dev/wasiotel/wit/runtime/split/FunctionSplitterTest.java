package dev.wasiotel.wit.runtime.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Splits small WAT functions with tiny thresholds, so that every construct ends up inside or around an
 * outlined region, and checks the split module validates and computes what the original computes.
 */
class FunctionSplitterTest {
    private static final Map<String, byte[]> WAT = new ConcurrentHashMap<>();
    /** Piece targets from tiny (many small regions) to larger (regions holding whole structures). */
    private static final int[] TARGETS = {8, 12, 16, 24, 32, 48, 64, 96, 128, 192};

    static byte[] wasm(String wat) {
        return WAT.computeIfAbsent(wat, Wat2Wasm::parse).clone();
    }

    /** Splits with every target, checks equal outcomes on every input; returns how many functions were added. */
    static int assertSameBehaviour(String wat, String export, List<long[]> inputs) {
        byte[] original = wasm(wat);
        WasmModule before = Runs.parse(original);
        List<String> expected = new ArrayList<>();
        for (long[] in : inputs) {
            expected.add(Runs.outcome(before, export, in));
        }
        int added = 0;
        for (int target : TARGETS) {
            // a threshold below every function: split until no outlining makes a piece smaller
            SplitOptions options = new SplitOptions(4, target, 100, 100);
            SplitResult r = FunctionSplitter.split(original, options);
            added += r.functionsAdded();
            WasmModule after = Runs.parse(r.module());
            for (int i = 0; i < inputs.size(); i++) {
                assertEquals(expected.get(i), Runs.outcome(after, export, inputs.get(i)),
                        "target " + target + ", input " + java.util.Arrays.toString(inputs.get(i)));
            }
            assertArrayEquals(r.module(), FunctionSplitter.split(original, options).module(), "deterministic");
        }
        return added;
    }

    static List<long[]> grid(long from, long to, long step, int arity) {
        List<long[]> out = new ArrayList<>();
        for (long a = from; a <= to; a += step) {
            long[] in = new long[arity];
            for (int i = 0; i < arity; i++) {
                in[i] = a * (i + 1) + i;
            }
            out.add(in);
        }
        return out;
    }

    @Test
    void switchOfNestedBlocksAndBrTableInALoop() {
        String wat = """
                (module (func (export "f") (param $x i32) (param $n i32) (result i32)
                  (local $acc i32) (local $i i32)
                  (loop $top
                    (block $exit
                      (block $c2 (block $c1 (block $c0
                          (br_table $c0 $c1 $c2 $exit (i32.and (i32.add (local.get $x) (local.get $i)) (i32.const 3))))
                        (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $i) (i32.const 3))))
                        (br $exit))
                      (local.set $acc (i32.xor (local.get $acc) (i32.const 0x55)))
                      (br_if $exit (i32.gt_u (local.get $acc) (i32.const 1000)))
                      (local.set $acc (i32.add (local.get $acc) (i32.const 7))))
                    (local.set $acc (i32.sub (local.get $acc) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
                  (local.get $acc)))
                """;
        assertTrue(assertSameBehaviour(wat, "f", grid(0, 40, 1, 2)) > 0);
    }

    @Test
    void loopsWithBranchesOutOfTheRegionAndBrIf() {
        String wat = """
                (module (func (export "f") (param $x i32) (result i32)
                  (local $i i32) (local $s i32)
                  (block $done
                    (loop $l
                      (local.set $s (i32.add (local.get $s) (i32.rem_u (local.get $x) (i32.add (local.get $i) (i32.const 1)))))
                      (br_if $done (i32.gt_u (local.get $s) (i32.const 200)))
                      (if (i32.eq (local.get $i) (i32.const 13)) (then (br $done)))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br_if $l (i32.lt_u (local.get $i) (i32.const 30)))))
                  (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const 1000)))))
                """;
        assertTrue(assertSameBehaviour(wat, "f", grid(0, 300, 7, 1)) > 0);
    }

    @Test
    void returnFromInsideARegionWithValues() {
        String wat = """
                (module (func (export "f") (param $x i32) (param $y i64) (result i32 i64)
                  (local $t i32)
                  (local.set $t (i32.mul (local.get $x) (i32.const 3)))
                  (if (i32.gt_s (local.get $t) (i32.const 30))
                    (then (return (i32.add (local.get $t) (i32.const 1)) (i64.mul (local.get $y) (i64.const 2)))))
                  (local.set $t (i32.add (local.get $t) (i32.wrap_i64 (local.get $y))))
                  (if (i32.eqz (i32.and (local.get $t) (i32.const 1)))
                    (then (local.set $t (i32.const -5)) (return (local.get $t) (i64.const 77))))
                  (local.get $t) (i64.extend_i32_s (local.get $x))))
                """;
        assertTrue(assertSameBehaviour(wat, "f", grid(-5, 20, 1, 2)) > 0);
    }

    @Test
    void exitsCarryingBlockResultsAndBrTableWithValues() {
        String wat = """
                (module (func (export "f") (param $x i32) (result i32)
                  (local $a i32)
                  (i32.add
                    (block $outer (result i32)
                      (local.set $a (i32.mul (local.get $x) (i32.const 5)))
                      (drop (br_if $outer (i32.const 100) (i32.gt_u (local.get $a) (i32.const 60))))
                      (local.set $a (i32.add
                        (block $inner (result i32)
                          (local.set $a (i32.sub (local.get $a) (i32.const 1)))
                          (br_table $inner $outer $inner (i32.add (local.get $a) (i32.const 9)) (i32.rem_u (local.get $x) (i32.const 3))))
                        (i32.const 1000)))
                      (local.set $a (i32.xor (local.get $a) (i32.const 3)))
                      (local.get $a))
                    (local.get $x))))
                """;
        assertTrue(assertSameBehaviour(wat, "f", grid(0, 30, 1, 1)) > 0);
    }

    @Test
    void multiValueBlocksAndLoopParams() {
        String wat = """
                (module
                  (func (export "f") (param $x i32) (result i32 i64)
                    (local $t i32) (local $u i64) (local $k i32)
                    (local.get $x)
                    (block $mv (param i32) (result i32 i64)
                      (local.set $t)
                      (local.set $u (i64.extend_i32_u (local.get $t)))
                      (if (i32.gt_u (local.get $t) (i32.const 10))
                        (then (br $mv (i32.const 1) (i64.const 11))))
                      (local.set $u (i64.mul (local.get $u) (i64.const 3)))
                      (local.set $k (i32.const 0))
                      (local.get $t)
                      (loop $l (param i32) (result i32)
                        (local.set $t)
                        (local.set $k (i32.add (local.get $k) (i32.const 1)))
                        (local.set $t (i32.add (local.get $t) (local.get $k)))
                        (br_if $mv (local.get $t) (local.get $u) (i32.gt_u (local.get $t) (i32.const 40)))
                        (drop) (drop)
                        (drop (br_if $l (local.get $t) (i32.lt_u (local.get $k) (i32.const 6))))
                        (local.get $t))
                      (local.set $t)
                      (local.get $t) (local.get $u))))
                """;
        assertTrue(assertSameBehaviour(wat, "f", grid(0, 15, 1, 1)) > 0);
    }

    @Test
    void localsReadOnlyWrittenOnlyAndBoth() {
        String wat = """
                (module (memory 1)
                  (func (export "f") (param $r i32) (param $w i64) (param $b f64) (result f64)
                    (local $wo f64) (local $ro i32) (local $both i64)
                    (local.set $ro (i32.add (local.get $r) (i32.const 3)))
                    (local.set $wo (f64.const 2.5))
                    (local.set $w (i64.const 9))
                    (i32.store offset=8 (i32.and (local.get $ro) (i32.const 255)) (local.get $r))
                    (local.set $both (i64.add (local.get $both) (i64.extend_i32_u (local.get $ro))))
                    (local.set $both (i64.mul (local.get $both) (local.get $w)))
                    (if (i32.gt_s (local.get $r) (i32.const 4)) (then (local.set $wo (f64.const -1))))
                    (local.set $b (f64.add (local.get $b) (f64.convert_i64_s (local.get $both))))
                    (f64.add (local.get $b) (local.get $wo))))
                """;
        List<long[]> inputs = new ArrayList<>();
        for (int i = -3; i < 12; i++) {
            inputs.add(new long[] {i, i * 7L, Double.doubleToRawLongBits(i / 3.0)});
        }
        assertTrue(assertSameBehaviour(wat, "f", inputs) > 0);
    }

    @Test
    void trapsStayTraps() {
        String wat = """
                (module (func (export "f") (param $x i32) (result i32)
                  (local $a i32)
                  (local.set $a (i32.div_s (i32.const 100) (i32.sub (local.get $x) (i32.const 4))))
                  (if (i32.eq (local.get $x) (i32.const 7)) (then unreachable))
                  (local.set $a (i32.add (local.get $a) (local.get $x)))
                  (local.get $a)))
                """;
        assertTrue(assertSameBehaviour(wat, "f", grid(0, 10, 1, 1)) > 0);
    }

    @Test
    void aModuleWithNothingOversizedComesBackAsTheSameBytes() {
        byte[] module = wasm("(module (func (export \"f\") (result i32) (i32.const 1)))");
        SplitResult r = FunctionSplitter.split(module, SplitOptions.defaults());
        assertSame(module, r.module());
        assertEquals(0, r.functionsAdded());
        assertTrue(r.split().isEmpty() && r.leftOversized().isEmpty());
    }

    @Test
    void unsupportedInstructionsLeaveTheFunctionAsItIsWithAReason() {
        byte[] module = wasm("""
                (module (func (export "f") (param $x i32) (result i32)
                  (local $v v128)
                  (local.set $v (i32x4.splat (local.get $x)))
                  (local.set $x (i32.add (local.get $x) (i32.const 1)))
                  (local.set $x (i32.mul (local.get $x) (i32.const 3)))
                  (i32.add (i32x4.extract_lane 1 (local.get $v)) (local.get $x))))
                """);
        SplitResult r = FunctionSplitter.split(module, new SplitOptions(8, 8, 100, 100));
        assertSame(module, r.module());
        assertEquals(1, r.leftOversized().size());
        assertTrue(r.leftOversized().get(0).reason().contains("SIMD"), r.leftOversized().get(0).reason());
    }

    @Test
    void functionIndexesCountImportsAndNewFunctionsAreAppended() {
        String wat = """
                (module
                  (import "env" "g" (func $g (param i32) (result i32)))
                  (func $h (export "h") (param $x i32) (result i32) (i32.add (local.get $x) (i32.const 1)))
                  (func (export "f") (param $x i32) (result i32)
                    (local $a i32)
                    (local.set $a (call $h (local.get $x)))
                    (local.set $a (i32.mul (local.get $a) (call $h (local.get $a))))
                    (local.set $a (i32.xor (local.get $a) (i32.const 99)))
                    (local.get $a)))
                """;
        SplitResult r = FunctionSplitter.split(wasm(wat), new SplitOptions(20, 40, 100, 100));
        assertEquals(2, r.split().get(0).functionIndex(), "import 0, h 1, f 2");
        assertTrue(r.functionsAdded() > 0);
        WasmModule m = Runs.parse(r.module());
        assertEquals(2 + r.functionsAdded(), m.functionSection().functionCount());
    }

    @Test
    void tailCallsStayInTheParent() throws Exception {
        String wat = """
                (module
                  (func $g (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
                  (func (export "f") (param $x i32) (result i32)
                    (local $a i32)
                    (local.set $a (i32.add (local.get $x) (i32.const 5)))
                    (local.set $a (i32.mul (local.get $a) (local.get $a)))
                    (if (i32.gt_u (local.get $a) (i32.const 50)) (then (return (call $g (local.get $a)))))
                    (local.set $a (i32.xor (local.get $a) (i32.const 17)))
                    (local.get $a)))
                """;
        // our wabt has no tail calls: make `return (call $g)` (0x10 0x00 0x0F) a `return_call $g; nop`
        byte[] module = wasm(wat);
        int at = -1;
        for (int i = 0; i + 2 < module.length; i++) {
            if (module[i] == 0x10 && module[i + 1] == 0x00 && module[i + 2] == 0x0F) {
                at = i;
            }
        }
        assertTrue(at > 0);
        module[at] = 0x12;
        module[at + 2] = 0x01;
        WasmModule before = Runs.parse(module);
        int added = 0;
        for (int target : TARGETS) {
            SplitResult r = FunctionSplitter.split(module, new SplitOptions(4, target, 100, 100));
            added += r.functionsAdded();
            WasmModule after = Runs.parse(r.module());
            for (long x = -8; x <= 12; x++) {
                assertEquals(Runs.outcome(before, "f", x), Runs.outcome(after, "f", x), "target " + target + ", x " + x);
            }
            // a tail call in a piece would return the callee's results as the piece's: pieces have none
            ModuleInfo m = ModuleInfo.parse(r.module());
            TypeTable types = new TypeTable(m);
            for (int def = 2; def < m.bodyStart.length; def++) {
                Body body = Body.decode(r.module(), m.bodyStart[def], m.bodyEnd[def], types.funcType(def), types);
                for (Body.Instr in : body.instrs) {
                    assertTrue(in.op != Body.OP_RETURN_CALL, "piece " + def + " has a return_call");
                }
            }
        }
        assertTrue(added > 0);
    }

    @Test
    void maxParamSlotsIsRespected() {
        StringBuilder wat = new StringBuilder("(module (func (export \"f\") (param $x i64) (result i64)");
        for (int i = 0; i < 8; i++) {
            wat.append(" (local $l").append(i).append(" i64)");
        }
        for (int i = 0; i < 8; i++) {
            wat.append(" (local.set $l").append(i).append(" (i64.add (local.get $x) (i64.const ").append(i).append(")))");
        }
        wat.append(" (local.get $l0)");
        for (int i = 1; i < 8; i++) {
            wat.append(" (local.get $l").append(i).append(") (i64.add)");
        }
        wat.append("))");
        byte[] module = wasm(wat.toString());
        // every region that uses more than two i64 locals takes more than 4 slots: such regions are not outlined
        SplitResult r = FunctionSplitter.split(module, new SplitOptions(16, 200, 4, 100));
        WasmModule m = Runs.parse(r.module());
        for (int f = 1; f < m.functionSection().functionCount(); f++) {
            var type = m.typeSection().getType(m.functionSection().getFunctionType(f));
            assertTrue(type.params().size() <= 2, "outlined function " + f + " has " + type.params());
        }
        assertEquals(Runs.outcome(Runs.parse(module), "f", 5), Runs.outcome(m, "f", 5));
    }

    @Test
    void malformedModulesGiveAClearException() {
        byte[] good = wasm("""
                (module (func (export "f") (param $x i32) (result i32)
                  (local.set $x (i32.add (local.get $x) (i32.const 1)))
                  (local.set $x (i32.mul (local.get $x) (i32.const 3)))
                  (local.get $x)))
                """);
        SplitOptions tiny = new SplitOptions(4, 4, 100, 100);
        assertThrows(WasmFormatException.class, () -> FunctionSplitter.split(new byte[] {1, 2, 3}, tiny));
        int code = indexOfCodeBody(good);
        for (int cut = 9; cut < good.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            if (cut >= code) {
                assertThrows(WasmFormatException.class, () -> FunctionSplitter.split(truncated, tiny), "cut at " + cut);
            } else {
                // a cut between sections can leave a valid (smaller) module; any other error must be ours
                try {
                    FunctionSplitter.split(truncated, tiny);
                } catch (WasmFormatException expected) {
                    // fine
                }
            }
        }
        // every single-byte corruption either splits or gives our exception
        for (int at = 8; at < good.length; at++) {
            for (int value : new int[] {0x00, 0x7F, 0x80, 0xFF, 0x0B, 0x02}) {
                byte[] bad = good.clone();
                bad[at] = (byte) value;
                try {
                    FunctionSplitter.split(bad, tiny);
                } catch (WasmFormatException expected) {
                    // fine
                }
            }
        }
        // a second type section after the code section: the index spaces would not be what we read
        byte[] reordered = java.util.Arrays.copyOf(good, good.length + 3);
        reordered[good.length] = 1;
        reordered[good.length + 1] = 1;
        reordered[good.length + 2] = 0;
        WasmFormatException order = assertThrows(WasmFormatException.class, () -> FunctionSplitter.split(reordered, tiny));
        assertTrue(order.getMessage().contains("out of order"), order.getMessage());
        // a count of 2^31-1 locals groups must not allocate
        byte[] huge = good.clone();
        byte[] patched = new byte[huge.length + 4];
        System.arraycopy(huge, 0, patched, 0, code);
        patched[code] = (byte) 0xFF;
        patched[code + 1] = (byte) 0xFF;
        patched[code + 2] = (byte) 0xFF;
        patched[code + 3] = (byte) 0xFF;
        patched[code + 4] = 0x07;
        System.arraycopy(huge, code + 1, patched, code + 5, huge.length - code - 1);
        assertThrows(WasmFormatException.class, () -> FunctionSplitter.split(patched, tiny));
    }

    /** The offset of the first body's local-group count (module with one function, no custom sections before code). */
    private static int indexOfCodeBody(byte[] m) {
        ByteReader r = new ByteReader(m, 8, m.length);
        while (true) {
            int id = r.u8();
            int size = r.u32();
            if (id == 10) {
                r.u32();
                r.u32();
                return r.pos();
            }
            r.skip(size);
        }
    }
}
