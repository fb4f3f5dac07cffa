package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import java.util.ArrayList;
import java.util.List;

/** Conversions between {@link CoreType} and Chicory's value and function types. */
final class ChicoryTypes {
    private ChicoryTypes() {
    }

    /** Chicory's type for a core type. */
    static ValType toValType(CoreType type) {
        switch (type) {
            case I32:
                return ValType.I32;
            case I64:
                return ValType.I64;
            case F32:
                return ValType.F32;
            case F64:
                return ValType.F64;
            default:
                throw new IllegalArgumentException("unknown core type " + type);
        }
    }

    /** The core type of a Chicory value type, or {@code null} for a type outside i32/i64/f32/f64. */
    static CoreType toCoreType(ValType type) {
        if (ValType.I32.equals(type)) {
            return CoreType.I32;
        }
        if (ValType.I64.equals(type)) {
            return CoreType.I64;
        }
        if (ValType.F32.equals(type)) {
            return CoreType.F32;
        }
        if (ValType.F64.equals(type)) {
            return CoreType.F64;
        }
        return null;
    }

    /** Chicory's function type for a core signature. */
    static FunctionType toFunctionType(List<CoreType> params, List<CoreType> results) {
        List<ValType> p = new ArrayList<>(params.size());
        for (CoreType t : params) {
            p.add(toValType(t));
        }
        List<ValType> r = new ArrayList<>(results.size());
        for (CoreType t : results) {
            r.add(toValType(t));
        }
        return FunctionType.of(p, r);
    }

    /** Whether a value is 32 bits wide ({@code i32} or {@code f32}) and so kept as a sign-extended int. */
    static boolean[] narrowMask(List<ValType> types) {
        boolean[] mask = new boolean[types.size()];
        for (int i = 0; i < mask.length; i++) {
            ValType t = types.get(i);
            mask[i] = ValType.I32.equals(t) || ValType.F32.equals(t);
        }
        return mask;
    }

    /** The bytes of flat values of these types: 4 for {@code i32}/{@code f32}, 8 for anything wider. */
    static long flatBytes(List<ValType> types) {
        long n = 0;
        for (boolean narrow : narrowMask(types)) {
            n += narrow ? 4 : 8;
        }
        return n;
    }

    /** The kind of a Chicory import or export type. */
    static CoreExternKind kindOf(com.dylibso.chicory.wasm.types.ExternalType type) {
        switch (type) {
            case FUNCTION:
                return CoreExternKind.FUNC;
            case TABLE:
                return CoreExternKind.TABLE;
            case MEMORY:
                return CoreExternKind.MEMORY;
            case GLOBAL:
                return CoreExternKind.GLOBAL;
            default:
                return CoreExternKind.TAG;
        }
    }

    /** A Chicory function type in WebAssembly text style, e.g. {@code (param i32) (result i64)}. */
    static String format(FunctionType type) {
        StringBuilder sb = new StringBuilder("(param");
        for (ValType t : type.params()) {
            sb.append(' ').append(name(t));
        }
        sb.append(") (result");
        for (ValType t : type.returns()) {
            sb.append(' ').append(name(t));
        }
        return sb.append(')').toString();
    }

    private static String name(ValType type) {
        CoreType core = toCoreType(type);
        return core != null ? core.wasmName() : type.toString();
    }
}
