package dev.wasiotel.wit.codegen;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.SourceVersion;

/**
 * Bindings of one WIT interface that exist already, as a dependency's {@link BindingsIndex} entry
 * describes them.
 *
 * @param javaPackage the Java package the interface's classes are in
 * @param classes the simple names of the classes there; a class this generation would make and
 *     that is not listed (say the {@code <Iface>Host} of an interface the dependency only exported)
 *     is still generated, into the same package
 */
public record ExistingInterface(String javaPackage, Set<String> classes) {

    /** Checks the package name; copies the set. */
    public ExistingInterface {
        Objects.requireNonNull(javaPackage, "javaPackage");
        if (!SourceVersion.isName(javaPackage)) {
            throw new IllegalArgumentException("not a valid Java package name: `" + javaPackage + "`");
        }
        classes = Collections.unmodifiableSet(new TreeSet<>(classes));
    }
}
