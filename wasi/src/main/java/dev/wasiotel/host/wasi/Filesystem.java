package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.preopens.Preopens;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.Descriptor;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.Types;
import dev.wasiotel.host.wasi.bindings.wasi.io.error.Error;
import dev.wasiotel.wit.runtime.Tuple2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code wasi:filesystem/preopens} and the free function of {@code wasi:filesystem/types} for one
 * guest instance: the files it opens count against its own budget. Only the configured directories
 * are visible; each {@code get-directories} hands out new descriptors.
 */
final class Filesystem implements Preopens, Types {
    /** A preopen with its directory resolved to a real path (no links), once, at configuration. */
    record Root(Path realPath, String guestPath, boolean readOnly) {
    }

    private final List<Root> roots;
    private final OpenFiles budget;
    private final WasiClock clock;

    /**
     * @throws IllegalArgumentException if a preopened host path is not an existing directory
     */
    Filesystem(WasiConfig config, OpenFiles budget) {
        this(roots(config), budget, config.clock());
    }

    /** The preopens {@code roots} (from {@link #roots}), files opened counting against {@code budget}. */
    Filesystem(List<Root> roots, OpenFiles budget, WasiClock clock) {
        this.roots = roots;
        this.budget = budget;
        this.clock = clock;
    }

    /**
     * The configured preopens, resolved to real paths.
     *
     * @throws IllegalArgumentException if a preopened host path is not an existing directory
     */
    static List<Root> roots(WasiConfig config) {
        List<Root> list = new ArrayList<>();
        for (WasiPreopen p : config.preopens()) {
            Path real;
            try {
                real = p.hostPath().toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("preopened directory " + p.hostPath() + " does not exist", e);
            }
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("preopened path " + p.hostPath() + " is not a directory");
            }
            list.add(new Root(real, p.guestPath(), p.readOnly()));
        }
        return List.copyOf(list);
    }

    @Override
    public List<Tuple2<Descriptor, String>> getDirectories() {
        List<Tuple2<Descriptor, String>> out = new ArrayList<>();
        for (Root r : roots) {
            out.add(new Tuple2<>(FsDescriptor.preopen(r.realPath(), r.readOnly(), budget, clock), r.guestPath()));
        }
        return out;
    }

    @Override
    public Optional<ErrorCode> filesystemErrorCode(Error err) {
        return err instanceof WasiError e ? e.filesystemCode() : Optional.empty();
    }
}
