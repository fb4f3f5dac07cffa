package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.Package;
import dev.wasiotel.wit.parser.model.PackageName;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Stability;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.TypeOwner;
import dev.wasiotel.wit.parser.model.World;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The mutable arenas the resolver fills. Every item ever resolved is kept here with a flag saying
 * whether its feature gate let it in; {@link #freeze()} drops the excluded ones and renumbers.
 */
final class Arena {

    /** A type under construction. */
    static final class TypeEntry {
        TypeDef def;
        /** Whether the type's gate (and its owner's) let it in. */
        boolean included;
        /** A stand-in for a type of a foreign interface that was gated away and never looked up. */
        boolean placeholder;

        TypeEntry(TypeDef def, boolean included) {
            this.def = def;
            this.included = included;
        }
    }

    /** An interface under construction. */
    static final class InterfaceEntry {
        Optional<String> name;
        final LinkedHashMap<String, Integer> types = new LinkedHashMap<>();
        final LinkedHashMap<String, Function> functions = new LinkedHashMap<>();
        /** Names of freestanding functions, gated or not: {@code use} of one is an error. */
        final java.util.Set<String> functionNames = new java.util.HashSet<>();
        OptionalInt packageId = OptionalInt.empty();
        Docs docs = Docs.NONE;
        Stability stability = Stability.UNKNOWN;
        final Span span;
        boolean included = true;

        InterfaceEntry(Optional<String> name, Span span) {
            this.name = name;
            this.span = span;
        }
    }

    /** A world under construction. */
    static final class WorldEntry {
        final String name;
        LinkedHashMap<WorldKey, WorldItem> imports = new LinkedHashMap<>();
        LinkedHashMap<WorldKey, WorldItem> exports = new LinkedHashMap<>();
        int packageId = -1;
        Docs docs = Docs.NONE;
        Stability stability = Stability.UNKNOWN;
        final Span span;
        boolean included = true;

        WorldEntry(String name, Span span) {
            this.name = name;
            this.span = span;
        }
    }

    /** A package under construction: only included items are registered. */
    record PackageEntry(PackageName name, Docs docs, LinkedHashMap<String, Integer> interfaces,
            LinkedHashMap<String, Integer> worlds) {
    }

    final List<TypeEntry> types = new ArrayList<>();
    final List<InterfaceEntry> interfaces = new ArrayList<>();
    final List<WorldEntry> worlds = new ArrayList<>();
    final List<PackageEntry> packages = new ArrayList<>();
    private final Map<TypeDefKind, Integer> anonymous = new HashMap<>();
    /** Every package name taking part, for "not found" messages. */
    final List<String> knownPackages = new ArrayList<>();

    TypeDef type(int id) {
        return types.get(id).def;
    }

    int addType(TypeDef def, boolean included) {
        types.add(new TypeEntry(def, included));
        return types.size() - 1;
    }

    /** An anonymous type of this kind, shared with an identical one made before. */
    Type anonymous(TypeDefKind kind, Span span) {
        Integer id = anonymous.get(kind);
        if (id == null) {
            id = addType(new TypeDef(Optional.empty(), kind, TypeOwner.NONE, Docs.NONE, Stability.UNKNOWN, span), true);
            anonymous.put(kind, id);
        }
        return new Type.Ref(id);
    }

    /** Follows aliases ({@code type a = b}, {@code use}) to the definition they name. */
    Type dealias(Type type) {
        Type cur = type;
        for (int guard = 0; guard < 10_000 && cur instanceof Type.Ref ref; guard++) {
            if (!(type(ref.id()).kind() instanceof TypeDefKind.Alias alias)) {
                break;
            }
            cur = alias.target();
        }
        return cur;
    }

    Optional<Integer> findPackage(PackageName name) {
        for (int i = 0; i < packages.size(); i++) {
            if (packages.get(i).name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** {@code ns:pkg/name@v} of a named interface, else "interface #N". */
    String interfaceName(int id) {
        InterfaceEntry iface = interfaces.get(id);
        if (iface.name.isPresent() && iface.packageId.isPresent()) {
            return packages.get(iface.packageId.getAsInt()).name().qualify(iface.name.get());
        }
        return iface.name.orElse("anon");
    }

    String keyName(WorldKey key) {
        return key instanceof WorldKey.Name n ? n.name() : interfaceName(((WorldKey.OfInterface) key).interfaceId());
    }

    /**
     * Whether a type may be referred to by included items: a named type must be included; an
     * anonymous one is usable when everything it refers to is.
     */
    boolean usable(Type type) {
        if (!(type instanceof Type.Ref ref)) {
            return true;
        }
        TypeEntry entry = types.get(ref.id());
        if (!entry.included) {
            return false;
        }
        if (entry.def.name().isPresent()) {
            return true;
        }
        for (Type inner : TypeRefs.of(entry.def.kind())) {
            if (!usable(inner)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ freezing

    /** The immutable model of everything included, renumbered. */
    Resolve freeze() {
        int[] typeMap = new int[types.size()];
        List<Integer> keptTypes = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            typeMap[i] = -1;
            if (usable(new Type.Ref(i)) && !types.get(i).placeholder) {
                typeMap[i] = keptTypes.size();
                keptTypes.add(i);
            }
        }
        int[] ifaceMap = new int[interfaces.size()];
        List<Integer> keptIfaces = new ArrayList<>();
        for (int i = 0; i < interfaces.size(); i++) {
            ifaceMap[i] = interfaces.get(i).included ? keptIfaces.size() : -1;
            if (interfaces.get(i).included) {
                keptIfaces.add(i);
            }
        }
        int[] worldMap = new int[worlds.size()];
        List<Integer> keptWorlds = new ArrayList<>();
        for (int i = 0; i < worlds.size(); i++) {
            worldMap[i] = worlds.get(i).included ? keptWorlds.size() : -1;
            if (worlds.get(i).included) {
                keptWorlds.add(i);
            }
        }
        Renumber r = new Renumber(typeMap, ifaceMap, worldMap);

        List<TypeDef> outTypes = new ArrayList<>();
        for (int i : keptTypes) {
            TypeDef d = types.get(i).def;
            outTypes.add(new TypeDef(d.name(), TypeRefs.map(d.kind(), r::type), r.owner(d.owner()), d.docs(),
                    d.stability(), d.span()));
        }
        List<Interface> outIfaces = new ArrayList<>();
        for (int i : keptIfaces) {
            InterfaceEntry e = interfaces.get(i);
            LinkedHashMap<String, Integer> ts = new LinkedHashMap<>();
            e.types.forEach((n, id) -> {
                if (typeMap[id] >= 0) {
                    ts.put(n, typeMap[id]);
                }
            });
            LinkedHashMap<String, Function> fs = new LinkedHashMap<>();
            e.functions.forEach((n, f) -> fs.put(n, r.function(f)));
            outIfaces.add(new Interface(e.name, unmodifiable(ts), unmodifiable(fs), e.packageId, e.docs, e.stability,
                    e.span));
        }
        List<World> outWorlds = new ArrayList<>();
        for (int i : keptWorlds) {
            WorldEntry w = worlds.get(i);
            outWorlds.add(new World(w.name, r.items(w.imports), r.items(w.exports), w.packageId, w.docs, w.stability,
                    w.span));
        }
        List<Package> outPackages = new ArrayList<>();
        for (PackageEntry p : packages) {
            LinkedHashMap<String, Integer> is = new LinkedHashMap<>();
            p.interfaces().forEach((n, id) -> is.put(n, ifaceMap[id]));
            LinkedHashMap<String, Integer> ws = new LinkedHashMap<>();
            p.worlds().forEach((n, id) -> ws.put(n, worldMap[id]));
            outPackages.add(new Package(p.name(), unmodifiable(is), unmodifiable(ws), p.docs()));
        }
        return new Resolve(outPackages, outIfaces, outWorlds, outTypes);
    }

    private static <K, V> Map<K, V> unmodifiable(LinkedHashMap<K, V> map) {
        return java.util.Collections.unmodifiableMap(map);
    }

    /** Old ids to new ids; every reference that survives points at something kept. */
    private record Renumber(int[] typeMap, int[] ifaceMap, int[] worldMap) {
        Type type(Type t) {
            if (t instanceof Type.Ref ref) {
                int id = typeMap[ref.id()];
                if (id < 0) {
                    throw new IllegalStateException("dangling reference to type #" + ref.id());
                }
                return new Type.Ref(id);
            }
            return t;
        }

        TypeOwner owner(TypeOwner owner) {
            if (owner instanceof TypeOwner.OfInterface i) {
                return new TypeOwner.OfInterface(ifaceMap[i.id()]);
            }
            if (owner instanceof TypeOwner.OfWorld w) {
                return new TypeOwner.OfWorld(worldMap[w.id()]);
            }
            return owner;
        }

        Function function(Function f) {
            List<Function.Param> params = new ArrayList<>();
            for (Function.Param p : f.params()) {
                params.add(new Function.Param(p.name(), type(p.type())));
            }
            return new Function(f.name(), kind(f.kind()), List.copyOf(params), f.result().map(this::type), f.docs(),
                    f.stability(), f.span());
        }

        FunctionKind kind(FunctionKind k) {
            if (k instanceof FunctionKind.Method m) {
                return new FunctionKind.Method(typeMap[m.resource()], m.async());
            }
            if (k instanceof FunctionKind.Static s) {
                return new FunctionKind.Static(typeMap[s.resource()], s.async());
            }
            if (k instanceof FunctionKind.Constructor c) {
                return new FunctionKind.Constructor(typeMap[c.resource()]);
            }
            return k;
        }

        Map<WorldKey, WorldItem> items(LinkedHashMap<WorldKey, WorldItem> items) {
            LinkedHashMap<WorldKey, WorldItem> out = new LinkedHashMap<>();
            items.forEach((key, item) -> {
                WorldKey k = key instanceof WorldKey.OfInterface oi ? new WorldKey.OfInterface(ifaceMap[oi.interfaceId()])
                        : key;
                WorldItem v;
                if (item instanceof WorldItem.InterfaceItem ii) {
                    v = new WorldItem.InterfaceItem(ifaceMap[ii.interfaceId()], ii.stability(), ii.docs());
                } else if (item instanceof WorldItem.FunctionItem fi) {
                    v = new WorldItem.FunctionItem(function(fi.function()));
                } else {
                    v = new WorldItem.TypeItem(typeMap[((WorldItem.TypeItem) item).typeId()]);
                }
                out.put(k, v);
            });
            return java.util.Collections.unmodifiableMap(out);
        }
    }
}
