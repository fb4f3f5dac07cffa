package dev.wasiotel.engine.graalwasm;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which contexts each thread is running guest code in (innermost first: guest code may call the
 * host, which calls guest code of another context), so that a deadline interrupts the contexts of
 * the late call's thread and no other.
 */
final class Running {
    private record Frame(GraalContext context, Frame outer) {}

    private final ConcurrentHashMap<Thread, Frame> byThread = new ConcurrentHashMap<>();

    /** The current thread enters {@code context}; {@link #exit} must follow. */
    void enter(GraalContext context) {
        byThread.compute(Thread.currentThread(), (t, outer) -> new Frame(context, outer));
    }

    /** The current thread leaves the context it entered last. */
    void exit() {
        byThread.computeIfPresent(Thread.currentThread(), (t, frame) -> frame.outer());
    }

    /** Interrupts every context {@code thread} is running guest code in. */
    void interrupt(Thread thread) {
        for (Frame f = byThread.get(thread); f != null; f = f.outer()) {
            f.context().interrupt();
        }
    }
}
