package dev.wasiotel.wit.maven;

import dev.wasiotel.wit.codegen.BindingsIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The {@link BindingsIndex} entries of a class path (jars and folders), read once: they answer the
 * generator's look-ups and are part of the staleness stamp, since a dependency that starts or stops
 * shipping bindings changes what is generated. The first class path element with an entry wins.
 */
final class ClassPathIndex {
    /** Cap per entry: an index entry is a few lines. */
    private static final int MAX_ENTRY_BYTES = 1 << 20;

    private final Map<String, String> entries;

    private ClassPathIndex(Map<String, String> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    static ClassPathIndex empty() {
        return new ClassPathIndex(new LinkedHashMap<>());
    }

    /** Reads every index entry of {@code classPath}. */
    static ClassPathIndex of(List<Path> classPath) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        for (Path element : classPath) {
            if (Files.isDirectory(element)) {
                readFolder(element, entries);
            } else if (Files.isRegularFile(element)) {
                readJar(element, entries);
            }
        }
        return new ClassPathIndex(entries);
    }

    private static void readFolder(Path root, Map<String, String> entries) throws IOException {
        Path index = root.resolve(BindingsIndex.ROOT);
        if (!Files.isDirectory(index)) {
            return;
        }
        try (Stream<Path> s = Files.walk(index)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                if (Files.size(f) <= MAX_ENTRY_BYTES) {
                    entries.putIfAbsent(name, Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void readJar(Path jar, Map<String, String> entries) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (!e.isDirectory() && e.getName().startsWith(BindingsIndex.ROOT) && !entries.containsKey(e.getName())) {
                    try (InputStream in = zip.getInputStream(e)) {
                        byte[] bytes = in.readNBytes(MAX_ENTRY_BYTES + 1);
                        if (bytes.length <= MAX_ENTRY_BYTES) {
                            entries.put(e.getName(), new String(bytes, StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            // not a jar (a pom or other artifact on the class path): it has no index
            return;
        }
    }

    /** The index entry at {@code path}, for {@link BindingsIndex#lookup}. */
    Optional<String> read(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /** Every entry, by resource name. */
    Map<String, String> entries() {
        return entries;
    }
}
