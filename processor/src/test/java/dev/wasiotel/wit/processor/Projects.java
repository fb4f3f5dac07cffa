package dev.wasiotel.wit.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/** Test inputs: the shared wasi:otel WIT, small WIT packages written on the fly, compiled output. */
final class Projects {
    private Projects() {
    }

    /** {@code ../shared/wit/wasi-otel}. */
    static Path wasiOtel() {
        Path p = Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"), "wit", "wasi-otel");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the shared WIT is missing: " + p.toAbsolutePath());
        }
        return p;
    }

    /** Writes {@code files} (relative path, text, ...) under {@code dir}. */
    static Path write(Path dir, String... pathsAndTexts) {
        try {
            for (int i = 0; i < pathsAndTexts.length; i += 2) {
                Path f = dir.resolve(pathsAndTexts[i]);
                Files.createDirectories(f.getParent());
                Files.writeString(f, pathsAndTexts[i + 1]);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a folder tree. */
    static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what a compilation produced (classes, resources) into a class path folder. */
    static Path writeOutput(List<JavaFileObject> generated, Path dir) {
        try {
            for (JavaFileObject f : generated) {
                String uri = f.toUri().getPath();
                int at = uri.indexOf("/CLASS_OUTPUT/");
                if (at < 0) {
                    continue;
                }
                Path dest = dir.resolve(uri.substring(at + "/CLASS_OUTPUT/".length()));
                try (var in = f.openInputStream()) {
                    Files.createDirectories(dest.getParent());
                    Files.copy(in, dest);
                } catch (java.io.FileNotFoundException e) {
                    // named but never written (the processor's probe of the output location)
                    continue;
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class loader over a folder, with the test class path as parent. */
    static URLClassLoader loader(Path dir) {
        try {
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, Projects.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test class path plus {@code extra}, as javac files. */
    static List<java.io.File> classPathWith(Path extra) {
        List<java.io.File> out = new java.util.ArrayList<>();
        out.add(extra.toFile());
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            out.add(new java.io.File(e));
        }
        return out;
    }
}
