package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.TestHosts.RecordingLog;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A component linked once and instantiated many times: each instance is a fresh, independent one. */
class PreparedComponentTest {
    @Test
    void eachInstanceHasItsOwnResourceTable() {
        PreparedComponent prepared = TestHosts.logHost(new RecordingLog())
                .prepare(Component.load(ComponentFixtures.bytes("resource")));
        ComponentInstance a = prepared.instantiate();
        ComponentInstance b = prepared.instantiate();
        assertNotSame(a, b);

        Object inA = a.invoke("test:resource-guest/counters#make", List.of(77L));
        Object inB = b.invoke("test:resource-guest/counters#make", List.of(5L));

        assertEquals(inA, inB, "both tables start empty: the first handle has the same number");
        assertEquals(77L, a.invoke("test:resource-guest/counters#peek", List.of(inA)));
        assertEquals(5L, b.invoke("test:resource-guest/counters#peek", List.of(inB)));
    }

    @Test
    void aTrapPoisonsOnlyItsOwnInstance() {
        PreparedComponent prepared = ComponentHost.builder().build()
                .prepare(Component.load(ComponentFixtures.bytes("composed")));
        ComponentInstance trapped = prepared.instantiate();
        assertThrows(WitTrap.class, () -> trapped.invoke("test:composed/api#len", List.of("x".repeat(70_000))));
        assertTrue(trapped.isPoisoned());

        ComponentInstance next = prepared.instantiate();

        assertFalse(next.isPoisoned());
        assertEquals(1017L, next.invoke("test:composed/api#run", List.of()));
    }

    @Test
    void instancesAreMadeAndCalledOnSeveralThreadsAtOnce() throws Exception {
        PreparedComponent prepared = ComponentHost.builder().build()
                .prepare(Component.load(ComponentFixtures.bytes("composed")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Object>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<Object> got = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        ComponentInstance instance = prepared.instantiate();
                        got.add(instance.invoke("test:composed/api#run", List.of()));
                        got.add(instance.invoke("test:composed/api#len", List.of("xyz")));
                    }
                    return got;
                }));
            }
            for (Future<List<Object>> r : results) {
                List<Object> got = r.get();
                for (int i = 0; i < got.size(); i += 2) {
                    assertEquals(1017L, got.get(i));
                    assertEquals(3L, got.get(i + 1));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unsatisfiedImportsAreRefusedWhenPreparing() {
        LinkException e = assertThrows(LinkException.class,
                () -> ComponentHost.builder().build().prepare(Component.load(ComponentFixtures.bytes("command"))));
        assertTrue(e.getMessage().contains("wasi:cli/stdout@0.2.12"), e.getMessage());
    }
}
