package dev.wasiotel.wit.processor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The WIT that dependencies ship under {@code META-INF/wit/} (as protobuf jars ship {@code
 * .proto}): every entry there — a package folder or a {@code .wit} file — is copied into one
 * temporary folder, which the WIT loader then reads as a folder of dependency packages. When two
 * class path roots have an entry of the same name, the first one wins, as in class loading.
 *
 * <p>The class path seen is the processor's class loader's: javac loads processors from the class
 * path unless a separate processor path is given, in which case jars with WIT must be on that path.
 * Jars list folders only when they have directory entries, which Maven and Gradle write.
 */
final class ClassPathWit {
    static final String ROOT = "META-INF/wit";
    /** Cap on what is copied: this is build input, but a broken jar must not fill the disk. */
    private static final long MAX_BYTES = 64L << 20;

    private ClassPathWit() {
    }

    /**
     * Copies the class path's WIT into a new temporary folder.
     *
     * @param loader whose resources to read
     * @return the folder (the caller deletes it), or null if the class path has no WIT
     */
    static Path extract(ClassLoader loader) throws IOException {
        Enumeration<URL> roots = loader.getResources(ROOT);
        Path target = null;
        long[] budget = {MAX_BYTES};
        for (URL url : Collections.list(roots)) {
            if (target == null) {
                target = Files.createTempDirectory("wit-classpath");
            }
            copyRoot(url, target, budget);
        }
        return target;
    }

    private static void copyRoot(URL url, Path target, long[] budget) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad class path URL " + url, e);
        }
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
        }
    }

    private static void copyEntries(Path from, Path target, long[] budget) throws IOException {
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

    /** Deletes a folder made by {@link #extract}. */
    static void delete(Path dir) throws IOException {
        if (dir == null) {
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
