package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.WitFunctionType;
import java.util.List;
import java.util.Objects;

/**
 * A host function a guest module may import: its core import name ({@code module}/{@code name},
 * e.g. {@code "wasi:otel/tracing@0.2.0-rc.2"} / {@code "on-start"}), its core signature and its
 * body. A Wasm runtime adapter links each definition to the import of the same module and name,
 * and refuses a module whose import has another signature. A definition may also carry its WIT
 * function type (generated {@code <Iface>Host.functions} do): a component host then refuses a
 * component that imports the function with another component-level type; without one, only the
 * core signature is checked.
 *
 * @param module the import module name
 * @param name the import field name
 * @param params the core parameter types (immutable copy)
 * @param results the core result types (immutable copy)
 * @param body the implementation; see {@link CoreFunction} for how values are represented
 * @param type the WIT function type, or null for a function checked by its core signature only
 */
public record HostFunctionDef(String module, String name, List<CoreType> params, List<CoreType> results,
        CoreFunction body, WitFunctionType type) {

    /** Checks for nulls and copies the type lists. */
    public HostFunctionDef {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
        results = List.copyOf(results);
        Objects.requireNonNull(body, "body");
    }

    /** A definition without a WIT function type: only its core signature is checked. */
    public HostFunctionDef(String module, String name, List<CoreType> params, List<CoreType> results,
            CoreFunction body) {
        this(module, name, params, results, body, null);
    }

    /** This definition with another body (same names, signature and type). */
    public HostFunctionDef withBody(CoreFunction newBody) {
        return new HostFunctionDef(module, name, params, results, newBody, type);
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
