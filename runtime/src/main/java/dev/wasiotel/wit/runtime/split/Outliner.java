package dev.wasiotel.wit.runtime.split;

import dev.wasiotel.wit.runtime.split.Body.Frame;
import dev.wasiotel.wit.runtime.split.Body.Instr;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outlines regions of one decoded function into new functions.
 *
 * <p>A region is a run of consecutive statements of one frame: it starts where that frame's operand stack is
 * empty (and the code is reachable) and ends where it is empty again, so it holds only whole structured
 * instructions and needs no operand from outside. The new function takes every parent local the region uses,
 * returns the locals it writes, then the values carried by its exits, then an exit code. Inside it, the region
 * sits in one block per exit; a branch out of the region (or a {@code return}) becomes a branch to its exit's
 * block, whose landing code stores the carried values and returns the exit code. At the call site the parent
 * stores the results back and dispatches on the exit code to the original label (or returns).
 */
final class Outliner {
    private static final int RETURN = -1;
    private static final byte[] POOL_ORDER = {0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F};

    /** Limits a region must meet besides its size. */
    record Limits(int pieceTarget, int minPiece, int maxParamSlots, int maxResults) {
    }

    /** The rewritten parent body and the bodies of the new functions, in the order of their indexes. */
    record Result(byte[] parentBody, List<Integer> newFunctions, List<byte[]> newBodies) {
    }

    private record Exit(int target, byte[] types) {
    }

    private static final class Region {
        int frame;
        int a;
        int b;
        int[] params;
        int[] written;
        List<Exit> exits;
        Map<Integer, Integer> codeOf;
        byte[] slots;
        int[][] slotOf;
        boolean endsUnreachable;
        int function;
    }

    private final Body body;
    private final TypeTable types;
    private final Limits limits;
    private final List<Region> regions = new ArrayList<>();

    private Outliner(Body body, TypeTable types, Limits limits) {
        this.body = body;
        this.types = types;
        this.limits = limits;
    }

    /** Outlines what it can; null when no region qualifies. */
    static Result outline(Body body, TypeTable types, Limits limits) {
        Outliner o = new Outliner(body, types, limits);
        o.select(0);
        if (o.regions.isEmpty()) {
            return null;
        }
        o.regions.sort((x, y) -> Integer.compare(x.a, y.a));
        if ((long) body.localTypes.length + o.extraLocals() > Body.MAX_LOCALS) {
            return null;
        }
        List<Integer> funcs = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (Region r : o.regions) {
            FuncType t = o.pieceType(r);
            r.function = types.addFunction(t);
            funcs.add(r.function);
            bodies.add(o.pieceBody(r));
        }
        return new Result(o.parentBody(), funcs, bodies);
    }

    private int off(int instr) {
        return body.offsetOf(instr);
    }

    // ---- selection -------------------------------------------------------------------------------------

