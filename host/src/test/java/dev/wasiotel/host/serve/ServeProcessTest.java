package dev.wasiotel.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code wasi-otel serve} as a process: it serves the WAT guest, and on SIGTERM lets the request in
 * flight finish (its client sends the rest of its body after the signal), flushes the telemetry
 * (the console exporter's spans of both requests appear) and exits 143.
 */
class ServeProcessTest {
    private static final Path GUEST = Path.of("../component/src/test/resources/components/http.wasm");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String line(InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.IOException("the connection closed after `" + b + "`");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Test
    void servesThenDrainsAndFlushesOnSigterm() throws Exception {
        try (ServeProcess server = ServeProcess.start(GUEST, Map.of(), "--timeout", "2s", "--workers", "2")) {
            URI uri = server.uri();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> echo = client.send(HttpRequest.newBuilder(uri.resolve("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("hi")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, echo.statusCode());
            assertEquals("hi", echo.body());

            // a request in flight when SIGTERM comes: the guest has answered its first chunk, the
            // client sends the rest only after the signal, and still gets all of it back
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(ascii("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
                out.flush();
                assertEquals("HTTP/1.1 200 OK", line(in));
                while (!line(in).isEmpty()) {
                    // the headers
                }
                assertEquals("5", line(in));
                assertEquals("hello", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
                server.terminate(); // SIGTERM
                Thread.sleep(200);
                out.write(ascii("6\r\n world\r\n0\r\n\r\n"));
                out.flush();
                assertEquals("", line(in)); // the end of the first chunk
                assertEquals("6", line(in));
                assertEquals(" world", line(in));
                assertEquals("0", line(in));
            }
            assertEquals(143, server.awaitExit(), server::stderr);
            String err = server.stderr();
            assertTrue(err.contains("wasi-otel: stopped"), err);
            // both requests' server spans were flushed by the console exporter on the way out
            assertEquals(2, err.lines().filter(l -> l.startsWith("span   POST") && l.contains("SERVER")
                    && l.contains("url.path=/echo")).count(), err);
        }
    }
}
