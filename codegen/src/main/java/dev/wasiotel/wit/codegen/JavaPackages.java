package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.PackageName;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.World;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Java package of every interface and of the world in one generation.
 *
 * <ul>
 *   <li>A named interface: {@code <base>.<namespace>.<package>.<interface>}, so {@code
 *       wasi:otel/tracing@0.2.0-rc.2} is {@code <base>.wasi.otel.tracing}.</li>
 *   <li>The world's own types and functions: {@code <base>.<namespace>.<package>.<world>}.</li>
 *   <li>An interface written inline in the world ({@code import foo: interface {...}}): {@code
 *       <world package>.<foo>} when imported, {@code <world package>.exports.<foo>} when
 *       exported.</li>
 * </ul>
 *
 * <p>Segments follow {@link JavaNames#packageSegment} ({@code wall-clock} is {@code wall_clock}).
 * When two versions of one WIT package meet in a generation, every package of that name gets its
 * version as an extra segment after the package name ({@code <base>.foo.bar.v1_0_0.iface});
 * otherwise versions are left out. Should two owners still land on the same Java package, the
 * later one (in the world's order, interfaces before the world) gets a {@code _} suffix.
 *
 * <p>An interface whose bindings are reused ({@link GeneratorOptions#reused()}) keeps the package
 * it has there; those packages are claimed first, so no generated interface takes them.
 */
final class JavaPackages {
    private final Map<Integer, String> interfacePackages = new HashMap<>();
    private final String worldPackage;

    JavaPackages(WorldScope scope, String basePackage, Map<String, ExistingInterface> reused) {
        Resolve resolve = scope.resolve();
        World world = scope.world();
        Set<String> versioned = versionedPackages(scope);
        String worldPrefix = prefix(basePackage, resolve.packages().get(world.packageId()).name(), versioned);
        String worldPkg = worldPrefix + "." + JavaNames.packageSegment(world.name());
        NameScope taken = new NameScope();
        for (WorldScope.InterfaceUse use : scope.interfaces()) {
            ExistingInterface existing = resolve.qualifiedName(use.interfaceId()).map(reused::get).orElse(null);
            if (existing != null) {
                if (taken.isTaken(existing.javaPackage())) {
                    throw new CodegenException("two reused WIT interfaces are both in Java package `"
                            + existing.javaPackage() + "`");
                }
                interfacePackages.put(use.interfaceId(), taken.claim(existing.javaPackage()));
            }
        }
        for (WorldScope.InterfaceUse use : scope.interfaces()) {
            if (interfacePackages.containsKey(use.interfaceId())) {
                continue;
            }
            Interface iface = resolve.interfaces().get(use.interfaceId());
            String pkg;
            if (iface.name().isPresent() && iface.packageId().isPresent()) {
                PackageName name = resolve.packages().get(iface.packageId().getAsInt()).name();
                pkg = prefix(basePackage, name, versioned) + "." + JavaNames.packageSegment(iface.name().get());
            } else if (use.inlineName().isPresent()) {
                pkg = worldPkg + (use.imported() ? "." : ".exports.")
                        + JavaNames.packageSegment(use.inlineName().get());
            } else {
                pkg = worldPkg + ".interface" + use.interfaceId();
            }
            interfacePackages.put(use.interfaceId(), claimPackage(taken, pkg));
        }
        this.worldPackage = claimPackage(taken, worldPkg);
    }

    /** The Java package of interface {@code interfaceId}. */
    String interfacePackage(int interfaceId) {
        String pkg = interfacePackages.get(interfaceId);
        if (pkg == null) {
            throw new IllegalArgumentException("interface #" + interfaceId + " is not part of this generation");
        }
        return pkg;
    }

    /** The Java package of the world's own types and functions. */
    String worldPackage() {
        return worldPackage;
    }

    private static String claimPackage(NameScope taken, String pkg) {
        return taken.claim(pkg);
    }

    /** {@code ns:name} of every WIT package that appears in several versions. */
    private static Set<String> versionedPackages(WorldScope scope) {
        Resolve resolve = scope.resolve();
        Map<String, Set<Integer>> idsByName = new HashMap<>();
        Set<Integer> packageIds = new HashSet<>();
        packageIds.add(scope.world().packageId());
        for (WorldScope.InterfaceUse use : scope.interfaces()) {
            resolve.interfaces().get(use.interfaceId()).packageId().ifPresent(packageIds::add);
        }
        for (int id : packageIds) {
            String key = resolve.packages().get(id).name().withoutVersion();
            idsByName.computeIfAbsent(key, k -> new HashSet<>()).add(id);
        }
        Set<String> versioned = new HashSet<>();
        for (Map.Entry<String, Set<Integer>> e : idsByName.entrySet()) {
            if (e.getValue().size() > 1) {
                versioned.add(e.getKey());
            }
        }
        return versioned;
    }

    private static String prefix(String base, PackageName name, Set<String> versioned) {
        StringBuilder out = new StringBuilder(base);
        append(out, JavaNames.packageSegment(name.namespace()));
        append(out, JavaNames.packageSegment(name.name()));
        if (versioned.contains(name.withoutVersion()) && name.version().isPresent()) {
            append(out, JavaNames.versionSegment(name.version().get().toString()));
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String segment) {
        if (out.length() > 0) {
            out.append('.');
        }
        out.append(segment);
    }
}
