package dev.wasiotel.wit.codegen;

import java.util.Objects;
import javax.lang.model.SourceVersion;

/**
 * How bindings are generated.
 *
 * @param basePackage the Java package every generated package starts with, e.g. {@code
 *     com.example.bindings}; empty for none
 */
public record GeneratorOptions(String basePackage) {

    /** Checks that the base package is a valid (possibly empty) Java package name. */
    public GeneratorOptions {
        Objects.requireNonNull(basePackage, "basePackage");
        if (!basePackage.isEmpty() && !SourceVersion.isName(basePackage)) {
            throw new IllegalArgumentException("not a valid Java package name: `" + basePackage + "`");
        }
    }

    /**
     * Options with this base package and defaults otherwise.
     *
     * @param basePackage see {@link #basePackage()}
     * @return the options
     */
    public static GeneratorOptions withBasePackage(String basePackage) {
        return new GeneratorOptions(basePackage);
    }
}
