package dev.wasiotel.wit.parser.conformance;

import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Package;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Stability;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.TypeOwner;
import dev.wasiotel.wit.parser.model.Version;
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders our {@link Resolve} into a canonical, index-free form that can be compared with the
 * upstream JSON rendered by {@link CanonicalJson}.
 *
 * <p>The form is a sorted map from a path to a rendered value:
 *
 * <ul>
 *   <li>{@code package P} &rarr; {@code package}, where P is {@code ns:name@ver};
 *   <li>{@code package P / interface I} &rarr; {@code interface}, for each named interface;
 *   <li>{@code package P / interface I / type T} &rarr; the type's kind;
 *   <li>{@code package P / interface I / func F} &rarr; the function's signature;
 *   <li>{@code package P / world W} &rarr; {@code world};
 *   <li>{@code package P / world W / import K} and {@code ... / export K} &rarr; the item.
 * </ul>
 *
 * <p>A type reference is a primitive name; for a named type {@code <owner>.<name>}, where the
 * owner is the interface's qualified name {@code ns:pkg/iface@ver}, {@code world ns:pkg/w@ver} or
 * {@code <anon-interface>}; for an anonymous type its structure ({@code list<T>}, {@code list<T, N>},
 * {@code map<K, V>}, {@code option<T>}, {@code result<OK, ERR>} with {@code _} when absent,
 * {@code tuple<...>}, {@code future<T>}/{@code future}, {@code stream<T>}/{@code stream},
 * {@code own<R>}, {@code borrow<R>}). A kind is one of those, or {@code record{f: T, ...}},
 * {@code variant{c(T), c2}}, {@code enum{a, b}}, {@code flags{a, b}}, {@code resource},
 * {@code alias(T)}. A signature is {@code <kind>(p: T, ...) -> R} (no arrow without result),
 * the kind being {@code freestanding}, {@code method(R)}, {@code static(R)}, {@code constructor(R)},
 * with an {@code async } prefix when async. The resource of a handle or of a resource function is
 * rendered after following aliases. A world key is its plain name or, for an interface imported
 * by path, the interface's qualified name; an item is {@code interface <qualified name>} (or
 * {@code interface <inline>{...}} with the contents of an inline interface), {@code func <sig>} or
 * {@code type <kind>}.
 *
 * <p>Besides, every item above that has a feature gate gets an entry {@code <its key> @stability}
 * &rarr; {@code since V} or {@code unstable(F)}, followed by {@code , deprecated D} if deprecated;
 * for a world item it is the gate of the import/export (interfaces), or of the function or type.
 * Docs are not rendered, nor the contents of an inline interface's gates.
 */
final class CanonicalModel {
    private final Resolve resolve;

    private CanonicalModel(Resolve resolve) {
        this.resolve = resolve;
    }

    /** The canonical entries (path to rendered value) of a model. */
    static SortedMap<String, String> of(Resolve resolve) {
        return new CanonicalModel(resolve).entries();
    }

    // ---- helpers shared with CanonicalJson, so both sides format identically ----

    /** {@code ns:pkg/item@ver} from a package name {@code ns:pkg@ver} (version optional). */
    static String qualify(String packageName, String item) {
        int at = packageName.indexOf('@');
        if (at < 0) {
            return packageName + "/" + item;
        }
        return packageName.substring(0, at) + "/" + item + packageName.substring(at);
    }

    /** {@code key}, or {@code key #2}, {@code key #3}... if already present (duplicate packages). */
    static String uniqueKey(Map<String, String> out, String key) {
        String k = key;
        for (int n = 2; out.containsKey(k); n++) {
            k = key + " #" + n;
        }
        return k;
    }

    /** {@code {item = value; ...}} in the map's (sorted) order. */
    static String joinContents(SortedMap<String, String> items) {
        List<String> parts = new ArrayList<>();
        items.forEach((k, v) -> parts.add(k + " = " + v));
        return "{" + String.join("; ", parts) + "}";
    }

    /** Suffix of the key under which an item's stability is recorded. */
    static final String STABILITY = " @stability";

    /** {@code since V} or {@code unstable(F)}, followed by {@code , deprecated D} if deprecated. */
    static String stabilityText(boolean unstable, String sinceOrFeature, String deprecated) {
        return (unstable ? "unstable(" + sinceOrFeature + ")" : "since " + sinceOrFeature)
                + (deprecated == null ? "" : ", deprecated " + deprecated);
    }

    /** {@code kind(p: T, ...) -> R}, without the arrow when {@code result} is null. */
    static String signature(String kind, List<String> params, String result) {
        return kind + "(" + String.join(", ", params) + ")" + (result == null ? "" : " -> " + result);
    }

