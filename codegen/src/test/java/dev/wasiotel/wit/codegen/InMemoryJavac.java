package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated files with the JDK's compiler, in process, against the test classpath. */
final class InMemoryJavac {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    /**
     * What compiling gave.
     *
     * @param success whether javac reported no error
     * @param diagnostics every error and warning, one per line, with the source line
     */
    record Outcome(boolean success, String diagnostics) {
    }

    private InMemoryJavac() {
    }

    /** Compiles {@code files} into a fresh temporary directory (deleted afterwards). */
    static Outcome compile(List<JavaFile> files) {
        if (files.isEmpty()) {
            return new Outcome(true, "");
        }
        Path out;
        try {
            out = Files.createTempDirectory("codegen-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            List<JavaFileObject> sources = new ArrayList<>();
            for (JavaFile file : files) {
                sources.add(file.toJavaFileObject());
            }
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d",
                    out.toString(), "-proc:none", "--release", "17", "-Xlint:all", "-Xdoclint:syntax,html,reference",
                    "-Werror");
            try (StandardJavaFileManager fm = JAVAC.getStandardFileManager(diagnostics, Locale.ROOT,
                    StandardCharsets.UTF_8)) {
                boolean ok = JAVAC.getTask(null, fm, diagnostics, options, null, sources).call();
                StringBuilder text = new StringBuilder();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    text.append(d.getKind()).append(": ")
                            .append(d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber())
                            .append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
                    if (d.getSource() != null && d.getLineNumber() > 0) {
                        String[] lines = d.getSource().getCharContent(true).toString().split("\n", -1);
                        text.append("    > ").append(lines[(int) d.getLineNumber() - 1].strip()).append('\n');
                    }
                }
                return new Outcome(ok, text.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(out);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
