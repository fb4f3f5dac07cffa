package dev.wasiotel.otel;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.ResourceTable;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real WebAssembly guest for the adapter's tests: a WAT module that imports every given host
 * function and exports, under {@code module#name}, a function of the same core signature that just
 * calls the import, plus its memory and a bump {@code cabi_realloc} (that copies when it grows a block). Tests lower WIT values into
 * its memory with the generated canonical-ABI code, then make the guest call the host with them.
 */
final class TestGuest {
    private static final Map<String, byte[]> WASM = new ConcurrentHashMap<>();

    final GuestInstance instance;
    /**
     * The test's steps (each a call of a forwarding export) form one guest call, as the calls a
     * real guest makes of its host during one export call do; {@link #endCall} ends it.
     */
    private GuestInstance.Call call;

    TestGuest(List<HostFunctionDef> defs) {
        String wat = wat(defs);
        byte[] wasm = WASM.computeIfAbsent(wat, Wat2Wasm::parse);
        instance = ChicoryHost.builder().addAll(defs).build().instantiate(wasm);
        call = instance.beginCall("adapter test");
    }

    /** Ends the guest call the steps so far belong to (what happens when an export returns) and begins the next. */
    void endCall() {
        call.close();
        call = instance.beginCall("adapter test");
    }

    static String wat(List<HostFunctionDef> defs) {
        StringBuilder imports = new StringBuilder();
        StringBuilder exports = new StringBuilder();
        for (int i = 0; i < defs.size(); i++) {
            HostFunctionDef d = defs.get(i);
            String sig = signature(d.params(), d.results());
            imports.append("  (import \"").append(d.module()).append("\" \"").append(d.name())
                    .append("\" (func $f").append(i).append(' ').append(sig).append("))\n");
            exports.append("  (func (export \"").append(d.qualifiedName()).append("\") ").append(sig).append('\n');
            exports.append("    (call $f").append(i);
            for (int p = 0; p < d.params().size(); p++) {
                exports.append(" (local.get ").append(p).append(')');
            }
            exports.append("))\n");
        }
        return "(module\n" + imports
                + "  (memory (export \"memory\") 64)\n"
                + "  (global $next (mut i32) (i32.const 1024))\n"
                + "  (func (export \"cabi_realloc\") (param $old i32) (param $oldSize i32) (param $align i32)"
                + " (param $size i32) (result i32)\n"
                + "    (local $ptr i32)\n"
                // a conforming realloc: shrinking keeps the block, growing copies the old contents
                + "    (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $oldSize)))\n"
                + "      (then (return (local.get $old))))\n"
                + "    (local.set $ptr (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))\n"
                + "                             (i32.sub (i32.const 0) (local.get $align))))\n"
                + "    (global.set $next (i32.add (local.get $ptr) (local.get $size)))\n"
                + "    (if (i32.ne (local.get $old) (i32.const 0))\n"
                + "      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $oldSize))))\n"
                + "    (local.get $ptr))\n"
                + exports + ")\n";
    }

    private static String signature(List<CoreType> params, List<CoreType> results) {
        StringBuilder sb = new StringBuilder();
        if (!params.isEmpty()) {
            sb.append("(param");
            params.forEach(t -> sb.append(' ').append(t.wasmName()));
            sb.append(')');
        }
        if (!results.isEmpty()) {
            sb.append(" (result");
            results.forEach(t -> sb.append(' ').append(t.wasmName()));
            sb.append(')');
        }
        return sb.toString();
    }

    GuestContext context() {
        return instance.context();
    }

    /** A canonical-ABI context over the guest's memory and allocator, for lowering test values. */
    CallContext cx() {
        GuestContext g = instance.context();
        return new CallContext(g.memory(), g.realloc(), StringEncoding.UTF8,
                g.attachment(ResourceTable.class, ResourceTable::new));
    }

    /** Guest memory for one value of {@code size} bytes. */
    int alloc(int size, int align) {
        return instance.context().realloc().realloc(0, 0, align, size);
    }

    /** Stores {@code value} with {@code store} into fresh guest memory; returns its address. */
    <T> int store(int size, int align, T value, Storer<T> store) {
        int p = alloc(size, align);
        try (CallContext cx = cx()) {
            store.store(cx, p, value);
        }
        return p;
    }

    /** A generated {@code store<Type>(cx, ptr, value)}. */
    @FunctionalInterface
    interface Storer<T> {
        void store(CallContext cx, int ptr, T value);
    }

    /** Reads the i32 at {@code ptr}. */
    long i32(int ptr) {
        return instance.context().memory().readInt(ptr);
    }

    /** Reads the byte at {@code ptr}, unsigned. */
    long u8(int ptr) {
        return instance.context().memory().readByte(ptr) & 0xff;
    }

    /** Makes the guest call the host function {@code module#name} with the flat {@code args}. */
    long[] call(String module, String name, long... args) {
        return instance.call(module + "#" + name, args);
    }

    /** A string lowered into guest memory, as the two flat values (pointer, length). */
    long[] string(String s) {
        int slot = alloc(8, 4);
        try (CallContext cx = cx()) {
            dev.wasiotel.wit.runtime.Strings.store(cx.memory(), cx.realloc(), s, StringEncoding.UTF8, slot);
        }
        return new long[] {i32(slot), i32(slot + 4)};
    }

}
