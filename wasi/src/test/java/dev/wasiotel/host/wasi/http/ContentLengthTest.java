package dev.wasiotel.host.wasi.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingBody;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.OutputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.StreamError;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A declared {@code content-length} on an outgoing response (and request): writes past it fail,
 * {@code finish} short of it fails, both with the body-size error code, and the peer never sees
 * such a body finished; the exact length passes; a length that is not one never gets a body.
 */
class ContentLengthTest {
    private final HttpTypes types = new HttpTypes();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpFields headers(String... contentLengths) {
        HttpFields f = new HttpFields();
        for (String v : contentLengths) {
            assertTrue(f.append("Content-Length", b(v)).isOk());
        }
        return f;
    }

    /** A guest's response with these content-length values, set on an outparam of {@code server}. */
    private OutgoingBody respond(RecordingResponder server, String... contentLengths) {
        HttpOutgoingResponse response = (HttpOutgoingResponse) types.newOutgoingResponse(headers(contentLengths));
        OutgoingBody body = response.body().orElseThrow();
        types.responseOutparamSet(new HttpResponseOutparam(server), Result.ok(response));
        return body;
    }

    private static ErrorCode codeOf(Result<Unit, StreamError> r, HttpTypes types) {
        StreamError e = ((Result.Err<Unit, StreamError>) r).error();
        return types.httpErrorCode(((StreamError.LastOperationFailed) e).value()).orElseThrow();
    }

    @Test
    void theDeclaredLengthIsOneCountOfBytes() {
        assertEquals(OptionalLong.empty(), ContentLength.declared(new HttpFields()).length());
        assertEquals(OptionalLong.of(5), ContentLength.declared(headers("5")).length());
        assertEquals(OptionalLong.of(0), ContentLength.declared(headers("0")).length());
        assertEquals(OptionalLong.of(5), ContentLength.declared(headers("5, 5")).length(), "equal values are one");
        assertEquals(OptionalLong.of(5), ContentLength.declared(headers("5", "5")).length());
        assertEquals(OptionalLong.of(Long.MAX_VALUE),
                ContentLength.declared(headers("9223372036854775807")).length());
        for (String bad : List.of("-1", "+5", "0x10", "five", "5 5", "5,", "5, 6", "1e3",
                "9223372036854775808", "18446744073709551616", "99999999999999999999999999")) {
            ContentLength.Result r = ContentLength.declared(headers(bad));
            assertFalse(r.valid(), bad);
            assertTrue(r.invalid().contains(bad), r.invalid());
        }
        assertFalse(ContentLength.declared(headers("5", "6")).valid(), "values that disagree");
    }

    @Test
    void theExactLengthPasses() {
        RecordingResponder server = new RecordingResponder();
        OutgoingBody body = respond(server, "5");
        OutputStream out = body.write().orElseThrow();
        assertEquals(Result.ok(64L * 1024), out.checkWrite());
        assertTrue(out.write(b("hel")).isOk());
        assertTrue(out.blockingWriteAndFlush(b("lo")).isOk());
        assertEquals(Result.ok(), types.outgoingBodyFinish(body, Optional.empty()));
        assertArrayEquals(b("hello"), server.bytes.toByteArray());
        assertTrue(server.finished);
        assertNull(server.aborted);
    }

    @Test
    void aWritePastTheLengthFailsAndNothingOfItGoesOut() {
        RecordingResponder server = new RecordingResponder();
        HttpResponseOutparam outparam = new HttpResponseOutparam(server);
        HttpOutgoingResponse response = (HttpOutgoingResponse) types.newOutgoingResponse(headers("5"));
        OutgoingBody body = response.body().orElseThrow();
        types.responseOutparamSet(outparam, Result.ok(response));
        OutputStream out = body.write().orElseThrow();
        out.checkWrite();
        assertTrue(out.write(b("abc")).isOk());
        Result<Unit, StreamError> over = out.write(b("def"));
        assertEquals(ErrorCode.httpResponseBodySize(Optional.of(6L)), codeOf(over, types),
                "the body size the guest wrote, as wasmtime reports it");
        assertArrayEquals(b("abc"), server.bytes.toByteArray(), "the refused write sent nothing");
        assertNotNull(server.aborted, "the peer must not take the body as whole");
        assertTrue(server.aborted.contains("content-length 5"), server.aborted);
        assertEquals(Result.err(StreamError.closed()), out.checkWrite(), "the stream stays failed");
        assertEquals(Result.err(ErrorCode.httpResponseBodySize(Optional.of(6L))),
                types.outgoingBodyFinish(body, Optional.empty()));
        assertFalse(server.finished);
        assertFalse(outparam.bodyComplete());
        assertEquals(Optional.of(ErrorCode.httpResponseBodySize(Optional.of(6L))), outparam.bodySizeError());
    }

