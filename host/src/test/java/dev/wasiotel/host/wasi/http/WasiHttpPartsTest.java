package dev.wasiotel.host.wasi.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.HeaderError;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Tuple2;
import dev.wasiotel.wit.runtime.WitTrap;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The parts of the wasi:http host that need no guest: fields, the outbound policy, errors, exports. */
class WasiHttpPartsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fieldsCompareNamesWithoutCaseAndKeepOrder() {
        HttpFields f = new HttpFields();
        assertTrue(f.append("X-A", b("1")).isOk());
        assertTrue(f.append("x-b", b("2")).isOk());
        assertTrue(f.append("x-a", b("3")).isOk());
        assertEquals(2, f.get("x-A").size());
        assertArrayEquals(b("3"), f.get("X-A").get(1));
        assertTrue(f.set("X-A", List.of(b("9"))).isOk());
        assertEquals(List.of("x-b", "x-a"), f.entries().stream().map(Tuple2::v1).toList());
        assertTrue(f.delete("x-b").isOk());
        assertFalse(f.has("X-B"));
    }

    @Test
    void fieldsRefuseBadSyntaxForbiddenNamesAndChangesWhenImmutable() {
        HttpFields f = new HttpFields();
        assertEquals(Result.err(HeaderError.invalidSyntax()), f.append("bad name", b("v")));
        assertEquals(Result.err(HeaderError.invalidSyntax()), f.append("", b("v")));
        assertEquals(Result.err(HeaderError.invalidSyntax()), f.append("x", b("a\r\nInjected: 1")));
        assertEquals(Result.err(HeaderError.invalidSyntax()), f.append("x", b(" padded")));
        assertEquals(Result.err(HeaderError.forbidden()), f.append("Connection", b("close")));
        assertEquals(Result.err(HeaderError.forbidden()), f.append("transfer-encoding", b("chunked")));
        assertTrue(HttpFields.fromList(List.of(new Tuple2<>("ok", b("v")))).isOk());
        assertEquals(Result.err(HeaderError.invalidSyntax()),
                HttpFields.fromList(List.of(new Tuple2<>("o k", b("v")))));
        f.freeze();
        assertEquals(Result.err(HeaderError.immutable()), f.append("x", b("v")));
        assertEquals(Result.err(HeaderError.immutable()), f.delete("x"));
        assertTrue(((HttpFields) f.clone_()).append("x", b("v")).isOk(), "a clone is mutable");
    }

    @Test
    void fieldsAreBoundedAndTheGuestGetsAValueItCannotChange() {
        HttpFields f = new HttpFields();
        byte[] value = b("v");
        f.append("x", value);
        value[0] = 'w';
        assertArrayEquals(b("v"), f.get("x").get(0));
        f.get("x").get(0)[0] = 'z';
        assertArrayEquals(b("v"), f.get("x").get(0));
        byte[] big = new byte[HttpFields.MAX_BYTES / 2];
        java.util.Arrays.fill(big, (byte) 'a');
        f.append("a", big);
        WitTrap trap = assertThrows(WitTrap.class, () -> f.append("b", big));
        assertEquals(WitTrap.Reason.RESOURCE_LIMIT, trap.reason());
    }

    @Test
    void outboundPolicyAllowsOnlyWhatIsListed() {
        OutboundPolicy p = OutboundPolicy.allowing(List.of("api.example.com", "127.0.0.1:8081", "*.internal"));
        assertTrue(p.allows(URI.create("https://api.example.com/x")));
        assertTrue(p.allows(URI.create("http://API.example.com:9999/x")), "any port when none is named");
        assertTrue(p.allows(URI.create("http://127.0.0.1:8081/")));
        assertFalse(p.allows(URI.create("http://127.0.0.1:8082/")));
        assertFalse(p.allows(URI.create("http://127.0.0.1/")), "port 80 is not 8081");
        assertTrue(p.allows(URI.create("http://db.internal/")));
        assertFalse(p.allows(URI.create("http://internal/")));
        assertFalse(p.allows(URI.create("http://example.com/")));
        assertFalse(OutboundPolicy.denyAll().allows(URI.create("http://127.0.0.1:8081/")));
        assertTrue(OutboundPolicy.allowing(List.of("*")).allows(URI.create("http://anywhere:1/")));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.allowing(List.of("host:port")));
        assertThrows(IllegalArgumentException.class, () -> OutboundPolicy.allowing(List.of("http://x/")));
    }

    @Test
    void clientFailuresMapToTheirErrorCodes() {
        assertEquals(ErrorCode.connectionRefused(), HttpErrors.of(new CompletionException(new ConnectException("x"))));
        assertEquals(ErrorCode.connectionTimeout(), HttpErrors.of(new HttpConnectTimeoutException("x")));
        assertEquals(ErrorCode.connectionReadTimeout(), HttpErrors.of(new HttpTimeoutException("x")), "as wasmtime maps the first-byte timeout");
        assertEquals(ErrorCode.internalError(Optional.of("java.lang.IllegalStateException: odd")),
                HttpErrors.of(new IllegalStateException("odd")));
        assertEquals("http-request-denied", HttpErrors.name(ErrorCode.httpRequestDenied()));
        assertEquals("connection-refused", HttpErrors.name(ErrorCode.connectionRefused()));
    }

    @Test
    void theHandlerExportOfAny02Version() {
        // componentize-js 0.23 exports incoming-handler@0.2.10 while importing 0.2.12
        assertEquals(Optional.of("wasi:http/incoming-handler@0.2.10#handle"),
                WasiHttp.handlerExport(List.of("wasi:cli/run@0.2.12#run", "wasi:http/incoming-handler@0.2.10#handle")));
        assertEquals(Optional.of("wasi:http/incoming-handler@0.2.12#handle"), WasiHttp.handlerExport(List.of(
                "wasi:http/incoming-handler@0.2.3#handle", "wasi:http/incoming-handler@0.2.12#handle")));
        assertEquals(Optional.empty(), WasiHttp.handlerExport(List.of("wasi:http/incoming-handler@0.3.0#handle")));
    }

    @Test
    void interfacesAreProvidedAtTheWasiVersion() {
        WasiHttp http = WasiHttp.of(OutboundPolicy.denyAll(), OutgoingObserver.NONE);
        assertEquals(List.of("wasi:http/outgoing-handler@0.2.12", "wasi:http/types@0.2.12"),
                List.copyOf(http.interfaces().keySet()));
        assertTrue(http.functions(dev.wasiotel.wit.abi.StringEncoding.UTF8).stream()
                .anyMatch(d -> d.name().equals("[static]response-outparam.set")));
    }
}
