package dev.wasiotel.wit.processor;

import dev.wasiotel.wit.codegen.BindingsIndex;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Reads {@link BindingsIndex} entries from the compilation's class path through the {@link Filer}.
 * An entry that is this compilation's own output (a build tool puts the class output folder on the
 * class path, so a second build sees what the first wrote) is not an existing binding to reuse: it
 * is ignored, and the bindings are generated again.
 */
final class FilerIndexReader implements BindingsIndex.ResourceReader {
    private final Filer filer;

    FilerIndexReader(Filer filer) {
        this.filer = filer;
    }

    @Override
    public Optional<String> read(String path) throws IOException {
        FileObject found;
        try {
            found = filer.getResource(StandardLocation.CLASS_PATH, "", path);
        } catch (FileNotFoundException | NoSuchFileException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (found == null || isOwnOutput(found.toUri(), path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(found.getCharContent(true).toString());
        } catch (FileNotFoundException | NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private boolean isOwnOutput(URI found, String path) {
        try {
            return found.equals(filer.getResource(StandardLocation.CLASS_OUTPUT, "", path).toUri());
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
