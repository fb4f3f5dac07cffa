package dev.wasiotel.wit.processor;

import dev.wasiotel.wit.codegen.ClassPathWit;
import dev.wasiotel.wit.codegen.WorldSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Filer;

/**
 * Decides which WIT one {@code @WitWorld} reads, in this order: the processor option {@code
 * -Awit.dir=PATH}; the annotation's {@code wit}; the project's {@code src/main/wit}; the WIT that
 * dependencies ship under {@code META-INF/wit/} (then the package is the one the world names). A
 * relative path is relative to the project folder ({@link ProjectDir}), or to the current folder
 * when that is unknown. WIT under {@code META-INF/wit/} is always available as dependencies.
 */
final class WitLocator {
    /** The processor option that overrides every annotation's WIT location. */
    static final String OPTION = "wit.dir";
    static final String DEFAULT_DIR = "src/main/wit";

    private final Filer filer;
    private final String option;
    private final ClassLoader classPath;

    WitLocator(Filer filer, String option, ClassLoader classPath) {
        this.filer = filer;
        this.option = option;
        this.classPath = classPath;
    }

    /** The WIT no location led to, with where it was looked for. */
    static final class NotFound extends Exception {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /**
     * The WIT to load: a package folder or file, and folders of dependencies; closing deletes what
     * was copied from the class path.
     */
    record Located(Path path, List<Path> deps, Path copied) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            ClassPathWit.delete(copied);
        }
    }

    Located locate(String annotationWit, WorldSpec world) throws IOException, NotFound {
        Optional<Path> project = ProjectDir.find(filer);
        List<URI> roots = new ArrayList<>();
        for (URL url : Collections.list(classPath.getResources(ClassPathWit.ROOT))) {
            try {
                roots.add(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("bad class path URL " + url, e);
            }
        }
        Path copied = ClassPathWit.extract(roots).orElse(null);
        List<Path> deps = copied == null ? List.of() : List.of(copied);
        try {
            if (option != null && !option.isBlank()) {
                return new Located(existing(resolve(project, option), "-A" + OPTION + "=" + option), deps, copied);
            }
            if (!annotationWit.isEmpty()) {
                return new Located(existing(resolve(project, annotationWit), "wit = \"" + annotationWit + "\""), deps,
                        copied);
            }
            if (project.isPresent() && Files.isDirectory(project.get().resolve(DEFAULT_DIR))) {
                return new Located(project.get().resolve(DEFAULT_DIR), deps, copied);
            }
            if (copied != null && world.packageName().isPresent()) {
                Optional<Path> entry = ClassPathWit.packageEntry(copied, world.packageName().get());
                if (entry.isPresent()) {
                    return new Located(entry.get(), deps, copied);
                }
            }
            throw new NotFound("no WIT for world `" + world.packageName().orElse("") + world.world().map(w -> "/" + w)
                    .orElse("") + "`: looked in " + project.map(p -> p.resolve(DEFAULT_DIR).toString())
                    .orElse(DEFAULT_DIR + " (the project folder is unknown)") + " and under " + ClassPathWit.ROOT
                    + "/ on the class path; set @WitWorld(wit = ...) or -A" + OPTION + "=PATH");
        } catch (IOException | NotFound | RuntimeException e) {
            ClassPathWit.delete(copied);
            throw e;
        }
    }

    private static Path resolve(Optional<Path> project, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : project.map(d -> d.resolve(p)).orElse(p.toAbsolutePath());
    }

    private static Path existing(Path p, String source) throws NotFound {
        if (!Files.exists(p)) {
            throw new NotFound("no WIT at " + p + " (from " + source + ")");
        }
        return p;
    }
}
