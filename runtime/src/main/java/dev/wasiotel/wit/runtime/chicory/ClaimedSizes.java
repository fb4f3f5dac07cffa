package dev.wasiotel.wit.runtime.chicory;

/**
 * Checks, before Chicory's parser sees a core module, that the counts and lengths the module
 * claims fit in the bytes it has: Chicory allocates on a claimed count ({@code new
 * ArrayList<>(count)} for a function type's parameters, a byte array for a name or a data
 * segment) before it reads the elements, so a 40-byte module claiming 1.5 billion parameters
 * would take gigabytes of heap (found by the core-module and component fuzz targets). Each claim
 * is held to the bytes left in its section; a function's locals are held to {@value
 * #MAX_LOCALS}, as wasmtime holds them. This is not validation: what it does not understand it
 * leaves to Chicory.
 */
final class ClaimedSizes {
    /** The most locals one function may declare (wasmtime's limit). */
    static final long MAX_LOCALS = 50_000;

    private final byte[] bytes;
    private int pos;

    private ClaimedSizes(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @throws IllegalArgumentException naming the first claim larger than the bytes behind it
     */
    static void check(byte[] module) {
        new ClaimedSizes(module).sections();
    }

    private void sections() {
        if (bytes.length < 8) {
            return; // too short to be a module: Chicory says so
        }
        pos = 8;
        while (pos < bytes.length) {
            int id = bytes[pos++] & 0xff;
            long size = u32();
            if (size < 0 || size > bytes.length - pos) {
                return; // a truncated section: Chicory reports it without allocating on it
            }
            int end = pos + (int) size;
            section(id, end);
            pos = end;
        }
    }

    private void section(int id, int end) {
        switch (id) {
            case 0 -> name(end, "a custom section's name");
            case 1 -> types(end);
            case 2 -> imports(end);
            case 7 -> exports(end);
            case 10 -> code(end);
            case 11 -> data(end);
            case 3, 4, 5, 6, 9 -> count(end, "entries of section " + id, 1);
            default -> {
            }
        }
    }

    /** A vector's count, each element taking at least {@code minBytes}. */
    private long count(int end, String what, int minBytes) {
        long n = u32();
        if (n < 0 || n * minBytes > end - pos) {
            throw claim(what, n, end - pos);
        }
        return n;
    }

    private void name(int end, String what) {
        long len = count(end, what, 1);
        pos += (int) len;
    }

    private void types(int end) {
        long n = count(end, "function types", 3);
        for (long i = 0; i < n && pos < end; i++) {
            if ((bytes[pos] & 0xff) != 0x60) {
                return; // a recursive or other type: left to Chicory
            }
            pos++;
            valTypes(end, "parameters of function type " + i);
            valTypes(end, "results of function type " + i);
        }
    }

    private void valTypes(int end, String what) {
        long n = count(end, what, 1);
        for (long i = 0; i < n && pos < end; i++) {
            int t = bytes[pos++] & 0xff;
            if (t == 0x63 || t == 0x64) {
                s33(); // (ref null? heaptype)
            }
        }
    }

    private void imports(int end) {
        long n = count(end, "imports", 4);
        for (long i = 0; i < n && pos < end; i++) {
            name(end, "an import's module name");
            name(end, "an import's name");
            int kind = bytes[pos++] & 0xff;
            switch (kind) {
                case 0 -> u32();
                case 1 -> { // table: reftype, limits
                    pos++;
                    limits();
                }
                case 2 -> limits();
                case 3 -> pos += 2;
                default -> {
                    return; // left to Chicory
                }
            }
        }
    }

    private void limits() {
        int flags = bytes[pos++] & 0xff;
        u32();
        if ((flags & 1) != 0) {
            u32();
        }
    }

    private void exports(int end) {
        long n = count(end, "exports", 3);
        for (long i = 0; i < n && pos < end; i++) {
            name(end, "an export's name");
            pos++;
            u32();
        }
    }

    private void code(int end) {
        long n = count(end, "function bodies", 2);
        for (long i = 0; i < n && pos < end; i++) {
            long size = count(end, "bytes of function body " + i, 1);
            int bodyEnd = pos + (int) size;
            long groups = count(bodyEnd, "local groups of function body " + i, 2);
            long locals = 0;
            for (long g = 0; g < groups && pos < bodyEnd; g++) {
                locals += u32();
                pos++;
                if (locals > MAX_LOCALS) {
                    throw new IllegalArgumentException("function body " + i + " declares more than " + MAX_LOCALS
                            + " locals");
                }
            }
            pos = bodyEnd;
        }
    }

    private void data(int end) {
        long n = count(end, "data segments", 2);
        for (long i = 0; i < n && pos < end; i++) {
            long flags = u32();
            if (flags == 2) {
                u32(); // memory index
            }
            if (flags != 1 && !skipConstExpr(end)) {
                return;
            }
            long len = count(end, "bytes of data segment " + i, 1);
            pos += (int) len;
        }
    }

    /** Skips {@code i32.const}/{@code i64.const}/{@code global.get} ... {@code end}; false if it cannot. */
    private boolean skipConstExpr(int end) {
        while (pos < end) {
            int op = bytes[pos++] & 0xff;
            switch (op) {
                case 0x0B -> {
                    return true;
                }
                case 0x41, 0x42 -> sLeb();
                case 0x23 -> u32();
                case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E -> {
                    // extended constant expressions: add, sub, mul
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private IllegalArgumentException claim(String what, long n, int left) {
        return new IllegalArgumentException("the module claims " + Long.toUnsignedString(n) + " " + what
                + " with only " + left + " bytes left in its section");
    }

    /** An unsigned LEB128 of at most 5 bytes, or -1 if it is malformed or runs past the module. */
    private long u32() {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= bytes.length) {
                return -1;
            }
            int b = bytes[pos++] & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result <= 0xFFFF_FFFFL ? result : -1;
            }
        }
        return -1;
    }

    private void sLeb() {
        while (pos < bytes.length && (bytes[pos++] & 0x80) != 0) {
            // skip
        }
    }

    private void s33() {
        sLeb();
    }
}
