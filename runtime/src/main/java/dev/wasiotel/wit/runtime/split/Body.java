package dev.wasiotel.wit.runtime.split;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One function body decoded into instructions with their byte ranges, its structured frames, and the
 * statement boundaries of each frame: the points where the operand stack holds nothing of that frame.
 */
final class Body {
    static final int MAX_LOCALS = 50_000;

    static final int FUNC = 0;
    static final int BLOCK = 1;
    static final int LOOP = 2;
    static final int IF = 3;
    static final int ELSE = 4;

    /** Return calls: an outlined region must not contain them (they would return the callee's results from the piece). */
    static final int OP_RETURN_CALL = 0x12;
    static final int OP_RETURN_CALL_INDIRECT = 0x13;

    /** One instruction: where it lies in the module and what the outliner must rewrite. */
    static final class Instr {
        final int off;
        int len;
        final int op;
        /** Label depth (br, br_if), local index (local.*), otherwise unused. */
        int imm;
        /** br_table's labels, the default last. */
        int[] table;
        /** For block, loop, if and else: the frame it opens. */
        int opens = -1;

        Instr(int off, int op) {
            this.off = off;
            this.op = op;
        }
    }

    /** A label's scope (the then and else arms of an if are separate frames with one label). */
    static final class Frame {
        final int kind;
        final int parent;
        /** Instruction index of its first instruction and of its closing end/else. */
        final int first;
        int close = -1;
        final byte[] params;
        final byte[] results;
        int height;
        boolean unreachable;
        /** Instruction indexes directly in this frame at which the frame's operand stack is empty. */
        final List<Integer> points = new ArrayList<>();
        final List<Integer> children = new ArrayList<>();

        Frame(int kind, int parent, int first, byte[] params, byte[] results) {
            this.kind = kind;
            this.parent = parent;
            this.first = first;
            this.params = params;
            this.results = results;
            this.height = params.length;
        }

        /** The types a branch to this frame's label carries. */
        byte[] branchTypes() {
            return kind == LOOP ? params : results;
        }
    }

    final byte[] module;
    final int start;
    final int end;
    final FuncType type;
    /** Type of every local, parameters first. */
    final byte[] localTypes;
    /** Number of local declaration groups and where the first instruction starts. */
    final int localGroups;
    final int groupsStart;
    final int codeStart;
    final List<Instr> instrs = new ArrayList<>();
    final List<Frame> frames = new ArrayList<>();
    /** Points (see {@link Frame#points}) reached in reachable code. */
    final BitSet reachable = new BitSet();

    private Body(byte[] module, int start, int end, FuncType type, byte[] localTypes, int localGroups,
            int groupsStart, int codeStart) {
        this.module = module;
        this.start = start;
        this.end = end;
        this.type = type;
        this.localTypes = localTypes;
        this.localGroups = localGroups;
        this.groupsStart = groupsStart;
        this.codeStart = codeStart;
    }

    int offsetOf(int instr) {
        return instr < instrs.size() ? instrs.get(instr).off : end;
    }

