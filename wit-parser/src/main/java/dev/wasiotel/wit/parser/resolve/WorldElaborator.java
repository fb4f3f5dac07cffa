package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Stability;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.TypeOwner;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import dev.wasiotel.wit.parser.resolve.Arena.WorldEntry;
import dev.wasiotel.wit.parser.syntax.Ast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Completes a world: merges its {@code include}s (renaming and re-owning the included world's own
 * types) and elaborates it, so that every interface an import or export needs is imported, or the
 * world is rejected when an export needs an interface in incompatible ways.
 */
final class WorldElaborator {
    private final Arena arena;

    WorldElaborator(Arena arena) {
        this.arena = arena;
    }

    // ------------------------------------------------------------------ include

    void include(int worldId, PackageResolver.PendingInclude inc) throws WitParseException {
        int fromId = inc.world().orElseThrow();
        WorldEntry from = arena.worlds.get(fromId);
        if (!from.included) {
            throw new WitParseException(inc.span(),
                    "found a reference to a world which is excluded due to its feature not being activated");
        }
        List<Ast.IncludeName> unused = new ArrayList<>(inc.names());
        for (WorldKey key : concat(from.imports.keySet(), from.exports.keySet())) {
            if (key instanceof WorldKey.Name n) {
                unused.removeIf(name -> rename(n.name(), name) != null);
            }
        }
        if (!unused.isEmpty()) {
            throw new WitParseException(unused.get(0).name().span(), "no import or export kebab-name `"
                    + unused.get(0).name().name() + "`. Note that an ID does not support renaming");
        }
        WorldEntry into = arena.worlds.get(worldId);
        Cloner cloner = new Cloner(fromId, worldId);
        boolean external = from.packageId != into.packageId;
        copy(new LinkedHashMap<>(from.imports), into.imports, inc, cloner, "import", external);
        copy(new LinkedHashMap<>(from.exports), into.exports, inc, cloner, "export", external);
    }

    private void copy(LinkedHashMap<WorldKey, WorldItem> source, LinkedHashMap<WorldKey, WorldItem> target,
            PackageResolver.PendingInclude inc, Cloner cloner, String desc, boolean external)
            throws WitParseException {
        for (Map.Entry<WorldKey, WorldItem> e : source.entrySet()) {
            if (e.getKey() instanceof WorldKey.Name n) {
                String name = n.name();
                for (Ast.IncludeName rename : inc.names()) {
                    String renamed = rename(n.name(), rename);
                    if (renamed != null) {
                        name = renamed;
                        break;
                    }
                }
                WorldItem item = cloner.item(e.getValue(), name);
                if (target.put(new WorldKey.Name(name), item) != null) {
                    throw new WitParseException(inc.span(), desc + " of `" + name + "` shadows previously " + desc
                            + "ed items");
                }
            } else {
                WorldItem.InterfaceItem item = (WorldItem.InterfaceItem) e.getValue();
                WorldItem.InterfaceItem prev = (WorldItem.InterfaceItem) target.get(e.getKey());
                Stability merged = mergeStability(item.stability(), prev == null ? item.stability() : prev.stability(),
                        external, inc.span());
                WorldItem.InterfaceItem kept = prev == null ? item : prev;
                target.put(e.getKey(), new WorldItem.InterfaceItem(kept.interfaceId(), merged, kept.docs()));
            }
        }
    }

    /**
     * The gate of an interface that an include brings in, as wit-parser merges it: a {@code @since}
     * from another package does not carry over; an ungated copy takes the gate of a gated one; two
     * different gates are an error.
     */
    private static Stability mergeStability(Stability from, Stability into, boolean external, Span span)
            throws WitParseException {
        if (external && from instanceof Stability.Stable) {
            return Stability.UNKNOWN;
        }
        if (from.equals(into) || from instanceof Stability.Unknown) {
            return into;
        }
        if (into instanceof Stability.Unknown) {
            return from;
        }
        throw new WitParseException(span, "mismatch in stability from '" + from + "' to '" + into + "'");
    }

    /** The new name of {@code original} under {@code with { name as as }}, or null if it does not apply. */
    private static String rename(String original, Ast.IncludeName include) {
        String name = include.name().name();
        String as = include.as().name();
        if (original.equals(name)) {
            return as;
        }
        int close = original.indexOf(']');
        if (close < 0) {
            return null;
        }
        String kind = original.substring(0, close + 1);
        String rest = original.substring(close + 1);
        int dot = rest.indexOf('.');
        if (dot >= 0 && rest.substring(0, dot).equals(name)) {
            return kind + as + rest.substring(dot);
        }
        if (rest.equals(name)) {
            return kind + as;
        }
        return null;
    }

    /** Copies the included world's own types into the including world, renaming as it goes. */
    private final class Cloner {
        private final int fromWorld;
        private final int intoWorld;
        private final Map<Integer, Integer> cloned = new HashMap<>();

