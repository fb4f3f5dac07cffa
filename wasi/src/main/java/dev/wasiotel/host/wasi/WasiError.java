package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.io.error.Error;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code wasi:io/error.error}: what went wrong in a stream operation, with the filesystem error
 * code when the stream belongs to a file (for {@code wasi:filesystem/types.filesystem-error-code}).
 */
record WasiError(String message, Optional<ErrorCode> filesystemCode) implements Error {
    WasiError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(filesystemCode, "filesystemCode");
    }

    /** An error of a stream that is not a file's. */
    static WasiError of(String message) {
        return new WasiError(message, Optional.empty());
    }

    @Override
    public String toDebugString() {
        return message;
    }
}
