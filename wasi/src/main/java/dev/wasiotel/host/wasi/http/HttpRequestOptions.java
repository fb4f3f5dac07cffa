package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.RequestOptions;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code wasi:http/types.request-options}: the timeouts of one outgoing request, in nanoseconds,
 * all supported: connect (to the server), first byte (of the response: its headers) and between
 * bytes (of the response body, while the host waits for the network), each failing as wasmtime's
 * does ({@code connection-timeout}, {@code connection-read-timeout}, {@code connection-read-timeout}).
 */
final class HttpRequestOptions implements RequestOptions {
    private Long connect;
    private Long firstByte;
    private Long betweenBytes;

    @Override
    public Optional<Long> connectTimeout() {
        return Optional.ofNullable(connect);
    }

    @Override
    public Result<Unit, Unit> setConnectTimeout(Optional<Long> duration) {
        connect = duration.orElse(null);
        return Result.ok();
    }

    @Override
    public Optional<Long> firstByteTimeout() {
        return Optional.ofNullable(firstByte);
    }

    @Override
    public Result<Unit, Unit> setFirstByteTimeout(Optional<Long> duration) {
        firstByte = duration.orElse(null);
        return Result.ok();
    }

    @Override
    public Optional<Long> betweenBytesTimeout() {
        return Optional.ofNullable(betweenBytes);
    }

    @Override
    public Result<Unit, Unit> setBetweenBytesTimeout(Optional<Long> duration) {
        betweenBytes = duration.orElse(null);
        return Result.ok();
    }

    /** The longest timeout taken as one: 100 days. A longer one (up to u64 nanoseconds, 584 years) is as good as none. */
    static final Duration LONGEST = Duration.ofDays(100);

    /**
     * A WIT duration (u64 nanoseconds, which Java reads as a signed long: past 2^63 - 1 it is
     * negative) as a Java one; empty when none was set or it is longer than {@link #LONGEST}, so no
     * deadline arithmetic downstream can overflow. Zero stays zero: a timeout that has already passed.
     */
    static Optional<Duration> duration(Optional<Long> nanos) {
        return nanos.filter(n -> n >= 0 && n <= LONGEST.toNanos()).map(Duration::ofNanos);
    }

    /** The connect timeout to honor, if any. */
    Optional<Duration> connect() {
        return duration(connectTimeout());
    }

    /** The first-byte timeout to honor, if any. */
    Optional<Duration> firstByte() {
        return duration(firstByteTimeout());
    }

    /** The between-bytes timeout to honor, if any. */
    Optional<Duration> betweenBytes() {
        return duration(betweenBytesTimeout());
    }
}
