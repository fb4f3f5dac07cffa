package dev.wasiotel.wit.maven;

import dev.wasiotel.wit.codegen.GeneratedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings the output folders in line with a generation: writes files whose text changed (unchanged
 * files keep their timestamps, so incremental compilers see no change), and deletes files the
 * previous generation made that this one does not, with folders left empty.
 */
final class OutputSync {

    /**
     * What was done.
     *
     * @param written files created or rewritten
     * @param unchanged files left as they were
     * @param deleted files deleted
     */
    record Result(int written, int unchanged, int deleted) {
    }

    private OutputSync() {
    }

    /** The stamp names of files: {@code source <path>} or {@code resource <path>}. */
    static List<String> names(List<GeneratedFile> files) {
        List<String> out = new ArrayList<>();
        for (GeneratedFile f : files) {
            out.add((f.kind() == GeneratedFile.Kind.SOURCE ? "source " : "resource ") + f.relativePath());
        }
        return out;
    }

    /** Where a stamp name lives; a name that would leave its folder is refused. */
    static Path resolve(String name, Path out, Path resources) {
        boolean source = name.startsWith("source ");
        Path root = (source ? out : resources).toAbsolutePath().normalize();
        Path p = root.resolve(name.substring(source ? "source ".length() : "resource ".length())).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("stamp entry outside its folder: " + name);
        }
        return p;
    }

    /**
     * Writes {@code files} and deletes what {@code previous} listed that is no longer produced.
     *
     * @param files this generation
     * @param previous the stamp names of the previous one
     * @param out the source folder
     * @param resources the resources folder
     * @return counts
     */
    static Result apply(List<GeneratedFile> files, List<String> previous, Path out, Path resources) throws IOException {
        int written = 0;
        int unchanged = 0;
        List<String> names = names(files);
        for (int i = 0; i < files.size(); i++) {
            Path target = resolve(names.get(i), out, resources);
            byte[] content = files.get(i).content().getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                unchanged++;
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            written++;
        }
        Set<String> now = new HashSet<>(names);
        int deleted = 0;
        for (String old : previous) {
            if (!now.contains(old)) {
                Path gone = resolve(old, out, resources);
                if (Files.deleteIfExists(gone)) {
                    deleted++;
                }
                pruneEmptyParents(gone.getParent(), old.startsWith("source ") ? out : resources);
            }
        }
        return new Result(written, unchanged, deleted);
    }

    private static void pruneEmptyParents(Path dir, Path root) throws IOException {
        Path stop = root.toAbsolutePath().normalize();
        for (Path d = dir; d != null && d.startsWith(stop) && !d.equals(stop); d = d.getParent()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                if (s.iterator().hasNext()) {
                    return;
                }
            }
            Files.delete(d);
        }
    }
}
