package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.io.error.Error;

/**
 * The {@code wasi:io/error} of a failed body stream operation, carrying the HTTP error code that
 * {@code wasi:http/types.http-error-code} gives back.
 *
 * @param code the HTTP error
 * @param message what happened, for {@code to-debug-string}
 */
record HttpStreamError(ErrorCode code, String message) implements Error {
    @Override
    public String toDebugString() {
        return message;
    }
}
