package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.abi.Layout;
import java.util.List;
import java.util.Map;

/**
 * Writes the WAT of a guest that exports {@code exportInterface#f} for each function f and
 * forwards every call, core arguments unchanged, to its import {@code importInterface.f}: values
 * the host lowers into the export come back to the host through the import, and what the host's
 * import returns goes back through the export. Spilled results use a return area the guest
 * allocates. The module exports its memory, a bump {@code cabi_realloc} and no-op post-returns.
 */
final class PassThroughGuest {
    private PassThroughGuest() {
    }

    /**
     * @param importModule the core module name of the imported interface
     * @param exportInterface the qualified name of the exported interface
     * @param functions function name to its import-form ABI (the export form is derived)
     */
    static String wat(String importModule, String exportInterface, Map<String, FunctionAbi> functions) {
        StringBuilder imports = new StringBuilder();
        StringBuilder funcs = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, FunctionAbi> e : functions.entrySet()) {
            String name = e.getKey();
            FunctionAbi imp = e.getValue();
            FunctionAbi exp = FunctionAbi.forExport(imp.params(), imp.result());
            String importId = "$imp" + n;
            imports.append("  (import \"").append(importModule).append("\" \"").append(name).append("\" (func ")
                    .append(importId).append(signature(imp.coreParams(), imp.coreResults())).append("))\n");
            funcs.append("  (func (export \"").append(exportInterface).append('#').append(name).append("\")")
                    .append(signature(exp.coreParams(), exp.coreResults())).append('\n');
            if (imp.resultsSpilled()) {
                int size = Layout.size(imp.resultsTuple());
                int align = Layout.align(imp.resultsTuple());
                funcs.append("    (local $ret i32)\n");
                funcs.append("    (local.set $ret (call $cabi_realloc (i32.const 0) (i32.const 0) (i32.const ")
                        .append(align).append(") (i32.const ").append(size).append(")))\n");
                funcs.append("    (call ").append(importId);
                for (int i = 0; i < exp.coreParams().size(); i++) {
                    funcs.append(" (local.get ").append(i).append(')');
                }
                funcs.append(" (local.get $ret))\n    (local.get $ret))\n");
            } else {
                funcs.append("    (call ").append(importId);
                for (int i = 0; i < exp.coreParams().size(); i++) {
                    funcs.append(" (local.get ").append(i).append(')');
                }
                funcs.append("))\n");
            }
            funcs.append("  (func (export \"cabi_post_").append(exportInterface).append('#').append(name)
                    .append("\")").append(signature(exp.coreResults(), List.of())).append(")\n");
            n++;
        }
        return "(module\n" + imports
                + "  (memory (export \"memory\") 4)\n"
                + "  (global $next (mut i32) (i32.const 1024))\n"
                + "  (func $cabi_realloc (export \"cabi_realloc\") (param $old i32) (param $old_size i32)"
                + " (param $align i32) (param $size i32) (result i32)\n"
                + "    (local $ret i32)\n"
                + "    (local.set $ret (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))"
                + " (i32.sub (i32.const 0) (local.get $align))))\n"
                + "    (global.set $next (i32.add (local.get $ret) (local.get $size)))\n"
                + "    (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))\n"
                + "      (then (drop (memory.grow (i32.add (i32.div_u (local.get $size) (i32.const 65536)) (i32.const 1))))))\n"
                + "    (if (i32.ne (local.get $old) (i32.const 0))\n"
                + "      (then (memory.copy (local.get $ret) (local.get $old) (local.get $old_size))))\n"
                + "    (local.get $ret))\n"
                + funcs + ")\n";
    }

    private static String signature(List<CoreType> params, List<CoreType> results) {
        StringBuilder sb = new StringBuilder();
        if (!params.isEmpty()) {
            sb.append(" (param");
            for (CoreType t : params) {
                sb.append(' ').append(t.wasmName());
            }
            sb.append(')');
        }
        if (!results.isEmpty()) {
            sb.append(" (result");
            for (CoreType t : results) {
                sb.append(' ').append(t.wasmName());
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
