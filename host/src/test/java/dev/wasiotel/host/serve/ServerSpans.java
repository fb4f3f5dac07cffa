package dev.wasiotel.host.serve;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.function.Predicate;

/** The SERVER spans a test's in-memory exporter received. */
final class ServerSpans {
    private ServerSpans() {
    }

    /**
     * The first SERVER span {@code which} selects. A response may be on the wire a moment before
     * its span ends (the body's last bytes go out inside the guest's call), so this waits for it,
     * at most 10 s.
     */
    static SpanData await(InMemorySpanExporter spans, Predicate<SpanData> which) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            var found = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER && which.test(s)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such server span among " + spans.getFinishedSpanItems());
            }
            Thread.sleep(10);
        }
    }
}
