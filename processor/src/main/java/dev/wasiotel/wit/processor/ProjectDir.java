package dev.wasiotel.wit.processor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;

/**
 * Finds the folder of the project being compiled, which javac itself does not know: from where the
 * {@link Filer} writes classes (or sources), walk up to the first folder with a build file ({@code
 * pom.xml}, {@code build.gradle}, {@code build.gradle.kts}) or with {@code src/main/wit}. Maven writes to {@code
 * <project>/target/classes}, Gradle to {@code <project>/build/classes/java/main}; the current
 * folder is no guide, since a multi-module build runs javac from the root.
 */
final class ProjectDir {
    private static final List<String> BUILD_FILES = List.of("pom.xml", "build.gradle", "build.gradle.kts");

    private ProjectDir() {
    }

    /** The project folder, if the output is on the file system below one. */
    static Optional<Path> find(Filer filer) {
        for (JavaFileManager.Location location : List.of(StandardLocation.CLASS_OUTPUT, StandardLocation.SOURCE_OUTPUT)) {
            Optional<Path> dir = outputDir(filer, location).flatMap(ProjectDir::walkUp);
            if (dir.isPresent()) {
                return dir;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> outputDir(Filer filer, JavaFileManager.Location location) {
        try {
            // getResource on an output location names the file without creating it
            URI uri = filer.getResource(location, "", "wit-processor.probe").toUri();
            if (!"file".equals(uri.getScheme())) {
                return Optional.empty();
            }
            return Optional.ofNullable(Path.of(uri).getParent());
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> walkUp(Path from) {
        for (Path d = from.toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve(WitLocator.DEFAULT_DIR))) {
                return Optional.of(d);
            }
            for (String buildFile : BUILD_FILES) {
                if (Files.isRegularFile(d.resolve(buildFile))) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }
}
