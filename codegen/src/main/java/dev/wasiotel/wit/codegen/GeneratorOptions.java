package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.abi.StringEncoding;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.lang.model.SourceVersion;

/**
 * How bindings are generated.
 *
 * @param basePackage the Java package every generated package starts with, e.g. {@code
 *     com.example.bindings}; empty for none
 * @param reused WIT interfaces whose bindings exist already (in a dependency), by qualified WIT
 *     name ({@code wasi:clocks/wall-clock@0.2.0}): their Java types are referred to where they are
 *     and their classes are not generated again (wasmtime's {@code with})
 * @param encoding the string encoding the host's guests use; when present the world gets a {@code
 *     <World>Bindings} class that records it in {@code ENCODING}
 */
public record GeneratorOptions(String basePackage, Map<String, ExistingInterface> reused,
        Optional<StringEncoding> encoding) {

    /** Checks that the base package is a valid (possibly empty) Java package name; copies the map. */
    public GeneratorOptions {
        Objects.requireNonNull(basePackage, "basePackage");
        if (!basePackage.isEmpty() && !SourceVersion.isName(basePackage)) {
            throw new IllegalArgumentException("not a valid Java package name: `" + basePackage + "`");
        }
        // sorted, so that every use of the map is in a stable order
        reused = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(reused, "reused")));
        Objects.requireNonNull(encoding, "encoding");
    }

    /**
     * Options with this base package and defaults otherwise.
     *
     * @param basePackage see {@link #basePackage()}
     * @return the options
     */
    public static GeneratorOptions withBasePackage(String basePackage) {
        return new GeneratorOptions(basePackage, Map.of(), Optional.empty());
    }

    /**
     * These options, with existing bindings to reuse.
     *
     * @param existing see {@link #reused()}
     * @return new options
     */
    public GeneratorOptions withReused(Map<String, ExistingInterface> existing) {
        return new GeneratorOptions(basePackage, existing, encoding);
    }

    /**
     * These options, recording the guests' string encoding.
     *
     * @param stringEncoding see {@link #encoding()}
     * @return new options
     */
    public GeneratorOptions withEncoding(StringEncoding stringEncoding) {
        return new GeneratorOptions(basePackage, reused, Optional.of(stringEncoding));
    }
}
