package dev.wasiotel.host.wasi.http;

import java.util.Optional;

/**
 * Where an outgoing body's bytes go (the server's response, the client's request). Writes never
 * block: a sink takes at most {@link #capacity()} bytes now and is ready again when what it holds
 * has gone on, so a slow peer slows the guest down instead of filling the heap.
 */
public interface BodySink {
    /** How many bytes {@link #write} takes now (0 while earlier bytes are still on their way). */
    int capacity();

    /**
     * Takes {@code bytes} (at most {@link #capacity()}).
     *
     * @throws BodySource.BodyException if the peer went away
     */
    void write(byte[] bytes);

    /** Ready when {@link #capacity()} is positive (or the sink failed). */
    Readiness readiness();

    /**
     * The body is complete, with {@code trailers}; waits until it has gone on.
     *
     * @throws BodySource.BodyException if it could not be sent
     */
    void finish(Optional<HttpFields> trailers);

    /** The body is incomplete (its writer dropped it without finishing): the peer must not take it as whole. */
    void abort(String why);
}
