package dev.wasiotel.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The downstream server of the wasi:http guests' cases, on a loopback port, answering as the one of
 * {@code guests/tools/verify-http.mjs} does: GET /data is 200 "downstream data\n", anything else 404
 * "not found\n". It records the {@code traceparent} of every request it receives.
 */
final class DownstreamServer implements AutoCloseable {
    private final HttpServer server;
    private final List<String> traceparents = new CopyOnWriteArrayList<>();

    private DownstreamServer(HttpServer server) {
        this.server = server;
    }

    /** Starts listening on 127.0.0.1 at a free port. */
    static DownstreamServer start() throws IOException {
        DownstreamServer downstream = new DownstreamServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        downstream.server.createContext("/", exchange -> {
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            downstream.traceparents.add(traceparent == null ? "" : traceparent);
            exchange.getRequestBody().readAllBytes();
            boolean data = exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().toString().equals("/data");
            byte[] body = (data ? "downstream data\n" : "not found\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "text/plain");
            exchange.sendResponseHeaders(data ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        downstream.server.start();
        return downstream;
    }

    /** {@code http://127.0.0.1:PORT}, what {@code {downstream}} in a case's header stands for. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The traceparent header of each request received so far, in order ("" for a request without one). */
    List<String> traceparents() {
        return List.copyOf(traceparents);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
