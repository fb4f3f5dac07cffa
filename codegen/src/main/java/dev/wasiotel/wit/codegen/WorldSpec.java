package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.model.Package;
import dev.wasiotel.wit.parser.model.PackageName;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which world to generate, as a build names it: {@code ""} (the main package's only world), {@code
 * imports} (a world of the main package), {@code wasi:otel} (that package's only world), {@code
 * wasi:otel/imports}, optionally with a version: {@code wasi:otel/imports@0.2.0-rc.2} or {@code
 * wasi:otel@0.2.0-rc.2}. Without a version any loaded version of the package matches, as long as
 * there is only one.
 *
 * @param packageName {@code ns:name} of the package, or empty for the main package
 * @param version the package's version, or empty for any
 * @param world the world's name, or empty for the package's only world
 */
public record WorldSpec(Optional<String> packageName, Optional<String> version, Optional<String> world) {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9%][A-Za-z0-9-]*");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.+-]+");

    /**
     * Parses a world as a build names it.
     *
     * @param text see the class comment
     * @return the spec
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static WorldSpec parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new WorldSpec(Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (!t.contains(":")) {
            return new WorldSpec(Optional.empty(), Optional.empty(), Optional.of(word(t, text)));
        }
        int slash = t.indexOf('/');
        String pkgPart = slash < 0 ? t : t.substring(0, slash);
        String worldPart = slash < 0 ? null : t.substring(slash + 1);
        String version = null;
        int at = pkgPart.indexOf('@');
        if (at >= 0) {
            version = pkgPart.substring(at + 1);
            pkgPart = pkgPart.substring(0, at);
        }
        if (worldPart != null && worldPart.indexOf('@') >= 0) {
            if (version != null) {
                throw bad(text);
            }
            version = worldPart.substring(worldPart.indexOf('@') + 1);
            worldPart = worldPart.substring(0, worldPart.indexOf('@'));
        }
        int colon = pkgPart.indexOf(':');
        String pkg = word(pkgPart.substring(0, colon), text) + ":" + word(pkgPart.substring(colon + 1), text);
        if (version != null && !VERSION.matcher(version).matches()) {
            throw bad(text);
        }
        return new WorldSpec(Optional.of(pkg), Optional.ofNullable(version),
                Optional.ofNullable(worldPart == null ? null : word(worldPart, text)));
    }

    private static String word(String part, String text) {
        if (!WORD.matcher(part).matches()) {
            throw bad(text);
        }
        return part;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("`" + text + "` does not name a world; write `ns:package`, "
                + "`ns:package/world`, `ns:package/world@version` or the name of a world of the main package");
    }

    /**
     * Finds the world in loaded WIT.
     *
     * @param pkg what was loaded
     * @return index into {@code pkg.resolve().worlds()}
     * @throws IllegalArgumentException naming the packages or worlds there are, when none or several
     *     match
     */
    public int select(ResolvedPackage pkg) {
        int packageId = pkg.mainPackage();
        if (packageName.isPresent()) {
            List<Integer> matches = new ArrayList<>();
            List<String> found = new ArrayList<>();
            List<Package> packages = pkg.resolve().packages();
            for (int i = 0; i < packages.size(); i++) {
                PackageName name = packages.get(i).name();
                found.add(name.toString());
                if (name.withoutVersion().equals(packageName.get())
                        && (version.isEmpty() || name.version().map(Object::toString).equals(version))) {
                    matches.add(i);
                }
            }
            String wanted = packageName.get() + version.map(v -> "@" + v).orElse("");
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("no WIT package `" + wanted + "` was loaded; packages found: "
                        + String.join(", ", found));
            }
            if (matches.size() > 1) {
                List<String> versions = new ArrayList<>();
                for (int id : matches) {
                    versions.add(packages.get(id).name().toString());
                }
                throw new IllegalArgumentException("several versions of WIT package `" + wanted
                        + "` were loaded, name one: " + String.join(", ", versions));
            }
            packageId = matches.get(0);
        }
        return pkg.resolve().selectWorld(packageId, world);
    }
}
