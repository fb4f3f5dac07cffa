package dev.wasiotel.wit.codegen;

import java.util.HashSet;
import java.util.Set;

/**
 * The names already taken in one Java scope (a package, a class, a parameter list). Claiming a
 * taken name gives it a suffix ({@code _}, then {@code _2}, {@code _3}, ...), so the first
 * claimant in a deterministic order keeps the plain name.
 */
final class NameScope {
    private final Set<String> taken = new HashSet<>();

    /** A scope in which {@code reserved} are already taken. */
    NameScope(String... reserved) {
        taken.addAll(Set.of(reserved));
    }

    /** Takes {@code preferred}, or the first free variant of it. */
    String claim(String preferred) {
        String name = preferred;
        for (int n = 1; !taken.add(name); n++) {
            name = n == 1 ? preferred + "_" : preferred + "_" + n;
        }
        return name;
    }

    /** Whether {@code name} is taken. */
    boolean isTaken(String name) {
        return taken.contains(name);
    }
}
