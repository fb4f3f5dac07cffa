package dev.wasiotel.wit.runtime.split;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the splitter needs of a core module: where its sections are, its function types, the type of every
 * function (imports first) and where each body of the code section lies. Nothing else is decoded.
 */
final class ModuleInfo {
    static final int TYPE = 1;
    static final int IMPORT = 2;
    static final int FUNCTION = 3;
    static final int CODE = 10;

    /** Position of each section id in the order the spec requires (tags between memory and global, data count before code). */
    private static final int[] SECTION_RANK = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

    /** One section: its id and where its header and its content start, and its end. */
    record Section(int id, int headerStart, int contentStart, int end) {
    }

    final byte[] bytes;
    final List<Section> sections = new ArrayList<>();
    /** The types, or null when the type section holds something other than plain function types (GC types). */
    List<FuncType> types;
    String typesUnsupported;
    /** Type index of every function: imported ones first, then the defined ones. */
    final List<Integer> funcTypes = new ArrayList<>();
    int importedFuncs;
    /** Offsets of each body's content (after its size) and its end. */
    int[] bodyStart = new int[0];
    int[] bodyEnd = new int[0];
    /** Start of the raw entries of the type and function sections (after their counts). */
    int typeEntriesStart = -1;
    int funcEntriesStart = -1;

    private ModuleInfo(byte[] bytes) {
        this.bytes = bytes;
    }

    static ModuleInfo parse(byte[] bytes) {
        if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw new WasmFormatException("not a WebAssembly module (bad magic)");
        }
        if (bytes[4] != 1 || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0) {
            throw new WasmFormatException("not a core module of version 1 (a component?)");
        }
        ModuleInfo m = new ModuleInfo(bytes);
        ByteReader r = new ByteReader(bytes, 8, bytes.length);
        int definedFuncs = -1;
        int lastRank = 0;
        while (!r.atEnd()) {
            int headerStart = r.pos();
            int id = r.u8();
            if (id > 13) {
                throw new WasmFormatException("unknown section id " + id + " at offset " + headerStart);
            }
            if (id != 0) {
                // the order the spec fixes: the index spaces (imports first) depend on it
                if (SECTION_RANK[id] <= lastRank) {
                    throw new WasmFormatException("section " + id + " out of order at offset " + headerStart);
                }
                lastRank = SECTION_RANK[id];
            }
            int size = r.u32();
            int contentStart = r.pos();
            r.skip(size);
            Section s = new Section(id, headerStart, contentStart, r.pos());
            m.sections.add(s);
            ByteReader c = new ByteReader(bytes, contentStart, s.end);
            switch (id) {
                case TYPE -> m.parseTypes(c);
                case IMPORT -> m.parseImports(c);
                case FUNCTION -> {
                    int n = c.count(1);
                    m.funcEntriesStart = c.pos();
                    definedFuncs = n;
                    for (int i = 0; i < n; i++) {
                        m.funcTypes.add(c.u32());
                    }
                    requireEnd(c, "function");
                }
                case CODE -> m.parseCode(c);
                default -> {
                }
            }
        }
        int bodies = m.bodyStart.length;
        if (bodies != Math.max(definedFuncs, 0)) {
            throw new WasmFormatException("function section declares " + Math.max(definedFuncs, 0)
                    + " functions, code section has " + bodies + " bodies");
        }
        if (m.types != null) {
            for (int t : m.funcTypes) {
                if (t >= m.types.size()) {
                    throw new WasmFormatException("function type index " + t + " out of range");
                }
            }
        }
        return m;
    }

    private static void requireEnd(ByteReader c, String what) {
        if (!c.atEnd()) {
            throw new WasmFormatException(what + " section has trailing bytes at offset " + c.pos());
        }
    }

    private void parseTypes(ByteReader c) {
        int n = c.count(1);
        typeEntriesStart = c.pos();
        List<FuncType> list = new ArrayList<>(Math.min(n, 4096));
        for (int i = 0; i < n; i++) {
            int form = c.u8();
            if (form != 0x60) {
                typesUnsupported = "type section entry " + i + " has form 0x" + Integer.toHexString(form)
                        + " (only plain function types are supported)";
                return;
            }
            byte[] params = valTypes(c);
            byte[] results = valTypes(c);
            if (params == null || results == null) {
                typesUnsupported = "type " + i + " uses a value type other than numbers, v128, funcref, externref";
                return;
            }
            list.add(new FuncType(params, results));
        }
        requireEnd(c, "type");
        types = list;
    }

    private static byte[] valTypes(ByteReader c) {
        int n = c.count(1);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int t = c.u8();
            if (!FuncType.simpleValType(t)) {
                return null;
            }
            out[i] = (byte) t;
        }
        return out;
    }

    private void parseImports(ByteReader c) {
        int n = c.count(4);
        for (int i = 0; i < n; i++) {
            c.skip(c.u32());
            c.skip(c.u32());
            int kind = c.u8();
            switch (kind) {
                case 0x00 -> {
                    funcTypes.add(c.u32());
                    importedFuncs++;
                }
                case 0x01 -> {
                    skipRefType(c);
                    skipLimits(c);
                }
                case 0x02 -> skipLimits(c);
                case 0x03 -> {
                    skipRefType(c);
                    c.u8();
                }
                case 0x04 -> {
                    c.u8();
                    c.u32();
                }
                default -> throw new WasmFormatException("unknown import kind " + kind + " at offset " + (c.pos() - 1));
            }
        }
        requireEnd(c, "import");
    }

    private static void skipRefType(ByteReader c) {
        int t = c.u8();
        if (t == 0x63 || t == 0x64) {
            c.s33();
        }
    }

    private static void skipLimits(ByteReader c) {
        int flags = c.u8();
        c.skipLeb(10);
        if ((flags & 1) != 0) {
            c.skipLeb(10);
        }
    }

    private void parseCode(ByteReader c) {
        int n = c.count(2);
        bodyStart = new int[n];
        bodyEnd = new int[n];
        for (int i = 0; i < n; i++) {
            int size = c.u32();
            bodyStart[i] = c.pos();
            c.skip(size);
            bodyEnd[i] = c.pos();
        }
        requireEnd(c, "code");
    }

    int bodySize(int definedIndex) {
        return bodyEnd[definedIndex] - bodyStart[definedIndex];
    }

    Map<String, Integer> typeIndex() {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            map.putIfAbsent(types.get(i).key(), i);
        }
        return map;
    }
}
