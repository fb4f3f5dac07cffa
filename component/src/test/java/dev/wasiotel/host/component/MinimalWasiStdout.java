package dev.wasiotel.host.component;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.ResourceType;
import dev.wasiotel.wit.runtime.WitTrap;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of WASI 0.2 for the preview1 adapter to print to stdout: hand-written host
 * functions (the real WASI host is another part of the project). Functions the command does not
 * call trap. Provided at version 0.2.0, so the adapter's 0.2.12 imports are matched
 * semver-compatibly.
 */
final class MinimalWasiStdout {
    static final ResourceType OUTPUT_STREAM = new ResourceType("wasi:io/streams@0.2.0", "output-stream");
    static final ResourceType INPUT_STREAM = new ResourceType("wasi:io/streams@0.2.0", "input-stream");
    private static final List<CoreType> I32 = List.of(CoreType.I32);
    private static final List<CoreType> NONE = List.of();

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    ComponentHost.Builder provideTo(ComponentHost.Builder builder) {
        return builder
                .provide("wasi:cli/stdout@0.2.0", enc -> List.of(def("wasi:cli/stdout@0.2.0", "get-stdout", NONE, I32,
                        (ctx, a) -> new long[] {table(ctx).addOwn(OUTPUT_STREAM, 1)})))
                .provide("wasi:cli/stdin@0.2.0", enc -> List.of(def("wasi:cli/stdin@0.2.0", "get-stdin", NONE, I32,
                        (ctx, a) -> new long[] {table(ctx).addOwn(INPUT_STREAM, 0)})))
                .provide("wasi:cli/stderr@0.2.0", enc -> List.of(def("wasi:cli/stderr@0.2.0", "get-stderr", NONE, I32,
                        (ctx, a) -> new long[] {table(ctx).addOwn(OUTPUT_STREAM, 2)})))
                .provide("wasi:io/streams@0.2.0", enc -> streams())
                .provide("wasi:filesystem/preopens@0.2.0", enc -> List.of(
                        def("wasi:filesystem/preopens@0.2.0", "get-directories", I32, NONE, (ctx, a) -> {
                            // no directory is granted: an empty list<tuple<own<descriptor>, string>>
                            int ret = (int) a[0];
                            Bounds.checkValue(ctx.memory(), ret, 8, 4, "return area");
                            ctx.memory().writeInt(ret, 0);
                            ctx.memory().writeInt(ret + 4, 0);
                            return null;
                        })))
                .provide("wasi:filesystem/types@0.2.0", enc -> filesystem());
    }

    private List<HostFunctionDef> streams() {
        String m = "wasi:io/streams@0.2.0";
        List<HostFunctionDef> defs = new ArrayList<>();
        defs.add(def(m, "[method]output-stream.blocking-write-and-flush",
                List.of(CoreType.I32, CoreType.I32, CoreType.I32, CoreType.I32), NONE, (ctx, a) -> {
                    int self = (int) a[0];
                    if (table(ctx).<Integer>get(self, OUTPUT_STREAM) != 1) {
                        throw new WitTrap(WitTrap.Reason.INVALID_HANDLE, "only stdout can be written here");
                    }
                    int ptr = (int) a[1];
                    int len = (int) a[2];
                    Bounds.checkList(ctx.memory(), ptr, len, 1, 1);
                    stdout.writeBytes(ctx.memory().readBytes(ptr, len));
                    int ret = (int) a[3];
                    Bounds.checkValue(ctx.memory(), ret, 12, 4, "return area");
                    ctx.memory().writeByte(ret, (byte) 0); // result::ok
                    return null;
                }));
        defs.add(unused(m, "[method]output-stream.check-write", List.of(CoreType.I32, CoreType.I32), NONE));
        defs.add(unused(m, "[method]output-stream.write", List.of(CoreType.I32, CoreType.I32, CoreType.I32, CoreType.I32),
                NONE));
        defs.add(unused(m, "[method]output-stream.blocking-flush", List.of(CoreType.I32, CoreType.I32), NONE));
        defs.add(def(m, "[resource-drop]output-stream", I32, NONE, (ctx, a) -> {
            table(ctx).drop((int) a[0], OUTPUT_STREAM);
            return null;
        }));
        defs.add(def(m, "[resource-drop]input-stream", I32, NONE, (ctx, a) -> {
            table(ctx).drop((int) a[0], INPUT_STREAM);
            return null;
        }));
        return defs;
    }

    private static List<HostFunctionDef> filesystem() {
        String m = "wasi:filesystem/types@0.2.0";
        List<CoreType> two = List.of(CoreType.I32, CoreType.I32);
        return List.of(
                unused(m, "[method]descriptor.write-via-stream", List.of(CoreType.I32, CoreType.I64, CoreType.I32), NONE),
                unused(m, "[method]descriptor.append-via-stream", two, NONE),
                unused(m, "[method]descriptor.get-type", two, NONE),
                unused(m, "[method]descriptor.stat", two, NONE),
                unused(m, "filesystem-error-code", two, NONE),
                unused(m, "[resource-drop]descriptor", I32, NONE));
    }

    private static dev.wasiotel.wit.runtime.ResourceTable table(dev.wasiotel.wit.runtime.GuestContext ctx) {
        return ctx.attachment(dev.wasiotel.wit.runtime.ResourceTable.class, dev.wasiotel.wit.runtime.ResourceTable::new);
    }

    private static HostFunctionDef def(String module, String name, List<CoreType> params, List<CoreType> results,
            CoreFunction body) {
        return new HostFunctionDef(module, name, params, results, body);
    }

    private static HostFunctionDef unused(String module, String name, List<CoreType> params, List<CoreType> results) {
        return def(module, name, params, results, (ctx, a) -> {
            throw new WitTrap(WitTrap.Reason.GUEST_TRAP, module + "#" + name + " is not implemented by this test host");
        });
    }
}