        Cloner(int fromWorld, int intoWorld) {
            this.fromWorld = fromWorld;
            this.intoWorld = intoWorld;
        }

        WorldItem item(WorldItem item, String name) {
            if (item instanceof WorldItem.TypeItem t) {
                TypeDef def = arena.type(t.typeId());
                if (!(def.owner() instanceof TypeOwner.OfWorld w) || w.id() != fromWorld) {
                    return item;
                }
                TypeDef copy = new TypeDef(Optional.of(name), TypeRefs.map(def.kind(), this::type),
                        new TypeOwner.OfWorld(intoWorld), def.docs(), def.stability(), def.span());
                int id = arena.addType(copy, true);
                cloned.put(t.typeId(), id);
                return new WorldItem.TypeItem(id);
            }
            if (item instanceof WorldItem.FunctionItem f) {
                Function fn = f.function();
                List<Function.Param> params = new ArrayList<>();
                for (Function.Param p : fn.params()) {
                    params.add(new Function.Param(p.name(), type(p.type())));
                }
                return new WorldItem.FunctionItem(new Function(name, kind(fn.kind()), List.copyOf(params),
                        fn.result().map(this::type), fn.docs(), fn.stability(), fn.span()));
            }
            return item;
        }

        private FunctionKind kind(FunctionKind k) {
            if (k instanceof FunctionKind.Method m) {
                return new FunctionKind.Method(cloned.getOrDefault(m.resource(), m.resource()), m.async());
            }
            if (k instanceof FunctionKind.Static s) {
                return new FunctionKind.Static(cloned.getOrDefault(s.resource(), s.resource()), s.async());
            }
            if (k instanceof FunctionKind.Constructor c) {
                return new FunctionKind.Constructor(cloned.getOrDefault(c.resource(), c.resource()));
            }
            return k;
        }

        Type type(Type type) {
            if (!(type instanceof Type.Ref ref)) {
                return type;
            }
            Integer copy = cloned.get(ref.id());
            if (copy != null) {
                return new Type.Ref(copy);
            }
            TypeDef def = arena.type(ref.id());
            if (def.name().isEmpty()) {
                TypeDefKind mapped = TypeRefs.map(def.kind(), this::type);
                if (!mapped.equals(def.kind())) {
                    return arena.anonymous(mapped, def.span());
                }
            }
            return type;
        }
    }

    // ------------------------------------------------------------------ checks and elaboration

    void checkCaseInsensitiveNames(int worldId) throws WitParseException {
        WorldEntry world = arena.worlds.get(worldId);
        checkNames(world, world.imports, "import");
        checkNames(world, world.exports, "export");
    }

    private static void checkNames(WorldEntry world, Map<WorldKey, WorldItem> items, String desc)
            throws WitParseException {
        Map<String, String> seen = new HashMap<>();
        for (WorldKey key : items.keySet()) {
            if (key instanceof WorldKey.Name n) {
                String prev = seen.put(n.name().toLowerCase(java.util.Locale.ROOT), n.name());
                if (prev != null && !prev.equals(n.name())) {
                    throw new WitParseException(world.span, desc + " `" + n.name() + "` in world `" + world.name
                            + "` conflicts with " + desc + " `" + prev
                            + "` (kebab-case identifiers are case-insensitive)");
                }
            }
        }
    }

    /** The interfaces whose types an interface brings in with {@code use}. */
    private List<Integer> directDeps(int interfaceId) {
        List<Integer> deps = new ArrayList<>();
        for (int typeId : arena.interfaces.get(interfaceId).types.values()) {
            typeDep(typeId).ifPresent(deps::add);
        }
        return deps;
    }

    /** For {@code use}d types: the interface the type comes from, when that is another owner. */
    private Optional<Integer> typeDep(int typeId) {
        TypeDef def = arena.type(typeId);
        if (!(def.kind() instanceof TypeDefKind.Alias a) || !(a.target() instanceof Type.Ref target)) {
            return Optional.empty();
        }
        TypeDef other = arena.type(target.id());
        if (other.owner().equals(def.owner()) || !(other.owner() instanceof TypeOwner.OfInterface i)) {
            return Optional.empty();
        }
        return Optional.of(i.id());
    }

    private int sortKey(WorldItem item) {
        if (item instanceof WorldItem.InterfaceItem) {
            return 0;
        }
        if (item instanceof WorldItem.TypeItem t) {
            TypeDef def = arena.type(t.typeId());
            if (def.kind() instanceof TypeDefKind.Alias a && a.target() instanceof Type.Ref r
                    && !arena.type(r.id()).owner().equals(def.owner())) {
                return 1;
            }
            return 2;
        }
        Function f = ((WorldItem.FunctionItem) item).function();
        return f.kind() instanceof FunctionKind.Freestanding ? 3 : 4;
    }

