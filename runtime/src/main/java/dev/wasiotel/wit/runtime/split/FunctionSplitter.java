package dev.wasiotel.wit.runtime.split;

import dev.wasiotel.wit.runtime.split.SplitResult.OversizedFunction;
import dev.wasiotel.wit.runtime.split.SplitResult.SplitFunction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the functions of a core WebAssembly module that are too large for a compiler (Chicory's build-time
 * compiler puts each Wasm function into one JVM method, at most 64 KB of bytecode, and interprets the rest) by
 * outlining parts of them into new functions.
 *
 * <p>New functions and types are appended, so no existing index, export, table element or call changes; only
 * the type, function and code sections are rewritten, everything else is copied byte for byte. Functions with
 * instructions the splitter does not know (SIMD, exception handling, GC) stay as they are and are reported.
 * The output is deterministic. The input is untrusted: a malformed module gives a {@link WasmFormatException}.
 */
public final class FunctionSplitter {
    private static final int MAX_PASSES = 64;

    private FunctionSplitter() {
    }

    /** Splits every function of {@code module} larger than {@code options.threshold()}. */
    public static SplitResult split(byte[] module, SplitOptions options) {
        ModuleInfo m = ModuleInfo.parse(module);
        int defined = m.bodyStart.length;
        List<Integer> over = new ArrayList<>();
        for (int i = 0; i < defined; i++) {
            if (m.bodySize(i) > options.threshold()) {
                over.add(i);
            }
        }
        if (over.isEmpty()) {
            return new SplitResult(module, List.of(), 0, List.of());
        }
        if (m.types == null) {
            List<OversizedFunction> left = new ArrayList<>();
            for (int i : over) {
                left.add(new OversizedFunction(m.importedFuncs + i, m.bodySize(i), m.typesUnsupported));
            }
            return new SplitResult(module, List.of(), 0, left);
        }
        return new FunctionSplitter.Run(m, options).run(over);
    }

    /** One split of one module: the bodies as they change, and what happened to each function. */
    private static final class Run {
        private final ModuleInfo m;
        private final SplitOptions options;
        private final TypeTable types;
        /** Rewritten or added bodies by defined index; null for an unchanged original. */
        private final List<byte[]> bodies = new ArrayList<>();
        /** For each added function (by defined index) the original function it came from. */
        private final Map<Integer, Integer> rootOf = new LinkedHashMap<>();
        private final Map<Integer, Integer> outlinedCount = new LinkedHashMap<>();
        private final Map<Integer, String> reasons = new LinkedHashMap<>();

        Run(ModuleInfo m, SplitOptions options) {
            this.m = m;
            this.options = options;
            this.types = new TypeTable(m);
            for (int i = 0; i < m.bodyStart.length; i++) {
                bodies.add(null);
            }
        }

        private int size(int def) {
            byte[] b = bodies.get(def);
            return b == null ? m.bodySize(def) : b.length;
        }

        SplitResult run(List<Integer> over) {
            List<Integer> work = over;
            BitSet tried = new BitSet();
            for (int pass = 0; pass < MAX_PASSES && !work.isEmpty(); pass++) {
                List<Integer> next = new ArrayList<>();
                for (int def : work) {
                    tried.set(def);
                    int before = size(def);
                    if (splitOne(def) && size(def) > options.threshold()) {
                        if (size(def) < before) {
                            next.add(def);
                        } else {
                            reasons.put(def, "outlining no longer makes it smaller");
                        }
                    }
                }
                for (int def = m.bodyStart.length; def < bodies.size(); def++) {
                    // a new piece above the threshold (a piece target above it) is split in the next pass
                    if (size(def) > options.threshold() && !tried.get(def)) {
                        next.add(def);
                    }
                }
                work = next;
            }
            for (int def : work) {
                reasons.putIfAbsent(def, "still " + size(def) + " bytes after " + MAX_PASSES + " passes");
            }
            return result(over);
        }

