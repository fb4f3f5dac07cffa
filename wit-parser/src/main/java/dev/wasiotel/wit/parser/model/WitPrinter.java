package dev.wasiotel.wit.parser.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prints parts of a {@link Resolve} as WIT-like text, for people to read.
 *
 * <p>A world is printed elaborated, the way the resolver left it: every import and export on its
 * own, interfaces under their qualified names with their types and functions in full, for example
 *
 * <pre>
 * world wasi:cli/command&#64;0.2.12 {
 *   import wasi:cli/environment&#64;0.2.12 {
 *     get-environment: func() -&gt; list&lt;tuple&lt;string, string&gt;&gt;;
 *   }
 *   export wasi:cli/run&#64;0.2.12 {
 *     run: func() -&gt; result;
 *   }
 * }
 * </pre>
 *
 * <p>An import or export under a plain name that implements a named interface ({@code import
 * primary: wasi:keyvalue/store;} in WIT) prints as {@code import primary: wasi:keyvalue/store {
 * ... }}, the interface's qualified name after the label.
 *
 * <p>Named types print as WIT definitions ({@code record}, {@code variant}, {@code enum}, {@code
 * flags}, {@code resource} with its functions, {@code type x = ...}; a name brought in from another
 * interface prints as {@code use}). Anonymous types print inline: {@code list<u8>}, {@code
 * option<T>}, {@code result<T, E>}, {@code tuple<...>}, {@code borrow<r>}, {@code own<r>}, and so
 * on. Identifiers that are WIT keywords get the {@code %} escape.
 *
 * <p>The output depends only on the model, so it is deterministic; lines end with {@code \n} and
 * are indented by two spaces per level. Doc comments and feature gates are left out unless asked
 * for with {@link #withDocs(boolean)} and {@link #withStability(boolean)}. Instances are immutable
 * and thread-safe.
 */
public final class WitPrinter {
    private static final String INDENT = "  ";

    private static final Set<String> KEYWORDS = Set.of("use", "type", "func", "u8", "u16", "u32", "u64", "s8",
            "s16", "s32", "s64", "f32", "f64", "float32", "float64", "char", "resource", "own", "borrow",
            "record", "flags", "variant", "enum", "bool", "string", "option", "result", "future", "stream",
            "error-context", "list", "map", "_", "as", "from", "static", "interface", "tuple", "import",
            "export", "world", "package", "constructor", "include", "with", "async");

    private final Resolve resolve;
    private final boolean docs;
    private final boolean stability;

    /**
     * A printer for the model {@code resolve}, without doc comments or feature gates.
     *
     * @param resolve the model whose parts are printed
     */
    public WitPrinter(Resolve resolve) {
        this(resolve, false, false);
    }

    private WitPrinter(Resolve resolve, boolean docs, boolean stability) {
        this.resolve = resolve;
        this.docs = docs;
        this.stability = stability;
    }

    /**
     * This printer, printing {@code ///} doc comments or not.
     *
     * @param include whether doc comments are printed
     * @return a printer with that setting
     */
    public WitPrinter withDocs(boolean include) {
        return new WitPrinter(resolve, include, stability);
    }

    /**
     * This printer, printing feature gates ({@code @since}, {@code @unstable}, {@code @deprecated})
     * or not.
     *
     * @param include whether feature gates are printed
     * @return a printer with that setting
     */
    public WitPrinter withStability(boolean include) {
        return new WitPrinter(resolve, docs, include);
    }

    /**
     * Prints one elaborated world, headed by its qualified name ({@code world ns:pkg/name@v { ... }}).
     *
     * @param worldId index into {@link Resolve#worlds()}
     * @return the text, ending with a newline
     */
    public String printWorld(int worldId) {
        World world = resolve.worlds().get(worldId);
        String title = resolve.packages().get(world.packageId()).name().qualify(world.name());
        StringBuilder out = new StringBuilder();
        appendWorld(out, 0, world, title);
        return out.toString();
    }

    /**
     * Prints a whole package: its {@code package} line, then every named interface and every world
     * (elaborated), each in the order of the model's arenas.
     *
     * @param packageId index into {@link Resolve#packages()}
     * @return the text, ending with a newline
     */
    public String printPackage(int packageId) {
        Package pkg = resolve.packages().get(packageId);
        StringBuilder out = new StringBuilder();
        appendDocs(out, 0, pkg.docs());
        out.append("package ").append(pkg.name()).append(";\n");
        for (Map.Entry<String, Integer> e : byIndex(pkg.interfaces())) {
            out.append('\n');
            Interface iface = resolve.interfaces().get(e.getValue());
            appendDocs(out, 0, iface.docs());
            appendStability(out, 0, iface.stability());
            out.append("interface ").append(ident(e.getKey())).append(' ');
            appendInterfaceBody(out, 0, e.getValue());
            out.append('\n');
        }
        for (Map.Entry<String, Integer> e : byIndex(pkg.worlds())) {
            out.append('\n');
            appendWorld(out, 0, resolve.worlds().get(e.getValue()), ident(e.getKey()));
        }
        return out.toString();
    }

    /**
     * Prints one interface as {@code interface NAME { ... }}, NAME being its qualified name (or
     * {@code <inline interface #id>} for an interface written inside a world).
     *
     * @param interfaceId index into {@link Resolve#interfaces()}
     * @return the text, ending with a newline
     */
    public String printInterface(int interfaceId) {
        Interface iface = resolve.interfaces().get(interfaceId);
        StringBuilder out = new StringBuilder();
        appendDocs(out, 0, iface.docs());
        appendStability(out, 0, iface.stability());
        out.append("interface ").append(interfaceTitle(interfaceId)).append(' ');
        appendInterfaceBody(out, 0, interfaceId);
        out.append('\n');
        return out.toString();
    }

    /**
     * The WIT spelling of a type reference: a primitive's name, a named type's name, or an anonymous
     * type written out ({@code list<u8>}, {@code result<_, error-code>}, ...).
     *
     * @param type the reference
     * @return its text
     */
    public String typeName(Type type) {
        if (type instanceof Type.Primitive p) {
            return p.witName();
        }
        int id = ((Type.Ref) type).id();
        TypeDef def = resolve.types().get(id);
        if (def.name().isPresent()) {
            return ident(def.name().get());
        }
        return kindText(id, def.kind());
    }

    /**
     * The signature of a function as WIT writes it, without the trailing semicolon: {@code name:
     * func(a: T, b: U) -> R}. Resource functions use their short name, with {@code static} for static
     * functions, the {@code self} receiver left out of methods, and {@code constructor(...)} for
     * constructors.
     *
     * @param function the function
     * @return its text
     */
    public String signature(Function function) {
        FunctionKind kind = function.kind();
        List<Function.Param> params = function.params();
        if (kind instanceof FunctionKind.Method && !params.isEmpty() && params.get(0).name().equals("self")) {
            params = params.subList(1, params.size());
        }
        StringBuilder out = new StringBuilder();
        if (kind instanceof FunctionKind.Constructor) {
            out.append("constructor");
        } else {
            out.append(ident(function.itemName())).append(": ");
            if (kind instanceof FunctionKind.Static) {
                out.append("static ");
            }
            if (kind.async()) {
                out.append("async ");
            }
            out.append("func");
        }
        out.append('(');
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(ident(params.get(i).name())).append(": ").append(typeName(params.get(i).type()));
        }
        out.append(')');
        Optional<Type> result = function.result();
        if (result.isPresent() && showResult(function, result.get())) {
            out.append(" -> ").append(typeName(result.get()));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- worlds

    private void appendWorld(StringBuilder out, int depth, World world, String title) {
        appendDocs(out, depth, world.docs());
        appendStability(out, depth, world.stability());
        indent(out, depth).append("world ").append(title).append(" {\n");
        Set<String> attached = new HashSet<>();
        appendWorldItems(out, depth + 1, world.imports(), "import", attached);
        appendWorldItems(out, depth + 1, world.exports(), "export", attached);
        indent(out, depth).append("}\n");
    }

    private void appendWorldItems(StringBuilder out, int depth, Map<WorldKey, WorldItem> items, String word,
            Set<String> attached) {
        Set<String> pending = new HashSet<>();
        List<Function> functions = new ArrayList<>();
        Set<Integer> typeIds = new HashSet<>();
        for (WorldItem item : items.values()) {
            if (item instanceof WorldItem.FunctionItem f) {
                functions.add(f.function());
            } else if (item instanceof WorldItem.TypeItem t) {
                typeIds.add(t.typeId());
            }
        }
        // resource functions are printed inside their resource, wherever it comes in the map
        for (Function f : functions) {
            if (typeIds.contains(resourceOf(f.kind()))) {
                pending.add(f.name());
            }
        }
        for (Map.Entry<WorldKey, WorldItem> e : items.entrySet()) {
            WorldKey key = e.getKey();
            WorldItem item = e.getValue();
            if (item instanceof WorldItem.InterfaceItem ii) {
                appendDocs(out, depth, ii.docs());
                appendStability(out, depth, ii.stability());
                indent(out, depth).append(word).append(' ');
                Optional<String> implemented = resolve.implementedInterface(key, item);
                if (key instanceof WorldKey.Name n && implemented.isPresent()) {
                    // a plain name implementing a named interface, elaborated like the others
                    out.append(ident(n.name())).append(": ").append(implemented.get());
                    if (isEmpty(resolve.interfaces().get(ii.interfaceId()))) {
                        out.append(";\n");
                    } else {
                        out.append(' ');
                        appendInterfaceBody(out, depth, ii.interfaceId());
                        out.append('\n');
                    }
                } else if (key instanceof WorldKey.Name n) {
                    out.append(ident(n.name())).append(": interface ");
                    appendInterfaceBody(out, depth, ii.interfaceId());
                    out.append('\n');
                } else if (isEmpty(resolve.interfaces().get(ii.interfaceId()))) {
                    out.append(resolve.keyName(key)).append(";\n");
                } else {
                    out.append(resolve.keyName(key)).append(' ');
                    appendInterfaceBody(out, depth, ii.interfaceId());
                    out.append('\n');
                }
            } else if (item instanceof WorldItem.TypeItem ti) {
                appendTypeDef(out, depth, ti.typeId(), functions, attached);
            } else if (item instanceof WorldItem.FunctionItem fi) {
                Function f = fi.function();
                if (attached.contains(f.name()) || pending.contains(f.name())) {
                    continue;
                }
                appendDocs(out, depth, f.docs());
                appendStability(out, depth, f.stability());
                indent(out, depth).append(word).append(' ');
                if (f.kind() instanceof FunctionKind.Freestanding) {
                    out.append(signature(f));
                } else {
                    // a resource function whose resource is not among these items: keep its full name
                    out.append(ident(f.name())).append(": ").append(signature(f));
                }
                out.append(";\n");
            }
        }
    }

    // ---------------------------------------------------------------- interfaces

    /** Appends {@code { ... }} (no trailing newline); the closing brace is indented at {@code depth}. */
    private void appendInterfaceBody(StringBuilder out, int depth, int interfaceId) {
        Interface iface = resolve.interfaces().get(interfaceId);
        if (isEmpty(iface)) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        List<Function> functions = new ArrayList<>(iface.functions().values());
        Set<String> attached = new HashSet<>();
        for (int typeId : iface.types().values()) {
            appendTypeDef(out, depth + 1, typeId, functions, attached);
        }
        for (Function f : functions) {
            if (attached.contains(f.name())) {
                continue;
            }
            appendDocs(out, depth + 1, f.docs());
            appendStability(out, depth + 1, f.stability());
            indent(out, depth + 1);
            if (f.kind() instanceof FunctionKind.Freestanding) {
                out.append(signature(f));
            } else {
                out.append(ident(f.name())).append(": ").append(signature(f));
            }
            out.append(";\n");
        }
        indent(out, depth).append('}');
    }

    private static boolean isEmpty(Interface iface) {
        return iface.types().isEmpty() && iface.functions().isEmpty();
    }

    private String interfaceTitle(int interfaceId) {
        Optional<String> qualified = resolve.qualifiedName(interfaceId);
        if (qualified.isPresent()) {
            return qualified.get();
        }
        Optional<String> name = resolve.interfaces().get(interfaceId).name();
        return name.isPresent() ? ident(name.get()) : "<inline interface #" + interfaceId + ">";
    }

    // ---------------------------------------------------------------- type definitions

    /**
     * Appends the definition of a named type on its own line(s). Resource functions found in
     * {@code functions} are printed inside their resource and recorded in {@code attached}.
     */
    private void appendTypeDef(StringBuilder out, int depth, int typeId, List<Function> functions,
            Set<String> attached) {
        TypeDef def = resolve.types().get(typeId);
        String name = ident(def.name().orElse("<anonymous #" + typeId + ">"));
        TypeDefKind kind = def.kind();
        appendDocs(out, depth, def.docs());
        appendStability(out, depth, def.stability());
        indent(out, depth);
        if (kind instanceof TypeDefKind.Alias alias) {
            appendAlias(out, def, name, alias);
        } else if (kind instanceof TypeDefKind.Record r) {
            out.append("record ").append(name).append(" {\n");
            for (TypeDefKind.Field field : r.fields()) {
                appendDocs(out, depth + 1, field.docs());
                indent(out, depth + 1).append(ident(field.name())).append(": ").append(typeName(field.type()))
                        .append(",\n");
            }
            indent(out, depth).append("}\n");
        } else if (kind instanceof TypeDefKind.Variant v) {
            out.append("variant ").append(name).append(" {\n");
            for (TypeDefKind.Case c : v.cases()) {
                appendDocs(out, depth + 1, c.docs());
                indent(out, depth + 1).append(ident(c.name()));
                if (c.type().isPresent()) {
                    out.append('(').append(typeName(c.type().get())).append(')');
                }
                out.append(",\n");
            }
            indent(out, depth).append("}\n");
        } else if (kind instanceof TypeDefKind.Enum en) {
            out.append("enum ").append(name).append(" {\n");
            for (TypeDefKind.EnumCase c : en.cases()) {
                appendDocs(out, depth + 1, c.docs());
                indent(out, depth + 1).append(ident(c.name())).append(",\n");
            }
            indent(out, depth).append("}\n");
        } else if (kind instanceof TypeDefKind.Flags fl) {
            out.append("flags ").append(name).append(" {\n");
            for (TypeDefKind.Flag f : fl.flags()) {
                appendDocs(out, depth + 1, f.docs());
                indent(out, depth + 1).append(ident(f.name())).append(",\n");
            }
            indent(out, depth).append("}\n");
        } else if (kind instanceof TypeDefKind.Resource) {
            appendResource(out, depth, typeId, name, functions, attached);
        } else {
            out.append("type ").append(name).append(" = ").append(kindText(typeId, kind)).append(";\n");
        }
    }

    /** {@code use iface.{target as name};} for a name from elsewhere, else {@code type name = T;}. */
    private void appendAlias(StringBuilder out, TypeDef def, String name, TypeDefKind.Alias alias) {
        Type target = alias.target();
        if (target instanceof Type.Ref ref) {
            TypeDef targetDef = resolve.types().get(ref.id());
            TypeOwner from = targetDef.owner();
            if (targetDef.name().isPresent() && from instanceof TypeOwner.OfInterface oi
                    && !from.equals(def.owner())) {
                String targetName = ident(targetDef.name().get());
                out.append("use ").append(interfaceTitle(oi.id())).append(".{").append(targetName);
                if (!targetName.equals(name)) {
                    out.append(" as ").append(name);
                }
                out.append("};\n");
                return;
            }
        }
        out.append("type ").append(name).append(" = ").append(typeName(target)).append(";\n");
    }

    private void appendResource(StringBuilder out, int depth, int typeId, String name, List<Function> functions,
            Set<String> attached) {
        List<Function> own = new ArrayList<>();
        for (Function f : functions) {
            if (resourceOf(f.kind()) == typeId && !attached.contains(f.name())) {
                own.add(f);
            }
        }
        out.append("resource ").append(name);
        if (own.isEmpty()) {
            out.append(";\n");
            return;
        }
        out.append(" {\n");
        for (Function f : own) {
            attached.add(f.name());
            appendDocs(out, depth + 1, f.docs());
            appendStability(out, depth + 1, f.stability());
            indent(out, depth + 1).append(signature(f)).append(";\n");
        }
        indent(out, depth).append("}\n");
    }

    /** The resource type id of a resource function, or -1 for a freestanding one. */
    private static int resourceOf(FunctionKind kind) {
        if (kind instanceof FunctionKind.Method m) {
            return m.resource();
        }
        if (kind instanceof FunctionKind.Static s) {
            return s.resource();
        }
        if (kind instanceof FunctionKind.Constructor c) {
            return c.resource();
        }
        return -1;
    }

    /**
     * A constructor's result is implied ({@code own<r>}) unless it is a {@code result<...>}; every
     * other function shows its result.
     */
    private boolean showResult(Function function, Type result) {
        if (!(function.kind() instanceof FunctionKind.Constructor)) {
            return true;
        }
        Type plain = resolve.dealias(result);
        return plain instanceof Type.Ref ref && resolve.types().get(ref.id()).kind() instanceof TypeDefKind.Result;
    }

    // ---------------------------------------------------------------- anonymous types

    /** The inline text of a type kind, as it appears on the right of {@code type x = ...}. */
    private String kindText(int typeId, TypeDefKind kind) {
        if (kind instanceof TypeDefKind.Alias a) {
            return typeName(a.target());
        }
        if (kind instanceof TypeDefKind.Handle h) {
            return (h.borrow() ? "borrow<" : "own<") + typeName(new Type.Ref(h.resource())) + ">";
        }
        if (kind instanceof TypeDefKind.ListOf l) {
            return "list<" + typeName(l.element()) + ">";
        }
        if (kind instanceof TypeDefKind.FixedList fl) {
            return "list<" + typeName(fl.element()) + ", " + fl.size() + ">";
        }
        if (kind instanceof TypeDefKind.Option o) {
            return "option<" + typeName(o.type()) + ">";
        }
        if (kind instanceof TypeDefKind.Result r) {
            return resultText(r);
        }
        if (kind instanceof TypeDefKind.Tuple t) {
            List<String> parts = new ArrayList<>();
            for (Type element : t.types()) {
                parts.add(typeName(element));
            }
            return "tuple<" + String.join(", ", parts) + ">";
        }
        if (kind instanceof TypeDefKind.MapOf m) {
            return "map<" + typeName(m.key()) + ", " + typeName(m.value()) + ">";
        }
        if (kind instanceof TypeDefKind.Future f) {
            return f.payload().isPresent() ? "future<" + typeName(f.payload().get()) + ">" : "future";
        }
        if (kind instanceof TypeDefKind.Stream s) {
            return s.payload().isPresent() ? "stream<" + typeName(s.payload().get()) + ">" : "stream";
        }
        // records, variants, enums, flags and resources always have names in valid WIT
        return "<anonymous " + kindWord(kind) + " #" + typeId + ">";
    }

    private String resultText(TypeDefKind.Result r) {
        if (r.ok().isEmpty() && r.err().isEmpty()) {
            return "result";
        }
        if (r.err().isEmpty()) {
            return "result<" + typeName(r.ok().get()) + ">";
        }
        String ok = r.ok().isPresent() ? typeName(r.ok().get()) : "_";
        return "result<" + ok + ", " + typeName(r.err().get()) + ">";
    }

    private static String kindWord(TypeDefKind kind) {
        if (kind instanceof TypeDefKind.Record) {
            return "record";
        }
        if (kind instanceof TypeDefKind.Variant) {
            return "variant";
        }
        if (kind instanceof TypeDefKind.Enum) {
            return "enum";
        }
        if (kind instanceof TypeDefKind.Flags) {
            return "flags";
        }
        if (kind instanceof TypeDefKind.Resource) {
            return "resource";
        }
        return "type";
    }

    // ---------------------------------------------------------------- small helpers

    /** Map entries sorted by their index value, so the output follows the arenas' order. */
    private static List<Map.Entry<String, Integer>> byIndex(Map<String, Integer> map) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue())
                .thenComparing(Map.Entry::getKey));
        return entries;
    }

    /** A kebab-case name, with {@code %} in front if it is a WIT keyword. */
    private static String ident(String name) {
        return KEYWORDS.contains(name) ? "%" + name : name;
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        for (int i = 0; i < depth; i++) {
            out.append(INDENT);
        }
        return out;
    }

    private void appendDocs(StringBuilder out, int depth, Docs itemDocs) {
        if (!docs || itemDocs == null || itemDocs.contents().isEmpty()) {
            return;
        }
        for (String line : itemDocs.contents().get().split("\n", -1)) {
            indent(out, depth).append("///");
            String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!text.isEmpty()) {
                out.append(' ').append(text);
            }
            out.append('\n');
        }
    }

    private void appendStability(StringBuilder out, int depth, Stability gate) {
        if (!stability || gate == null) {
            return;
        }
        if (gate instanceof Stability.Stable s) {
            indent(out, depth).append("@since(version = ").append(s.since()).append(")\n");
            if (s.deprecated().isPresent()) {
                indent(out, depth).append("@deprecated(version = ").append(s.deprecated().get()).append(")\n");
            }
        } else if (gate instanceof Stability.Unstable u) {
            indent(out, depth).append("@unstable(feature = ").append(ident(u.feature())).append(")\n");
            if (u.deprecated().isPresent()) {
                indent(out, depth).append("@deprecated(version = ").append(u.deprecated().get()).append(")\n");
            }
        }
    }
}