    static Body decode(byte[] module, int start, int end, FuncType type, TypeTable types) throws Unsupported {
        ByteReader r = new ByteReader(module, start, end);
        int groups = r.count(2);
        int groupsStart = r.pos();
        long total = type.params().length;
        int[] counts = new int[groups];
        byte[] kinds = new byte[groups];
        for (int g = 0; g < groups; g++) {
            counts[g] = r.u32();
            int t = r.u8();
            if (!FuncType.simpleValType(t)) {
                throw new Unsupported("local of value type 0x" + Integer.toHexString(t));
            }
            kinds[g] = (byte) t;
            total += counts[g];
            if (total > MAX_LOCALS) {
                throw new Unsupported("more than " + MAX_LOCALS + " locals");
            }
        }
        byte[] localTypes = new byte[(int) total];
        System.arraycopy(type.params(), 0, localTypes, 0, type.params().length);
        int at = type.params().length;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < counts[g]; i++) {
                localTypes[at++] = kinds[g];
            }
        }
        Body b = new Body(module, start, end, type, localTypes, groups, groupsStart, r.pos());
        b.decodeInstructions(r, types);
        return b;
    }

    private void decodeInstructions(ByteReader r, TypeTable types) throws Unsupported {
        frames.add(new Frame(FUNC, -1, 0, new byte[0], type.results()));
        int cur = 0;
        int depth = 1;
        while (true) {
            if (r.atEnd()) {
                throw new WasmFormatException("function body at offset " + start + " ends without end");
            }
            Frame f = frames.get(cur);
            int idx = instrs.size();
            if (f.height == 0) {
                f.points.add(idx);
                if (!f.unreachable) {
                    reachable.set(idx);
                }
            }
            Instr in = new Instr(r.pos(), r.u8());
            instrs.add(in);
            int op = in.op;
            switch (op) {
                case 0x00 -> unreachable(f);
                case 0x01 -> {
                }
                case 0x02, 0x03, 0x04 -> {
                    FuncType bt = blockType(r, types);
                    if (op == 0x04) {
                        pop(f, 1, in);
                    }
                    pop(f, bt.params().length, in);
                    Frame child = new Frame(op == 0x02 ? BLOCK : op == 0x03 ? LOOP : IF, cur, idx + 1,
                            bt.params(), bt.results());
                    frames.add(child);
                    in.opens = frames.size() - 1;
                    f.children.add(in.opens);
                    cur = in.opens;
                    depth++;
                }
                case 0x05 -> {
                    if (f.kind != IF) {
                        throw new WasmFormatException("else outside if at offset " + in.off);
                    }
                    f.close = idx;
                    Frame parent = frames.get(f.parent);
                    Frame arm = new Frame(ELSE, f.parent, idx + 1, f.params, f.results);
                    frames.add(arm);
                    in.opens = frames.size() - 1;
                    parent.children.add(in.opens);
                    cur = in.opens;
                }
                case 0x0B -> {
                    f.close = idx;
                    if (f.kind == FUNC) {
                        if (!r.atEnd()) {
                            throw new WasmFormatException("bytes after the end of the function body at offset " + r.pos());
                        }
                        in.len = r.pos() - in.off;
                        return;
                    }
                    cur = f.parent;
                    depth--;
                    frames.get(cur).height += f.results.length;
                }
                case 0x0C -> {
                    in.imm = label(r, depth, in);
                    unreachable(f);
                }
                case 0x0D -> {
                    in.imm = label(r, depth, in);
                    pop(f, 1, in);
                }
                case 0x0E -> {
                    int n = r.count(1);
                    in.table = new int[n + 1];
                    for (int i = 0; i <= n; i++) {
                        in.table[i] = label(r, depth, in);
                    }
                    pop(f, 1, in);
                    unreachable(f);
                }
                case 0x0F -> unreachable(f);
                case 0x10 -> {
                    FuncType t = types.funcType(r.u32());
                    pop(f, t.params().length, in);
                    f.height += t.results().length;
                }
                case 0x11 -> {
                    FuncType t = types.type(r.u32());
                    r.u32();
                    pop(f, 1 + t.params().length, in);
                    f.height += t.results().length;
                }
                case OP_RETURN_CALL -> {
                    types.funcType(r.u32());
                    unreachable(f);
                }
                case OP_RETURN_CALL_INDIRECT -> {
                    types.type(r.u32());
                    r.u32();
                    unreachable(f);
                }
                case 0x1A -> pop(f, 1, in);
                case 0x1B -> effect(f, 3, 1, in);
                case 0x1C -> {
                    int n = r.count(1);
                    for (int i = 0; i < n; i++) {
                        int t = r.u8();
                        if (!FuncType.simpleValType(t)) {
                            throw new Unsupported("select of value type 0x" + Integer.toHexString(t));
                        }
                    }
                    effect(f, 3, 1, in);
                }
                case 0x20, 0x21, 0x22 -> {
                    in.imm = r.u32();
                    if (in.imm >= localTypes.length) {
                        throw new WasmFormatException("local index " + in.imm + " out of range at offset " + in.off);
                    }
                    effect(f, op == 0x20 ? 0 : 1, op == 0x21 ? 0 : 1, in);
                }
                case 0x23 -> {
                    r.u32();
                    f.height++;
                }
                case 0x24 -> {
                    r.u32();
                    pop(f, 1, in);
                }
                case 0x25 -> {
                    r.u32();
                    effect(f, 1, 1, in);
                }
                case 0x26 -> {
                    r.u32();
                    pop(f, 2, in);
                }
                case 0x3F -> {
                    r.u32();
                    f.height++;
                }
                case 0x40 -> {
                    r.u32();
                    effect(f, 1, 1, in);
                }
                case 0x41 -> {
                    r.skipLeb(5);
                    f.height++;
                }
                case 0x42 -> {
                    r.skipLeb(10);
                    f.height++;
                }
                case 0x43 -> {
                    r.skip(4);
                    f.height++;
                }
                case 0x44 -> {
                    r.skip(8);
                    f.height++;
                }
                case 0xD0 -> {
                    long heap = r.s33();
                    if (heap != -0x10 && heap != -0x11) {
                        throw new Unsupported("ref.null of heap type " + heap);
                    }
                    f.height++;
                }
                case 0xD1 -> effect(f, 1, 1, in);
                case 0xD2 -> {
                    types.funcType(r.u32());
                    f.height++;
                }
                case 0xFC -> prefixedFC(r, f, in);
                case 0xFD -> throw new Unsupported("SIMD instruction at offset " + in.off);
                case 0x06, 0x07, 0x08, 0x09, 0x0A, 0x18, 0x19, 0x1F ->
                        throw new Unsupported("exception-handling instruction 0x" + Integer.toHexString(op) + " at offset " + in.off);
                default -> {
                    if (op >= 0x28 && op <= 0x35) {
                        memarg(r);
                        effect(f, 1, 1, in);
                    } else if (op >= 0x36 && op <= 0x3E) {
                        memarg(r);
                        pop(f, 2, in);
                    } else if (op == 0x45 || op == 0x50 || (op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7B)
                            || (op >= 0x8B && op <= 0x91) || (op >= 0x99 && op <= 0x9F) || (op >= 0xA7 && op <= 0xC4)) {
                        effect(f, 1, 1, in);
                    } else if ((op >= 0x46 && op <= 0x4F) || (op >= 0x51 && op <= 0x66) || (op >= 0x6A && op <= 0x78)
                            || (op >= 0x7C && op <= 0x8A) || (op >= 0x92 && op <= 0x98) || (op >= 0xA0 && op <= 0xA6)) {
                        effect(f, 2, 1, in);
                    } else {
                        throw new Unsupported("instruction 0x" + Integer.toHexString(op) + " at offset " + in.off);
                    }
                }
            }
            in.len = r.pos() - in.off;
        }
    }

    private void prefixedFC(ByteReader r, Frame f, Instr in) throws Unsupported {
        int sub = r.u32();
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> effect(f, 1, 1, in);
            case 8, 12, 14 -> {
                r.u32();
                r.u32();
                pop(f, 3, in);
            }
            case 10 -> {
                r.u32();
                r.u32();
                pop(f, 3, in);
            }
            case 9, 13 -> r.u32();
            case 11, 17 -> {
                r.u32();
                pop(f, 3, in);
            }
            case 15 -> {
                r.u32();
                effect(f, 2, 1, in);
            }
            case 16 -> {
                r.u32();
                f.height++;
            }
            default -> throw new Unsupported("instruction 0xFC " + sub + " at offset " + in.off);
        }
    }

    private static void memarg(ByteReader r) {
        int align = r.u32();
        if ((align & 0x40) != 0) {
            r.u32();
        }
        r.skipLeb(10);
    }

    private FuncType blockType(ByteReader r, TypeTable types) throws Unsupported {
        long bt = r.s33();
        if (bt >= 0) {
            return types.type(bt);
        }
        int b = (int) (bt & 0x7F);
        if (b == 0x40) {
            return new FuncType(new byte[0], new byte[0]);
        }
        if (!FuncType.simpleValType(b)) {
            throw new Unsupported("block type 0x" + Integer.toHexString(b));
        }
        return new FuncType(new byte[0], new byte[] {(byte) b});
    }

    private static int label(ByteReader r, int depth, Instr in) {
        int l = r.u32();
        if (l >= depth) {
            throw new WasmFormatException("label " + l + " out of range at offset " + in.off);
        }
        return l;
    }

    private static void unreachable(Frame f) {
        f.height = 0;
        f.unreachable = true;
    }

    private static void effect(Frame f, int pops, int pushes, Instr in) {
        pop(f, pops, in);
        f.height += pushes;
    }

    private static void pop(Frame f, int n, Instr in) {
        if (f.height >= n) {
            f.height -= n;
        } else if (f.unreachable) {
            f.height = 0;
        } else {
            throw new WasmFormatException("operand stack underflow at offset " + in.off);
        }
    }
}
