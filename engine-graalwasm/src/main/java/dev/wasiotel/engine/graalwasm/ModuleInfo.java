package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.engine.CoreExportDesc;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import dev.wasiotel.wit.runtime.engine.CoreImportDesc;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host needs to know of a core module that GraalWasm's polyglot API does not tell: the
 * signatures of its imported and exported functions, and the limits of the memories and tables it
 * defines. Read from the module's type, import, function, table, memory and export sections; the
 * bytes are untrusted, so every count and length is checked against what is left, and nothing is
 * allocated ahead of what was read. GraalWasm validates the whole module afterwards.
 *
 * <p>{@link #bounded} rewrites the memory and table sections so that what the module defines has
 * the host's limits as its maximum: {@code memory.grow} and {@code table.grow} beyond them return
 * {@code -1}, as the core specification allows.
 */
final class ModuleInfo {
    /** A function signature; {@code null} entries are types outside i32/i64/f32/f64. */
    record Signature(List<CoreType> params, List<CoreType> results) {
    }

    /** A memory or table the module defines: its minimum and maximum (-1 for none). */
    private record Limits(int flags, long min, long max, int elementType) {
    }

    private static final int TYPE = 1;
    private static final int IMPORT = 2;
    private static final int FUNCTION = 3;
    private static final int TABLE = 4;
    private static final int MEMORY = 5;
    private static final int EXPORT = 7;

    private final byte[] bytes;
    private final List<Signature> types = new ArrayList<>();
    private final List<CoreImportDesc> imports = new ArrayList<>();
    /** The type index of each function, imported ones first. */
    private final List<Integer> functionTypes = new ArrayList<>();
    private final Map<String, Signature> importSignatures = new HashMap<>();
    private final List<CoreExportDesc> exports = new ArrayList<>();
    private final Map<String, Integer> exportIndex = new HashMap<>();
    private final List<Limits> memories = new ArrayList<>();
    private final List<Limits> tables = new ArrayList<>();
    private int importedMemories;
    private int importedTables;
    /** Where the memory and table sections are: {start of section id, end}. */
    private int[] memorySection;
    private int[] tableSection;

    private ModuleInfo(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Reads a module.
     *
     * @throws IllegalArgumentException if the bytes are not a module this reader understands
     */
    static ModuleInfo read(byte[] bytes) {
        ModuleInfo info = new ModuleInfo(bytes);
        try {
            info.readSections();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a valid WebAssembly module: truncated", e);
        }
        return info;
    }

    List<CoreImportDesc> imports() {
        return List.copyOf(imports);
    }

    List<CoreExportDesc> exports() {
        return List.copyOf(exports);
    }

    /** The signature of imported function {@code module}/{@code name}. */
    Signature importSignature(String module, String name) {
        return importSignatures.get(module + "\u0000" + name);
    }

    /** The signature of exported function {@code name}, or null if it is no function export. */
    Signature exportSignature(String name) {
        Integer index = exportIndex.get(name);
        if (index == null || index >= functionTypes.size()) {
            return null;
        }
        int type = functionTypes.get(index);
        return type < types.size() ? types.get(type) : null;
    }

    /** {@code 16384 pages (1 GiB)}: as Chicory's engine words it, so that the messages are the same. */
    static String pagesText(long pages) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        long value = pages * GuestLimits.PAGE_SIZE;
        while (unit < units.length - 1 && value >= 1024 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return pages + " pages (" + value + " " + units[unit] + ")";
    }

    /** Each memory and table the module defines whose minimum exceeds {@code limits}, as text. */
    List<String> overLimits(GuestLimits limits) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < memories.size(); i++) {
            long pages = memories.get(i).min();
            if (pages > limits.maxMemoryPages()) {
                problems.add("memory " + (importedMemories + i) + "'s minimum of " + pagesText(pages) + ": its limit is "
                        + pagesText(limits.maxMemoryPages()));
            }
        }
        for (int i = 0; i < tables.size(); i++) {
            long min = tables.get(i).min();
            if (min > limits.maxTableElements()) {
                problems.add("table " + (importedTables + i) + "'s minimum of " + min + " elements: its limit is "
                        + limits.maxTableElements() + " elements");
            }
        }
        return problems;
    }

    /** The module as read. */
    byte[] bytes() {
        return bytes;
    }

    /** The module with every memory and table it defines capped at {@code limits}. */
    byte[] bounded(GuestLimits limits) {
        if (memorySection == null && tableSection == null) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 32);
        int at = 0;
        for (int[] section : sectionsInOrder()) {
            out.write(bytes, at, section[0] - at);
            byte[] body = section == memorySection ? memoryBody(limits.maxMemoryPages())
                    : tableBody(limits.maxTableElements());
            out.write(section == memorySection ? MEMORY : TABLE);
            writeU32(out, body.length);
            out.write(body, 0, body.length);
            at = section[1];
        }
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private List<int[]> sectionsInOrder() {
        List<int[]> sections = new ArrayList<>();
        if (tableSection != null) {
            sections.add(tableSection);
        }
        if (memorySection != null) {
            sections.add(memorySection);
        }
        sections.sort((a, b) -> Integer.compare(a[0], b[0]));
        return sections;
    }

    private byte[] memoryBody(long maxPages) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeU32(body, memories.size());
        for (Limits m : memories) {
            long max = m.max() < 0 ? maxPages : Math.min(m.max(), maxPages);
            body.write((m.flags() | 1) & 0xff); // keeps shared/memory64, adds a maximum
            writeU64(body, m.min());
            writeU64(body, max);
        }
        return body.toByteArray();
    }

    private byte[] tableBody(long maxElements) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeU32(body, tables.size());
        for (Limits t : tables) {
            long max = t.max() < 0 ? maxElements : Math.min(t.max(), maxElements);
            body.write(t.elementType());
            body.write((t.flags() | 1) & 0xff);
            writeU64(body, t.min());
            writeU64(body, max);
        }
        return body.toByteArray();
    }

    // ------------------------------------------------------------------ reading

    private int pos;

    private void readSections() {
        if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm'
                || bytes[4] != 1 || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0) {
            throw new IllegalArgumentException("not a valid WebAssembly module: bad magic or version");
        }
        pos = 8;
        while (pos < bytes.length) {
            int start = pos;
            int id = bytes[pos++] & 0xff;
            long size = readU32();
            if (size > bytes.length - pos) {
                throw new IllegalArgumentException("not a valid WebAssembly module: section " + id + " runs past the end");
            }
            int end = pos + (int) size;
            switch (id) {
                case TYPE -> readTypes();
                case IMPORT -> readImports();
                case FUNCTION -> readFunctions();
                case TABLE -> {
                    tableSection = new int[] {start, end};
                    readTables();
                }
                case MEMORY -> {
                    memorySection = new int[] {start, end};
                    readMemories();
                }
                case EXPORT -> readExports();
                default -> { }
            }
            pos = end;
        }
    }

    private void readTypes() {
        long count = readU32();
        for (long i = 0; i < count; i++) {
            int form = bytes[pos++] & 0xff;
            if (form != 0x60) {
                throw new IllegalArgumentException("unsupported type form 0x" + Integer.toHexString(form)
                        + " (GC types are not supported)");
            }
            List<CoreType> params = readValTypes();
            List<CoreType> results = readValTypes();
            types.add(new Signature(params, results));
        }
    }

    private List<CoreType> readValTypes() {
        long count = readU32();
        List<CoreType> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.add(readValType());
        }
        return out;
    }

    private CoreType readValType() {
        int t = bytes[pos++] & 0xff;
        switch (t) {
            case 0x7f: return CoreType.I32;
            case 0x7e: return CoreType.I64;
            case 0x7d: return CoreType.F32;
            case 0x7c: return CoreType.F64;
            case 0x63: case 0x64:
                readS33(); // (ref null? heaptype)
                return null;
            default:
                return null; // v128, funcref, externref
        }
    }

    private void readImports() {
        long count = readU32();
        for (long i = 0; i < count; i++) {
            String module = readName();
            String name = readName();
            int kind = bytes[pos++] & 0xff;
            switch (kind) {
                case 0 -> {
                    int type = (int) readU32();
                    imports.add(new CoreImportDesc(module, name, CoreExternKind.FUNC));
                    functionTypes.add(type);
                    if (type < types.size()) {
                        importSignatures.put(module + "\u0000" + name, types.get(type));
                    }
                }
                case 1 -> {
                    readTable();
                    importedTables++;
                    imports.add(new CoreImportDesc(module, name, CoreExternKind.TABLE));
                }
                case 2 -> {
                    readLimits();
                    importedMemories++;
                    imports.add(new CoreImportDesc(module, name, CoreExternKind.MEMORY));
                }
                case 3 -> {
                    readValType();
                    pos++; // mutability
                    imports.add(new CoreImportDesc(module, name, CoreExternKind.GLOBAL));
                }
                case 4 -> {
                    pos++; // attribute
                    readU32();
                    imports.add(new CoreImportDesc(module, name, CoreExternKind.TAG));
                }
                default -> throw new IllegalArgumentException("not a valid WebAssembly module: import kind " + kind);
            }
        }
    }

    private void readFunctions() {
        long count = readU32();
        for (long i = 0; i < count; i++) {
            functionTypes.add((int) readU32());
        }
    }

    private Limits readTable() {
        int elementType = bytes[pos] & 0xff;
        if (elementType == 0x63 || elementType == 0x64) {
            throw new IllegalArgumentException("typed function references in tables are not supported");
        }
        pos++;
        Limits l = readLimits();
        return new Limits(l.flags(), l.min(), l.max(), elementType);
    }

    private void readTables() {
        long count = readU32();
        for (long i = 0; i < count; i++) {
            if ((bytes[pos] & 0xff) == 0x40) {
                throw new IllegalArgumentException("tables with initialisers are not supported");
            }
            tables.add(readTable());
        }
    }

    private void readMemories() {
        long count = readU32();
        for (long i = 0; i < count; i++) {
            memories.add(readLimits());
        }
    }

    private Limits readLimits() {
        int flags = bytes[pos++] & 0xff;
        if (flags > 7) {
            throw new IllegalArgumentException("not a valid WebAssembly module: limits flags " + flags);
        }
        long min = readU64();
        long max = (flags & 1) != 0 ? readU64() : -1;
        return new Limits(flags, min, max, 0);
    }

    private void readExports() {
        long count = readU32();
        for (long i = 0; i < count; i++) {
            String name = readName();
            int kind = bytes[pos++] & 0xff;
            int index = (int) readU32();
            CoreExternKind k = switch (kind) {
                case 0 -> CoreExternKind.FUNC;
                case 1 -> CoreExternKind.TABLE;
                case 2 -> CoreExternKind.MEMORY;
                case 3 -> CoreExternKind.GLOBAL;
                default -> CoreExternKind.TAG;
            };
            exports.add(new CoreExportDesc(name, k));
            if (k == CoreExternKind.FUNC) {
                exportIndex.put(name, index);
            }
        }
    }

    private String readName() {
        long length = readU32();
        if (length > bytes.length - pos) {
            throw new IllegalArgumentException("not a valid WebAssembly module: a name runs past the end");
        }
        String s = new String(bytes, pos, (int) length, java.nio.charset.StandardCharsets.UTF_8);
        pos += (int) length;
        return s;
    }

    private long readU32() {
        long v = readU64();
        if (v > 0xffff_ffffL) {
            throw new IllegalArgumentException("not a valid WebAssembly module: a u32 is out of range");
        }
        return v;
    }

    private long readU64() {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = bytes[pos++] & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("not a valid WebAssembly module: an integer is too long");
    }

    private void readS33() {
        for (int i = 0; i < 5; i++) {
            if ((bytes[pos++] & 0x80) == 0) {
                return;
            }
        }
        throw new IllegalArgumentException("not a valid WebAssembly module: a heap type is too long");
    }

    private static void writeU32(ByteArrayOutputStream out, long v) {
        writeU64(out, v);
    }

    private static void writeU64(ByteArrayOutputStream out, long v) {
        long rest = v;
        do {
            int b = (int) (rest & 0x7f);
            rest >>>= 7;
            out.write(rest != 0 ? b | 0x80 : b);
        } while (rest != 0);
    }
}
