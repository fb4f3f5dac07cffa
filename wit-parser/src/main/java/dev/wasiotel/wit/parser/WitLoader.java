package dev.wasiotel.wit.parser;

import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads WIT from the file system (or a string) into a validated, immutable model: the entry point
 * of this module.
 */
public final class WitLoader {
    private final WitOptions options;

    /** A loader with these options. */
    public WitLoader(WitOptions options) {
        this.options = options;
    }

    /**
     * Loads {@code path}: a single {@code .wit} file (which may hold nested {@code package} blocks),
     * or a package directory with an optional {@code deps/} folder.
     *
     * @param path the file or directory
     * @param extraDepRoots folders whose entries (package directories or {@code .wit} files) are
     *     available as dependencies besides {@code path}'s own {@code deps/}; only the packages
     *     actually needed are resolved
     * @throws WitParseException the only exception thrown for bad input, with {@code file:line:col}
     */
    public ResolvedPackage load(Path path, List<Path> extraDepRoots) throws WitParseException {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@link #load(Path, List)} with no extra roots. */
    public ResolvedPackage load(Path path) throws WitParseException {
        return load(path, List.of());
    }

    /** Loads one WIT source text, named {@code fileName} in diagnostics, as a single-file package. */
    public ResolvedPackage loadSource(String fileName, String text) throws WitParseException {
        throw new UnsupportedOperationException("not yet");
    }

    /** The options this loader uses. */
    public WitOptions options() {
        return options;
    }
}
