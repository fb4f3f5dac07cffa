package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.model.Function;
import dev.wasiotel.wit.parser.model.FunctionKind;
import dev.wasiotel.wit.parser.model.Stability;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.Type.Primitive;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.TypeOwner;
import dev.wasiotel.wit.parser.model.Version;
import dev.wasiotel.wit.parser.model.WorldItem;
import dev.wasiotel.wit.parser.model.WorldKey;
import dev.wasiotel.wit.parser.resolve.Arena.InterfaceEntry;
import dev.wasiotel.wit.parser.resolve.Arena.TypeEntry;
import dev.wasiotel.wit.parser.resolve.Arena.WorldEntry;
import dev.wasiotel.wit.parser.syntax.Ast;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves one package into the {@link Arena}, after the packages it depends on: names, types,
 * functions, worlds, feature gates and the validation rules of wit-parser. Gated-out items are
 * resolved too (a typo behind a gate is still an error) and left out when the arena is frozen.
 */
final class PackageResolver {
    private static final Set<Primitive> MAP_KEYS = EnumSet.of(Primitive.BOOL, Primitive.U8, Primitive.U16,
            Primitive.U32, Primitive.U64, Primitive.S8, Primitive.S16, Primitive.S32, Primitive.S64, Primitive.CHAR,
            Primitive.STRING);

    /** A local interface or world. */
    private record ItemRef(boolean world, int id) {
    }

    /** What a top-level name of a file stands for. */
    private sealed interface Binding {
    }

    private record LocalBinding(String itemName) implements Binding {
    }

    private record ForeignBinding(Ast.ForeignPath path) implements Binding {
    }

    /** An entry of a type namespace: a type, or a function (which may not be used as a type). */
    private record Named(Integer typeId, Span span) {
        boolean isFunction() {
            return typeId == null;
        }
    }

    /** An include waiting for its world to be complete. */
    record PendingInclude(Optional<Integer> world, List<Ast.IncludeName> names, Stability stability, Span span) {
    }

    private final Arena arena;
    private final WitOptions options;
    private final UnresolvedPackage pkg;
    private int packageId;
    private final Map<String, ItemRef> packageItems = new HashMap<>();
    private final List<Map<String, Binding>> fileScopes = new ArrayList<>();
    private int currentFile;
    private LinkedHashMap<String, Named> typeLookup = new LinkedHashMap<>();
    private final Map<Integer, List<PendingInclude>> includes = new HashMap<>();

    PackageResolver(Arena arena, WitOptions options, UnresolvedPackage pkg) {
        this.arena = arena;
        this.options = options;
        this.pkg = pkg;
    }

    /** Resolves the package; returns its id in the arena. */
    int resolve() throws WitParseException {
        packageId = arena.packages.size();
        arena.packages.add(new Arena.PackageEntry(pkg.name(), pkg.docs(), new LinkedHashMap<>(), new LinkedHashMap<>()));

        Map<String, Object> declByName = new LinkedHashMap<>();
        Map<String, Integer> fileOfDecl = new HashMap<>();
        collectPackageItems(declByName, fileOfDecl);
        List<String> order = orderItems(declByName, fileOfDecl);

        List<String> worldOrder = new ArrayList<>();
        for (String name : order) {
            Object decl = declByName.get(name);
            if (decl instanceof Ast.InterfaceDecl i) {
                arena.interfaces.add(new InterfaceEntry(Optional.of(name), i.name().span()));
                packageItems.put(name, new ItemRef(false, arena.interfaces.size() - 1));
            } else {
                arena.worlds.add(new WorldEntry(name, ((Ast.WorldDecl) decl).name().span()));
                packageItems.put(name, new ItemRef(true, arena.worlds.size() - 1));
                worldOrder.add(name);
            }
        }
        for (String name : order) {
            if (declByName.get(name) instanceof Ast.InterfaceDecl i) {
                currentFile = fileOfDecl.get(name);
                resolveInterface(packageItems.get(name).id(), i.items(), i.docs(), i.attributes());
            }
        }
        for (String name : worldOrder) {
            currentFile = fileOfDecl.get(name);
            resolveWorld(packageItems.get(name).id(), (Ast.WorldDecl) declByName.get(name));
        }
        WorldElaborator elaborator = new WorldElaborator(arena);
        for (String name : worldOrder) {
            int id = packageItems.get(name).id();
            if (arena.worlds.get(id).included) {
                for (PendingInclude inc : includes.getOrDefault(id, List.of())) {
                    if (isIncluded(inc.stability(), inc.span())) {
                        elaborator.include(id, inc);
                    }
                }
                elaborator.checkCaseInsensitiveNames(id);
                elaborator.elaborate(id);
            }
        }
        Arena.PackageEntry entry = arena.packages.get(packageId);
        for (String name : order) {
            ItemRef ref = packageItems.get(name);
            if (ref.world() && arena.worlds.get(ref.id()).included) {
                entry.worlds().put(name, ref.id());
            } else if (!ref.world() && arena.interfaces.get(ref.id()).included) {
                entry.interfaces().put(name, ref.id());
            }
        }
        return packageId;
    }

    // ------------------------------------------------------------------ package-level names

