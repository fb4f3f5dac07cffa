package dev.wasiotel.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on a loopback port: decodes the protobuf export requests of the three
 * signals with the official OTLP protobuf classes and keeps them for the test to inspect.
 */
final class OtlpReceiver implements AutoCloseable {
    private final HttpServer server;
    final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
    final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts listening on 127.0.0.1 at a free port. */
    static OtlpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/v1/traces", ex -> receiver.handle(ex, body -> {
            receiver.traces.add(ExportTraceServiceRequest.parseFrom(body));
            return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        }));
        server.createContext("/v1/metrics", ex -> receiver.handle(ex, body -> {
            receiver.metrics.add(ExportMetricsServiceRequest.parseFrom(body));
            return ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
        }));
        server.createContext("/v1/logs", ex -> receiver.handle(ex, body -> {
            receiver.logs.add(ExportLogsServiceRequest.parseFrom(body));
            return ExportLogsServiceResponse.getDefaultInstance().toByteArray();
        }));
        server.start();
        return receiver;
    }

    /** {@code http://127.0.0.1:PORT}, the value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every span received so far. */
    List<Span> spans() {
        List<Span> out = new ArrayList<>();
        traces.forEach(r -> r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
                .forEach(ss -> out.addAll(ss.getSpansList()))));
        return out;
    }

    /** Every metric received so far (one entry per metric per export). */
    List<Metric> metrics() {
        List<Metric> out = new ArrayList<>();
        metrics.forEach(r -> r.getResourceMetricsList().forEach(rm -> rm.getScopeMetricsList()
                .forEach(sm -> out.addAll(sm.getMetricsList()))));
        return out;
    }

    /** Every log record received so far. */
    List<LogRecord> logRecords() {
        List<LogRecord> out = new ArrayList<>();
        logs.forEach(r -> r.getResourceLogsList().forEach(rl -> rl.getScopeLogsList()
                .forEach(sl -> out.addAll(sl.getLogRecordsList()))));
        return out;
    }

    /** Waits until {@code condition} holds or {@code timeout} passes; returns whether it held. */
    static boolean await(Supplier<Boolean> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.get();
    }

    private interface Decoder {
        byte[] accept(byte[] body) throws IOException;
    }

    private void handle(HttpExchange exchange, Decoder decoder) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/x-protobuf")) {
                byte[] msg = ("only application/x-protobuf is accepted, got " + type).getBytes();
                exchange.sendResponseHeaders(415, msg.length);
                exchange.getResponseBody().write(msg);
                return;
            }
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            byte[] response = decoder.accept(in.readAllBytes());
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
