package dev.wasiotel.wit.parser;

import dev.wasiotel.wit.parser.diag.SourceFile;
import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import dev.wasiotel.wit.parser.resolve.PackageGrouper;
import dev.wasiotel.wit.parser.resolve.PackageGrouper.ParsedFile;
import dev.wasiotel.wit.parser.resolve.PackageSet;
import dev.wasiotel.wit.parser.resolve.UnresolvedPackage;
import dev.wasiotel.wit.parser.syntax.SyntaxParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads WIT from the file system (or a string) into a validated, immutable model: the entry point
 * of this module. Follows wit-parser's rules for what a package is: a {@code .wit} file (which may
 * hold nested {@code package} blocks), or a directory of {@code .wit} files with an optional
 * {@code deps/} folder whose entries (directories or {@code .wit} files, not recursive) are
 * dependencies.
 */
public final class WitLoader {
    private final WitOptions options;

    /** A loader with these options. */
    public WitLoader(WitOptions options) {
        this.options = options;
    }

    /**
     * Loads {@code path}: a single {@code .wit} file, or a package directory with an optional
     * {@code deps/} folder.
     *
     * @param path the file or directory
     * @param extraDepRoots folders whose entries (package directories or {@code .wit} files) are
     *     available as dependencies besides {@code path}'s own {@code deps/}; only the packages
     *     actually needed are resolved, and {@code path} itself is skipped if it is one of them
     * @throws WitParseException the only exception thrown for bad input, with {@code file:line:col}
     */
    public ResolvedPackage load(Path path, List<Path> extraDepRoots) throws WitParseException {
        return guarded(path.toString(), () -> {
            PackageSet set;
            if (Files.isDirectory(path)) {
                set = new PackageSet(parseDirectory(path));
                Path deps = path.resolve("deps");
                if (Files.isDirectory(deps)) {
                    for (Path entry : entries(deps)) {
                        List<UnresolvedPackage> dep = parseEntry(entry);
                        if (dep != null) {
                            set.addAll(dep);
                        }
                    }
                }
            } else {
                set = new PackageSet(parseFile(path));
            }
            for (Path root : extraDepRoots) {
                for (Path entry : entries(root)) {
                    if (!sameFile(entry, path)) {
                        List<UnresolvedPackage> dep = parseEntry(entry);
                        if (dep != null) {
                            set.offer(dep);
                        }
                    }
                }
            }
            return set.resolve(options);
        });
    }

    /** {@link #load(Path, List)} with no extra roots. */
    public ResolvedPackage load(Path path) throws WitParseException {
        return load(path, List.of());
    }

    /** Loads one WIT source text, named {@code fileName} in diagnostics, as a single-file package. */
    public ResolvedPackage loadSource(String fileName, String text) throws WitParseException {
        return guarded(fileName, () -> {
            SourceFile file = new SourceFile(fileName, stripBom(text));
            return new PackageSet(PackageGrouper.group(List.of(parse(file)))).resolve(options);
        });
    }

    /** The options this loader uses. */
    public WitOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ reading

    private List<UnresolvedPackage> parseEntry(Path entry) throws WitParseException {
        if (Files.isDirectory(entry)) {
            return parseDirectory(entry);
        }
        String name = entry.getFileName().toString();
        if (name.endsWith(".wit")) {
            return parseFile(entry);
        }
        if (name.endsWith(".wasm") || name.endsWith(".wat")) {
            throw new WitParseException(Span.startOf(new SourceFile(entry.toString(), "")),
                    "binary-encoded WIT packages (.wasm/.wat) are not supported; use the package's .wit text");
        }
        return null;
    }

    private List<UnresolvedPackage> parseDirectory(Path dir) throws WitParseException {
        List<ParsedFile> files = new ArrayList<>();
        for (Path entry : entries(dir)) {
            if (entry.getFileName().toString().endsWith(".wit") && Files.isRegularFile(entry)) {
                files.add(parse(read(entry)));
            }
        }
        if (files.isEmpty()) {
            throw new WitParseException(Span.startOf(new SourceFile(dir.toString(), "")),
                    "no `package` header was found in any WIT file for this package (no .wit files in directory)");
        }
        return PackageGrouper.group(files);
    }

    private List<UnresolvedPackage> parseFile(Path file) throws WitParseException {
        return PackageGrouper.group(List.of(parse(read(file))));
    }

    private ParsedFile parse(SourceFile file) throws WitParseException {
        return new ParsedFile(file, SyntaxParser.parse(file, options.legacyFloatNames()));
    }

    private static SourceFile read(Path file) throws WitParseException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WitParseException(Span.startOf(new SourceFile(file.toString(), "")),
                    "cannot read file: " + e.getMessage());
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new SourceFile(file.toString(), stripBom(text));
        } catch (CharacterCodingException e) {
            throw new WitParseException(Span.startOf(new SourceFile(file.toString(), "")),
                    "input file is not valid UTF-8");
        }
    }

    private static List<Path> entries(Path dir) throws WitParseException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new WitParseException(Span.startOf(new SourceFile(dir.toString(), "")),
                    "cannot read directory: " + e.getMessage());
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    // ------------------------------------------------------------------ the safety net

    private interface Work {
        ResolvedPackage run() throws WitParseException;
    }

    /**
     * Keeps the promise that only {@link WitParseException} escapes: pathological nesting becomes
     * an error, and any bug of ours is reported as an "internal error" (which tests look for).
     */
    private static ResolvedPackage guarded(String name, Work work) throws WitParseException {
        try {
            return work.run();
        } catch (StackOverflowError e) {
            throw new WitParseException(Span.startOf(new SourceFile(name, "")), "WIT nests too deeply to process");
        } catch (RuntimeException e) {
            throw new WitParseException(Span.startOf(new SourceFile(name, "")),
                    "internal error: " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
        }
    }
}
