package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.wasiotel.wit.abi.AbiType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes an {@link AbiType} as the Java expression that builds it, for the WIT function type each
 * generated host function carries (a component host checks a component's import against it).
 */
final class AbiTypeCode {
    private static final ClassName ABI_TYPE = ClassName.get(TypeMapper.ABI_PACKAGE, "AbiType");
    static final ClassName WIT_FUNCTION_TYPE = ClassName.get(TypeMapper.ABI_PACKAGE, "WitFunctionType");

    /** Handles of resources of this interface are written without their owner (it is implied). */
    private final String module;

    /** @param module the interface the functions belong to, as imported ({@code $root} for a world) */
    AbiTypeCode(String module) {
        this.module = module;
    }

    /** {@code new WitFunctionType(List.of(new WitFunctionType.Param("x", ...), ...), Optional...)}. */
    CodeBlock function(List<String> names, List<AbiType> params, Optional<AbiType> result) {
        List<CodeBlock> ps = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            ps.add(CodeBlock.of("new $T.Param($S, $L)", WIT_FUNCTION_TYPE, names.get(i), of(params.get(i))));
        }
        return CodeBlock.of("new $T($T.of($L),\n$>$>$L$<$<)", WIT_FUNCTION_TYPE, List.class, lines(ps), optional(result));
    }

    /** The expression for one type. */
    CodeBlock of(AbiType t) {
        if (t instanceof AbiType.Prim p) {
            return CodeBlock.of("$T.Prim.$L", ABI_TYPE, p.name());
        }
        if (t instanceof AbiType.ListOf l) {
            return CodeBlock.of("new $T.ListOf($L)", ABI_TYPE, of(l.element()));
        }
        if (t instanceof AbiType.FixedList l) {
            return CodeBlock.of("new $T.FixedList($L, $L)", ABI_TYPE, of(l.element()), l.length());
        }
        if (t instanceof AbiType.Record r) {
            List<CodeBlock> fields = new ArrayList<>();
            for (AbiType.Field f : r.fields()) {
                fields.add(CodeBlock.of("new $T.Field($S, $L)", ABI_TYPE, f.name(), of(f.type())));
            }
            return CodeBlock.of("new $T.Record($T.of($L))", ABI_TYPE, List.class, lines(fields));
        }
        if (t instanceof AbiType.Tuple tu) {
            List<CodeBlock> types = new ArrayList<>();
            for (AbiType e : tu.types()) {
                types.add(of(e));
            }
            return CodeBlock.of("new $T.Tuple($T.of($L))", ABI_TYPE, List.class, join(types));
        }
        if (t instanceof AbiType.Variant v) {
            List<CodeBlock> cases = new ArrayList<>();
            for (AbiType.Case c : v.cases()) {
                cases.add(CodeBlock.of("new $T.Case($S, $L)", ABI_TYPE, c.name(), optional(c.payload())));
            }
            return CodeBlock.of("new $T.Variant($T.of($L))", ABI_TYPE, List.class, lines(cases));
        }
        if (t instanceof AbiType.Enum e) {
            return CodeBlock.of("new $T.Enum($T.of($L))", ABI_TYPE, List.class, strings(e.labels()));
        }
        if (t instanceof AbiType.Flags f) {
            return CodeBlock.of("new $T.Flags($T.of($L))", ABI_TYPE, List.class, strings(f.labels()));
        }
        if (t instanceof AbiType.Option o) {
            return CodeBlock.of("new $T.Option($L)", ABI_TYPE, of(o.payload()));
        }
        if (t instanceof AbiType.Result r) {
            return CodeBlock.of("new $T.Result($L, $L)", ABI_TYPE, optional(r.ok()), optional(r.err()));
        }
        if (t instanceof AbiType.Handle h) {
            if (h.owner() == null || h.owner().equals(module)) {
                return CodeBlock.of("new $T.Handle($L, $S)", ABI_TYPE, h.borrow(), h.resource());
            }
            return CodeBlock.of("new $T.Handle($L, $S, $S)", ABI_TYPE, h.borrow(), h.resource(), h.owner());
        }
        return CodeBlock.of("new $T.Opaque($S)", ABI_TYPE, ((AbiType.Opaque) t).kind());
    }

    private CodeBlock optional(Optional<AbiType> t) {
        return t.isPresent() ? CodeBlock.of("$T.of($L)", Optional.class, of(t.get()))
                : CodeBlock.of("$T.empty()", Optional.class);
    }

    private static CodeBlock strings(List<String> labels) {
        List<CodeBlock> out = new ArrayList<>();
        for (String l : labels) {
            out.add(CodeBlock.of("$S", l));
        }
        return join(out);
    }

    /** Inline, for elements that are usually short (tuple types, labels). */
    private static CodeBlock join(List<CodeBlock> parts) {
        return CodeBlock.join(parts, ", ");
    }

    /** One element a line, indented: parameters, fields, cases. */
    private static CodeBlock lines(List<CodeBlock> parts) {
        if (parts.isEmpty()) {
            return CodeBlock.of("");
        }
        return CodeBlock.of("\n$>$>$L$<$<", CodeBlock.join(parts, ",\n"));
    }
}
