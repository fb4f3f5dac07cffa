package dev.wasiotel.wit.runtime.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random, valid, terminating WAT functions for differential testing: locals of i32 and i64, arithmetic
 * that may trap, memory, nested block/loop/if (with results, multi-value and parameters), br/br_if/br_table to
 * random enclosing labels carrying their values, returns, and loops bounded by a shared fuel counter.
 */
final class RandomFunctions {
    private static final int I32_LOCALS = 4;
    private static final int I64_LOCALS = 2;

    /** An enclosing label: its name, whether it is a loop, and the types a branch to it carries. */
    private record Label(String name, boolean loop, List<String> types) {
    }

    private final Random rnd;
    private final List<Label> labels = new ArrayList<>();
    private int budget;
    private int names;

    RandomFunctions(long seed) {
        this.rnd = new Random(seed);
    }

    /** A module exporting {@code f (i32 i32 i64) -> (i32 i64)}, with one page of memory and a helper. */
    String module() {
        budget = 40 + rnd.nextInt(80);
        StringBuilder sb = new StringBuilder();
        sb.append("(module (memory 1)\n");
        sb.append(" (func $h (param i32 i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const 31)) (local.get 1)))\n");
        sb.append(" (func (export \"f\") (param $p0 i32) (param $p1 i32) (param $q0 i64) (result i32 i64)\n");
        for (int i = 0; i < I32_LOCALS; i++) {
            sb.append("  (local $i").append(i).append(" i32)");
        }
        for (int i = 0; i < I64_LOCALS; i++) {
            sb.append(" (local $j").append(i).append(" i64)");
        }
        sb.append(" (local $fuel i32)\n  (local.set $fuel (i32.const 40))\n");
        labels.add(new Label("0", false, List.of("i32", "i64")));
        stmts(sb, 0, 3 + rnd.nextInt(6));
        labels.remove(labels.size() - 1);
        sb.append("  ").append(i32(0)).append(' ').append(i64(0)).append("))\n");
        return sb.toString();
    }

    private void stmts(StringBuilder sb, int depth, int count) {
        for (int i = 0; i < count && budget > 0; i++) {
            budget--;
            stmt(sb, depth);
            sb.append('\n');
        }
    }

    private String i32Local() {
        int k = rnd.nextInt(I32_LOCALS + 2);
        return k < I32_LOCALS ? "$i" + k : k == I32_LOCALS ? "$p0" : "$p1";
    }

    private String i64Local() {
        int k = rnd.nextInt(I64_LOCALS + 1);
        return k < I64_LOCALS ? "$j" + k : "$q0";
    }

    private String label() {
        return "$L" + names++;
    }

    private void stmt(StringBuilder sb, int depth) {
        boolean nest = depth < 4;
        int kind = rnd.nextInt(nest ? 18 : 7);
        switch (kind) {
            case 0, 1 -> sb.append("(local.set ").append(i32Local()).append(' ').append(i32(0)).append(')');
            case 2 -> sb.append("(local.set ").append(i64Local()).append(' ').append(i64(0)).append(')');
            case 3 -> sb.append("(i32.store offset=").append(4 * rnd.nextInt(4)).append(" (i32.and ").append(i32(1))
                    .append(" (i32.const 252)) ").append(i32(1)).append(')');
            case 4 -> branch(sb);
            case 5 -> sb.append("(local.set ").append(i32Local()).append(" (call $h ").append(i32(1)).append(' ')
                    .append(i32(1)).append("))");
            case 6 -> {
                if (rnd.nextInt(4) == 0) {
                    sb.append("(return ").append(i32(1)).append(' ').append(i64(1)).append(')');
                } else {
                    sb.append("(if (i32.eq ").append(i32(1)).append(" (i32.const 7)) (then unreachable))");
                }
            }
            case 7, 8 -> {
                sb.append("(if ").append(i32(1)).append(" (then\n");
                nested(sb, depth, "", List.of(), false);
                sb.append(") (else\n");
                nested(sb, depth, "", List.of(), false);
                sb.append("))");
            }
            case 9 -> {
                String l = label();
                sb.append("(block ").append(l).append('\n');
                nested(sb, depth, l, List.of(), false);
                sb.append(')');
            }
            case 10 -> {
                String l = label();
                sb.append("(local.set ").append(i32Local()).append(" (block ").append(l).append(" (result i32)\n");
                nested(sb, depth, l, List.of("i32"), false);
                sb.append(' ').append(i32(1)).append("))");
            }
            case 11 -> {
                String l = label();
                sb.append("(block ").append(l).append(" (result i32 i64)\n");
                nested(sb, depth, l, List.of("i32", "i64"), false);
                sb.append(' ').append(i32(1)).append(' ').append(i64(1)).append(") (local.set ").append(i64Local())
                        .append(") (local.set ").append(i32Local()).append(')');
            }
            case 12 -> {
                String l = label();
                String tmp = "$i" + rnd.nextInt(I32_LOCALS);
                sb.append(i32(1)).append(" (block ").append(l).append(" (param i32) (result i32) (local.set ")
                        .append(tmp).append(")\n");
                nested(sb, depth, l, List.of("i32"), false);
                sb.append(" (local.get ").append(tmp).append(")) (local.set ").append(i32Local()).append(')');
            }
            case 13, 14 -> {
                String l = label();
                sb.append("(loop ").append(l).append('\n');
                nested(sb, depth, l, List.of(), true);
                sb.append(" (local.set $fuel (i32.sub (local.get $fuel) (i32.const 1)))")
                        .append(" (br_if ").append(l).append(" (i32.and (i32.gt_s (local.get $fuel) (i32.const 0)) ")
                        .append(i32(1)).append(")))");
            }
            case 15 -> {
                String l = label();
                String tmp = "$i" + rnd.nextInt(I32_LOCALS);
                sb.append(i32(1)).append(" (loop ").append(l).append(" (param i32) (result i32) (local.set ")
                        .append(tmp).append(")\n");
                nested(sb, depth, l, List.of("i32"), true);
                sb.append(" (local.set $fuel (i32.sub (local.get $fuel) (i32.const 1)))")
                        .append(" (br_if ").append(l).append(" (local.get ").append(tmp)
                        .append(") (i32.and (i32.gt_s (local.get $fuel) (i32.const 0)) ").append(i32(1))
                        .append("))) (local.set ").append(i32Local()).append(')');
            }
            default -> branch(sb);
        }
    }

