package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.FutureIncomingResponse;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingResponse;
import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Tuple2;
import dev.wasiotel.wit.runtime.Unit;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * {@code wasi:http/types.future-incoming-response}: ready when the client has the response
 * headers (or failed); {@code get} gives the response once.
 */
final class HttpFutureIncomingResponse implements FutureIncomingResponse {
    private final CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future;
    private final Function<Throwable, ErrorCode> errors;
    private final Duration betweenBytes;
    private final Readiness readiness;
    private boolean taken;

    /**
     * @param errors the error code of a failure
     * @param betweenBytes the longest wait for more of the body, or null
     */
    HttpFutureIncomingResponse(CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future,
            Function<Throwable, ErrorCode> errors, Duration betweenBytes) {
        this.future = future;
        this.errors = errors;
        this.betweenBytes = betweenBytes;
        this.readiness = new Readiness(future::isDone);
        future.whenComplete((r, e) -> readiness.signal());
    }

    @Override
    public Pollable subscribe() {
        return readiness.pollable();
    }

    @Override
    public Optional<Result<Result<IncomingResponse, ErrorCode>, Unit>> get() {
        if (taken) {
            return Optional.of(Result.err(Unit.INSTANCE));
        }
        if (!future.isDone()) {
            return Optional.empty();
        }
        taken = true;
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = future.join();
        } catch (RuntimeException e) {
            return Optional.of(Result.ok(Result.err(errors.apply(e))));
        }
        List<Tuple2<String, byte[]>> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
            if (h.getKey().startsWith(":")) {
                continue; // HTTP/2 pseudo-headers are not fields
            }
            for (String v : h.getValue()) {
                headers.add(new Tuple2<>(h.getKey(), v.getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
        FlowSource body = new FlowSource(betweenBytes);
        response.body().subscribe(body);
        return Optional.of(Result.ok(Result.ok(new HttpIncomingResponse(response.statusCode(),
                HttpFields.received(headers), body))));
    }

    @Override
    public void close() {
        if (!taken) {
            future.thenAccept(r -> r.body().subscribe(new FlowSource(null) {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.cancel(); // nobody will read it: let the connection go
                }
            }));
        }
    }
}