        /** Outlines what it can of one function; false (with a reason) when nothing could be. */
        private boolean splitOne(int def) {
            int root = rootOf.getOrDefault(def, def);
            byte[] src = bodies.get(def);
            byte[] bytes = src == null ? m.bytes : src;
            int start = src == null ? m.bodyStart[def] : 0;
            int end = src == null ? m.bodyEnd[def] : src.length;
            FuncType type = types.funcType(m.importedFuncs + def);
            Body body;
            try {
                body = Body.decode(bytes, start, end, type, types);
            } catch (Unsupported e) {
                reasons.put(def, e.getMessage());
                return false;
            }
            // later passes see the pieces outlined before as calls, so whole larger structures fit the target
            int target = options.pieceTarget();
            if (def >= m.bodyStart.length) {
                // a piece gives at most half of itself to a new piece: otherwise (a piece target above the
                // threshold) pass after pass could move nearly all of it on, a chain of calls that gains nothing
                target = Math.min(target, Math.max(1, (end - start) / 2));
            }
            int minPiece = Math.max(1, Math.min(64, target / 16));
            Outliner.Result r = Outliner.outline(body, types,
                    new Outliner.Limits(target, minPiece, options.maxParamSlots(), options.maxResults()));
            if (r == null) {
                reasons.put(def, "no region of at most " + target + " bytes can be outlined");
                return false;
            }
            bodies.set(def, r.parentBody());
            for (int i = 0; i < r.newFunctions().size(); i++) {
                int newDef = r.newFunctions().get(i) - m.importedFuncs;
                if (newDef != bodies.size()) {
                    throw new IllegalStateException("outlined function index out of order");
                }
                bodies.add(r.newBodies().get(i));
                rootOf.put(newDef, root);
            }
            outlinedCount.merge(root, r.newFunctions().size(), Integer::sum);
            reasons.remove(def);
            return true;
        }

        private SplitResult result(List<Integer> over) {
            List<SplitFunction> split = new ArrayList<>();
            for (int def : over) {
                int n = outlinedCount.getOrDefault(def, 0);
                if (n > 0) {
                    split.add(new SplitFunction(m.importedFuncs + def, m.bodySize(def), size(def), n));
                }
            }
            List<OversizedFunction> left = new ArrayList<>();
            for (int def = 0; def < bodies.size(); def++) {
                if (size(def) > options.threshold()) {
                    left.add(new OversizedFunction(m.importedFuncs + def, size(def),
                            reasons.getOrDefault(def, "not split")));
                }
            }
            int added = bodies.size() - m.bodyStart.length;
            byte[] out = added == 0 ? m.bytes : write();
            return new SplitResult(out, split, added, left);
        }

        private byte[] write() {
            ByteWriter out = new ByteWriter(m.bytes.length + m.bytes.length / 8);
            out.bytes(m.bytes, 0, 8);
            for (ModuleInfo.Section s : m.sections) {
                ByteWriter c;
                switch (s.id()) {
                    case ModuleInfo.TYPE -> {
                        c = new ByteWriter(s.end() - s.contentStart() + 64);
                        c.u32(types.types.size());
                        c.bytes(m.bytes, m.typeEntriesStart, s.end() - m.typeEntriesStart);
                        for (int t = types.originalTypes; t < types.types.size(); t++) {
                            types.types.get(t).write(c);
                        }
                    }
                    case ModuleInfo.FUNCTION -> {
                        c = new ByteWriter(s.end() - s.contentStart() + 64);
                        c.u32(bodies.size());
                        c.bytes(m.bytes, m.funcEntriesStart, s.end() - m.funcEntriesStart);
                        for (int def = m.bodyStart.length; def < bodies.size(); def++) {
                            c.u32(types.funcTypes.get(m.importedFuncs + def));
                        }
                    }
                    case ModuleInfo.CODE -> {
                        c = new ByteWriter(s.end() - s.contentStart() + 1024);
                        c.u32(bodies.size());
                        for (int def = 0; def < bodies.size(); def++) {
                            byte[] b = bodies.get(def);
                            if (b == null) {
                                c.u32(m.bodySize(def)).bytes(m.bytes, m.bodyStart[def], m.bodySize(def));
                            } else {
                                c.u32(b.length).bytes(b, 0, b.length);
                            }
                        }
                    }
                    default -> {
                        out.bytes(m.bytes, s.headerStart(), s.end() - s.headerStart());
                        continue;
                    }
                }
                out.u8(s.id()).u32(c.size()).bytes(c);
            }
            return out.toByteArray();
        }
    }
}