    private void nested(StringBuilder sb, int depth, String name, List<String> types, boolean loop) {
        if (!name.isEmpty()) {
            labels.add(new Label(name, loop, loop ? types : types));
        } else {
            labels.add(new Label(Integer.toString(labels.size()), false, types));
        }
        stmts(sb, depth + 1, 1 + rnd.nextInt(5));
        labels.remove(labels.size() - 1);
    }

    /** A branch to a random enclosing label; branches to loops spend fuel so every loop ends. */
    private void branch(StringBuilder sb) {
        int pick = rnd.nextInt(labels.size());
        Label target = labels.get(pick);
        String ref = target.name().startsWith("$") ? target.name() : Integer.toString(depthOf(pick));
        String values = values(target.types());
        if (target.loop()) {
            sb.append("(if (i32.gt_s (local.get $fuel) (i32.const 0)) (then (local.set $fuel (i32.sub (local.get $fuel)")
                    .append(" (i32.const 1))) (br ").append(relative(pick, 1, ref)).append(values).append(")))");
            return;
        }
        switch (rnd.nextInt(3)) {
            case 0 -> sb.append("(br ").append(ref).append(values).append(')');
            case 1 -> {
                sb.append("(br_if ").append(ref).append(values).append(' ').append(i32(1)).append(')');
                for (int i = 0; i < target.types().size(); i++) {
                    sb.append(" (drop)");
                }
            }
            default -> {
                List<String> same = new ArrayList<>();
                for (int i = 0; i < labels.size(); i++) {
                    Label l = labels.get(i);
                    if (!l.loop() && l.types().equals(target.types())) {
                        same.add(l.name().startsWith("$") ? l.name() : Integer.toString(depthOf(i)));
                    }
                }
                sb.append("(br_table");
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(' ').append(same.get(rnd.nextInt(same.size())));
                }
                sb.append(' ').append(ref).append(values).append(" (i32.rem_u ").append(i32(1)).append(" (i32.const ")
                        .append(n + 2).append(")))");
            }
        }
    }

    /** The depth of an unnamed label (if arms and the function) from the innermost label. */
    private int depthOf(int index) {
        return labels.size() - 1 - index;
    }

    /** A numeric reference gains one level inside the guarding if. */
    private String relative(int index, int extra, String ref) {
        return ref.startsWith("$") ? ref : Integer.toString(depthOf(index) + extra);
    }

    private String values(List<String> types) {
        StringBuilder sb = new StringBuilder();
        for (String t : types) {
            sb.append(' ').append(t.equals("i32") ? i32(1) : i64(1));
        }
        return sb.toString();
    }

    private String i32(int depth) {
        int k = rnd.nextInt(depth >= 3 ? 3 : 14);
        return switch (k) {
            case 0 -> "(i32.const " + (rnd.nextInt(40) - 10) + ")";
            case 1, 2 -> "(local.get " + i32Local() + ")";
            case 3, 4 -> {
                String[] ops = {"add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "rotl", "lt_s", "eq", "ge_u"};
                yield "(i32." + ops[rnd.nextInt(ops.length)] + " " + i32(depth + 1) + " " + i32(depth + 1) + ")";
            }
            case 5 -> "(i32." + (rnd.nextBoolean() ? "div_s" : "rem_u") + " " + i32(depth + 1) + " " + i32(depth + 1) + ")";
            case 6 -> "(i32.eqz " + i32(depth + 1) + ")";
            case 7 -> "(i32.wrap_i64 " + i64(depth + 1) + ")";
            case 8 -> "(select " + i32(depth + 1) + " " + i32(depth + 1) + " " + i32(depth + 1) + ")";
            case 9 -> "(local.tee " + i32Local() + " " + i32(depth + 1) + ")";
            case 10 -> "(i32.load" + (rnd.nextBoolean() ? "8_u" : "") + " offset=" + rnd.nextInt(8)
                    + " (i32.and " + i32(depth + 1) + " (i32.const 252)))";
            case 11 -> "(i64.lt_u " + i64(depth + 1) + " " + i64(depth + 1) + ")";
            case 12 -> "(local.get $fuel)";
            default -> "(i32.const " + rnd.nextInt(3) + ")";
        };
    }

    private String i64(int depth) {
        int k = rnd.nextInt(depth >= 3 ? 2 : 7);
        return switch (k) {
            case 0 -> "(i64.const " + (rnd.nextInt(100) - 20) + ")";
            case 1 -> "(local.get " + i64Local() + ")";
            case 2, 3 -> {
                String[] ops = {"add", "sub", "mul", "xor", "shr_u", "rotr"};
                yield "(i64." + ops[rnd.nextInt(ops.length)] + " " + i64(depth + 1) + " " + i64(depth + 1) + ")";
            }
            case 4 -> "(i64.extend_i32_" + (rnd.nextBoolean() ? "s " : "u ") + i32(depth + 1) + ")";
            case 5 -> "(i64.load offset=" + rnd.nextInt(8) + " (i32.and " + i32(depth + 1) + " (i32.const 248)))";
            default -> "(i64.const 1)";
        };
    }
}
