package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Event;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Link;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanKind;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Status;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.otel.bindings.wasi.otel.types.InstrumentationScope;
import dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue;
import dev.wasiotel.wit.runtime.Tuple2;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** WIT values a guest SDK would send, for the tests. */
final class Values {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";
    static final String PARENT = "1234567890abcdef";
    static final Datetime START = new Datetime(1_700_000_000L, 123_456_789L);
    static final Datetime END = new Datetime(1_700_000_001L, 5L);
    static final long START_NANOS = 1_700_000_000_123_456_789L;
    static final long END_NANOS = 1_700_000_001_000_000_005L;

    private Values() {
    }

    static KeyValue kv(String key, String json) {
        return new KeyValue(key, json);
    }

    static SpanContext context(String trace, String span) {
        return new SpanContext(trace, span, EnumSet.of(TraceFlags.SAMPLED), false, List.of());
    }

    static SpanContext richContext() {
        return new SpanContext(TRACE, SPAN, EnumSet.of(TraceFlags.SAMPLED), false,
                List.of(new Tuple2<>("vendor", "v1"), new Tuple2<>("other", "x")));
    }

    static InstrumentationScope scope() {
        return new InstrumentationScope("guest-lib", Optional.of("1.2.3"), Optional.of("https://schema/1"),
                List.of(kv("scope.attr", "\"s\"")));
    }

    /** A span with every field set. */
    static SpanData richSpan() {
        return new SpanData(richContext(), PARENT, SpanKind.SERVER, "GET /items", START, END,
                List.of(kv("http.method", "\"GET\""), kv("http.status", "200"), kv("ratio", "0.5"), kv("ok", "true"),
                        kv("tags", "[\"a\",\"b\"]"), kv("blob", "\"data:application/octet-stream;base64,AQID\""),
                        kv("map", "{\"k\":1,\"n\":null}")),
                List.of(new Event("cache-miss", new Datetime(1_700_000_000L, 500_000_000L), List.of(kv("key", "\"item-7\"")))),
                List.of(new Link(new SpanContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                        EnumSet.noneOf(TraceFlags.class), true, List.of()), List.of(kv("link.kind", "\"follows\"")))),
                new Status.Error("boom"), scope(), 3, 4, 5);
    }

    /** A minimal span: the given ids, no attributes. */
    static SpanData span(String trace, String span, String parent, String name) {
        return new SpanData(context(trace, span), parent, SpanKind.INTERNAL, name, START, END, List.of(), List.of(),
                List.of(), new Status.Unset(), new InstrumentationScope("s", Optional.empty(), Optional.empty(), List.of()),
                0, 0, 0);
    }
}
