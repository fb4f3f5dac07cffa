package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link RepairFreeCache} on the guest's resource merged over the host's: the merge is reused while the guest sends an equal one, exactly
 * as merging again would give it; a resource that needed a repair is merged (and counted) every time.
 */
class RepairFreeCacheTest {
    private final Diagnostics diag = new Diagnostics();
    private final AnyValues values = new AnyValues(diag);
    private final Resource host = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "host",
            AttributeKey.stringKey("host.name"), "h1"));
    private final RepairFreeCache<dev.wasiotel.otel.bindings.wasi.otel.types.Resource, Resource> resources =
            new RepairFreeCache<>(diag, guest -> OtelMetrics.mergeResource(host, guest, values));

    private static dev.wasiotel.otel.bindings.wasi.otel.types.Resource guest(String service, KeyValue... more) {
        List<KeyValue> kvs = new java.util.ArrayList<>(List.of(new KeyValue("service.name", "\"" + service + "\"")));
        kvs.addAll(List.of(more));
        return new dev.wasiotel.otel.bindings.wasi.otel.types.Resource(List.copyOf(kvs), Optional.of("https://schema/1"));
    }

    @Test
    void anEqualResourceIsMergedOnceAndGivesWhatMergingAgainGives() {
        Resource first = resources.get(guest("svc"));
        Resource again = resources.get(guest("svc"));
        assertSame(first, again);
        assertEquals(OtelMetrics.mergeResource(host, guest("svc"), values), again);
        assertEquals("svc", again.getAttribute(AttributeKey.stringKey("service.name")));
        assertEquals("h1", again.getAttribute(AttributeKey.stringKey("host.name")));
        assertEquals(Map.of(), diag.snapshot());
    }

    @Test
    void anotherResourceIsMergedAnew() {
        Resource a = resources.get(guest("a"));
        Resource b = resources.get(guest("b"));
        assertEquals("a", a.getAttribute(AttributeKey.stringKey("service.name")));
        assertEquals("b", b.getAttribute(AttributeKey.stringKey("service.name")));
        assertEquals("a", resources.get(guest("a")).getAttribute(AttributeKey.stringKey("service.name")));
    }

    @Test
    void aResourceThatNeededARepairIsRepairedAndCountedOnEveryUse() {
        dev.wasiotel.otel.bindings.wasi.otel.types.Resource repaired = guest("svc", new KeyValue("", "1"));
        Resource first = resources.get(repaired);
        Resource second = resources.get(repaired);
        assertNotSame(first, second);
        assertEquals(first, second);
        assertEquals(Map.of(Repair.ATTRIBUTE_EMPTY_KEY, 2L), diag.snapshot());
    }
}