    @Test
    void aBlockingWritePastTheLengthSendsNoneOfItsParts() {
        RecordingResponder server = new RecordingResponder();
        OutgoingBody body = respond(server, "3");
        OutputStream out = body.write().orElseThrow();
        Result<Unit, StreamError> over = out.blockingWriteAndFlush(b("four"));
        assertEquals(ErrorCode.httpResponseBodySize(Optional.of(4L)), codeOf(over, types));
        assertEquals(0, server.bytes.size());
        assertNotNull(server.aborted);
    }

    @Test
    void finishingShortOfTheLengthFailsAndAbortsTheBody() {
        RecordingResponder server = new RecordingResponder();
        HttpResponseOutparam outparam = new HttpResponseOutparam(server);
        HttpOutgoingResponse response = (HttpOutgoingResponse) types.newOutgoingResponse(headers("10"));
        OutgoingBody body = response.body().orElseThrow();
        types.responseOutparamSet(outparam, Result.ok(response));
        OutputStream out = body.write().orElseThrow();
        out.checkWrite();
        assertTrue(out.write(b("1234")).isOk());
        assertEquals(Result.err(ErrorCode.httpResponseBodySize(Optional.of(4L))),
                types.outgoingBodyFinish(body, Optional.empty()));
        assertFalse(server.finished);
        assertTrue(server.aborted.contains("finished it after 4 bytes"), server.aborted);
        assertEquals(Optional.of(ErrorCode.httpResponseBodySize(Optional.of(4L))), outparam.bodySizeError());
        assertTrue(outparam.bodyAbortReason().orElseThrow().contains("content-length 10"));
    }

    @Test
    void aBodyWrittenBeforeTheResponseIsSetIsHeldToTheLengthToo() {
        RecordingResponder server = new RecordingResponder();
        HttpOutgoingResponse response = (HttpOutgoingResponse) types.newOutgoingResponse(headers("2"));
        OutgoingBody body = response.body().orElseThrow();
        OutputStream out = body.write().orElseThrow();
        out.checkWrite();
        assertEquals(ErrorCode.httpResponseBodySize(Optional.of(3L)), codeOf(out.write(b("abc")), types));
        types.responseOutparamSet(new HttpResponseOutparam(server), Result.ok(response));
        assertEquals(0, server.bytes.size());
        assertNotNull(server.aborted, "the abort reaches the server once the response is set");
        assertFalse(server.finished);
    }

    @Test
    void noBodyIsHadForALengthThatIsNotOne() {
        assertTrue(types.newOutgoingResponse(headers("-1")).body().isErr());
        assertTrue(types.newOutgoingResponse(headers("18446744073709551615")).body().isErr(), "u64 max is past a long");
        HttpOutgoingRequest request = (HttpOutgoingRequest) types.newOutgoingRequest(headers("abc"));
        assertTrue(request.body().isErr());
        assertTrue(types.newOutgoingRequest(headers("7")).body().isOk());
    }

    @Test
    void aResponseWithAnInvalidLengthIsAnsweredAsAnError() {
        RecordingResponder server = new RecordingResponder();
        HttpResponseOutparam outparam = new HttpResponseOutparam(server);
        types.responseOutparamSet(outparam, Result.ok(types.newOutgoingResponse(headers("1, 2"))));
        assertNull(server.headers, "nothing was sent");
        assertTrue(server.error instanceof ErrorCode.InternalError e && e.value().orElseThrow().contains("1, 2"),
                String.valueOf(server.error));
        assertTrue(outparam.outcome().orElseThrow().isErr());
    }

    @Test
    void aRequestBodyFailsWithTheRequestCase() {
        HttpOutgoingRequest request = (HttpOutgoingRequest) types.newOutgoingRequest(headers("1"));
        OutgoingBody body = request.body().orElseThrow();
        OutputStream out = body.write().orElseThrow();
        out.checkWrite();
        assertEquals(ErrorCode.httpRequestBodySize(Optional.of(2L)), codeOf(out.write(b("ab")), types));
        assertEquals(Result.err(ErrorCode.httpRequestBodySize(Optional.of(2L))),
                types.outgoingBodyFinish(body, Optional.empty()));
        HttpOutgoingRequest empty = (HttpOutgoingRequest) types.newOutgoingRequest(headers("1"));
        assertEquals(Result.err(ErrorCode.httpRequestBodySize(Optional.of(0L))),
                types.outgoingBodyFinish(empty.body().orElseThrow(), Optional.empty()));
    }

    @Test
    void withoutADeclaredLengthAnyBodyPasses() {
        RecordingResponder server = new RecordingResponder();
        OutgoingBody body = respond(server);
        OutputStream out = body.write().orElseThrow();
        out.checkWrite();
        assertTrue(out.write(new byte[1000]).isOk());
        assertEquals(Result.ok(), types.outgoingBodyFinish(body, Optional.empty()));
        assertTrue(server.finished);
    }
}
