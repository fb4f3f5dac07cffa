package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.abi.AbiType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes WIT for the types of the canonical-ABI vectors: each named kind (record, variant, enum,
 * flags) of the vectors' structural types becomes one declaration {@code n<k>} (equal structures
 * share it), and each type a case uses gets a wrapper {@code record c<k> { v: T }}, whose generated
 * {@code loadC<k>}, {@code storeC<k>}, {@code liftFlatC<k>} and {@code lowerFlatC<k>} run the
 * generated code of {@code T} at offset 0 and flat index 0 (a one-field record has its field's
 * size, alignment and flat types). Identifiers from the vectors are written with WIT's {@code %}
 * escape, so that no label can clash with a keyword.
 */
final class VectorWit {
    /** The interface of the value types and the imported functions. */
    static final String TYPES = "t";
    /** The exported interface (functions the host calls in the guest). */
    static final String EXPORTS = "x";
    /** The exported interface whose resource {@code span} the guest implements. */
    static final String GUEST_SPAN = "xr";

    private final StringBuilder declarations = new StringBuilder();
    private final StringBuilder functions = new StringBuilder();
    private final StringBuilder exports = new StringBuilder();
    private final StringBuilder spanMethods = new StringBuilder();
    private final StringBuilder guestSpanMethods = new StringBuilder();
    private final StringBuilder worldImports = new StringBuilder();
    private final Map<AbiType, String> named = new LinkedHashMap<>();
    private final Map<AbiType, String> wrappers = new LinkedHashMap<>();
    private int counter;

    /** The wrapper record of {@code t}, declared on first use: {@code c<k>}. */
    String wrapper(AbiType t) {
        String existing = wrappers.get(t);
        if (existing != null) {
            return existing;
        }
        String inner = name(t);
        String name = "c" + wrappers.size();
        wrappers.put(t, name);
        declarations.append("  record ").append(name).append(" { v: ").append(inner).append(" }\n");
        return name;
    }

    /** Every wrapper so far, by the type it wraps. */
    Map<AbiType, String> wrappers() {
        return wrappers;
    }

    /** The declared name of a named kind, or null for other types. */
    String declared(AbiType t) {
        return named.get(t);
    }

    /** Adds an imported function {@code name(p0: T0, ...) -> result}. */
    void importFunction(String name, List<AbiType> params, Optional<AbiType> result) {
        function(functions, name, params, result);
    }

    /** Adds an exported function (in interface {@link #EXPORTS}). */
    void exportFunction(String name, List<AbiType> params, Optional<AbiType> result) {
        function(exports, name, params, result);
    }

    /** Adds an imported function of the world itself (core module {@code $root}). */
    void worldImport(String name, List<AbiType> params, Optional<AbiType> result) {
        function(worldImports, name, params, result);
    }

    /** Adds a method to the host's resource {@code span} of interface {@link #TYPES}; params without self. */
    void spanMethod(String name, List<AbiType> params, Optional<AbiType> result) {
        function(spanMethods, name, params, result);
    }

    /** Adds a method to the guest's resource {@code span} of interface {@link #GUEST_SPAN}; params without self. */
    void guestSpanMethod(String name, List<AbiType> params, Optional<AbiType> result) {
        function(guestSpanMethods, name, params, result);
    }

    private void function(StringBuilder out, String name, List<AbiType> params, Optional<AbiType> result) {
        List<String> ps = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            ps.add("p" + i + ": " + name(params.get(i)));
        }
        out.append("  %").append(name).append(": func(").append(String.join(", ", ps)).append(')')
                .append(result.map(r -> " -> " + name(r)).orElse("")).append(";\n");
    }

    /**
     * The whole package: interface {@code t} (types, imported functions, the host's {@code span}),
     * {@code x} (exported functions, using t's types), {@code xr} (the guest's {@code span}),
     * world {@code w} importing t and its own functions, exporting x and xr.
     */
    String source() {
        List<String> types = new ArrayList<>(named.values());
        types.addAll(wrappers.values());
        String use = "  use " + TYPES + ".{" + String.join(", ", types) + "};\n";
        String useWithSpan = "  use " + TYPES + ".{" + String.join(", ", types) + ", span};\n";
        return "package vec:abi;\n\n"
                + "interface " + TYPES + " {\n  resource span {\n" + spanMethods.toString().indent(2) + "  }\n"
                + declarations + functions + "}\n\n"
                + "interface " + EXPORTS + " {\n" + useWithSpan + exports + "}\n\n"
                + "interface " + GUEST_SPAN + " {\n" + use + "  resource span {\n"
                + guestSpanMethods.toString().indent(2) + "  }\n}\n\n"
                + "world w {\n" + useWithSpan + "  import " + TYPES + ";\n  export " + EXPORTS + ";\n  export "
                + GUEST_SPAN + ";\n" + worldImports.toString().replace("  %", "  import %") + "}\n";
    }

    /** The WIT text of a type, declaring the named kinds it contains. */
    String name(AbiType t) {
        if (t instanceof AbiType.Prim p) {
            return p.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (t instanceof AbiType.ListOf l) {
            return "list<" + name(l.element()) + ">";
        }
        if (t instanceof AbiType.Option o) {
            return "option<" + name(o.payload()) + ">";
        }
        if (t instanceof AbiType.Result r) {
            if (r.ok().isEmpty() && r.err().isEmpty()) {
                return "result";
            }
            String ok = r.ok().map(this::name).orElse("_");
            return r.err().isEmpty() ? "result<" + ok + ">" : "result<" + ok + ", " + name(r.err().get()) + ">";
        }
        if (t instanceof AbiType.Tuple tu) {
            List<String> parts = new ArrayList<>();
            tu.types().forEach(e -> parts.add(name(e)));
            return "tuple<" + String.join(", ", parts) + ">";
        }
        if (t instanceof AbiType.Handle h) {
            return (h.borrow() ? "borrow<" : "own<") + h.resource() + ">";
        }
        String existing = named.get(t);
        if (existing != null) {
            return existing;
        }
        StringBuilder body = new StringBuilder();
        String kind;
        if (t instanceof AbiType.Record r) {
            kind = "record";
            for (AbiType.Field f : r.fields()) {
                body.append("%").append(f.name()).append(": ").append(name(f.type())).append(", ");
            }
        } else if (t instanceof AbiType.Variant v) {
            kind = "variant";
            for (AbiType.Case c : v.cases()) {
                body.append("%").append(c.name()).append(c.payload().map(p -> "(" + name(p) + ")").orElse(""))
                        .append(", ");
            }
        } else if (t instanceof AbiType.Enum e) {
            kind = "enum";
            e.labels().forEach(l -> body.append("%").append(l).append(", "));
        } else if (t instanceof AbiType.Flags f) {
            kind = "flags";
            f.labels().forEach(l -> body.append("%").append(l).append(", "));
        } else {
            throw new IllegalArgumentException("no WIT for " + t);
        }
        String name = "n" + counter++;
        named.put(t, name);
        declarations.append("  ").append(kind).append(' ').append(name).append(" { ").append(body).append("}\n");
        return name;
    }
}
