package dev.wasiotel.host.wasi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory the guest may see, under the name {@code guestPath}. The guest reaches nothing
 * outside it: no {@code ..} above it, no absolute path, no symbolic link leading out.
 *
 * @param hostPath the directory on the host
 * @param guestPath the name the guest sees in {@code wasi:filesystem/preopens}, e.g. {@code "/data"}
 * @param readOnly whether the guest may only read (no writes, creations, removals, renames)
 */
public record WasiPreopen(Path hostPath, String guestPath, boolean readOnly) {
    /** Checks that both paths are given and the guest path is not empty. */
    public WasiPreopen {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(guestPath, "guestPath");
        if (guestPath.isEmpty()) {
            throw new IllegalArgumentException("the guest path of a preopened directory must not be empty");
        }
    }
}
