package dev.wasiotel.wit.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the last generation of one plugin execution was made from (a hash) and which files it made,
 * kept in {@code .wit-bindings-<execution id>.stamp} in its output folder. One stamp per execution,
 * so that two executions writing into one folder do not take each other's files for stale ones.
 *
 * @param hash SHA-256 of the {@link Inputs}
 * @param files the files made: {@code source <path>} or {@code resource <path>}, relative to the
 *     output or resources folder
 */
record BindingsStamp(String hash, List<String> files) {
    static final String PREFIX = ".wit-bindings-";
    private static final String HASH_PREFIX = "hash ";

    BindingsStamp {
        files = List.copyOf(files);
    }

    /**
     * Everything the output depends on.
     *
     * @param wit the WIT package (folder, with {@code deps/}, or file)
     * @param deps more dependency folders
     * @param options the options, as text
     * @param generator the generator's jars
     * @param classPathIndex the bindings index entries of the class path, by resource name
     */
    record Inputs(Path wit, List<Path> deps, List<String> options, List<Path> generator,
            Map<String, String> classPathIndex) {
    }

    /** The hash of all inputs: file names and contents, options, generator, index. */
    static String hash(Inputs inputs) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        addTree(sha, "wit", inputs.wit());
        for (Path d : inputs.deps()) {
            addTree(sha, "deps", d);
        }
        for (String o : inputs.options()) {
            add(sha, "option " + o);
        }
        for (Path g : inputs.generator()) {
            addTree(sha, "generator", g);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(inputs.classPathIndex()).entrySet()) {
            add(sha, "index " + e.getKey() + "\n" + e.getValue());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void addTree(MessageDigest sha, String label, Path root) throws IOException {
        if (!Files.exists(root)) {
            add(sha, label + " missing " + root);
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            // the path relative to the root, so that moving the project does not regenerate
            add(sha, label + " " + root.relativize(f).toString().replace('\\', '/'));
            sha.update(Files.readAllBytes(f));
        }
    }

    private static void add(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(HexFormat.of().formatHex(intBytes(bytes.length)).getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
    }

    private static byte[] intBytes(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** The stamp file of execution {@code executionId} in output folder {@code out}. */
    static Path file(Path out, String executionId) {
        return out.resolve(PREFIX + executionId.replaceAll("[^A-Za-z0-9._-]", "_") + ".stamp");
    }

    /** The stamp in file {@code f}, if there is a readable one. */
    static Optional<BindingsStamp> read(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith(HASH_PREFIX)) {
            return Optional.empty();
        }
        List<String> files = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("source ") || line.startsWith("resource ")) {
                files.add(line);
            }
        }
        return Optional.of(new BindingsStamp(lines.get(0).substring(HASH_PREFIX.length()), files));
    }

    /** Writes this stamp to file {@code f}. */
    void write(Path f) throws IOException {
        Files.createDirectories(f.getParent());
        StringBuilder text = new StringBuilder(HASH_PREFIX).append(hash).append('\n');
        for (String name : files) {
            text.append(name).append('\n');
        }
        Files.writeString(f, text.toString(), StandardCharsets.UTF_8);
    }

    /** Whether every file the stamp lists is still there (someone may have deleted the output). */
    boolean outputsExist(Path out, Path resources) {
        for (String f : files) {
            if (!Files.isRegularFile(OutputSync.resolve(f, out, resources))) {
                return false;
            }
        }
        return true;
    }
}
