package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.otel.bindings.wasi.otel.imports.ImportsCanon;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.WitTrap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 1: a span whose 1,000 attribute values all point at the same large region of
 * guest memory. Copying each would take gigabytes of heap; the call's lift budget
 * (64 MiB by default) ends it with a {@link WitTrap} naming the limit, before the adapter sees the
 * span, and the host keeps working.
 */
class AliasingAttributesTest {
    private static final int REGION = 3 << 20; // 3 MiB of zero bytes (valid UTF-8): 3 GB once lifted 1,000 times
    private static final int COUNT = 1000;

    @Test
    void aThousandAttributeValuesAliasingOneRegionTrapOnTheLiftBudget() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            int region = g.alloc(REGION, 1);
            List<KeyValue> attributes = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                attributes.add(Values.kv("k" + i, String.format("\"v%04d\"", i)));
            }
            SpanData base = Values.span(Values.TRACE, Values.SPAN, "", "aliasing");
            SpanData span = new SpanData(base.spanContext(), base.parentSpanId(), base.spanKind(), base.name(),
                    base.startTime(), base.endTime(), attributes, base.events(), base.links(), base.status(),
                    base.instrumentationScope(), base.droppedAttributes(), base.droppedEvents(), base.droppedLinks());
            int p = g.store(ImportsCanon.SPAN_DATA_SIZE, ImportsCanon.SPAN_DATA_ALIGN, span, ImportsCanon::storeSpanData);
            GuestMemory memory = g.context().memory();
            byte[] snapshot = memory.readBytes(0, (int) memory.size());
            // the list's elements and the strings are lowered in order: search on from the last hit
            int[] from = {region + REGION, region + REGION};
            for (int i = 0; i < COUNT; i++) {
                pointAt(memory, snapshot, from, String.format("\"v%04d\"", i), region, REGION);
            }

            WitTrap trap = assertThrows(WitTrap.class, () -> g.call(Harness.TRACING, "on-end", p));
            assertEquals(WitTrap.Reason.RESOURCE_LIMIT, trap.reason(), trap.getMessage());
            assertTrue(trap.getMessage().contains("more than 64 MiB") && trap.getMessage().contains("maxLiftBytesPerCall"),
                    trap.getMessage());
            assertEquals(List.of(), h.spans.getFinishedSpanItems(), "the adapter never saw the span");

            TestGuest next = h.guest();
            Harness.onEnd(next, Values.richSpan());
            assertEquals(1, h.spans.getFinishedSpanItems().size(), "the host keeps working");
        }
    }

    /**
     * Finds the lowered string {@code text} in {@code all} (its bytes from {@code from[0]}, its
     * (pointer, length) from {@code from[1]}) and rewrites that pointer and length to the region.
     */
    private static void pointAt(GuestMemory memory, byte[] all, int[] from, String text, int region, int length) {
        int data = indexOf(all, text.getBytes(StandardCharsets.UTF_8), from[0]);
        byte[] descriptor = new byte[8];
        java.nio.ByteBuffer.wrap(descriptor).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(data).putInt(text.length());
        int at = indexOf(all, descriptor, from[1]);
        from[0] = data + text.length();
        from[1] = at + 8;
        memory.writeInt(at, region);
        memory.writeInt(at + 4, length);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found in guest memory");
    }
}
