package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.runtime.abi.CoreType;
import java.util.List;
import java.util.Objects;

/**
 * A host function a guest module may import: its core import name ({@code module}/{@code name},
 * e.g. {@code "wasi:otel/tracing@0.2.0-rc.2"} / {@code "on-start"}), its core signature and its
 * body. A Wasm runtime adapter links each definition to the import of the same module and name,
 * and refuses a module whose import has another signature.
 *
 * @param module the import module name
 * @param name the import field name
 * @param params the core parameter types (immutable copy)
 * @param results the core result types (immutable copy)
 * @param body the implementation; see {@link CoreFunction} for how values are represented
 */
public record HostFunctionDef(
        String module, String name, List<CoreType> params, List<CoreType> results, CoreFunction body) {

    /** Checks for nulls and copies the type lists. */
    public HostFunctionDef {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
        results = List.copyOf(results);
        Objects.requireNonNull(body, "body");
    }

    /** {@code module#name}, how diagnostics name this function. */
    public String qualifiedName() {
        return module + "#" + name;
    }

    /** The signature in WebAssembly text style, e.g. {@code (param i32 i32) (result i32)}. */
    public String signature() {
        return signature(params, results);
    }

    /** A signature in WebAssembly text style, e.g. {@code (param i32 i32) (result i32)}. */
    public static String signature(List<CoreType> params, List<CoreType> results) {
        StringBuilder sb = new StringBuilder("(param");
        for (CoreType t : params) {
            sb.append(' ').append(t.wasmName());
        }
        sb.append(") (result");
        for (CoreType t : results) {
            sb.append(' ').append(t.wasmName());
        }
        return sb.append(')').toString();
    }
}