    // ---- rendering of our model ----

    private SortedMap<String, String> entries() {
        SortedMap<String, String> out = new TreeMap<>();
        for (Package pkg : resolve.packages()) {
            String p = uniqueKey(out, "package " + pkg.name());
            out.put(p, "package");
            for (Map.Entry<String, Integer> e : pkg.interfaces().entrySet()) {
                String i = p + " / interface " + e.getKey();
                Interface iface = resolve.interfaces().get(e.getValue());
                put(out, i, "interface", iface.stability());
                for (Map.Entry<String, Integer> t : iface.types().entrySet()) {
                    TypeDef type = resolve.types().get(t.getValue());
                    put(out, i + " / type " + t.getKey(), kind(type.kind()), type.stability());
                }
                for (Map.Entry<String, Function> f : iface.functions().entrySet()) {
                    put(out, i + " / func " + f.getKey(), function(f.getValue()), f.getValue().stability());
                }
            }
            for (Map.Entry<String, Integer> e : pkg.worlds().entrySet()) {
                String w = p + " / world " + e.getKey();
                World world = resolve.worlds().get(e.getValue());
                put(out, w, "world", world.stability());
                for (Map.Entry<WorldKey, WorldItem> item : world.imports().entrySet()) {
                    put(out, uniqueKey(out, w + " / import " + worldKey(item.getKey())), worldItem(item.getValue()),
                            worldItemStability(item.getValue()));
                }
                for (Map.Entry<WorldKey, WorldItem> item : world.exports().entrySet()) {
                    put(out, uniqueKey(out, w + " / export " + worldKey(item.getKey())), worldItem(item.getValue()),
                            worldItemStability(item.getValue()));
                }
            }
        }
        return out;
    }

    /** Adds {@code key = value}, and {@code key @stability} if there is a gate. */
    private static void put(Map<String, String> out, String key, String value, Stability stability) {
        out.put(key, value);
        if (stability instanceof Stability.Stable st) {
            out.put(key + STABILITY, stabilityText(false, st.since().toString(),
                    st.deprecated().map(Version::toString).orElse(null)));
        } else if (stability instanceof Stability.Unstable un) {
            out.put(key + STABILITY, stabilityText(true, un.feature(),
                    un.deprecated().map(Version::toString).orElse(null)));
        }
    }

    private Stability worldItemStability(WorldItem item) {
        if (item instanceof WorldItem.InterfaceItem iface) {
            return iface.stability();
        }
        if (item instanceof WorldItem.FunctionItem func) {
            return func.function().stability();
        }
        return resolve.types().get(((WorldItem.TypeItem) item).typeId()).stability();
    }

    /** The qualified name of a named interface, or {@code null} for an inline one. */
    private String qualifiedInterfaceName(int id) {
        Interface iface = resolve.interfaces().get(id);
        if (iface.name().isEmpty() || iface.packageId().isEmpty()) {
            return null;
        }
        return qualify(resolve.packages().get(iface.packageId().getAsInt()).name().toString(), iface.name().get());
    }

    private String worldKey(WorldKey key) {
        if (key instanceof WorldKey.Name name) {
            return name.name();
        }
        return interfaceRef(((WorldKey.OfInterface) key).interfaceId());
    }

    private String interfaceRef(int id) {
        String name = qualifiedInterfaceName(id);
        return name != null ? name : "<inline>" + interfaceContents(resolve.interfaces().get(id));
    }

    private String interfaceContents(Interface iface) {
        SortedMap<String, String> items = new TreeMap<>();
        for (Map.Entry<String, Integer> t : iface.types().entrySet()) {
            items.put("type " + t.getKey(), kind(resolve.types().get(t.getValue()).kind()));
        }
        for (Map.Entry<String, Function> f : iface.functions().entrySet()) {
            items.put("func " + f.getKey(), function(f.getValue()));
        }
        return joinContents(items);
    }

    private String worldItem(WorldItem item) {
        if (item instanceof WorldItem.InterfaceItem iface) {
            return "interface " + interfaceRef(iface.interfaceId());
        }
        if (item instanceof WorldItem.FunctionItem func) {
            return "func " + function(func.function());
        }
        return "type " + kind(resolve.types().get(((WorldItem.TypeItem) item).typeId()).kind());
    }

    private String function(Function f) {
        List<String> params = new ArrayList<>();
        for (Function.Param p : f.params()) {
            params.add(p.name() + ": " + ref(p.type()));
        }
        return signature(functionKind(f.kind()), params, f.result().map(this::ref).orElse(null));
    }

