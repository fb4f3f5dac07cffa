package dev.wasiotel.host.wasi.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.FutureIncomingResponse;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingResponse;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingBody;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.RequestOptions;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Scheme;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.OutputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.StreamError;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code outgoing-handler} against a real loopback server that stalls on purpose: the request
 * options' timeouts end the wait with the error codes wasmtime gives (connect → {@code
 * connection-timeout}, first byte and between bytes → {@code connection-read-timeout}), zero and
 * huge timeouts are clear, and a declared {@code content-length} on a request is sent and held to.
 * Timeouts are short (200 ms) and each test is bounded.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutgoingTimeoutsTest {
    private static final long MS = 1_000_000L;

    private final HttpTypes types = new HttpTypes();
    private final OutgoingHttp outgoing = new OutgoingHttp(OutboundPolicy.allowing(List.of("127.0.0.1")),
            OutgoingObserver.NONE);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private HttpOutgoingRequest get(String authority, HttpFields headers) {
        HttpOutgoingRequest r = (HttpOutgoingRequest) types.newOutgoingRequest(headers);
        r.setScheme(Optional.of(Scheme.http()));
        r.setAuthority(Optional.of(authority));
        r.setPathWithQuery(Optional.of("/x"));
        return r;
    }

    private RequestOptions options(Long connect, Long firstByte, Long betweenBytes) {
        RequestOptions o = types.newRequestOptions();
        assertTrue(o.setConnectTimeout(Optional.ofNullable(connect)).isOk());
        assertTrue(o.setFirstByteTimeout(Optional.ofNullable(firstByte)).isOk());
        assertTrue(o.setBetweenBytesTimeout(Optional.ofNullable(betweenBytes)).isOk());
        return o;
    }

    /** Waits for the response as a guest would (the future's pollable), and takes it. */
    private static Result<IncomingResponse, ErrorCode> await(FutureIncomingResponse future) {
        future.subscribe().block();
        return future.get().orElseThrow().orElseThrow();
    }

    private Result<IncomingResponse, ErrorCode> send(HttpOutgoingRequest request, RequestOptions options) {
        return await(outgoing.handle(request, Optional.ofNullable(options)).orElseThrow());
    }

    /** What a guest's blocking reads get from the body: the bytes, then the stream's end (closed or failed). */
    private record Read(byte[] bytes, StreamError end) {
    }

    private static Read readAll(IncomingResponse response) {
        InputStream in = response.consume().orElseThrow().stream().orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            Result<byte[], StreamError> r = in.blockingRead(65536);
            if (r instanceof Result.Err<byte[], StreamError> e) {
                return new Read(bytes.toByteArray(), e.error());
            }
            bytes.writeBytes(r.orElseThrow());
        }
    }

    private ErrorCode codeOf(StreamError e) {
        return types.httpErrorCode(((StreamError.LastOperationFailed) e).value()).orElseThrow();
    }

    @Test
    void aBodyThatStallsLongerThanTheBetweenBytesTimeoutEndsWithConnectionReadTimeout() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) -> {
            LoopbackServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            s.stall();
        })) {
            IncomingResponse response = send(get(server.authority(), new HttpFields()), options(null, null, 200 * MS))
                    .orElseThrow();
            assertEquals(200, response.status());
            Read read = readAll(response);
            assertArrayEquals(b("abc"), read.bytes(), "the bytes before the stall are read");
            assertEquals(ErrorCode.connectionReadTimeout(), codeOf(read.end()));
            String debug = ((StreamError.LastOperationFailed) read.end()).value().toDebugString();
            assertTrue(debug.contains("between-bytes-timeout of 200 ms"), debug);
        }
    }

    @Test
    void aGuestThatReadsSlowlyIsNotTimedOutNorIsABodyThatKeepsComing() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) -> {
            LoopbackServer.send(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 4; i++) {
                LoopbackServer.send(out, "2\r\nab\r\n");
                Thread.sleep(50);
            }
            LoopbackServer.send(out, "0\r\n\r\n");
        })) {
            IncomingResponse response = send(get(server.authority(), new HttpFields()), options(null, null, 5_000 * MS))
                    .orElseThrow();
            Thread.sleep(300); // the guest is busy: what arrives meanwhile waits, and no timer runs against it
            Read read = readAll(response);
            assertArrayEquals(b("abababab"), read.bytes());
            assertEquals(StreamError.closed(), read.end());
        }
    }

    @Test
    void noFirstByteWithinTheTimeoutIsConnectionReadTimeout() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) -> s.stall())) {
            Result<IncomingResponse, ErrorCode> r = send(get(server.authority(), new HttpFields()),
                    options(null, 200 * MS, null));
            assertEquals(Result.err(ErrorCode.connectionReadTimeout()), r);
            assertEquals(1, server.received.size(), "the request went out");
        }
    }

    @Test
    void theFirstByteTimeoutEndsWithTheHeadersAndDoesNotCutASlowBody() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) -> {
            LoopbackServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n");
            Thread.sleep(600);
            LoopbackServer.send(out, "late");
        })) {
            IncomingResponse response = send(get(server.authority(), new HttpFields()), options(null, 200 * MS, null))
                    .orElseThrow();
            Read read = readAll(response);
            assertArrayEquals(b("late"), read.bytes());
            assertEquals(StreamError.closed(), read.end());
        }
    }

    @Test
    void noConnectionWithinTheConnectTimeoutIsConnectionTimeout() throws Exception {
        // a listener whose accept queue is full: the kernel drops further SYNs, so a connect hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                boolean hangs = false;
                for (int i = 0; i < 16 && !hangs; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 300);
                        queued.add(s);
                    } catch (SocketTimeoutException e) {
                        s.close();
                        hangs = true;
                    }
                }
                assertTrue(hangs, "the accept queue did not fill");
                Result<IncomingResponse, ErrorCode> r = send(get("127.0.0.1:" + full.getLocalPort(), new HttpFields()),
                        options(200 * MS, null, null));
                assertEquals(Result.err(ErrorCode.connectionTimeout()), r);
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    @Test
    void zeroTimeoutsHaveAlreadyPassedAndNoConnectionIsMade() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) ->
                LoopbackServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))) {
            assertEquals(Result.err(ErrorCode.connectionTimeout()),
                    send(get(server.authority(), new HttpFields()), options(0L, null, null)));
            assertEquals(Result.err(ErrorCode.connectionReadTimeout()),
                    send(get(server.authority(), new HttpFields()), options(null, 0L, null)));
            assertEquals(0, server.received.size());
        }
    }

    @Test
    void hugeTimeoutsAreNoTimeoutsAndNeverOverflow() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) ->
                LoopbackServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))) {
            // u64 max reads as -1 in Java; 2^63 - 1 ns is 292 years
            for (long huge : new long[] {-1L, Long.MIN_VALUE, Long.MAX_VALUE, 200L * 24 * 3600 * 1_000_000_000L}) {
                RequestOptions o = options(huge, huge, huge);
                assertEquals(Optional.of(huge), o.connectTimeout(), "the guest gets back what it set");
                Read read = readAll(send(get(server.authority(), new HttpFields()), o).orElseThrow());
                assertArrayEquals(b("ok"), read.bytes());
            }
            assertEquals(Optional.empty(), HttpRequestOptions.duration(Optional.of(-1L)));
            assertEquals(Optional.of(java.time.Duration.ofDays(100)),
                    HttpRequestOptions.duration(Optional.of(java.time.Duration.ofDays(100).toNanos())));
        }
    }

    private static HttpFields length(String n) {
        HttpFields f = new HttpFields();
        f.append("content-length", b(n));
        return f;
    }

    @Test
    void aRequestWithItsDeclaredLengthIsSentWithIt() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) ->
                LoopbackServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))) {
            HttpOutgoingRequest r = get(server.authority(), length("5"));
            r.setMethod(dev.wasiotel.host.wasi.bindings.wasi.http.types.Method.post());
            OutgoingBody body = r.body().orElseThrow();
            OutputStream out = body.write().orElseThrow();
            FutureIncomingResponse future = outgoing.handle(r, Optional.empty()).orElseThrow();
            assertTrue(out.blockingWriteAndFlush(b("hel")).isOk());
            assertTrue(out.blockingWriteAndFlush(b("lo")).isOk());
            assertEquals(Result.ok(), types.outgoingBodyFinish(body, Optional.empty()));
            assertEquals(200, await(future).orElseThrow().status());
            LoopbackServer.Received got = server.received.get(0);
            assertEquals("5", got.header("content-length"), got.head());
            assertEquals(null, got.header("transfer-encoding"));
            assertArrayEquals(b("hello"), got.body());
        }
    }

    @Test
    void aRequestBodyPastOrShortOfItsLengthFailsTheRequestWithTheBodySizeError() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) ->
                LoopbackServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))) {
            HttpOutgoingRequest past = get(server.authority(), length("5"));
            past.setMethod(dev.wasiotel.host.wasi.bindings.wasi.http.types.Method.put());
            OutgoingBody body = past.body().orElseThrow();
            OutputStream out = body.write().orElseThrow();
            FutureIncomingResponse future = outgoing.handle(past, Optional.empty()).orElseThrow();
            Result<Unit, StreamError> w = out.blockingWriteAndFlush(b("1234567"));
            assertEquals(ErrorCode.httpRequestBodySize(Optional.of(7L)), codeOf(((Result.Err<Unit, StreamError>) w).error()));
            assertEquals(Result.err(ErrorCode.httpRequestBodySize(Optional.of(7L))),
                    types.outgoingBodyFinish(body, Optional.empty()));
            assertEquals(Result.err(ErrorCode.httpRequestBodySize(Optional.of(7L))), await(future));

            HttpOutgoingRequest short_ = get(server.authority(), length("5"));
            short_.setMethod(dev.wasiotel.host.wasi.bindings.wasi.http.types.Method.put());
            body = short_.body().orElseThrow();
            out = body.write().orElseThrow();
            future = outgoing.handle(short_, Optional.empty()).orElseThrow();
            assertTrue(out.blockingWriteAndFlush(b("12")).isOk());
            assertEquals(Result.err(ErrorCode.httpRequestBodySize(Optional.of(2L))),
                    types.outgoingBodyFinish(body, Optional.empty()));
            assertEquals(Result.err(ErrorCode.httpRequestBodySize(Optional.of(2L))), await(future));
            assertFalse(server.received.stream().anyMatch(r -> r.body().length == 5),
                    "no server took a wrong-length body as whole: " + server.received);
        }
    }

    @Test
    void aDeclaredLengthWithoutABodyOrThatIsNotOneIsRefusedBeforeAnyConnection() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, out, s) ->
                LoopbackServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))) {
            assertEquals(Result.err(ErrorCode.httpRequestBodySize(Optional.of(0L))),
                    outgoing.handle(get(server.authority(), length("3")), Optional.empty()).map(f -> Unit.INSTANCE));
            Result<?, ErrorCode> invalid = outgoing.handle(get(server.authority(), length("-3")), Optional.empty());
            assertTrue(((Result.Err<?, ErrorCode>) invalid).error() instanceof ErrorCode.InternalError e
                    && e.value().orElseThrow().contains("-3"), String.valueOf(invalid));
            assertEquals(0, server.received.size());
            assertEquals(200, send(get(server.authority(), length("0")), null).orElseThrow().status(),
                    "content-length 0 without a body is fine");
        }
    }
}