    private void select(int frameIndex) {
        Frame f = body.frames.get(frameIndex);
        BitSet isPoint = new BitSet();
        List<Integer> cuts = new ArrayList<>();
        cuts.add(f.first);
        for (int p : f.points) {
            isPoint.set(p);
            if (p != cuts.get(cuts.size() - 1)) {
                cuts.add(p);
            }
        }
        if (cuts.get(cuts.size() - 1) != f.close) {
            cuts.add(f.close);
        }
        List<Integer> run = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            int x = cuts.get(i);
            int y = cuts.get(i + 1);
            int size = off(y) - off(x);
            boolean statement = isPoint.get(x) && isPoint.get(y);
            if (!statement || size > limits.pieceTarget()) {
                flush(frameIndex, run);
                run = new ArrayList<>();
                if (size > limits.pieceTarget()) {
                    recurse(frameIndex, x, y);
                }
                continue;
            }
            if (!run.isEmpty() && off(y) - off(run.get(0)) > limits.pieceTarget()) {
                flush(frameIndex, run);
                run = new ArrayList<>();
            }
            if (run.isEmpty()) {
                if (!body.reachable.get(x)) {
                    continue;
                }
                run.add(x);
            }
            run.add(y);
        }
        flush(frameIndex, run);
    }

    private void recurse(int frameIndex, int x, int y) {
        for (int c : body.frames.get(frameIndex).children) {
            int opener = body.frames.get(c).first - 1;
            if (opener >= x && opener < y) {
                select(c);
            }
        }
    }

    /** Outlines a run of statements (its points, first to last), or halves it, or looks inside it. */
    private void flush(int frameIndex, List<Integer> points) {
        if (points.size() < 2) {
            return;
        }
        int a = points.get(0);
        int b = points.get(points.size() - 1);
        if (off(b) - off(a) < limits.minPiece()) {
            return;
        }
        Region r = analyze(frameIndex, a, b);
        if (r != null) {
            if (off(b) - off(a) > callSiteSize(r)) {
                regions.add(r);
            }
            return;
        }
        if (points.size() == 2) {
            recurse(frameIndex, a, b);
            return;
        }
        int mid = points.size() / 2;
        flush(frameIndex, new ArrayList<>(points.subList(0, mid + 1)));
        int from = mid;
        while (from < points.size() - 1 && !body.reachable.get(points.get(from))) {
            from++;
        }
        flush(frameIndex, new ArrayList<>(points.subList(from, points.size())));
    }

    /** The region [a, b) of a frame, or null when it cannot be outlined (tail calls, too many params/results). */
    private Region analyze(int frameIndex, int a, int b) {
        BitSet used = new BitSet();
        BitSet written = new BitSet();
        Map<Integer, Integer> codeOf = new LinkedHashMap<>();
        List<Exit> exits = new ArrayList<>();
        int m = 0;
        for (int i = a; i < b; i++) {
            Instr in = body.instrs.get(i);
            switch (in.op) {
                case 0x02, 0x03, 0x04 -> m++;
                case 0x0B -> m--;
                case 0x20 -> used.set(in.imm);
                case 0x21, 0x22 -> {
                    used.set(in.imm);
                    written.set(in.imm);
                }
                case 0x0C, 0x0D -> {
                    if (in.imm >= m) {
                        exit(frameIndex, in.imm - m, codeOf, exits);
                    }
                }
                case 0x0E -> {
                    for (int l : in.table) {
                        if (l >= m) {
                            exit(frameIndex, l - m, codeOf, exits);
                        }
                    }
                }
                case 0x0F -> exit(frameIndex, RETURN, codeOf, exits);
                case Body.OP_RETURN_CALL, Body.OP_RETURN_CALL_INDIRECT -> {
                    return null;
                }
                default -> {
                }
            }
        }
        Region r = new Region();
        r.frame = frameIndex;
        r.a = a;
        r.b = b;
        r.params = used.stream().toArray();
        r.written = written.stream().toArray();
        r.exits = exits;
        r.codeOf = codeOf;
        r.endsUnreachable = !body.reachable.get(b);
        assignSlots(r);
        int slots = 0;
        for (int p : r.params) {
            slots += FuncType.jvmSlots(body.localTypes[p]);
        }
        int results = r.written.length + r.slots.length + (exits.isEmpty() ? 0 : 1);
        if (slots > limits.maxParamSlots() || results > limits.maxResults()) {
            return null;
        }
        return r;
    }

    /** The bytes the call site of a region takes in the parent (an upper bound): outlining must save more. */
    private static int callSiteSize(Region r) {
        int size = 6 + (r.exits.isEmpty() ? 0 : 4) + (r.endsUnreachable ? 1 : 0);
        for (int p : r.params) {
            size += 1 + ByteWriter.u32Size(p);
        }
        for (int w : r.written) {
            size += 1 + ByteWriter.u32Size(w);
        }
        size += 4 * r.slots.length;
        for (int[] slotOf : r.slotOf) {
            size += 12 + 3 * slotOf.length;
        }
        return size;
    }

    private void exit(int frameIndex, int target, Map<Integer, Integer> codeOf, List<Exit> exits) {
        if (codeOf.containsKey(target)) {
            return;
        }
        byte[] carried;
        if (target == RETURN) {
            carried = body.type.results();
        } else {
            Frame x = body.frames.get(frameIndex);
            for (int j = 0; j < target; j++) {
                if (x.parent < 0) {
                    throw new WasmFormatException("branch depth out of range in function at offset " + body.start);
                }
                x = body.frames.get(x.parent);
            }
            carried = x.branchTypes();
        }
        codeOf.put(target, exits.size() + 1);
        exits.add(new Exit(target, carried));
    }

    /** Carried values share result slots by type: the j-th value of type t of any exit uses the j-th slot of t. */
    private static void assignSlots(Region r) {
        List<Byte> slots = new ArrayList<>();
        r.slotOf = new int[r.exits.size()][];
        for (int k = 0; k < r.exits.size(); k++) {
            byte[] t = r.exits.get(k).types();
            r.slotOf[k] = new int[t.length];
            Map<Byte, Integer> seen = new LinkedHashMap<>();
            for (int j = 0; j < t.length; j++) {
                int ordinal = seen.merge(t[j], 1, Integer::sum) - 1;
                int found = -1;
                int count = 0;
                for (int s = 0; s < slots.size(); s++) {
                    if (slots.get(s) == t[j] && count++ == ordinal) {
                        found = s;
                        break;
                    }
                }
                if (found < 0) {
                    slots.add(t[j]);
                    found = slots.size() - 1;
                }
                r.slotOf[k][j] = found;
            }
        }
        r.slots = new byte[slots.size()];
        for (int s = 0; s < slots.size(); s++) {
            r.slots[s] = slots.get(s);
        }
    }

    // ---- the outlined function ------------------------------------------------------------------------

    private FuncType pieceType(Region r) {
        byte[] params = new byte[r.params.length];
        for (int i = 0; i < params.length; i++) {
            params[i] = body.localTypes[r.params[i]];
        }
        int n = r.written.length + r.slots.length + (r.exits.isEmpty() ? 0 : 1);
        byte[] results = new byte[n];
        int at = 0;
        for (int w : r.written) {
            results[at++] = body.localTypes[w];
        }
        for (byte s : r.slots) {
            results[at++] = s;
        }
        if (!r.exits.isEmpty()) {
            results[at] = 0x7F;
        }
        return new FuncType(params, results);
    }

    /**
     * The outlined function: {@code block $tail (block exit_K ... (block exit_1 REGION code=0 br $tail) landing_1
     * ...) landing_K) W... slots... code}, where landing k stores exit k's carried values in their slots and sets
     * the code to k. Without exits: {@code REGION W...}.
     */
    private byte[] pieceBody(Region r) {
        ByteWriter w = new ByteWriter(off(r.b) - off(r.a) + 64);
        int exits = r.exits.size();
        w.u32(r.slots.length + (exits > 0 ? 1 : 0));
        for (byte s : r.slots) {
            w.u32(1).u8(s);
        }
        int[] newIndex = new int[body.localTypes.length];
        for (int i = 0; i < r.params.length; i++) {
            newIndex[r.params[i]] = i;
        }
        int slotBase = r.params.length;
        int code = slotBase + r.slots.length;
        if (exits > 0) {
            w.u32(1).u8(0x7F);
            w.u8(0x02).u8(0x40);
        }
        for (int k = exits - 1; k >= 0; k--) {
            w.u8(0x02);
            blockType(w, r.exits.get(k).types());
        }
        int m = 0;
        for (int i = r.a; i < r.b; i++) {
            Instr in = body.instrs.get(i);
            switch (in.op) {
                case 0x02, 0x03, 0x04 -> {
                    m++;
                    copy(w, in);
                }
                case 0x0B -> {
                    m--;
                    copy(w, in);
                }
                case 0x20, 0x21, 0x22 -> w.u8(in.op).u32(newIndex[in.imm]);
                case 0x0C, 0x0D -> w.u8(in.op).u32(remap(r, in.imm, m));
                case 0x0E -> {
                    w.u8(0x0E).u32(in.table.length - 1);
                    for (int l : in.table) {
                        w.u32(remap(r, l, m));
                    }
                }
                case 0x0F -> w.u8(0x0C).u32(m + r.codeOf.get(RETURN) - 1);
                default -> copy(w, in);
            }
        }
        if (exits > 0) {
            i32(w, 0);
            w.u8(0x21).u32(code);
            w.u8(0x0C).u32(exits);
            for (int k = 0; k < exits; k++) {
                w.u8(0x0B);
                int[] slotOf = r.slotOf[k];
                for (int j = slotOf.length - 1; j >= 0; j--) {
                    w.u8(0x21).u32(slotBase + slotOf[j]);
                }
                i32(w, k + 1);
                w.u8(0x21).u32(code);
                if (k < exits - 1) {
                    w.u8(0x0C).u32(exits - 1 - k);
                }
            }
            w.u8(0x0B);
        }
        for (int x : r.written) {
            w.u8(0x20).u32(newIndex[x]);
        }
        for (int s = 0; s < r.slots.length; s++) {
            w.u8(0x20).u32(slotBase + s);
        }
        if (exits > 0) {
            w.u8(0x20).u32(code);
        }
        w.u8(0x0B);
        return w.toByteArray();
    }

    private static int remap(Region r, int label, int m) {
        return label < m ? label : m + r.codeOf.get(label - m) - 1;
    }

    private void blockType(ByteWriter w, byte[] results) {
        if (results.length == 0) {
            w.u8(0x40);
        } else if (results.length == 1) {
            w.u8(results[0]);
        } else {
            w.s33(types.intern(new FuncType(new byte[0], results)));
        }
    }

    private void copy(ByteWriter w, Instr in) {
        w.bytes(body.module, in.off, in.len);
    }

    private static void i32(ByteWriter w, int value) {
        w.u8(0x41).s33(value);
    }

    // ---- the parent --------------------------------------------------------------------------------------

    /** Whether any region's call site dispatches on an exit code (then the parent gets one i32 local for it). */
    private boolean anyExit() {
        for (Region r : regions) {
            if (!r.exits.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The parent's pools of slot locals, by value type: each pool as large as the most slots of that type one
     * call site needs (call sites reuse the pools, as only one runs at a time).
     */
    private int[] poolSizes() {
        int[] poolSize = new int[256];
        for (Region r : regions) {
            int[] count = new int[256];
            for (byte s : r.slots) {
                poolSize[s & 0xFF] = Math.max(poolSize[s & 0xFF], ++count[s & 0xFF]);
            }
        }
        return poolSize;
    }

    /** The locals the call sites add to the parent: one exit code and pools of slots per type. */
    private int extraLocals() {
        int n = anyExit() ? 1 : 0;
        for (int p : poolSizes()) {
            n += p;
        }
        return n;
    }

    private byte[] parentBody() {
        int base = body.localTypes.length;
        boolean anyExit = anyExit();
        int[] poolSize = poolSizes();
        int codeLocal = base;
        int next = base + (anyExit ? 1 : 0);
        int[] poolBase = new int[256];
        int extraGroups = anyExit ? 1 : 0;
        for (byte t : POOL_ORDER) {
            poolBase[t & 0xFF] = next;
            next += poolSize[t & 0xFF];
            extraGroups += poolSize[t & 0xFF] > 0 ? 1 : 0;
        }
        ByteWriter w = new ByteWriter(body.end - body.start);
        w.u32(body.localGroups + extraGroups);
        w.bytes(body.module, body.groupsStart, body.codeStart - body.groupsStart);
        if (anyExit) {
            w.u32(1).u8(0x7F);
        }
        for (byte t : POOL_ORDER) {
            if (poolSize[t & 0xFF] > 0) {
                w.u32(poolSize[t & 0xFF]).u8(t);
            }
        }
        int pos = body.codeStart;
        for (Region r : regions) {
            w.bytes(body.module, pos, off(r.a) - pos);
            callSite(w, r, codeLocal, poolBase);
            pos = off(r.b);
        }
        w.bytes(body.module, pos, body.end - pos);
        return w.toByteArray();
    }

    private void callSite(ByteWriter w, Region r, int codeLocal, int[] poolBase) {
        for (int p : r.params) {
            w.u8(0x20).u32(p);
        }
        w.u8(0x10).u32(r.function);
        int[] slotLocal = new int[r.slots.length];
        int[] count = new int[256];
        for (int s = 0; s < r.slots.length; s++) {
            int t = r.slots[s] & 0xFF;
            slotLocal[s] = poolBase[t] + count[t]++;
        }
        if (!r.exits.isEmpty()) {
            w.u8(0x21).u32(codeLocal);
        }
        for (int s = r.slots.length - 1; s >= 0; s--) {
            w.u8(0x21).u32(slotLocal[s]);
        }
        for (int i = r.written.length - 1; i >= 0; i--) {
            w.u8(0x21).u32(r.written[i]);
        }
        for (int k = 0; k < r.exits.size(); k++) {
            w.u8(0x20).u32(codeLocal);
            i32(w, k + 1);
            w.u8(0x46).u8(0x04).u8(0x40);
            for (int s : r.slotOf[k]) {
                w.u8(0x20).u32(slotLocal[s]);
            }
            Exit e = r.exits.get(k);
            if (e.target() == RETURN) {
                w.u8(0x0F);
            } else {
                w.u8(0x0C).u32(e.target() + 1);
            }
            w.u8(0x0B);
        }
        if (r.endsUnreachable) {
            w.u8(0x00);
        }
    }
}
