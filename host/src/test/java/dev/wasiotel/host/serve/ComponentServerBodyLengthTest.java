package dev.wasiotel.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ComponentServer} and a guest response whose body does not match its declared {@code
 * content-length} (the WAT guest answers with the request's {@code x-content-length} as its
 * content-length): the client never gets a corrupt response — a clean 500 when nothing went out, a
 * cut-off connection when some did — and the SERVER span is ERROR with {@code
 * http-response-body-size}; and a request body shorter than its content-length is a stream error
 * the guest sees (its {@code http-error-code}), not a hang.
 */
@Timeout(60)
class ComponentServerBodyLengthTest {
    private static final Path GUEST = Path.of("../component/src/test/resources/components/http.wasm");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SpanProcessor processor;
    private OpenTelemetrySdk sdk;
    private ServedGuest served;
    private ComponentServer server;

    @BeforeEach
    void setUp() throws IOException {
        processor = SimpleSpanProcessor.create(spans);
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(processor).build()).build();
        start(b -> b.workers(2));
    }

    private void start(UnaryOperator<ComponentServer.Builder> settings) throws IOException {
        served = ServedGuest.builder(GUEST, sdk, processor).server(settings).start();
        server = served.server();
    }

    @AfterEach
    void tearDown() {
        served.close();
        sdk.close();
    }

    private HttpResponse<String> echo(String body, String declared) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri().resolve("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("x-content-length", declared)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private SpanData serverSpan(Predicate<SpanData> which) throws InterruptedException {
        return ServerSpans.await(spans, which);
    }

    private static String errorType(SpanData s) {
        return s.getAttributes().get(AttributeKey.stringKey("error.type"));
    }

    @Test
    void aBodyOfTheDeclaredLengthIsServed() throws Exception {
        HttpResponse<String> r = echo("hello", "5");
        assertEquals(200, r.statusCode());
        assertEquals("hello", r.body());
        assertEquals("5", r.headers().firstValue("content-length").orElse("none in " + r.headers().map()));
        SpanData span = serverSpan(s -> true);
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    }

    /** The guest's one write is past the length: refused whole, nothing went out, so the client gets a clean 500. */
    @Test
    void aBodyPastTheDeclaredLengthIsA500WhenNothingWentOut() throws Exception {
        HttpResponse<String> r = echo("hello", "3");
        assertEquals(500, r.statusCode());
        assertEquals("", r.body());
        SpanData span = serverSpan(s -> true);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("http-response-body-size", errorType(span));
        assertTrue(span.getStatus().getDescription().contains("declared content-length 3 but the guest wrote 5 bytes"),
                span.getStatus().getDescription());
        assertEquals(500L, span.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(200, echo("next", "4").statusCode(), "the next request is served");
    }

    /** The guest wrote 5 of the 10 bytes it declared and finished: the response went out, so the connection is cut. */
    @Test
    void aBodyShortOfTheDeclaredLengthCutsTheConnection() throws Exception {
        IOException cut = assertThrows(IOException.class, () -> echo("hello", "10"));
        SpanData span = serverSpan(s -> true);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode(), String.valueOf(cut));
        assertEquals("http-response-body-size", errorType(span));
        assertTrue(span.getStatus().getDescription().contains("declared content-length 10 but the guest finished it after 5 bytes"),
                span.getStatus().getDescription());
    }

    /**
     * A length that is not one: {@code outgoing-response.body} refuses the body (as wasmtime does);
     * the WAT guest does not check and uses the handle it did not get, so it traps: a 500, and the
     * next request is served.
     */
    @Test
    void anInvalidDeclaredLengthGetsNoBody() throws Exception {
        HttpResponse<String> r = echo("hello", "-5");
        assertEquals(500, r.statusCode());
        SpanData span = serverSpan(s -> true);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("guest-trap", errorType(span));
        assertEquals(200, echo("next", "4").statusCode());
    }

    /**
     * A client that declares 100 bytes, sends 50 and closes its side: the guest's read fails (it
     * does not hang), and the guest reports the failure's http-error-code, connection-terminated
     * (case 7 of error-code), as the trailer x-stream-error of its echo.
     */
    @Test
    void aRequestBodyShorterThanItsContentLengthIsAStreamErrorTheGuestSees() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nTE: trailers\r\nContent-Length: 100\r\n\r\n"
                    + "x".repeat(50)).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("x-stream-error: 07"), response);
        }
    }

    /**
     * A client that declares 100 bytes, sends 50 and then nothing: once the connection has been
     * idle past the server's idle timeout, the guest's read fails with connection-read-timeout
     * (case 9 of error-code) instead of waiting until its deadline.
     */
    @Test
    void aStalledRequestBodyIsConnectionReadTimeoutAfterTheIdleTimeout() throws Exception {
        served.close();
        start(b -> b.workers(2).idleTimeout(Duration.ofMillis(500)));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nTE: trailers\r\nContent-Length: 100\r\n\r\n"
                    + "x".repeat(50)).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
            assertTrue(response.toLowerCase(Locale.ROOT).contains("x-stream-error: 09"), response);
        }
    }
}