    void elaborate(int worldId) throws WitParseException {
        WorldEntry world = arena.worlds.get(worldId);
        List<Map.Entry<WorldKey, WorldItem>> sorted = new ArrayList<>(world.imports.entrySet());
        sorted.sort((a, b) -> Integer.compare(sortKey(a.getValue()), sortKey(b.getValue())));
        LinkedHashMap<WorldKey, WorldItem> imports = new LinkedHashMap<>();
        for (Map.Entry<WorldKey, WorldItem> e : sorted) {
            WorldItem item = e.getValue();
            if (item instanceof WorldItem.InterfaceItem i) {
                importWithDeps(imports, e.getKey(), i.interfaceId(), i.stability(), item, 0);
            } else if (item instanceof WorldItem.TypeItem t) {
                Optional<Integer> dep = typeDep(t.typeId());
                if (dep.isPresent()) {
                    importWithDeps(imports, new WorldKey.OfInterface(dep.get()), dep.get(),
                            arena.type(t.typeId()).stability(), null, 0);
                }
                imports.put(e.getKey(), item);
            } else {
                imports.put(e.getKey(), item);
            }
        }
        LinkedHashMap<WorldKey, WorldItem> exports = new LinkedHashMap<>();
        LinkedHashMap<WorldKey, WorldItem> exportInterfaces = new LinkedHashMap<>();
        for (Map.Entry<WorldKey, WorldItem> e : world.exports.entrySet()) {
            if (e.getValue() instanceof WorldItem.InterfaceItem) {
                exportInterfaces.put(e.getKey(), e.getValue());
            } else {
                exports.put(e.getKey(), e.getValue());
            }
        }
        Set<Integer> requiredImports = new HashSet<>();
        for (Map.Entry<WorldKey, WorldItem> e : exportInterfaces.entrySet()) {
            if (!addExport(imports, exports, exportInterfaces, requiredImports, e.getKey(),
                    (WorldItem.InterfaceItem) e.getValue(), true, 0)) {
                throw new WitParseException(world.span, "interface `" + arena.keyName(e.getKey())
                        + "` transitively depends on an interface in incompatible ways");
            }
        }
        List<Map.Entry<WorldKey, WorldItem>> resorted = new ArrayList<>(imports.entrySet());
        resorted.sort((a, b) -> Integer.compare(sortKey(a.getValue()), sortKey(b.getValue())));
        world.imports = new LinkedHashMap<>();
        for (Map.Entry<WorldKey, WorldItem> e : resorted) {
            world.imports.put(e.getKey(), e.getValue());
        }
        world.exports = exports;
    }

    private void importWithDeps(LinkedHashMap<WorldKey, WorldItem> imports, WorldKey key, int interfaceId,
            Stability stability, WorldItem original, int depth) throws WitParseException {
        if (imports.containsKey(key)) {
            return;
        }
        checkDepth(depth);
        for (int dep : directDeps(interfaceId)) {
            importWithDeps(imports, new WorldKey.OfInterface(dep), dep, stability, null, depth + 1);
        }
        imports.put(key, original != null ? original
                : new WorldItem.InterfaceItem(interfaceId, stability, dev.wasiotel.wit.parser.model.Docs.NONE));
    }

    /** wit-parser's export elaboration: exported interfaces' dependencies are exported or imported, never both. */
    private boolean addExport(LinkedHashMap<WorldKey, WorldItem> imports, LinkedHashMap<WorldKey, WorldItem> exports,
            LinkedHashMap<WorldKey, WorldItem> exportInterfaces, Set<Integer> requiredImports, WorldKey key,
            WorldItem.InterfaceItem item, boolean addAsExport, int depth) throws WitParseException {
        if (exports.containsKey(key)) {
            return addAsExport;
        }
        checkDepth(depth);
        int id = item.interfaceId();
        if (!addAsExport && requiredImports.contains(id)) {
            return true;
        }
        for (int dep : directDeps(id)) {
            WorldKey depKey = new WorldKey.OfInterface(dep);
            WorldItem.InterfaceItem depItem = new WorldItem.InterfaceItem(dep, item.stability(),
                    dev.wasiotel.wit.parser.model.Docs.NONE);
            boolean depAsExport = addAsExport && exportInterfaces.containsKey(depKey);
            if (!addExport(imports, exports, exportInterfaces, requiredImports, depKey, depItem, depAsExport,
                    depth + 1)) {
                return false;
            }
        }
        if (addAsExport) {
            if (requiredImports.contains(id)) {
                return false;
            }
            exports.put(key, item);
        } else {
            requiredImports.add(id);
            imports.putIfAbsent(key, item);
        }
        return true;
    }

    private void checkDepth(int depth) throws WitParseException {
        if (depth > 10_000) {
            throw new WitParseException(Span.startOf(arena.interfaces.get(0).span.file()),
                    "interface dependencies nest too deeply");
        }
    }

    private static <T> List<T> concat(java.util.Collection<T> a, java.util.Collection<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