    private void collectPackageItems(Map<String, Object> declByName, Map<String, Integer> fileOfDecl)
            throws WitParseException {
        for (int f = 0; f < pkg.files().size(); f++) {
            for (Ast.DeclItem item : pkg.files().get(f).items()) {
                Ast.Id name = null;
                if (item instanceof Ast.InterfaceDecl i) {
                    name = i.name();
                } else if (item instanceof Ast.WorldDecl w) {
                    name = w.name();
                }
                if (name != null) {
                    if (declByName.containsKey(name.name())) {
                        throw new WitParseException(name.span(), "duplicate item named `" + name.name() + "`");
                    }
                    declByName.put(name.name(), item);
                    fileOfDecl.put(name.name(), f);
                }
            }
        }
        for (int f = 0; f < pkg.files().size(); f++) {
            Map<String, Binding> scope = new HashMap<>();
            for (Ast.DeclItem item : pkg.files().get(f).items()) {
                Ast.Id name;
                Binding binding;
                if (item instanceof Ast.ToplevelUse u) {
                    if (!u.attributes().isEmpty()) {
                        throw new WitParseException(u.span(), "attributes not allowed on top-level use");
                    }
                    name = u.boundName();
                    binding = u.path() instanceof Ast.ForeignPath fp ? new ForeignBinding(fp)
                            : new LocalBinding(u.path().name().name());
                } else if (item instanceof Ast.InterfaceDecl i) {
                    name = i.name();
                    binding = new LocalBinding(name.name());
                } else if (item instanceof Ast.WorldDecl w) {
                    name = w.name();
                    binding = new LocalBinding(name.name());
                } else {
                    continue;
                }
                if (scope.put(name.name(), binding) != null) {
                    throw new WitParseException(name.span(), "duplicate name `" + name.name() + "` in this file");
                }
            }
            fileScopes.add(scope);
        }
        // A top-level `use` must name something that exists, even if nothing uses it.
        for (int f = 0; f < pkg.files().size(); f++) {
            for (Ast.DeclItem item : pkg.files().get(f).items()) {
                if (item instanceof Ast.ToplevelUse u && u.path() instanceof Ast.LocalPath lp
                        && !declByName.containsKey(lp.name().name())) {
                    throw notFound(lp.name());
                }
                if (item instanceof Ast.ToplevelUse u && u.path() instanceof Ast.ForeignPath fp) {
                    foreignItem(fp, true, false);
                }
            }
        }
        checkForeignKinds();
    }

    /**
     * A name in another package is an interface or a world by its first mention (an include makes
     * it a world, anything else an interface); a later mention as the other kind is an error.
     */
    private void checkForeignKinds() throws WitParseException {
        Map<String, Boolean> isWorld = new HashMap<>();
        for (UnresolvedPackage.FileItems file : pkg.files()) {
            for (Ast.DeclItem item : file.items()) {
                List<Ast.UsePath> paths = new ArrayList<>();
                List<Boolean> worlds = new ArrayList<>();
                if (item instanceof Ast.WorldDecl w) {
                    List<Ast.UsePath> externs = new ArrayList<>();
                    for (Ast.WorldItem wi : w.items()) {
                        if (wi instanceof Ast.Use u) {
                            paths.add(u.from());
                            worlds.add(false);
                        } else if (wi instanceof Ast.Include inc) {
                            paths.add(inc.from());
                            worlds.add(true);
                        }
                    }
                    for (Ast.WorldItem wi : w.items()) {
                        if (wi instanceof Ast.Import imp) {
                            AstPaths.extern(imp.extern(), externs::add);
                        }
                    }
                    for (Ast.WorldItem wi : w.items()) {
                        if (wi instanceof Ast.Export exp) {
                            AstPaths.extern(exp.extern(), externs::add);
                        }
                    }
                    for (Ast.UsePath path : externs) {
                        paths.add(path);
                        worlds.add(false);
                    }
                } else {
                    AstPaths.forEachPath(item, path -> {
                        paths.add(path);
                        worlds.add(false);
                    });
                }
                for (int i = 0; i < paths.size(); i++) {
                    if (paths.get(i) instanceof Ast.ForeignPath fp) {
                        String key = fp.pkg().name() + "/" + fp.name().name();
                        Boolean prev = isWorld.putIfAbsent(key, worlds.get(i));
                        if (prev != null && prev != worlds.get(i)) {
                            throw new WitParseException(fp.name().span(), "name `" + fp.name().name()
                                    + "` is defined as " + (prev ? "a world, not an interface" : "an interface, not a world"));
                        }
                    }
                }
            }
        }
    }

