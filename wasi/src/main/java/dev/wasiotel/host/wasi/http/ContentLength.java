package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code content-length} a guest declared on an outgoing request or response, and the count
 * of bytes written against it: writing past it fails the write, finishing short of it fails {@code
 * outgoing-body.finish}, both with {@code HTTP-request-body-size} or {@code
 * HTTP-response-body-size} carrying the bytes the guest wrote (as wasmtime reports them).
 */
final class ContentLength {
    /** The message the body belongs to: which {@code error-code} case a mismatch is. */
    enum Of {
        REQUEST, RESPONSE;

        ErrorCode sizeError(long written) {
            return this == REQUEST ? ErrorCode.httpRequestBodySize(Optional.of(written))
                    : ErrorCode.httpResponseBodySize(Optional.of(written));
        }

        String noun() {
            return this == REQUEST ? "request" : "response";
        }
    }

    private final Of of;
    private final long declared;
    private long written;
    private boolean exceeded;
    private boolean finishedShort;

    private ContentLength(Of of, long declared) {
        this.of = of;
        this.declared = declared;
    }

    /**
     * The length {@code headers} declare: empty when they have no {@code content-length}; an error
     * naming the values when it is not one decimal count of bytes (a sign, a non-digit, a value past
     * 2^63 - 1, or values that disagree: RFC 9110 §8.6 lets a recipient accept only equal ones).
     */
    static Result declared(HttpFields headers) {
        List<byte[]> values = headers.get("content-length");
        long length = -1;
        for (byte[] value : values) {
            for (String part : new String(value, StandardCharsets.ISO_8859_1).split(",", -1)) {
                long n = parse(part.strip());
                if (n < 0 || (length >= 0 && n != length)) {
                    return new Result(OptionalLong.empty(), "content-length is not one count of bytes: "
                            + String.join(", ", values.stream().map(v -> new String(v, StandardCharsets.ISO_8859_1)).toList()));
                }
                length = n;
            }
        }
        return new Result(length < 0 ? OptionalLong.empty() : OptionalLong.of(length), null);
    }

    /** A run of 1 to 18 decimal digits (so no overflow) or 19 that fit in a long, else -1. */
    private static long parse(String s) {
        if (s.isEmpty() || s.length() > 19) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1; // 19 digits past Long.MAX_VALUE
        }
    }

    /** What {@link #declared} found: a length (or none), or why the header is not one. */
    record Result(OptionalLong length, String invalid) {
        boolean valid() {
            return invalid == null;
        }

        /** The check of a body of this message, or null when no length was declared. */
        ContentLength check(Of of) {
            return length.isPresent() ? new ContentLength(of, length.getAsLong()) : null;
        }
    }

    /**
     * Counts a write of {@code n} bytes.
     *
     * @return null if it fits, else the error (the write is refused and the count keeps it, as
     *     what the guest tried to send)
     */
    synchronized ErrorCode admit(int n) {
        if (exceeded || n > declared - written) {
            written += n;
            exceeded = true;
            return of.sizeError(written);
        }
        written += n;
        return null;
    }

    /** Null if the body is complete, else the error {@code finish} returns. */
    synchronized ErrorCode atFinish() {
        finishedShort = !exceeded && written != declared;
        return exceeded || finishedShort ? of.sizeError(written) : null;
    }

    /** The body-size error once a write went past the length or finish came short of it, else null. */
    synchronized ErrorCode mismatch() {
        return exceeded || finishedShort ? of.sizeError(written) : null;
    }

    /** What went wrong, for the peer and the telemetry. */
    synchronized String describe() {
        return "the " + of.noun() + " body declared content-length " + declared + " but the guest "
                + (exceeded ? "wrote " + written + " bytes" : "finished it after " + written + " bytes");
    }
}
