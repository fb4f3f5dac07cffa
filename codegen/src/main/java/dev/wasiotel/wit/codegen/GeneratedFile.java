package dev.wasiotel.wit.codegen;

import java.util.Objects;

/**
 * One generated file, in memory: a Java source or a resource for the class path. Build tools write
 * it where they keep such files (the annotation processor through its {@code Filer}, the Maven
 * plugin to the output folders).
 *
 * @param kind source or resource
 * @param name for a source the qualified class name ({@code com.example.Tracing}); for a resource
 *     its path relative to the class path root ({@code META-INF/wit-bindings/...})
 * @param content the text of the file
 */
public record GeneratedFile(Kind kind, String name, String content) {

    /** What a file is. */
    public enum Kind {
        /** A Java compilation unit. */
        SOURCE,
        /** A class path resource. */
        RESOURCE
    }

    /** Checks for nulls. */
    public GeneratedFile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    /** The path relative to the output root, with {@code /}: {@code com/example/Tracing.java} for a source. */
    public String relativePath() {
        return kind == Kind.SOURCE ? name.replace('.', '/') + ".java" : name;
    }
}
