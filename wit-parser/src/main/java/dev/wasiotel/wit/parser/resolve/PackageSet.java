package dev.wasiotel.wit.parser.resolve;

import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.PackageName;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The packages to resolve together: the main one, those that came with it (nested blocks,
 * {@code deps/}), and a pool of optional ones (extra roots) taken only when something needs them.
 * Orders them so dependencies come first and resolves them into one model.
 */
public final class PackageSet {
    private final Map<PackageName, UnresolvedPackage> packages = new HashMap<>();
    private final Map<PackageName, UnresolvedPackage> optional = new HashMap<>();
    private final PackageName main;

    /** Starts with the main package (and its nested ones): the first of {@code group}. */
    public PackageSet(List<UnresolvedPackage> group) throws WitParseException {
        this.main = group.get(0).name();
        addAll(group);
    }

    /** Adds packages that are always resolved (nested blocks of a dependency, {@code deps/} entries). */
    public void addAll(List<UnresolvedPackage> group) throws WitParseException {
        for (UnresolvedPackage p : group) {
            UnresolvedPackage prev = packages.put(p.name(), p);
            if (prev != null) {
                throw new WitParseException(p.nameSpan(), "package `" + p.name()
                        + "` is defined in two different locations: " + prev.nameSpan().location() + " and "
                        + p.nameSpan().location());
            }
        }
    }

    /** Offers packages that are resolved only if something needs them; the first offer of a name wins. */
    public void offer(List<UnresolvedPackage> group) {
        for (UnresolvedPackage p : group) {
            optional.putIfAbsent(p.name(), p);
        }
    }

    /** Resolves everything needed into one model. */
    public ResolvedPackage resolve(WitOptions options) throws WitParseException {
        pullInNeededOptional();
        List<UnresolvedPackage> order = new ArrayList<>();
        Set<PackageName> done = new HashSet<>();
        Set<PackageName> visiting = new HashSet<>();
        TreeMap<String, UnresolvedPackage> byName = new TreeMap<>();
        for (UnresolvedPackage p : packages.values()) {
            byName.put(p.name().toString(), p);
        }
        for (UnresolvedPackage p : byName.values()) {
            visit(p, order, done, visiting);
        }
        Arena arena = new Arena();
        arena.knownPackages.addAll(byName.keySet());
        int mainId = -1;
        for (UnresolvedPackage p : order) {
            int id = new PackageResolver(arena, options, p).resolve();
            if (p.name().equals(main)) {
                mainId = id;
            }
        }
        return new ResolvedPackage(arena.freeze(), mainId);
    }

    private void pullInNeededOptional() {
        List<UnresolvedPackage> pending = new ArrayList<>(packages.values());
        while (!pending.isEmpty()) {
            UnresolvedPackage p = pending.remove(pending.size() - 1);
            for (PackageName dep : p.foreignDeps()) {
                if (!packages.containsKey(dep) && optional.containsKey(dep)) {
                    UnresolvedPackage found = optional.get(dep);
                    packages.put(dep, found);
                    pending.add(found);
                }
            }
        }
    }

    private void visit(UnresolvedPackage p, List<UnresolvedPackage> order, Set<PackageName> done,
            Set<PackageName> visiting) throws WitParseException {
        if (done.contains(p.name())) {
            return;
        }
        visiting.add(p.name());
        for (PackageName dep : p.foreignDeps()) {
            if (visiting.contains(dep)) {
                Span at = p.firstReference(dep);
                throw new WitParseException(at, "package `" + dep + "` creates a dependency cycle");
            }
            UnresolvedPackage target = packages.get(dep);
            if (target != null) {
                visit(target, order, done, visiting);
            }
        }
        visiting.remove(p.name());
        done.add(p.name());
        order.add(p);
    }
}
