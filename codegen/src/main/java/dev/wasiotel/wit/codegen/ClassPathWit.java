package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The WIT that dependencies ship under {@value #ROOT}/ on the class path, as protobuf jars ship
 * {@code .proto}: every entry there (a package folder or a {@code .wit} file) is copied into one
 * temporary folder, which the WIT loader reads as a folder of dependency packages. When two class
 * path elements have an entry of the same name, the first one wins, as in class loading.
 *
 * <p>The annotation processor and the Maven plugin both use it: the processor with the folders its
 * class loader finds, the plugin with the project's dependency artifacts.
 */
public final class ClassPathWit {
    /** Where on the class path WIT is shipped. */
    public static final String ROOT = "META-INF/wit";
    /** Cap on what is copied: this is build input, but a broken jar must not fill the disk. */
    private static final long MAX_BYTES = 64L << 20;

    private ClassPathWit() {
    }

    /**
     * The {@value #ROOT} folder of class path elements that have one, as {@code file:} or {@code
     * jar:} URIs for {@link #extract}.
     *
     * @param classPath jars and class folders
     * @return the URIs, in class path order
     * @throws IOException if a jar cannot be read
     */
    public static List<URI> roots(List<Path> classPath) throws IOException {
        List<URI> out = new ArrayList<>();
        for (Path element : classPath) {
            if (Files.isDirectory(element.resolve(ROOT))) {
                out.add(element.resolve(ROOT).toUri());
            } else if (Files.isRegularFile(element) && jarHasWit(element)) {
                out.add(URI.create("jar:" + element.toUri() + "!/" + ROOT));
            }
        }
        return out;
    }

    private static boolean jarHasWit(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).anyMatch(n -> n.startsWith(ROOT + "/"));
        } catch (ZipException e) {
            // not a jar (a pom or other artifact on the class path): no WIT in it
            return false;
        }
    }

    /**
     * Copies the WIT of these roots into a new temporary folder.
     *
     * @param roots {@code file:} or {@code jar:} URIs of {@value #ROOT} folders
     * @return the folder (the caller deletes it with {@link #delete}), or empty if there was none
     * @throws IOException if a root cannot be read, or it holds more than 64 MiB
     */
    public static Optional<Path> extract(List<URI> roots) throws IOException {
        if (roots.isEmpty()) {
            return Optional.empty();
        }
        Path target = Files.createTempDirectory("wit-classpath");
        try {
            long[] budget = {MAX_BYTES};
            for (URI uri : roots) {
                copyRoot(uri, target, budget);
            }
            return Optional.of(target);
        } catch (IOException | RuntimeException e) {
            delete(target);
            throw e;
        }
    }

    private static void copyRoot(URI uri, Path target, long[] budget) throws IOException {
        if ("file".equals(uri.getScheme())) {
            copyEntries(Path.of(uri), target, budget);
        } else if ("jar".equals(uri.getScheme())) {
            FileSystem fs;
            try {
                fs = FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                // someone in this JVM has the jar open: read through theirs, and leave it open
                copyEntries(FileSystems.getFileSystem(uri).getPath(ROOT), target, budget);
                return;
            }
            try (fs) {
                copyEntries(fs.getPath(ROOT), target, budget);
            }
        } else {
            throw new IOException("cannot read WIT from " + uri);
        }
    }

    private static void copyEntries(Path from, Path target, long[] budget) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(from)) {
            entries = s.sorted().toList();
        }
        for (Path entry : entries) {
            Path dest = target.resolve(entry.getFileName().toString());
            if (!Files.exists(dest)) {
                copyTree(entry, dest, budget);
            }
        }
    }

    private static void copyTree(Path from, Path to, long[] budget) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(from)) {
            all = s.sorted().toList();
        }
        for (Path p : all) {
            Path dest = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(dest);
            } else {
                budget[0] -= Files.size(p);
                if (budget[0] < 0) {
                    throw new IOException("more than " + (MAX_BYTES >> 20) + " MiB of WIT under " + ROOT
                            + " on the class path");
                }
                try (InputStream in = Files.newInputStream(p)) {
                    Files.copy(in, dest);
                }
            }
        }
    }

    /**
     * The entry of an extracted folder that is WIT package {@code packageName}, found by loading
     * each entry (entries that do not load on their own are passed over).
     *
     * @param extracted a folder from {@link #extract}
     * @param packageName {@code ns:name}
     * @return the entry, if one is that package
     */
    public static Optional<Path> packageEntry(Path extracted, String packageName) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(extracted)) {
            entries = s.sorted().toList();
        }
        for (Path entry : entries) {
            try {
                var pkg = new WitLoader(WitOptions.DEFAULTS.withAllFeatures()).load(entry, List.of(extracted));
                if (pkg.main().name().withoutVersion().equals(packageName)) {
                    return Optional.of(entry);
                }
            } catch (WitParseException e) {
                // not this one: it is reported if it is the package asked for and nothing else matches
                continue;
            }
        }
        return Optional.empty();
    }

    /** Deletes a folder made by {@link #extract}; nothing for null. */
    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.sorted(Collections.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
