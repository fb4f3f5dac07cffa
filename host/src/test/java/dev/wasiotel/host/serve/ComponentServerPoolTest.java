package dev.wasiotel.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ComponentServer} with a pool of pre-instantiated instances, serving the WAT wasi:http
 * guest (which answers {@code x-served}: how many requests its instance has handled): requests are
 * served by instances the pool made ahead, no instance serves two requests, and closing the server
 * stops the refiller and discards the instances still waiting.
 */
class ComponentServerPoolTest {
    private static final Path GUEST = Path.of("../component/src/test/resources/components/http.wasm");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SpanProcessor processor;
    private OpenTelemetrySdk sdk;
    private ServedGuest served;
    private ComponentServer server;

    @BeforeEach
    void setUp() {
        processor = SimpleSpanProcessor.create(spans);
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(processor)
                .build()).build();
    }

    @AfterEach
    void tearDown() {
        if (served != null) {
            served.close();
        }
        sdk.close();
    }

    private void start(int pool, int workers) throws Exception {
        served = ServedGuest.builder(GUEST, sdk, processor).server(b -> b.workers(workers).pool(pool)).start();
        server = served.server();
    }

    private HttpResponse<String> echo(String body) throws Exception {
        try {
            return client.send(HttpRequest.newBuilder(server.uri().resolve("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // the server's side of a failed exchange is on its SERVER span (error.type, status)
            Thread.sleep(500);
            throw new AssertionError("echo of `" + body + "` failed; the spans: " + spans.getFinishedSpanItems(), e);
        }
    }

    @Test
    void requestsAreServedByInstancesMadeAheadAndNeverReused() throws Exception {
        start(3, 2);
        InstancePool<?> pool = server.pool();
        assertTrue(pool.awaitWaiting(3, WAIT));
        for (int i = 0; i < 6; i++) {
            assertTrue(pool.awaitWaiting(1, WAIT));
            HttpResponse<String> r = echo("request " + i);
            assertEquals(200, r.statusCode());
            assertEquals("request " + i, r.body());
            // the guest counts the requests its instance handled: always the first
            assertEquals("1", r.headers().firstValue("x-served").orElseThrow());
        }
        InstancePool.Stats s = pool.stats();
        assertEquals(6, s.takenReady(), s.toString());
        assertEquals(0, s.takenFresh(), "no request instantiated for itself: " + s);
        // six taken, at most three waiting and one more made and waiting for room
        assertTrue(s.made() >= 6 && s.made() <= 6 + 3 + 1, s.toString());
        assertEquals(new ComponentServer.PoolStats(6, 0, 0), server.poolStats().orElseThrow());
    }

    @Test
    void concurrentRequestsStayIsolated() throws Exception {
        start(2, 4);
        assertTrue(server.pool().awaitWaiting(2, WAIT));
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(client.sendAsync(HttpRequest.newBuilder(server.uri().resolve("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("r" + i)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < all.size(); i++) {
            HttpResponse<String> r = all.get(i).get();
            assertEquals("r" + i, r.body());
            assertEquals("1", r.headers().firstValue("x-served").orElseThrow());
        }
        InstancePool.Stats s = server.pool().stats();
        // from the pool while it had some, made on the worker when it ran dry: one instance each
        assertEquals(16, s.takenReady() + s.takenFresh(), s.toString());
        assertTrue(s.takenReady() >= 2, s.toString());
    }

    @Test
    void closingTheServerDiscardsTheWaitingInstancesAndStopsTheRefiller() throws Exception {
        start(4, 2);
        InstancePool<?> pool = server.pool();
        assertTrue(pool.awaitWaiting(4, WAIT));
        assertEquals("1", echo("one").headers().firstValue("x-served").orElseThrow());
        served.close();
        InstancePool.Stats s = pool.stats();
        served = null;
        assertFalse(s.refilling(), s.toString());
        assertEquals(0, s.waiting(), s.toString());
        assertEquals(s.made(), s.takenReady() + s.discarded(), s.toString());
        assertTrue(s.discarded() >= 3, s.toString());
    }

    @Test
    void withoutAPoolEachRequestInstantiates() throws Exception {
        start(0, 2);
        assertEquals(null, server.pool());
        assertTrue(server.poolStats().isEmpty());
        assertEquals("1", echo("a").headers().firstValue("x-served").orElseThrow());
    }
}