    private String functionKind(FunctionKind kind) {
        String prefix = kind.async() ? "async " : "";
        if (kind instanceof FunctionKind.Method m) {
            return prefix + "method(" + resourceRef(m.resource()) + ")";
        }
        if (kind instanceof FunctionKind.Static st) {
            return prefix + "static(" + resourceRef(st.resource()) + ")";
        }
        if (kind instanceof FunctionKind.Constructor c) {
            return prefix + "constructor(" + resourceRef(c.resource()) + ")";
        }
        return prefix + "freestanding";
    }

    /** A resource rendered after following aliases (see the class comment). */
    private String resourceRef(int id) {
        Type cur = new Type.Ref(id);
        while (cur instanceof Type.Ref r && resolve.types().get(r.id()).kind() instanceof TypeDefKind.Alias a) {
            cur = a.target();
        }
        return ref(cur);
    }

    private String ref(Type type) {
        if (type instanceof Type.Primitive prim) {
            return prim.witName();
        }
        TypeDef def = resolve.types().get(((Type.Ref) type).id());
        if (def.name().isEmpty()) {
            return kind(def.kind());
        }
        return owner(def.owner()) + "." + def.name().get();
    }

    private String owner(TypeOwner owner) {
        if (owner instanceof TypeOwner.OfInterface iface) {
            String name = qualifiedInterfaceName(iface.id());
            return name != null ? name : "<anon-interface>";
        }
        if (owner instanceof TypeOwner.OfWorld ofWorld) {
            World world = resolve.worlds().get(ofWorld.id());
            return "world " + qualify(resolve.packages().get(world.packageId()).name().toString(), world.name());
        }
        return "<no-owner>";
    }

    private String optionalRef(Optional<Type> type) {
        return type.map(this::ref).orElse("_");
    }

    private String kind(TypeDefKind kind) {
        List<String> parts = new ArrayList<>();
        if (kind instanceof TypeDefKind.Alias alias) {
            return "alias(" + ref(alias.target()) + ")";
        }
        if (kind instanceof TypeDefKind.Resource) {
            return "resource";
        }
        if (kind instanceof TypeDefKind.Record rec) {
            for (TypeDefKind.Field f : rec.fields()) {
                parts.add(f.name() + ": " + ref(f.type()));
            }
            return "record{" + String.join(", ", parts) + "}";
        }
        if (kind instanceof TypeDefKind.Variant variant) {
            for (TypeDefKind.Case c : variant.cases()) {
                parts.add(c.name() + c.type().map(t -> "(" + ref(t) + ")").orElse(""));
            }
            return "variant{" + String.join(", ", parts) + "}";
        }
        if (kind instanceof TypeDefKind.Enum en) {
            for (TypeDefKind.EnumCase c : en.cases()) {
                parts.add(c.name());
            }
            return "enum{" + String.join(", ", parts) + "}";
        }
        if (kind instanceof TypeDefKind.Flags flags) {
            for (TypeDefKind.Flag f : flags.flags()) {
                parts.add(f.name());
            }
            return "flags{" + String.join(", ", parts) + "}";
        }
        if (kind instanceof TypeDefKind.Tuple tuple) {
            for (Type t : tuple.types()) {
                parts.add(ref(t));
            }
            return "tuple<" + String.join(", ", parts) + ">";
        }
        if (kind instanceof TypeDefKind.ListOf list) {
            return "list<" + ref(list.element()) + ">";
        }
        if (kind instanceof TypeDefKind.FixedList l) {
            return "list<" + ref(l.element()) + ", " + l.size() + ">";
        }
        if (kind instanceof TypeDefKind.MapOf m) {
            return "map<" + ref(m.key()) + ", " + ref(m.value()) + ">";
        }
        if (kind instanceof TypeDefKind.Option option) {
            return "option<" + ref(option.type()) + ">";
        }
        if (kind instanceof TypeDefKind.Result r) {
            return "result<" + optionalRef(r.ok()) + ", " + optionalRef(r.err()) + ">";
        }
        if (kind instanceof TypeDefKind.Future future) {
            return "future" + future.payload().map(t -> "<" + ref(t) + ">").orElse("");
        }
        if (kind instanceof TypeDefKind.Stream stream) {
            return "stream" + stream.payload().map(t -> "<" + ref(t) + ">").orElse("");
        }
        if (kind instanceof TypeDefKind.Handle h) {
            return (h.borrow() ? "borrow" : "own") + "<" + resourceRef(h.resource()) + ">";
        }
        return "?unknown kind " + kind;
    }
}