    /** Interfaces and worlds in dependency order (interface {@code use}s and world includes). */
    private List<String> orderItems(Map<String, Object> declByName, Map<String, Integer> fileOfDecl)
            throws WitParseException {
        LinkedHashMap<String, List<Toposort.Edge>> deps = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : declByName.entrySet()) {
            List<Toposort.Edge> edges = new ArrayList<>();
            Map<String, Binding> scope = fileScopes.get(fileOfDecl.get(e.getKey()));
            List<Ast.UsePath> paths = new ArrayList<>();
            if (e.getValue() instanceof Ast.InterfaceDecl i) {
                for (Ast.InterfaceItem item : i.items()) {
                    if (item instanceof Ast.Use u) {
                        paths.add(u.from());
                    }
                }
            } else {
                for (Ast.WorldItem item : ((Ast.WorldDecl) e.getValue()).items()) {
                    if (item instanceof Ast.Include inc) {
                        paths.add(inc.from());
                    }
                }
            }
            for (Ast.UsePath path : paths) {
                if (path instanceof Ast.LocalPath lp) {
                    Binding b = scope.get(lp.name().name());
                    if (b instanceof ForeignBinding) {
                        continue;
                    }
                    String target = b == null ? lp.name().name() : ((LocalBinding) b).itemName();
                    if (!declByName.containsKey(target)) {
                        throw notFound(lp.name());
                    }
                    edges.add(new Toposort.Edge(target, lp.name().span()));
                }
            }
            deps.put(e.getKey(), edges);
        }
        return Toposort.sort("interface or world", deps);
    }

    private static WitParseException notFound(Ast.Id name) {
        return new WitParseException(name.span(), "interface or world `" + name.name() + "` does not exist");
    }

    // ------------------------------------------------------------------ paths to interfaces and worlds

    /**
     * The interface a path names; empty when it is in another package and the reference is gated
     * away (then it is not looked up at all, as wit-parser does).
     */
    private Optional<Integer> interfacePath(Ast.UsePath path, boolean referenceIncluded) throws WitParseException {
        return itemPath(path, referenceIncluded, false);
    }

    /** The world a path names, like {@link #interfacePath}. */
    private Optional<Integer> worldPath(Ast.UsePath path, boolean referenceIncluded) throws WitParseException {
        return itemPath(path, referenceIncluded, true);
    }

    private Optional<Integer> itemPath(Ast.UsePath path, boolean referenceIncluded, boolean world)
            throws WitParseException {
        if (path instanceof Ast.ForeignPath fp) {
            return foreignItem(fp, referenceIncluded, world);
        }
        Ast.Id name = path.name();
        Binding b = fileScopes.get(currentFile).get(name.name());
        // A top-level `use` of another package's item always names an interface.
        if (b instanceof ForeignBinding fb && !world) {
            return foreignItem(fb.path(), referenceIncluded, false);
        }
        ItemRef ref = b instanceof ForeignBinding ? new ItemRef(false, -1)
                : packageItems.get(b == null ? name.name() : ((LocalBinding) b).itemName());
        if (ref == null) {
            throw notFound(name);
        }
        if (ref.world() != world) {
            throw new WitParseException(name.span(), "name `" + name.name() + "` is defined as "
                    + (ref.world() ? "a world, not an interface" : "an interface, not a world"));
        }
        return Optional.of(ref.id());
    }

    private Optional<Integer> foreignItem(Ast.ForeignPath path, boolean referenceIncluded, boolean world)
            throws WitParseException {
        if (!referenceIncluded) {
            return Optional.empty();
        }
        Optional<Integer> pkgId = arena.findPackage(path.pkg().name());
        if (pkgId.isEmpty()) {
            List<String> known = arena.knownPackages;
            throw new WitParseException(path.pkg().span(), "package '" + path.pkg().name() + "' not found. known packages: "
                    + (known.isEmpty() ? "(none)" : String.join(", ", known)));
        }
        Arena.PackageEntry target = arena.packages.get(pkgId.get());
        Integer id = (world ? target.worlds() : target.interfaces()).get(path.name().name());
        if (id == null) {
            throw new WitParseException(path.name().span(), (world ? "world '" : "interface '") + path.name().name()
                    + "' not found in package '" + target.name() + "'");
        }
        return Optional.of(id);
    }

    // ------------------------------------------------------------------ interfaces

    private void resolveInterface(int id, List<Ast.InterfaceItem> items, Docs docs, List<Ast.Attribute> attributes)
            throws WitParseException {
        InterfaceEntry entry = arena.interfaces.get(id);
        entry.docs = docs;
        entry.stability = stability(attributes);
        entry.included = isIncluded(entry.stability, entry.span);
        entry.packageId = java.util.OptionalInt.of(packageId);
        typeLookup = new LinkedHashMap<>();
        List<Ast.Use> uses = new ArrayList<>();
        List<Ast.TypeDef> defs = new ArrayList<>();
        for (Ast.InterfaceItem item : items) {
            if (item instanceof Ast.Use u) {
                uses.add(u);
            } else if (item instanceof Ast.TypeDef t) {
                defs.add(t);
            }
        }
        resolveTypes(new TypeOwner.OfInterface(id), uses, defs, entry.included, "interface");
        typeLookup.forEach((name, named) -> entry.types.put(name, named.typeId()));

        List<Function> functions = new ArrayList<>();
        for (Ast.InterfaceItem item : items) {
            if (item instanceof Ast.NamedFunc f) {
                define(f.name(), null);
                entry.functionNames.add(f.name().name());
                functions.add(function(f.docs(), f.attributes(), f.name().name(), f.name().span(), f.func(),
                        new FunctionKind.Freestanding(f.func().async())));
            } else if (item instanceof Ast.TypeDef t && t.body() instanceof Ast.ResourceBody r) {
                for (Ast.ResourceFunc rf : r.funcs()) {
                    functions.add(resourceFunction(rf, t.name()));
                }
            }
        }
        for (Function f : functions) {
            if (entry.included && isIncluded(f.stability(), f.span())) {
                checkFunction(f);
                entry.functions.put(f.name(), f);
            }
        }
    }

    /**
     * Fills {@link #typeLookup} for an interface or world: {@code use}s first, then type
     * definitions in dependency order (rejecting cycles and unknown names).
     */
    private void resolveTypes(TypeOwner owner, List<Ast.Use> uses, List<Ast.TypeDef> defs, boolean ownerIncluded,
            String ownerKind) throws WitParseException {
        for (Ast.Use u : uses) {
            resolveUse(owner, u, ownerIncluded, ownerKind);
        }
        LinkedHashMap<String, List<Toposort.Edge>> deps = new LinkedHashMap<>();
        Map<String, Ast.TypeDef> byName = new HashMap<>();
        for (String used : typeLookup.keySet()) {
            deps.put(used, List.of());
        }
        for (Ast.TypeDef def : defs) {
            if (byName.containsKey(def.name().name()) || typeLookup.containsKey(def.name().name())) {
                throw new WitParseException(def.name().span(), "name `" + def.name().name() + "` is defined more than once");
            }
            byName.put(def.name().name(), def);
            List<Toposort.Edge> edges = new ArrayList<>();
            collectDeps(def.body(), edges);
            deps.put(def.name().name(), edges);
        }
        for (String name : Toposort.sort("type", deps)) {
            Ast.TypeDef def = byName.get(name);
            if (def != null) {
                defineType(owner, def, ownerIncluded, ownerKind);
            }
        }
    }

    private void resolveUse(TypeOwner owner, Ast.Use use, boolean ownerIncluded, String ownerKind)
            throws WitParseException {
        Stability stability = stability(use.attributes());
        boolean included = isIncluded(stability, use.from().name().span());
        Optional<Integer> from = interfacePath(use.from(), included);
        for (Ast.UseName name : use.names()) {
            Ast.Id bound = name.boundName();
            int id;
            if (from.isPresent()) {
                InterfaceEntry source = arena.interfaces.get(from.get());
                Integer target = source.types.get(name.name().name());
                if (target == null) {
                    if (source.functionNames.contains(name.name().name())) {
                        throw new WitParseException(name.name().span(), "cannot import function `" + name.name().name() + "`");
                    }
                    throw new WitParseException(name.name().span(), "name `" + name.name().name() + "` does not exist");
                }
                TypeDef alias = new TypeDef(Optional.of(bound.name()), new TypeDefKind.Alias(new Type.Ref(target)),
                        owner, Docs.NONE, stability, name.name().span());
                checkOwnerIncluded(included, ownerIncluded, ownerKind, name.name().span());
                id = arena.addType(alias, included);
                if (included && !arena.usable(new Type.Ref(target))) {
                    throw excluded("type", name.name().span());
                }
            } else {
                TypeDef placeholder = new TypeDef(Optional.of(bound.name()), new TypeDefKind.Resource(), owner,
                        Docs.NONE, stability, name.name().span());
                id = arena.addType(placeholder, false);
                arena.types.get(id).placeholder = true;
            }
            define(bound, id);
        }
    }

    private void defineType(TypeOwner owner, Ast.TypeDef def, boolean ownerIncluded, String ownerKind)
            throws WitParseException {
        Stability stability = stability(def.attributes());
        boolean included = isIncluded(stability, def.name().span());
        TypeDefKind kind = typeDefKind(def.body());
        checkOwnerIncluded(included, ownerIncluded, ownerKind, def.name().span());
        int id = arena.addType(new TypeDef(Optional.of(def.name().name()), kind, owner, def.docs(), stability,
                def.name().span()), included);
        define(def.name(), id);
        if (included) {
            for (Type ref : TypeRefs.of(kind)) {
                if (!arena.usable(ref)) {
                    throw excluded("type", def.name().span());
                }
            }
        }
    }

    private void checkOwnerIncluded(boolean included, boolean ownerIncluded, String ownerKind, Span span)
            throws WitParseException {
        if (included && !ownerIncluded) {
            throw new WitParseException(span, "found a reference to a " + ownerKind
                    + " which is excluded due to its feature not being activated; this type is not gated by a "
                    + "feature but its " + ownerKind + " is");
        }
    }

    private static WitParseException excluded(String what, Span span) {
        return new WitParseException(span, "found a reference to a " + what
                + " which is excluded due to its feature not being activated");
    }

    private void define(Ast.Id name, Integer typeId) throws WitParseException {
        if (typeLookup.containsKey(name.name())) {
            throw new WitParseException(name.span(), "name `" + name.name() + "` is defined more than once");
        }
        typeLookup.put(name.name(), new Named(typeId, name.span()));
    }

    private static void collectDeps(Ast.TypeExpr type, List<Toposort.Edge> out) {
        if (type instanceof Ast.NamedType n) {
            out.add(new Toposort.Edge(n.name().name(), n.name().span()));
        } else if (type instanceof Ast.HandleType h) {
            out.add(new Toposort.Edge(h.resource().name(), h.resource().span()));
        } else if (type instanceof Ast.ListType l) {
            collectDeps(l.element(), out);
        } else if (type instanceof Ast.FixedListType l) {
            collectDeps(l.element(), out);
        } else if (type instanceof Ast.MapType m) {
            collectDeps(m.key(), out);
            collectDeps(m.value(), out);
        } else if (type instanceof Ast.OptionType o) {
            collectDeps(o.type(), out);
        } else if (type instanceof Ast.ResultType r) {
            r.ok().ifPresent(t -> collectDeps(t, out));
            r.err().ifPresent(t -> collectDeps(t, out));
        } else if (type instanceof Ast.TupleType t) {
            t.types().forEach(e -> collectDeps(e, out));
        } else if (type instanceof Ast.FutureType f) {
            f.payload().ifPresent(t -> collectDeps(t, out));
        } else if (type instanceof Ast.StreamType s) {
            s.payload().ifPresent(t -> collectDeps(t, out));
        } else if (type instanceof Ast.RecordBody r) {
            r.fields().forEach(f -> collectDeps(f.type(), out));
        } else if (type instanceof Ast.VariantBody v) {
            v.cases().forEach(c -> c.type().ifPresent(t -> collectDeps(t, out)));
        }
    }

    // ------------------------------------------------------------------ types

    /** The kind of a named type definition's body. */
    private TypeDefKind typeDefKind(Ast.TypeExpr body) throws WitParseException {
        if (body instanceof Ast.PrimitiveType p) {
            return new TypeDefKind.Alias(p.primitive());
        }
        if (body instanceof Ast.NamedType n) {
            return new TypeDefKind.Alias(new Type.Ref(lookupType(n.name())));
        }
        if (body instanceof Ast.HandleType h) {
            return new TypeDefKind.Handle(h.borrow(), resourceId(h.resource()));
        }
        if (body instanceof Ast.ResourceBody r) {
            boolean constructor = false;
            Set<String> names = new HashSet<>();
            for (Ast.ResourceFunc f : r.funcs()) {
                if (f.kind() == Ast.ResourceFuncKind.CONSTRUCTOR) {
                    if (constructor) {
                        throw new WitParseException(f.func().name().span(), "duplicate constructors");
                    }
                    constructor = true;
                } else if (!names.add(f.func().name().name())) {
                    throw new WitParseException(f.func().name().span(),
                            "duplicate function name `" + f.func().name().name() + "`");
                }
            }
            return new TypeDefKind.Resource();
        }
        if (body instanceof Ast.RecordBody r) {
            List<TypeDefKind.Field> fields = new ArrayList<>();
            for (Ast.Field f : r.fields()) {
                fields.add(new TypeDefKind.Field(f.name().name(), type(f.type()), f.docs()));
            }
            return new TypeDefKind.Record(List.copyOf(fields));
        }
        if (body instanceof Ast.FlagsBody f) {
            List<TypeDefKind.Flag> flags = new ArrayList<>();
            for (Ast.NamedCase c : f.flags()) {
                flags.add(new TypeDefKind.Flag(c.name().name(), c.docs()));
            }
            return new TypeDefKind.Flags(List.copyOf(flags));
        }
        if (body instanceof Ast.VariantBody v) {
            if (v.cases().isEmpty()) {
                throw new WitParseException(v.span(), "empty variant");
            }
            List<TypeDefKind.Case> cases = new ArrayList<>();
            for (Ast.Case c : v.cases()) {
                cases.add(new TypeDefKind.Case(c.name().name(), optionalType(c.type()), c.docs()));
            }
            return new TypeDefKind.Variant(List.copyOf(cases));
        }
        if (body instanceof Ast.EnumBody e) {
            if (e.cases().isEmpty()) {
                throw new WitParseException(e.span(), "empty enum");
            }
            List<TypeDefKind.EnumCase> cases = new ArrayList<>();
            for (Ast.NamedCase c : e.cases()) {
                cases.add(new TypeDefKind.EnumCase(c.name().name(), c.docs()));
            }
            return new TypeDefKind.Enum(List.copyOf(cases));
        }
        if (body instanceof Ast.ListType l) {
            return new TypeDefKind.ListOf(type(l.element()));
        }
        if (body instanceof Ast.FixedListType l) {
            return new TypeDefKind.FixedList(type(l.element()), l.size());
        }
        if (body instanceof Ast.MapType m) {
            Type key = type(m.key());
            if (!(key instanceof Primitive p) || !MAP_KEYS.contains(p)) {
                throw new WitParseException(m.span(), "invalid map key type: map keys must be bool, u8, u16, u32, "
                        + "u64, s8, s16, s32, s64, char, or string");
            }
            return new TypeDefKind.MapOf(key, type(m.value()));
        }
        if (body instanceof Ast.OptionType o) {
            return new TypeDefKind.Option(type(o.type()));
        }
        if (body instanceof Ast.ResultType r) {
            return new TypeDefKind.Result(optionalType(r.ok()), optionalType(r.err()));
        }
        if (body instanceof Ast.TupleType t) {
            List<Type> types = new ArrayList<>();
            for (Ast.TypeExpr e : t.types()) {
                types.add(type(e));
            }
            return new TypeDefKind.Tuple(List.copyOf(types));
        }
        if (body instanceof Ast.FutureType f) {
            return new TypeDefKind.Future(optionalType(f.payload()));
        }
        return new TypeDefKind.Stream(optionalType(((Ast.StreamType) body).payload()));
    }

    /**
     * A type in a use position (field, parameter, payload, ...). A name that stands for a resource
     * means {@code own<resource>} there, as in wit-parser.
     */
    private Type type(Ast.TypeExpr expr) throws WitParseException {
        if (expr instanceof Ast.PrimitiveType p) {
            return p.primitive();
        }
        if (expr instanceof Ast.NamedType n) {
            int id = lookupType(n.name());
            if (pointsToResource(id)) {
                return arena.anonymous(new TypeDefKind.Handle(false, id), n.span());
            }
            return new Type.Ref(id);
        }
        if (expr instanceof Ast.HandleType h) {
            return arena.anonymous(new TypeDefKind.Handle(h.borrow(), resourceId(h.resource())), h.span());
        }
        return arena.anonymous(typeDefKind(expr), expr.span());
    }

    private Optional<Type> optionalType(Optional<Ast.TypeExpr> expr) throws WitParseException {
        return expr.isPresent() ? Optional.of(type(expr.get())) : Optional.empty();
    }

    private boolean pointsToResource(int id) {
        Type target = arena.dealias(new Type.Ref(id));
        if (!(target instanceof Type.Ref ref)) {
            return false;
        }
        TypeEntry entry = arena.types.get(ref.id());
        return !entry.placeholder && entry.def.kind() instanceof TypeDefKind.Resource;
    }

    private int lookupType(Ast.Id name) throws WitParseException {
        Named named = typeLookup.get(name.name());
        if (named == null) {
            throw new WitParseException(name.span(), "name `" + name.name() + "` does not exist"
                    + Toposort.legacyFloatHint(name.name()));
        }
        if (named.isFunction()) {
            throw new WitParseException(name.span(), "cannot use function `" + name.name() + "` as a type");
        }
        return named.typeId();
    }

    private int resourceId(Ast.Id name) throws WitParseException {
        int id = lookupType(name);
        Type target = arena.dealias(new Type.Ref(id));
        if (target instanceof Type.Ref ref) {
            TypeEntry entry = arena.types.get(ref.id());
            if (entry.placeholder || entry.def.kind() instanceof TypeDefKind.Resource) {
                return id;
            }
        }
        throw new WitParseException(name.span(), "type `" + name.name() + "` used in a handle must be a resource");
    }

    // ------------------------------------------------------------------ functions

    private Function resourceFunction(Ast.ResourceFunc rf, Ast.Id resource) throws WitParseException {
        int resourceId = typeLookup.get(resource.name()).typeId();
        Ast.NamedFunc f = rf.func();
        switch (rf.kind()) {
            case CONSTRUCTOR:
                return function(f.docs(), f.attributes(), "[constructor]" + resource.name(), f.name().span(), f.func(),
                        new FunctionKind.Constructor(resourceId));
            case STATIC:
                return function(f.docs(), f.attributes(), "[static]" + resource.name() + "." + f.name().name(),
                        f.name().span(), f.func(), new FunctionKind.Static(resourceId, f.func().async()));
            default:
                return function(f.docs(), f.attributes(), "[method]" + resource.name() + "." + f.name().name(),
                        f.name().span(), f.func(), new FunctionKind.Method(resourceId, f.func().async()));
        }
    }

    private Function function(Docs docs, List<Ast.Attribute> attributes, String name, Span span, Ast.Func func,
            FunctionKind kind) throws WitParseException {
        Stability stability = stability(attributes);
        List<Function.Param> params = new ArrayList<>();
        if (kind instanceof FunctionKind.Method m) {
            params.add(new Function.Param("self", arena.anonymous(new TypeDefKind.Handle(true, m.resource()), span)));
        }
        for (Ast.Param p : func.params()) {
            for (Function.Param prev : params) {
                if (prev.name().equals(p.name().name())) {
                    throw new WitParseException(p.name().span(), "param `" + p.name().name() + "` is defined more than once");
                }
            }
            params.add(new Function.Param(p.name().name(), type(p.type())));
        }
        Optional<Type> result;
        if (kind instanceof FunctionKind.Constructor c) {
            result = Optional.of(constructorResult(c.resource(), func.result(), span));
        } else {
            result = optionalType(func.result());
        }
        return new Function(name, kind, List.copyOf(params), result, docs, stability, span);
    }

    private Type constructorResult(int resource, Optional<Ast.TypeExpr> declared, Span span) throws WitParseException {
        Type own = arena.anonymous(new TypeDefKind.Handle(false, resource), span);
        if (declared.isEmpty()) {
            return own;
        }
        Type result = type(declared.get());
        if (!(result instanceof Type.Ref ref) || !(arena.type(ref.id()).kind() instanceof TypeDefKind.Result r)) {
            throw new WitParseException(declared.get().span(),
                    "if a constructor return type is declared it must be a `result`");
        }
        if (r.ok().isEmpty() || !r.ok().get().equals(own)) {
            Span at = ((Ast.ResultType) declared.get()).ok().map(Ast.TypeExpr::span).orElse(declared.get().span());
            throw new WitParseException(at, "the `ok` type must be the resource being constructed");
        }
        return result;
    }

    /** What an included function must satisfy: every type it names is included; no borrow in results. */
    private void checkFunction(Function f) throws WitParseException {
        if (f.kind() instanceof FunctionKind.Method m && !arena.usable(new Type.Ref(m.resource()))
                || f.kind() instanceof FunctionKind.Static s && !arena.usable(new Type.Ref(s.resource()))
                || f.kind() instanceof FunctionKind.Constructor c && !arena.usable(new Type.Ref(c.resource()))) {
            throw excluded("type", f.span());
        }
        for (Function.Param p : f.params()) {
            if (!arena.usable(p.type())) {
                throw excluded("type", f.span());
            }
        }
        if (f.result().isPresent()) {
            if (!arena.usable(f.result().get())) {
                throw excluded("type", f.span());
            }
            if (containsBorrow(f.result().get(), 0)) {
                throw new WitParseException(f.span(), "function `" + f.name()
                        + "` returns a type which contains a `borrow<T>` which is not supported");
            }
        }
    }

    private boolean containsBorrow(Type type, int depth) {
        if (!(type instanceof Type.Ref ref) || depth > 1000) {
            return false;
        }
        TypeDefKind kind = arena.type(ref.id()).kind();
        if (kind instanceof TypeDefKind.Handle h) {
            return h.borrow();
        }
        for (Type inner : TypeRefs.of(kind)) {
            if (containsBorrow(inner, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ worlds

    private void resolveWorld(int id, Ast.WorldDecl decl) throws WitParseException {
        WorldEntry world = arena.worlds.get(id);
        world.docs = decl.docs();
        world.stability = stability(decl.attributes());
        world.included = isIncluded(world.stability, world.span);
        world.packageId = packageId;
        typeLookup = new LinkedHashMap<>();
        List<Ast.Use> uses = new ArrayList<>();
        List<Ast.TypeDef> defs = new ArrayList<>();
        for (Ast.WorldItem item : decl.items()) {
            if (item instanceof Ast.Use u) {
                uses.add(u);
            } else if (item instanceof Ast.TypeDef t) {
                defs.add(t);
            }
        }
        resolveTypes(new TypeOwner.OfWorld(id), uses, defs, world.included, "world");
        LinkedHashMap<String, Named> worldTypes = typeLookup;

        List<PendingInclude> pending = new ArrayList<>();
        for (Ast.WorldItem item : decl.items()) {
            if (item instanceof Ast.Include inc) {
                Stability stability = stability(inc.attributes());
                boolean included = isIncluded(stability, inc.from().name().span());
                pending.add(new PendingInclude(worldPath(inc.from(), included), inc.names(), stability,
                        inc.from().name().span()));
            }
        }
        includes.put(id, pending);

        WorldItems items = new WorldItems(world);
        worldTypes.forEach((name, named) -> items.imports.put(new WorldKey.Name(name),
                new WorldItem.TypeItem(named.typeId())));
        Set<Integer> imported = new HashSet<>();
        Set<Integer> exported = new HashSet<>();
        for (Ast.WorldItem item : decl.items()) {
            if (item instanceof Ast.Import imp) {
                addExtern(items, true, imp.docs(), imp.attributes(), imp.extern(), imported);
            } else if (item instanceof Ast.Export exp) {
                addExtern(items, false, exp.docs(), exp.attributes(), exp.extern(), exported);
            } else if (item instanceof Ast.TypeDef t && t.body() instanceof Ast.ResourceBody r) {
                typeLookup = worldTypes;
                for (Ast.ResourceFunc rf : r.funcs()) {
                    Function f = resourceFunction(rf, t.name());
                    items.imports.put(new WorldKey.Name(f.name()), new WorldItem.FunctionItem(f));
                }
            }
        }
        typeLookup = worldTypes;
        world.imports = items.keepIncluded(items.imports);
        world.exports = items.keepIncluded(items.exports);
    }

    /** A world's items while it is built, with the gate of each. */
    private final class WorldItems {
        final WorldEntry world;
        final LinkedHashMap<WorldKey, WorldItem> imports = new LinkedHashMap<>();
        final LinkedHashMap<WorldKey, WorldItem> exports = new LinkedHashMap<>();
        final Map<WorldKey, Span> spans = new HashMap<>();

        WorldItems(WorldEntry world) {
            this.world = world;
        }

        /** Drops gated-out items and checks that the rest refer only to included things. */
        LinkedHashMap<WorldKey, WorldItem> keepIncluded(LinkedHashMap<WorldKey, WorldItem> all)
                throws WitParseException {
            LinkedHashMap<WorldKey, WorldItem> out = new LinkedHashMap<>();
            for (Map.Entry<WorldKey, WorldItem> e : all.entrySet()) {
                WorldItem item = e.getValue();
                Span span = spans.getOrDefault(e.getKey(), world.span);
                if (item instanceof WorldItem.TypeItem t) {
                    if (!arena.types.get(t.typeId()).included) {
                        continue;
                    }
                } else if (item instanceof WorldItem.FunctionItem f) {
                    if (!world.included || !isIncluded(f.function().stability(), f.function().span())) {
                        continue;
                    }
                    checkFunction(f.function());
                } else {
                    WorldItem.InterfaceItem i = (WorldItem.InterfaceItem) item;
                    if (i.interfaceId() < 0 || !world.included || !isIncluded(i.stability(), span)) {
                        continue;
                    }
                    if (!arena.interfaces.get(i.interfaceId()).included) {
                        throw excluded("interface", span);
                    }
                }
                out.put(e.getKey(), item);
            }
            return out;
        }
    }

    private void addExtern(WorldItems items, boolean isImport, Docs docs, List<Ast.Attribute> attributes,
            Ast.Extern extern, Set<Integer> seenInterfaces) throws WitParseException {
        String desc = isImport ? "import" : "export";
        WorldKey key;
        WorldItem item;
        if (extern instanceof Ast.ExternInterface inline) {
            LinkedHashMap<String, Named> saved = typeLookup;
            arena.interfaces.add(new InterfaceEntry(Optional.empty(), inline.name().span()));
            int ifaceId = arena.interfaces.size() - 1;
            resolveInterface(ifaceId, inline.items(), docs, attributes);
            typeLookup = saved;
            key = new WorldKey.Name(inline.name().name());
            item = new WorldItem.InterfaceItem(ifaceId, arena.interfaces.get(ifaceId).stability, Docs.NONE);
        } else if (extern instanceof Ast.ExternFunc f) {
            Function fn = function(docs, attributes, f.name().name(), f.name().span(), f.func(),
                    new FunctionKind.Freestanding(f.func().async()));
            key = new WorldKey.Name(fn.name());
            item = new WorldItem.FunctionItem(fn);
        } else {
            Ast.UsePath path = extern instanceof Ast.ExternPath p ? p.path() : ((Ast.ExternNamedPath) extern).path();
            Stability stability = stability(attributes);
            Optional<Integer> iface = interfacePath(path, isIncluded(stability, extern.span()));
            // -1 marks an interface of another package that was gated away unseen; it is dropped.
            int ifaceId = iface.orElse(-1);
            item = new WorldItem.InterfaceItem(ifaceId, stability, docs);
            if (extern instanceof Ast.ExternNamedPath n) {
                key = new WorldKey.Name(n.label().name());
            } else if (iface.isPresent()) {
                key = new WorldKey.OfInterface(ifaceId);
                if (!seenInterfaces.add(ifaceId)) {
                    throw new WitParseException(extern.span(), "interface cannot be " + desc + "ed more than once");
                }
            } else {
                key = new WorldKey.Name("<gated " + path.name().name() + ">");
            }
        }
        LinkedHashMap<WorldKey, WorldItem> dst = isImport ? items.imports : items.exports;
        WorldItem prev = dst.put(key, item);
        items.spans.put(key, extern.span());
        if (prev != null) {
            String prevKind = prev instanceof WorldItem.InterfaceItem ? "interface"
                    : prev instanceof WorldItem.FunctionItem ? "func" : "type";
            throw new WitParseException(extern.span(), desc + " `" + arena.keyName(key) + "` conflicts with prior "
                    + prevKind + " of same name");
        }
    }

    // ------------------------------------------------------------------ gates

    private Stability stability(List<Ast.Attribute> attributes) throws WitParseException {
        Ast.Since since = null;
        Ast.Deprecated deprecated = null;
        Ast.Unstable unstable = null;
        for (Ast.Attribute a : attributes) {
            if (a instanceof Ast.Since s) {
                if (since != null) {
                    throw new WitParseException(s.span(), "cannot specify @since twice");
                }
                since = s;
            } else if (a instanceof Ast.Deprecated d) {
                if (deprecated != null) {
                    throw new WitParseException(d.span(), "cannot specify @deprecated twice");
                }
                deprecated = d;
            } else if (a instanceof Ast.Unstable u) {
                if (unstable != null) {
                    throw new WitParseException(u.span(), "cannot specify @unstable twice");
                }
                unstable = u;
            }
        }
        Optional<Version> deprecatedVersion = Optional.ofNullable(deprecated).map(Ast.Deprecated::version);
        if (since != null && unstable != null) {
            throw new WitParseException(since.span(), "cannot specify both @since and @unstable");
        }
        if (since != null) {
            return new Stability.Stable(since.version(), deprecatedVersion);
        }
        if (unstable != null) {
            return new Stability.Unstable(unstable.feature(), deprecatedVersion);
        }
        if (deprecated != null) {
            throw new WitParseException(deprecated.span(), "cannot specify @deprecated without @since or @unstable");
        }
        return Stability.UNKNOWN;
    }

    /** Whether a gated item is in: unstable features must be active; {@code @since} must be released. */
    boolean isIncluded(Stability stability, Span span) throws WitParseException {
        if (stability instanceof Stability.Unstable u) {
            return options.isActive(u.feature());
        }
        if (stability instanceof Stability.Stable s) {
            Optional<Version> version = pkg.name().version();
            if (version.isEmpty()) {
                throw new WitParseException(span, "package [" + pkg.name() + "] contains a feature gate with a "
                        + "version specifier, so it must have a version");
            }
            if (s.since().compareTo(version.get()) > 0) {
                throw new WitParseException(span, "feature gate cannot reference unreleased version " + s.since()
                        + " of package [" + pkg.name() + "] (current version " + version.get() + ")");
            }
        }
        return true;
    }
}
