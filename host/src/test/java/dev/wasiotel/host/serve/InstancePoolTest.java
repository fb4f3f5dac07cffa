package dev.wasiotel.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link InstancePool}'s own rules, with plain objects as instances: every instance is handed out
 * once, the pool stays within its size, a failing instantiation is reported and retried after a
 * growing pause (not in a loop), and closing stops the refiller and discards what waits.
 */
class InstancePoolTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void instancesAreMadeAheadUpToTheSizeAndHandedOutOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        List<Object> discarded = new CopyOnWriteArrayList<>();
        InstancePool<Object> pool = new InstancePool<>(3, () -> {
            made.incrementAndGet();
            return new Object();
        }, discarded::add, (n, e) -> { }, "test-pool");
        try {
            assertTrue(pool.awaitWaiting(3, WAIT));
            Thread.sleep(100);
            // three wait and the refiller holds a fourth, blocked until there is room
            assertTrue(made.get() <= 4, "made " + made.get());
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                assertTrue(pool.awaitWaiting(1, WAIT));
                assertTrue(seen.add(pool.take()), "an instance was handed out twice");
            }
            InstancePool.Stats s = pool.stats();
            assertEquals(10, s.takenReady());
            assertEquals(0, s.takenFresh());
        } finally {
            pool.close();
        }
        InstancePool.Stats s = pool.stats();
        assertFalse(s.refilling());
        assertEquals(0, s.waiting());
        // whatever was made and not taken was discarded, each once
        assertEquals(s.made(), s.takenReady() + s.discarded(), s.toString());
        assertEquals(s.discarded(), discarded.size());
        assertEquals(discarded.size(), new HashSet<>(discarded).size());
    }

    @Test
    void anEmptyPoolInstantiatesOnTheTakersThread() {
        // the refiller blocks in its first instantiation, so nothing ever waits
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        String refillerName = "test-pool-blocked";
        Supplier<Object> make = () -> {
            if (Thread.currentThread().getName().equals(refillerName)) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return Thread.currentThread().getName();
        };
        InstancePool<Object> pool = new InstancePool<>(2, make, t -> { }, (n, e) -> { }, refillerName);
        try {
            assertEquals(Thread.currentThread().getName(), pool.take());
            assertEquals(1, pool.stats().takenFresh());
        } finally {
            release.countDown();
            pool.close();
        }
    }

    @Test
    void aFailingInstantiationIsReportedAndRetriedAfterAGrowingPause() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> reports = new CopyOnWriteArrayList<>();
        InstancePool<Object> pool = new InstancePool<>(2, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("cannot instantiate");
        }, t -> { }, (n, e) -> reports.add(n), "test-pool-failing");
        try {
            Thread.sleep(1_000);
            // pauses of 100, 200, 400 ms...: at most 4 attempts in the first second (a spinning
            // refiller would make thousands); fewer on a busy machine
            assertTrue(attempts.get() >= 1 && attempts.get() <= 4, "attempts: " + attempts.get());
            assertEquals(attempts.get(), reports.size());
            assertEquals(1L, reports.get(0));
            // a request still gets the failure of its own instantiation
            IllegalStateException e = assertThrows(IllegalStateException.class, pool::take);
            assertEquals("cannot instantiate", e.getMessage());
        } finally {
            pool.close();
        }
        assertFalse(pool.stats().refilling(), "close interrupts the refiller's pause");
    }

    @Test
    void afterFailuresThePoolRefills() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        InstancePool<Object> pool = new InstancePool<>(2, () -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("not yet");
            }
            return new Object();
        }, t -> { }, (n, e) -> { }, "test-pool-recovering");
        try {
            assertTrue(pool.awaitWaiting(2, WAIT));
            assertEquals(2, pool.stats().failed());
            Object a = pool.take();
            Object b = pool.take();
            assertNotSame(a, b);
        } finally {
            pool.close();
        }
    }

    @Test
    void theSizeIsAtLeastOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new InstancePool<>(0, Object::new, t -> { }, (n, e) -> { }, "test-pool-empty"));
    }
}
