package dev.wasiotel.wit.parser.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resolved, validated and immutable model of a set of WIT packages: four arenas that refer to
 * each other by index. Dependencies come before the packages that use them.
 *
 * @param packages packages in topological order
 * @param interfaces every interface, named or inline
 * @param worlds every world
 * @param types every type, named or anonymous
 */
public record Resolve(List<Package> packages, List<Interface> interfaces, List<World> worlds, List<TypeDef> types) {

    /** Defensive copies: the model is immutable. */
    public Resolve {
        packages = List.copyOf(packages);
        interfaces = List.copyOf(interfaces);
        worlds = List.copyOf(worlds);
        types = List.copyOf(types);
    }

    /** The definition behind a type reference. */
    public TypeDef type(Type.Ref ref) {
        return types.get(ref.id());
    }

    /** Follows {@code type a = b} aliases to the type they name (a primitive or a non-alias def). */
    public Type dealias(Type type) {
        Type cur = type;
        while (cur instanceof Type.Ref ref && types.get(ref.id()).kind() instanceof TypeDefKind.Alias alias) {
            cur = alias.target();
        }
        return cur;
    }

    /** The package with this exact name, if loaded. */
    public Optional<Integer> findPackage(PackageName name) {
        for (int i = 0; i < packages.size(); i++) {
            if (packages.get(i).name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * The fully qualified name of an interface ({@code wasi:io/streams@0.2.0}), or empty for an
     * inline interface.
     */
    public Optional<String> qualifiedName(int interfaceId) {
        Interface iface = interfaces.get(interfaceId);
        if (iface.name().isEmpty() || iface.packageId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(packages.get(iface.packageId().getAsInt()).name().qualify(iface.name().get()));
    }

    /** The name a world key has in a component: its plain name or the interface's qualified name. */
    public String keyName(WorldKey key) {
        if (key instanceof WorldKey.Name n) {
            return n.name();
        }
        int id = ((WorldKey.OfInterface) key).interfaceId();
        return qualifiedName(id).orElse("<inline interface #" + id + ">");
    }

    /**
     * The interface an import or export implements when it has a plain name of its own ({@code
     * import primary: wasi:keyvalue/store;}): the qualified name of that interface, which the
     * component model carries as {@code (implements "wasi:keyvalue/store")}. Empty for an
     * interface imported under its own name, an inline interface, a function or a type.
     *
     * @param key the item's key in the world
     * @param item the item
     * @return the implemented interface's qualified name, if any
     */
    public Optional<String> implementedInterface(WorldKey key, WorldItem item) {
        if (key instanceof WorldKey.Name && item instanceof WorldItem.InterfaceItem i) {
            return qualifiedName(i.interfaceId());
        }
        return Optional.empty();
    }

    /**
     * Finds a world of package {@code packageId}: by name, or, when {@code name} is empty, the
     * package's only world.
     *
     * @throws IllegalArgumentException naming the worlds there are, when none or several match
     */
    public int selectWorld(int packageId, Optional<String> name) {
        Package pkg = packages.get(packageId);
        if (name.isPresent()) {
            Integer id = pkg.worlds().get(name.get());
            if (id == null) {
                throw new IllegalArgumentException("package `" + pkg.name() + "` has no world `" + name.get()
                        + "`; its worlds: " + worldList(pkg));
            }
            return id;
        }
        if (pkg.worlds().size() != 1) {
            throw new IllegalArgumentException("package `" + pkg.name() + "` has " + pkg.worlds().size()
                    + " worlds, name one of: " + worldList(pkg));
        }
        return pkg.worlds().values().iterator().next();
    }

    private static String worldList(Package pkg) {
        List<String> names = new ArrayList<>(pkg.worlds().keySet());
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
