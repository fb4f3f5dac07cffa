package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import java.util.Optional;

/**
 * Where an incoming body's bytes come from (the server's request, the client's response), read
 * without blocking: a source never holds more than the network layer has already buffered.
 */
public interface BodySource {
    /**
     * Copies up to {@code max} bytes into {@code into}.
     *
     * @return the count copied, 0 when none are available now, -1 at the end of the body
     * @throws BodyException when the body failed (the error code says how)
     */
    int read(byte[] into, int max);

    /** Ready when bytes, the end or a failure are there to be read. */
    Readiness readiness();

    /** Once the body ended: its trailers, if it had any. */
    Optional<HttpFields> trailers();

    /** Gives back what is buffered; further reads end the body. */
    void close();

    /** A body that failed. */
    final class BodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ErrorCode code;

        /**
         * @param code the {@code wasi:http} error the guest sees
         * @param message what happened
         */
        public BodyException(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }

        /** The {@code wasi:http} error the guest sees. */
        public ErrorCode code() {
            return code;
        }
    }
}
