package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.RequestOptions;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.time.Duration;
import java.util.Optional;

/** {@code wasi:http/types.request-options}: the timeouts of one outgoing request, in nanoseconds. */
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

    /** A WIT duration (u64 nanoseconds) as a Java one; a huge one is as good as none. */
    static Optional<Duration> duration(Optional<Long> nanos) {
        return nanos.filter(n -> n >= 0).map(Duration::ofNanos);
    }
}
