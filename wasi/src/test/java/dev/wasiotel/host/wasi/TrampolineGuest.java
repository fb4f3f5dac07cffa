package dev.wasiotel.host.wasi;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ChicoryModule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A guest written in WAT that imports every WASI function under its wit-component name and
 * re-exports it as {@code module#name}, with a memory and a bump {@code cabi_realloc}: tests drive
 * WASI from Java through the real generated glue and Chicory, one call at a time, and read the
 * results out of guest memory as a guest would.
 */
final class TrampolineGuest {
    /** Where {@link #alloc} hands out scratch memory; cabi_realloc allocates from 1 MiB up. */
    private static final int SCRATCH_START = 1024;
    private static final int SCRATCH_END = 1 << 20;

    /** Parsed once per module text: tests make many instances. */
    private static final Map<String, ChicoryModule> PARSED = new ConcurrentHashMap<>();

    final Wasi wasi;
    final GuestInstance guest;
    final GuestMemory memory;
    private int next = SCRATCH_START;

    TrampolineGuest(WasiConfig config) {
        this(config, StringEncoding.UTF8);
    }

    TrampolineGuest(WasiConfig config, StringEncoding encoding) {
        this(Wasi.of(config), encoding);
    }

    TrampolineGuest(Wasi wasi, StringEncoding encoding) {
        this(wasi, wasi.functions(encoding));
    }

    /** A guest linked with {@code defs}, functions of {@code wasi}: guests may share one list. */
    TrampolineGuest(Wasi wasi, List<HostFunctionDef> defs) {
        this.wasi = wasi;
        ChicoryModule module = PARSED.computeIfAbsent(wat(defs), wat -> ChicoryHost.parse(Wat.wasm(wat)));
        this.guest = ChicoryHost.builder().addAll(defs).build().instantiate(module);
        this.memory = guest.context().memory();
    }

    /** The trampoline module for {@code defs}. */
    static String wat(List<HostFunctionDef> defs) {
        StringBuilder sb = new StringBuilder("(module\n");
        for (int i = 0; i < defs.size(); i++) {
            HostFunctionDef d = defs.get(i);
            sb.append("  (import \"").append(d.module()).append("\" \"").append(d.name()).append("\" (func $f").append(i);
            appendTypes(sb, "param", d.params());
            appendTypes(sb, "result", d.results());
            sb.append("))\n");
        }
        for (int i = 0; i < defs.size(); i++) {
            HostFunctionDef d = defs.get(i);
            sb.append("  (export \"").append(d.module()).append('#').append(d.name()).append("\" (func $f").append(i).append("))\n");
        }
        sb.append("  (memory (export \"memory\") 32)\n"
                + "  (global $heap (mut i32) (i32.const 1048576))\n"
                + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (local $p i32)\n"
                + "    (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1)))\n"
                + "      (then (return (local.get 0))))\n"
                + "    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))\n"
                + "                           (i32.sub (i32.const 0) (local.get 2))))\n"
                + "    (global.set $heap (i32.add (local.get $p) (local.get 3)))\n"
                + "    (if (i32.gt_u (global.get $heap) (i32.const 2097152)) (then (unreachable)))\n"
                + "    (if (local.get 0) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))\n"
                + "    (local.get $p))\n"
                + ")\n");
        return sb.toString();
    }

    private static void appendTypes(StringBuilder sb, String kind, List<CoreType> types) {
        if (types.isEmpty()) {
            return;
        }
        sb.append(" (").append(kind);
        for (CoreType t : types) {
            sb.append(' ').append(t.name().toLowerCase(Locale.ROOT));
        }
        sb.append(')');
    }

    /** Calls WASI function {@code name} of interface {@code iface} (e.g. {@code "wasi:cli/stdout"}). */
    long[] call(String iface, String name, long... args) {
        return guest.call(iface + "@" + Wasi.VERSION + "#" + name, args);
    }

    /** Calls a function returning one i32 (a handle, a bool). */
    int callInt(String iface, String name, long... args) {
        return (int) call(iface, name, args)[0];
    }

    /** {@code size} bytes of zeroed scratch memory aligned to 8. */
    int alloc(int size) {
        int p = (next + 7) & ~7;
        next = p + size;
        if (next > SCRATCH_END) {
            throw new IllegalStateException("scratch memory exhausted");
        }
        memory.writeBytes(p, new byte[size], 0, size);
        return p;
    }

    /** A return area of 128 bytes, enough for every WASI result. */
    int ret() {
        return alloc(128);
    }

    /** Writes {@code s} as UTF-8; returns {ptr, len}. */
    long[] str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code b}; returns {ptr, len}. */
    long[] bytes(byte[] b) {
        int p = alloc(Math.max(1, b.length));
        memory.writeBytes(p, b, 0, b.length);
        return new long[] {p, b.length};
    }

    int u8(int address) {
        return memory.readByte(address) & 0xff;
    }

    int i32(int address) {
        return memory.readInt(address);
    }

    long i64(int address) {
        return memory.readLong(address);
    }

    byte[] read(int ptr, int len) {
        byte[] b = new byte[len];
        memory.readBytes(ptr, b, 0, len);
        return b;
    }

    /** The string whose pointer and length are at {@code address}. */
    String stringAt(int address) {
        return new String(read(i32(address), i32(address + 4)), StandardCharsets.UTF_8);
    }

    /** The list of bytes whose pointer and length are at {@code address}. */
    byte[] bytesAt(int address) {
        return read(i32(address), i32(address + 4));
    }
}
